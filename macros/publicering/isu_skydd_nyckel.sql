{#-
    isu_skydd_nyckel(slag, ersatt={}, utan=[]): the id of a protection relation (an equation that
    links published cells) as one hashed value, built from the relation's kind `slag` and the key
    columns of int_pub_skyddscell that identify it. Columns in `utan` are left out (the dimension
    the relation sums over); `ersatt` maps a column to the SQL expression that replaces it (e.g.
    the year of a month). Two cells get the same id exactly when they belong to the same relation
    (an md5 of the key: a collision, which would merge two relations into a false equation, is
    not a practical concern at 128 bits).
-#}
{% macro isu_skydd_nyckel(slag, ersatt={}, utan=[], alias='c') -%}
    {%- set kolumner = ['mart', 'serie', 'matt', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod',
                        'kommungrupp_kod', 'verksamhetsomrade', 'insatstyp', 'grupp_typ', 'grupp',
                        'rad_kod', 'kolumn_kod'] -%}
    {%- set delar = ["'" ~ slag ~ "'"] -%}
    {%- for k in kolumner if k not in utan -%}
        {%- set uttryck = ersatt.get(k, alias ~ '.' ~ k) -%}
        {%- do delar.append("'|'") -%}
        {%- do delar.append("coalesce(" ~ dbt.cast(uttryck, dbt.type_string()) ~ ", '~')") -%}
    {%- endfor -%}
    {{ isu.isu_hash_text(isu.isu_concat(delar)) }}
{%- endmacro %}

{#- isu_hash_text(expr): a hash of a text for grouping: md5 (on DuckDB its 128-bit number, faster to
    join than the hex text). -#}
{% macro isu_hash_text(expr) -%}
    {{ return(adapter.dispatch('isu_hash_text', 'isu')(expr)) }}
{%- endmacro %}

{% macro default__isu_hash_text(expr) -%}
    {{ dbt.hash(expr) }}
{%- endmacro %}

{% macro duckdb__isu_hash_text(expr) -%}
    md5_number({{ expr }})
{%- endmacro %}
