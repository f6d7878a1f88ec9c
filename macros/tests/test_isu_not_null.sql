{#-
    Generic test isu_not_null: none of the model's `columns` holds a null. One test per model
    instead of dbt's not_null per column: the same check in one pass over the table, and one dbt
    node instead of up to twenty (at 322 columns, dbt's own work per node cost about 10 s of every
    build, whatever the data's size). Returns one row per column that has nulls, with how many.

        data_tests:
          - isu_not_null:
              arguments:
                columns: [kommun_kod, arende_id]
-#}
{% test isu_not_null(model, columns) %}
    {{ return(adapter.dispatch('test_isu_not_null', 'isu')(model, columns)) }}
{% endtest %}

{% macro default__test_isu_not_null(model, columns) %}
with nollor as (

    select
        {%- for c in columns %}
        sum(case when {{ c }} is null then 1 else 0 end) as n{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ model }}

)

{% for c in columns -%}
select '{{ c }}' as kolumn, n{{ loop.index }} as antal_null from nollor where n{{ loop.index }} > 0
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{% endmacro %}
