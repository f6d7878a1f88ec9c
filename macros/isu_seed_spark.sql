{#- Seeds on Spark. The seeds' YAML names portable column types (varchar, integer, boolean, double);
    isu_kolumntyp turns one into the engine's own (Spark has no plain varchar: it is `string`).
    dbt-spark's session mode inserts seed values into its SQL unescaped, so a label with an
    apostrophe ("Don't know") breaks the insert and an empty cell arrives as the text 'None':
    spark__load_csv_rows here writes every value as an escaped literal instead. -#}

{% macro isu_kolumntyp(typ) %}
    {{ return(adapter.dispatch('isu_kolumntyp', 'isu')(typ)) }}
{% endmacro %}

{% macro default__isu_kolumntyp(typ) %}
    {{ return(typ) }}
{% endmacro %}

{% macro spark__isu_kolumntyp(typ) %}
    {%- set namn = typ | lower | trim -%}
    {%- if namn in ('varchar', 'text', 'character varying') -%}{{ return('string') }}
    {%- elif namn in ('integer', 'int4') -%}{{ return('int') }}
    {%- elif namn in ('double precision', 'float8') -%}{{ return('double') }}
    {%- else -%}{{ return(typ) }}
    {%- endif -%}
{% endmacro %}


{#- A seed value as a Spark SQL literal: null for an empty cell, else a quoted string with its
    backslashes and apostrophes escaped (cast to the column's type where it is used). -#}
{% macro isu_spark_literal(value) %}
    {%- if value is none -%}{{ return('null') }}{%- endif -%}
    {%- set text = value | string -%}
    {{ return("'" ~ text.replace('\\', '\\\\').replace("'", "\\'") ~ "'") }}
{% endmacro %}


{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}
  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = isu_kolumntyp(column_override.get(col_name, inferred_type)) -%}
            {{ adapter.quote_seed_column(col_name | string, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}
  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}
  {{ return(sql) }}
{% endmacro %}


{% macro spark__load_csv_rows(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set types = [] -%}
  {%- for col_name in agate_table.column_names -%}
      {%- do types.append(isu_kolumntyp(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)))) -%}
  {%- endfor -%}
  {%- set statements = [] -%}
  {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
      {%- set sql -%}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for value in row -%}
                  cast({{ isu_spark_literal(value) }} as {{ types[loop.index0] }}){{ ',' if not loop.last }}
              {%- endfor -%}){{ ',' if not loop.last }}
          {% endfor %}
      {%- endset -%}
      {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
      {%- if loop.first %}{% do statements.append(sql) %}{% endif -%}
  {%- endfor -%}
  {{ return(statements[0] if statements else '') }}
{% endmacro %}
