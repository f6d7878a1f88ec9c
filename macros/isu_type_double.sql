{#-
    isu_type_double(): the 8-byte floating-point type, for shares, means, quantiles and intervals
    (dbt.type_float() is 4 bytes on DuckDB and Spark, which loses digits).
-#}
{% macro isu_type_double() -%}
    {{ return(adapter.dispatch('isu_type_double', 'isu')()) }}
{%- endmacro %}

{% macro default__isu_type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__isu_type_double() -%}
    double
{%- endmacro %}
