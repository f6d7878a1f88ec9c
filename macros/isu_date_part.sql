{#-
    isu_date_part(part, date_expr): one calendar part of a date as an integer.

    part is one of: year, quarter, month, day, week (ISO 8601 week number), isoyear (the year the
    ISO week belongs to), isodow (ISO weekday, 1 = Monday .. 7 = Sunday).
    ANSI `extract` covers DuckDB and PostgreSQL (whose week, isoyear and isodow are ISO already);
    Spark names the ISO parts differently.
-#}
{% macro isu_date_part(part, date_expr) -%}
    {{ return(adapter.dispatch('isu_date_part', 'isu')(part, date_expr)) }}
{%- endmacro %}

{% macro default__isu_date_part(part, date_expr) -%}
    cast(extract({{ part }} from {{ date_expr }}) as {{ dbt.type_int() }})
{%- endmacro %}

{% macro spark__isu_date_part(part, date_expr) -%}
    {%- set spark_names = {'isodow': 'dayofweek_iso', 'isoyear': 'yearofweek', 'week': 'week'} -%}
    cast(extract({{ spark_names.get(part, part) }} from {{ date_expr }}) as {{ dbt.type_int() }})
{%- endmacro %}
