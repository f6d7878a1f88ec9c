{#-
    Generic test isu_foreign_key: the compound key `columns` of every row (all parts not null)
    exists as `to_columns` in the model `to` (for keys like (kommun_kod, arende_id), where an id
    is unique only within its municipality). to_columns defaults to columns.

        - isu_foreign_key:
            columns: [kommun_kod, arende_id]
            to: ref('fct_arende')
-#}
{% test isu_foreign_key(model, columns, to, to_columns=none) %}
    {{ return(adapter.dispatch('test_isu_foreign_key', 'isu')(model, columns, to, to_columns)) }}
{% endtest %}

{% macro default__test_isu_foreign_key(model, columns, to, to_columns) %}
{%- set parent_columns = to_columns if to_columns else columns -%}
select child.*
from {{ model }} as child
where
    {%- for c in columns %}
    child.{{ c }} is not null and
    {%- endfor %}
    not exists (
        select 1
        from {{ to }} as parent
        where
            {%- for c in columns %}
            parent.{{ parent_columns[loop.index0] }} = child.{{ c }}{% if not loop.last %} and{% endif %}
            {%- endfor %}
    )
{% endmacro %}
