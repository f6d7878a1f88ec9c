{#-
    isu_count_codes(code_column): how many codes a '|'-separated code list holds ('2|6' -> 2);
    0 for null or empty text. Counts separators with dbt.length and dbt.replace.
-#}
{% macro isu_count_codes(code_column) -%}
    {{ return(adapter.dispatch('isu_count_codes', 'isu')(code_column)) }}
{%- endmacro %}

{% macro default__isu_count_codes(code_column) -%}
    case
        when {{ code_column }} is null or trim({{ code_column }}) = '' then 0
        else {{ dbt.length(code_column) }} - {{ dbt.length(dbt.replace(code_column, "'|'", "''")) }} + 1
    end
{%- endmacro %}
