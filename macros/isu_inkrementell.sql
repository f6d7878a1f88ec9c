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

{#-
    Tests in an incremental build test the rows it rebuilt. dbt wraps the model of every generic
    test in get_where_subquery(); this project's version adds, to the `where` config dbt already
    supports, the predicate isu_test_kommunfilter(): when everything the test reads is per
    municipality and unchanged outside the rebuilt municipalities (isu_oforandrad_utanfor_bygget),
    only the municipalities of raw.byggkommun are tested. The rows of the other municipalities are
    the ones the last successful build tested: an incremental build starts from a successful build
    of the same ISU version only (isu.build_plan), a municipality is rebuilt when a load inserted or
    closed any of its rows, and the rest is left as it was. A test that also reads a model rebuilt
    whole (a dimension, the publication layer), and every singular test in tests/dbt, tests every
    row. A full build (--full-refresh: every build of `isu build` that is not incremental, and every
    build on PostgreSQL and Spark) and dbt run by hand (without the variable isu_byggkommun) test
    every row, and so does a build with raw.byggkommun empty (nothing changed).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set kommunfilter = isu_test_kommunfilter() -%}
    {#- dbt's own form when only `where` is set. Never a parenthesis right after `where`: Spark reads
        `from t where (x)` as the table t aliased `where` with a column alias x. -#}
    {%- set villkor = [where] if where else [] -%}
    {%- if kommunfilter -%}
        {%- set villkor = ['1 = 1'] + ([('(' ~ where ~ ')')] if where else []) + [kommunfilter] -%}
    {%- endif -%}
    {%- if villkor -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ villkor | join(' and ') ~ ') dbt_subquery') }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}

{% macro isu_test_kommunfilter() -%}
    {%- if not execute or not var('isu_byggkommun', false) or flags.FULL_REFRESH -%}
        {{ return('') }}
    {%- endif -%}
    {%- set noder = [] -%}
    {%- for n in model.depends_on.nodes if not n.startswith('seed.') %}{% do noder.append(n) %}{% endfor -%}
    {%- if not noder -%}
        {{ return('') }}
    {%- endif -%}
    {%- for n in noder if not isu_oforandrad_utanfor_bygget(n) -%}
        {{ return('') }}
    {%- endfor -%}
    {%- set byggkommun = graph.sources['source.isu.raw.byggkommun'].relation_name -%}
    {{ return('(kommun_kod in (select kommun_kod from ' ~ byggkommun ~ ') or not exists (select 1 from '
              ~ byggkommun ~ '))') }}
{%- endmacro %}

{#-
    isu_oforandrad_utanfor_bygget(unique_id): true for what an incremental build leaves unchanged
    outside its municipalities: the raw contract tables (arende, insats, uppfoljning: what decides
    which municipalities are rebuilt), the staging models that read only those, and the incremental
    models.
-#}
{% macro isu_oforandrad_utanfor_bygget(unique_id) -%}
    {%- set kontrakt = ['source.isu.raw.arende', 'source.isu.raw.insats', 'source.isu.raw.uppfoljning'] -%}
    {%- if unique_id in kontrakt -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set nod = graph.nodes.get(unique_id) -%}
    {%- if nod is none or nod.resource_type != 'model' -%}
        {{ return(false) }}
    {%- endif -%}
    {%- if nod.config.materialized == 'incremental' -%}
        {{ return(true) }}
    {%- endif -%}
    {%- set kallor = nod.depends_on.nodes -%}
    {{ return(nod.fqn[1] == 'staging' and kallor and kallor | reject('in', kontrakt) | list | length == 0) }}
{%- endmacro %}
