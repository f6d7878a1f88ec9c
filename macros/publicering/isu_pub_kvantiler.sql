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
    one hashed key (isu_hash_kolumner, 128 bits) and the days only: the cell's key columns and sums
    come from a separate aggregate and are joined back to the cell's few result values. That
    aggregate groups by the hash and the key columns (which the hash determines) rather than taking
    max() of each: at 1 M cases national (63 M histogram rows) its group-by 51 -> 25 s of operator
    time, isu_pub_kvantiler 79.8 -> 63.6 s. The hashed rows are read twice, so they are stored once
    (isu_lagrad_cte), not hashed twice. (A window
    that carries the wide rows sorts and spills them: at 1 M cases, 13 M histogram rows,
    int_pub_ledtid_cell took 32.5 s that way and 24.6 s this way.)
-#}
{% macro isu_pub_kvantiler(histogram, nycklar, kvantiler, summor={}) -%}
    {{ return(adapter.dispatch('isu_pub_kvantiler', 'isu')(histogram, nycklar, kvantiler, summor)) }}
{%- endmacro %}

{% macro default__isu_pub_kvantiler(histogram, nycklar, kvantiler, summor) -%}
with {% call isu_lagrad_cte('kv_hist') %}

    select {{ isu_hash_kolumner(nycklar) }} as cell_nyckel, h.*
    from {{ histogram }} as h

{% endcall %},

-- one row per cell: its keys, n, the sums and the rank (from 1) of the lower value of each quantile
kv_cell as (

    select
        cell_nyckel,
        {%- for k in nycklar %}
        {{ k }},
        {%- endfor %}
        sum(antal) as antal
        {%- for namn, uttryck in summor.items() %},
        sum({{ uttryck }}) as {{ namn }}
        {%- endfor %}
        {%- for namn, p in kvantiler.items() %},
        {{ dbt.cast('floor((sum(antal) - 1) * ' ~ p ~ ') + 1', dbt.type_bigint()) }} as {{ namn }}_rang
        {%- endfor %}
    from kv_hist
    group by cell_nyckel, {{ nycklar | join(', ') }}

),

-- the running count per cell and day, on the narrow rows only (the window sorts what it carries)
kv_kum as (

    select
        cell_nyckel,
        dagar,
        sum(antal) over (
            partition by cell_nyckel
            order by dagar
            rows between unbounded preceding and current row
        ) as kum_antal
    from (
        select cell_nyckel, dagar, sum(antal) as antal
        from kv_hist
        group by cell_nyckel, dagar
    ) as per_dag

),

kv_rang as (

    select
        k.cell_nyckel
        {%- for namn, p in kvantiler.items() %},
        min(case when k.kum_antal >= c.{{ namn }}_rang then k.dagar end) as {{ namn }}_lag,
        min(case when k.kum_antal >= c.{{ namn }}_rang + 1 then k.dagar end) as {{ namn }}_hog
        {%- endfor %}
    from kv_kum as k
    inner join kv_cell as c
        on c.cell_nyckel = k.cell_nyckel
    group by k.cell_nyckel

)

select
    {%- for k in nycklar %}
    c.{{ k }},
    {%- endfor %}
    c.antal
    {%- for namn in summor %},
    c.{{ namn }}
    {%- endfor %}
    {%- for namn, p in kvantiler.items() %},
    {{ dbt.cast('q.' ~ namn ~ '_lag', isu_type_double()) }}
        + ((c.antal - 1) * {{ p }} - floor((c.antal - 1) * {{ p }}))
        * (coalesce(q.{{ namn }}_hog, q.{{ namn }}_lag) - q.{{ namn }}_lag) as {{ namn }}
    {%- endfor %}
from kv_cell as c
inner join kv_rang as q
    on q.cell_nyckel = c.cell_nyckel
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
    {{ isu.isu_concat(delar) }}
{%- endmacro %}

{#-
    isu_concat(delar): dbt.concat, but on DuckDB as one call of its concat() function, which builds
    the text once (a chain of || builds every intermediate text: three times slower on the 15 M
    rows of a key). The parts must not be null (concat() skips nulls where || gives null).
-#}
{% macro isu_concat(delar) -%}
    {{ return(adapter.dispatch('isu_concat', 'isu')(delar)) }}
{%- endmacro %}

{% macro default__isu_concat(delar) -%}
    {{ dbt.concat(delar) }}
{%- endmacro %}

{% macro duckdb__isu_concat(delar) -%}
    concat({{ delar | join(', ') }})
{%- endmacro %}

{#-
    isu_lagrad_cte(namn), used as a call block around a CTE's query:
    `{% call isu_lagrad_cte('x') %} select ... {% endcall %}` writes `x as (...)` so that a CTE read
    more than once is computed once:
      DuckDB, PostgreSQL: `x as materialized (...)`;
      Spark: `x as (select * from (...) where rand() >= 0)`. Spark copies ("inlines") every
        deterministic CTE into each place that reads it, so a roll-up that reads a CTE 64 times
        plans and runs it 64 times (int_pub_ej_verkst_cell: 208 s on the 3,000-case demo, and out of
        a 2 GB heap while planning). A condition that is always true but not deterministic keeps the
        CTE whole: Spark then computes it once and reuses the result (its shuffle) at every reader;
      elsewhere: `x as (...)`, and the engine decides.
-#}
{% macro isu_lagrad_cte(namn) -%}
    {{ return(adapter.dispatch('isu_lagrad_cte', 'isu')(namn, caller())) }}
{%- endmacro %}

{% macro default__isu_lagrad_cte(namn, fraga) -%}
{{ namn }} as ({{ fraga }})
{%- endmacro %}

{% macro duckdb__isu_lagrad_cte(namn, fraga) -%}
{{ namn }} as materialized ({{ fraga }})
{%- endmacro %}

{% macro postgres__isu_lagrad_cte(namn, fraga) -%}
{{ namn }} as materialized ({{ fraga }})
{%- endmacro %}

{% macro spark__isu_lagrad_cte(namn, fraga) -%}
{{ namn }} as (select * from ({{ fraga }}) as lagrad where rand() >= 0)
{%- endmacro %}
