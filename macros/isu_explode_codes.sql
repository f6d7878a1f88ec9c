{#-
    isu_explode_codes(relation, key_columns, code_column, max_codes):
    a select that turns a multi-valued code column stored as text ('2|6') into one row per code:
    the key columns and `kod` (integer). Rows whose column is null or empty give no rows; a code
    listed twice gives one row.

    A small number spine (dbt.generate_series) is joined up to the number of codes in the value,
    and each position is cut out with dbt.split_part. split_part gets a literal position (a case
    over the spine), because dbt's Spark implementation only accepts a literal part number.
-#}
{% macro isu_explode_codes(relation, key_columns, code_column, max_codes=14) -%}
    {{ return(adapter.dispatch('isu_explode_codes', 'isu')(relation, key_columns, code_column, max_codes)) }}
{%- endmacro %}

{% macro default__isu_explode_codes(relation, key_columns, code_column, max_codes) -%}
    {%- set col = 'src.' ~ code_column -%}
    select distinct
        {%- for key in key_columns %}
        exploded.{{ key }},
        {%- endfor %}
        {{ dbt.cast('trim(exploded.kod_text)', dbt.type_int()) }} as kod
    from (
        select
            {%- for key in key_columns %}
            src.{{ key }},
            {%- endfor %}
            case
                {%- for i in range(1, max_codes + 1) %}
                when spine.generated_number = {{ i }} then {{ dbt.split_part(col, "'|'", i) }}
                {%- endfor %}
            end as kod_text
        from {{ relation }} as src
        cross join ({{ dbt.generate_series(max_codes) }}) as spine
        where spine.generated_number <= {{ isu.isu_count_codes(col) }}
    ) as exploded
    where exploded.kod_text is not null
      and trim(exploded.kod_text) <> ''
{%- endmacro %}
