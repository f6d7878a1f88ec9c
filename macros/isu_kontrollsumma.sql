{#-
    isu_hash_heltal(expr): a non-negative whole number below 2^31 from a text, for checksums (a
    weighted sum that differs when a multiset of keys differs). Not an identity: different texts may
    share a number (DuckDB's hash() collides), which only lets a checksum miss with that small a
    chance. For identities use isu_hash_kolumner / isu_hash_text (md5).
-#}
{% macro isu_hash_heltal(expr) -%}
    {{ return(adapter.dispatch('isu_hash_heltal', 'isu')(expr)) }}
{%- endmacro %}

{% macro default__isu_hash_heltal(expr) -%}
    {{ exceptions.raise_compiler_error("isu_hash_heltal: no integer hash for " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__isu_hash_heltal(expr) -%}
    cast(hash({{ expr }}) % 2147483647 as bigint)
{%- endmacro %}

{% macro postgres__isu_hash_heltal(expr) -%}
    abs(cast(hashtext({{ expr }}) as bigint))
{%- endmacro %}

{% macro spark__isu_hash_heltal(expr) -%}
    abs(cast(hash({{ expr }}) as bigint))
{%- endmacro %}
