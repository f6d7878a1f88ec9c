{#-
    isu_year_month(date_expr): the year and month of a date as text 'YYYY-MM' (the `manad` period
    format of mart_indikator; also the only part of a birth date the restricted dim_person keeps).
-#}
{% macro isu_year_month(date_expr) -%}
    {{ return(adapter.dispatch('isu_year_month', 'isu')(date_expr)) }}
{%- endmacro %}

{% macro default__isu_year_month(date_expr) -%}
    {%- set year_text = dbt.cast(isu.isu_date_part('year', date_expr), dbt.type_string()) -%}
    {%- set month_text = dbt.cast(isu.isu_date_part('month', date_expr), dbt.type_string()) -%}
    case when {{ date_expr }} is not null then
        {{ dbt.concat([year_text, "'-'", dbt.right(dbt.concat(["'0'", month_text]), 2)]) }}
    end
{%- endmacro %}
