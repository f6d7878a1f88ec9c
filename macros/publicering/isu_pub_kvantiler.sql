{#-
    isu_pub_kvantiler(histogram, nycklar, kvantiler, summor={}): the cells of a histogram of whole
    days, with exact continuous quantiles: the form in which lead-time distributions roll up (a
    histogram of days sums across cells; a quantile does not).

    `histogram` (a relation or CTE name) has one row per cell and day count (or finer, e.g. also by
    whether the legal limit was met): the cell's key columns `nycklar`, `dagar` (whole days),
    `antal` (how many lead times of that length) and whatever `summor` reads. Returns one row per
    cell: the key columns, `antal` (n), one column per entry of `kvantiler` ({column: p}) and one
    per entry of `summor` ({column: SQL expression summed over the cell's histogram rows, e.g.
    'dagar * antal'}), so that the cell's other measures need no second roll-up.

    The quantile p is interpolated linearly at position h = (n - 1) * p of the sorted values,
    counted from 0 (ARCHITECTURE.md: continuous quantiles; the median of an even count is the mean
    of the two middle values): v[floor(h)] + (h - floor(h)) * (v[floor(h) + 1] - v[floor(h)]).
    The value at rank r (from 1) is the smallest day count whose running count reaches r, so only
    a running sum per cell is needed, with window functions every engine has. The window runs over
    one hashed key (isu_hash_kolumner, 128 bits) instead of the key columns, which is about twice
    as fast.
-#}
{% macro isu_pub_kvantiler(histogram, nycklar, kvantiler, summor={}) -%}
    {{ return(adapter.dispatch('isu_pub_kvantiler', 'isu')(histogram, nycklar, kvantiler, summor)) }}
{%- endmacro %}

{% macro default__isu_pub_kvantiler(histogram, nycklar, kvantiler, summor) -%}
with hist as (

    select {{ isu_hash_kolumner(nycklar) }} as cell_nyckel, h.*
    from {{ histogram }} as h

),

kum as (

    select
        hist.*,
        sum(antal) over (
            partition by cell_nyckel
            order by dagar
            rows between unbounded preceding and current row
        ) as kum_antal,
        sum(antal) over (partition by cell_nyckel) as n
    from hist

),

per_cell as (

    select
        {%- for k in nycklar %}
        max({{ k }}) as {{ k }},
        {%- endfor %}
        max(n) as antal
        {%- for namn, uttryck in summor.items() %},
        sum({{ uttryck }}) as {{ namn }}
        {%- endfor %}
        {%- for namn, p in kvantiler.items() %},
        min(case when kum_antal >= floor((n - 1) * {{ p }}) + 1 then dagar end) as {{ namn }}_lag,
        min(case when kum_antal >= floor((n - 1) * {{ p }}) + 2 then dagar end) as {{ namn }}_hog
        {%- endfor %}
    from kum
    group by cell_nyckel

)

select
    {%- for k in nycklar %}
    {{ k }},
    {%- endfor %}
    antal
    {%- for namn in summor %},
    {{ namn }}
    {%- endfor %}
    {%- for namn, p in kvantiler.items() %},
    {{ dbt.cast(namn ~ '_lag', isu_type_double()) }}
        + ((antal - 1) * {{ p }} - floor((antal - 1) * {{ p }}))
        * (coalesce({{ namn }}_hog, {{ namn }}_lag) - {{ namn }}_lag) as {{ namn }}
    {%- endfor %}
from per_cell
{%- endmacro %}

{#-
    isu_hash_kolumner(kolumner): one hash of several columns, nulls included, to group or join on
    one value instead of many: the md5 of their text joined by '|' (nulls as '~'); on DuckDB as its
    128-bit number. Not DuckDB's hash(): that is a hash-table hash, and different keys do collide
    (two cells of the grid were seen to share one), which would merge cells.
-#}
{% macro isu_hash_kolumner(kolumner) -%}
    {{ return(adapter.dispatch('isu_hash_kolumner', 'isu')(kolumner)) }}
{%- endmacro %}

{% macro default__isu_hash_kolumner(kolumner) -%}
    {{ isu.isu_hash_text(isu.isu_kolumner_som_text(kolumner)) }}
{%- endmacro %}

{#- isu_kolumner_som_text(kolumner): the columns as one text, joined by '|', nulls as '~'. -#}
{% macro isu_kolumner_som_text(kolumner) -%}
    {%- set delar = [] -%}
    {%- for k in kolumner -%}
        {%- if not loop.first %}{% do delar.append("'|'") %}{% endif -%}
        {%- do delar.append("coalesce(" ~ dbt.cast(k, dbt.type_string()) ~ ", '~')") -%}
    {%- endfor -%}
    {{ dbt.concat(delar) }}
{%- endmacro %}
