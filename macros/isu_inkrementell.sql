{#-
    Incremental builds by municipality (README, "Incremental builds").

    The row-level models of one municipality depend only on that municipality's rows (cases,
    interventions, follow-ups, re-actualisations within the municipality). They are incremental:
    `isu build` writes the municipalities whose raw rows changed since the last build to the table
    raw.byggkommun and sets var('isu_byggkommun'); each such model deletes those municipalities'
    rows (pre-hook) and appends them computed anew. Without the variable (dbt run by hand), and on a
    full build (the first one, `isu build --full-refresh`), every municipality is rebuilt, so a model
    is never left half updated. The list is a table, not a variable, because a variable whose value
    changes makes dbt parse the whole project again (about 10 s) at every build.

    isu_kommunfilter(): the predicate on kommun_kod for this run (1 = 1: every municipality).
    isu_per_kommun(relation): the relation restricted to those municipalities.
    isu_rensa_kommuner(): the pre-hook deleting the rows about to be rebuilt.
-#}
{% macro isu_kommunfilter(kolumn='kommun_kod') -%}
    {%- if is_incremental() and var('isu_byggkommun', false) -%}
        {{ kolumn }} in (select kommun_kod from {{ source('raw', 'byggkommun') }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}

{% macro isu_per_kommun(relation) -%}
    {%- if is_incremental() -%}
        (select * from {{ relation }} where {{ isu_kommunfilter() }})
    {%- else -%}
        {{ relation }}
    {%- endif -%}
{%- endmacro %}

{% macro isu_rensa_kommuner() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ isu_kommunfilter() }}
    {%- endif -%}
{%- endmacro %}
