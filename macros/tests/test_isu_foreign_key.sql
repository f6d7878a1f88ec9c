{#-
    Generic test isu_foreign_key: the compound key `columns` of every row (all parts not null)
    exists as `to_columns` in the model `to` (for keys like (kommun_kod, arende_id), where an id
    is unique only within its municipality). to_columns defaults to columns. Returns each orphan
    key once: the child's keys except the parent's (a set difference reads only the key columns;
    `select child.* ... where not exists (...)` read every column of the child and took 1.2 s
    instead of 0.15 s on 1.6 M follow-ups).

        - isu_foreign_key:
            columns: [kommun_kod, arende_id]
            to: ref('fct_arende')
-#}
{% test isu_foreign_key(model, columns, to, to_columns=none) %}
    {{ return(adapter.dispatch('test_isu_foreign_key', 'isu')(model, columns, to, to_columns)) }}
{% endtest %}

{% macro default__test_isu_foreign_key(model, columns, to, to_columns) %}
{%- set parent_columns = to_columns if to_columns else columns -%}
select {{ columns | join(', ') }}
from {{ model }}
where
    {%- for c in columns %}
    {{ c }} is not null{{ ' and' if not loop.last }}
    {%- endfor %}

{{ dbt.except() }}

select
    {%- for c in parent_columns %}
    {{ c }} as {{ columns[loop.index0] }}{{ ',' if not loop.last }}
    {%- endfor %}
from {{ to }}
{% endmacro %}
