{#-
    isu_pub_masker(mart, matt, nycklar): the small-count protection of one mart, pivoted to the
    mart's own key: a select with the key columns `nycklar` (named as in int_pub_skyddscell, with
    `serie` for the mart's series column) and one column <matt>_orsak per measure in `matt`: the
    reason the measure is masked in that cell ('primar', 'bas', 'sekundar'), or null when it is
    published. Only cells with at least one masked measure have a row.
-#}
{% macro isu_pub_masker(mart, matt, nycklar) -%}
select
    {{ nycklar | join(', ') }},
    {%- for m in matt %}
    max(case when c.matt = '{{ m }}' then s.orsak end) as {{ m }}_orsak{{ ',' if not loop.last }}
    {%- endfor %}
from {{ ref('int_pub_skyddscell') }} as c
inner join {{ ref('int_pub_skydd') }} as s
    on s.cell_id = c.cell_id
where c.mart = '{{ mart }}'
group by {{ nycklar | join(', ') }}
{%- endmacro %}

{#-
    isu_pub_lika(a, b, kolumner): a join condition that matches rows of `a` and `b` on every
    column in `kolumner`, nulls matching nulls (an aggregate's unit and type are null above their
    level). Both sides are compared as text with nulls as '~', so that every engine can hash-join.
    On DuckDB the two sides' texts are compared as one hash each (isu_hash_kolumner, 128 bits):
    the hash table then holds one number per row instead of every key text, which at 290
    municipalities and 1 M cases did not fit DuckDB's memory limit (int_indikator_varde and
    mart_korstabell: "failed to pin block"), and is faster.
-#}
{% macro isu_pub_lika(a, b, kolumner) -%}
    {{ return(adapter.dispatch('isu_pub_lika', 'isu')(a, b, kolumner)) }}
{%- endmacro %}

{% macro duckdb__isu_pub_lika(a, b, kolumner) -%}
    {%- set vanster = [] %}{% set hoger = [] %}
    {%- for k in kolumner %}{% do vanster.append(a ~ '.' ~ k) %}{% do hoger.append(b ~ '.' ~ k) %}{% endfor %}
    {{ isu.isu_hash_kolumner(vanster) }} = {{ isu.isu_hash_kolumner(hoger) }}
{%- endmacro %}

{% macro default__isu_pub_lika(a, b, kolumner) -%}
    {%- for k in kolumner %}
    {{ 'and ' if not loop.first }}coalesce({{ dbt.cast(a ~ '.' ~ k, dbt.type_string()) }}, '~') = coalesce({{ dbt.cast(b ~ '.' ~ k, dbt.type_string()) }}, '~')
    {%- endfor %}
{%- endmacro %}
