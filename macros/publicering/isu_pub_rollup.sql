{#-
    isu_pub_rollup(kalla, nycklar, matt, ...): the shared roll-up of the publication layer. Turns
    row-level inputs at their natural grain into the published grid of every aggregate mart:
    period (ar, manad, rullande_12m) x level (kommun, lan, riket, and kommungrupp on request) x
    area (each, and ALLA) x intervention type (each, and null = all; on request) x breakdown group
    (alla, kon, ursprung, aldersgrupp).

    It never multiplies input rows: (1) the rows are aggregated once at the finest cell
    (month, inside the rolling window or not, municipality, area, type, sex, origin, age group and
    the keys), (2) the finest cells are summed to each period of a family of periods (years and
    the rolling window share one set of breakdowns, months have their own), (3) one GROUP BY per
    set of dimensions sums those into every level, area, type and group (isu_pub_per_mangd). What
    it sums must be additive (counts, sums of days, histogram counts).

    Counting persons (INDICATORS.md: "a person is counted once per indicator, period and unit") is
    not additive: with `personer` ({output column: condition}) each output column counts the
    distinct values of `person_kolumn` among the rows meeting the condition, in every cell. Then
    step (1) is skipped. A person with one combination of dimensions in a period counts once in
    each cell it belongs to, so such persons are summed like counts; for the others the sets of
    step (3) are grouped on (cell, person) with the condition's maximum per person, and an outer
    sum counts them. `matt` is still summed over the rows (e.g. the days behind a mean per
    person). Rows without a person are left out. An integer person column is much faster.

    Input columns of `kalla` (a relation, a CTE name or a parenthesised subquery):
      handelsedatum      the event date that decides the period (rows without one are skipped)
      kommun_kod, verksamhetsomrade
      insatstyp          (int) when typ=true; null for rows that have no type (they then count
                         only in the all-types cells)
      kon, ursprung, aldersgrupp  (text; null = unknown) for the groups asked for
      every column in `nycklar` (always grouped, never rolled up: the series, a histogram's days)
      whatever the `matt` and `personer` expressions read (the rows are aliased `r`)
    Arguments:
      nycklar        key columns kept in every cell (list of names)
      matt           {output column: SQL expression summed over the rows}, e.g. {'antal': '1'}
      personer       {output column: SQL condition}: distinct persons meeting it (see above)
      person_kolumn  the column that identifies a person (default person_pseudonym)
      perioder       period types to publish
      grupper        groups besides alla for ar and rullande_12m
      grupper_manad  groups besides alla for manad (a subset of grupper; [] = alla only)
      typ            break down by insatstyp
      typ_manad      also for manad
      typ_med_grupper  cross the types with the groups (false: a type's cells are grupp 'alla' only)
      omrade         break down by verksamhetsomrade (false: only ALLA)
      kommungrupp    add the level 'kommungrupp' (municipalities with a group in stg_kommungrupp)
      personrader    with personer: a relation with the rows of isu_pub_personrader (called with the
                     same arguments), read instead of `kalla` (then none); the roll-up then only
                     sums them to every cell

    Output: nycklar, period_typ, period (text: '2024', '2024-03', or the rolling window's end
    date '2024-06-30', see int_publicering_period), niva, kommun_kod, lan_kod, kommungrupp_kod
    (with kommungrupp=true), verksamhetsomrade ('ALLA' = all), insatstyp (with typ=true; null =
    all), grupp_typ, grupp, and the measures. A row whose group value is unknown comes out with
    grupp '?': the complement of the published groups of its breakdown (alla minus the known
    groups). The marts leave these rows out; the small-count protection uses them, because alla
    minus the published groups gives them away. Cells exist only where at least one row counted.
-#}
{% macro isu_pub_rollup(kalla, nycklar=[], matt={}, personer={}, person_kolumn='person_pseudonym',
                        perioder=['ar', 'manad', 'rullande_12m'], grupper=['kon', 'ursprung', 'aldersgrupp'],
                        grupper_manad=[], typ=false, typ_manad=true, typ_med_grupper=true, omrade=true,
                        kommungrupp=false, personrader=none) -%}
    {{ return(adapter.dispatch('isu_pub_rollup', 'isu')(kalla, nycklar, matt, personer, person_kolumn,
                                                          perioder, grupper, grupper_manad, typ, typ_manad,
                                                          typ_med_grupper, omrade, kommungrupp,
                                                          'fran_personrader' if personrader else 'allt',
                                                          personrader)) }}
{%- endmacro %}

{#-
    isu_pub_personrader(kalla, ...): the first half of a roll-up that counts persons, to be stored
    as a table model and read by isu_pub_rollup(..., personrader=that model) with the same
    arguments. One row per period family (pub_familj: 1 = years and rolling window, 2 = months),
    en_kombination = 1: the finest cells of the persons with one combination of dimensions in the
    period, their measures already summed (pub_person null); en_kombination = 0: the rows of the
    other persons, with pub_person. Columns: pub_familj, en_kombination, the keys, period_typ,
    period, every dimension (null where the family does not break down by it), pub_person and the
    measures.

    Why a table between the halves: DuckDB ran out of memory when one query both built these rows
    (CTEs stored in the query) and grouped them by every set of dimensions. At 1 M cases the roll-up
    of int_pub_indikator_cell's persons failed in 1 GB; as two queries, each runs in 500 MB.
-#}
{% macro isu_pub_personrader(kalla, nycklar=[], matt={}, personer={}, person_kolumn='person_pseudonym',
                             perioder=['ar', 'manad', 'rullande_12m'], grupper=['kon', 'ursprung', 'aldersgrupp'],
                             grupper_manad=[], typ=false, typ_manad=true, typ_med_grupper=true, omrade=true,
                             kommungrupp=false) -%}
    {%- if not personer %}
        {{ exceptions.raise_compiler_error("isu_pub_personrader: give the persons to count (personer)") }}
    {%- endif %}
    {{ return(adapter.dispatch('isu_pub_rollup', 'isu')(kalla, nycklar, matt, personer, person_kolumn,
                                                          perioder, grupper, grupper_manad, typ, typ_manad,
                                                          typ_med_grupper, omrade, kommungrupp,
                                                          'personrader', none)) }}
{%- endmacro %}

{% macro default__isu_pub_rollup(kalla, nycklar, matt, personer, person_kolumn, perioder, grupper,
                                 grupper_manad, typ, typ_manad, typ_med_grupper, omrade, kommungrupp,
                                 steg, personrader) -%}
{%- if steg == 'fran_personrader' and not personer %}
    {{ exceptions.raise_compiler_error("isu_pub_rollup: personrader needs the persons to count (personer)") }}
{%- endif %}
{%- for g in grupper_manad if g not in grupper %}
    {{ exceptions.raise_compiler_error("isu_pub_rollup: grupper_manad must be a subset of grupper: " ~ g) }}
{%- endfor %}
{%- if not matt and not personer %}
    {{ exceptions.raise_compiler_error("isu_pub_rollup: give at least one measure (matt or personer)") }}
{%- endif %}
{%- for p in perioder if p not in ['ar', 'manad', 'rullande_12m'] %}
    {{ exceptions.raise_compiler_error("isu_pub_rollup: unknown period type " ~ p) }}
{%- endfor %}
{%- set gruppkolumner = [] %}
{%- for g in ['kon', 'ursprung', 'aldersgrupp'] if g in grupper %}{% do gruppkolumner.append(g) %}{% endfor %}
{%- set nyckel_lista = nycklar | join(', ') ~ (', ' if nycklar else '') %}
{%- set dims = ['kommun_kod', 'lan_kod'] + (['kommungrupp_kod'] if kommungrupp else [])
               + (['verksamhetsomrade'] if omrade else []) + (['insatstyp'] if typ else []) + gruppkolumner %}
{%- set matt_namn = (matt.keys() | list) + (personer.keys() | list) %}
{#- period families: ar and rullande_12m share one set of breakdowns, manad has its own -#}
{%- set familjer = [] %}
{%- set ar_rull = [] %}
{%- for p in perioder if p != 'manad' %}{% do ar_rull.append(p) %}{% endfor %}
{%- if ar_rull %}{% do familjer.append({'perioder': ar_rull, 'grupper': grupper, 'typ': typ}) %}{% endif %}
{%- if 'manad' in perioder %}
    {%- do familjer.append({'perioder': ['manad'], 'grupper': grupper_manad, 'typ': typ and typ_manad}) %}
{%- endif %}
{%- set nivaer = [['kommun_kod', 'lan_kod'], ['lan_kod'], []] + ([['kommungrupp_kod']] if kommungrupp else []) %}
{%- set omraden = [['verksamhetsomrade'], []] if omrade else [[]] %}
{%- for f in familjer %}
    {%- set fdims = [] %}
    {%- for d in dims if not ((d in gruppkolumner and d not in f.grupper) or (d == 'insatstyp' and not f.typ)) %}
        {%- do fdims.append(d) %}
    {%- endfor %}
    {%- set typer = [['insatstyp'], []] if f.typ else [[]] %}
    {%- set gruppval = [[]] %}
    {%- for g in f.grupper %}{% do gruppval.append([g]) %}{% endfor %}
    {%- set sets = [] %}
    {%- for n in nivaer %}{% for o in omraden %}{% for t in typer %}{% for g in gruppval %}
        {%- if typ_med_grupper or not t or not g %}
        {%- do sets.append(n + o + t + g) %}
        {%- endif %}
    {%- endfor %}{% endfor %}{% endfor %}{% endfor %}
    {%- do f.update({'sets': sets, 'dims': fdims}) %}
{%- endfor %}

{%- if steg == 'fran_personrader' %}
{#- the prepared rows of isu_pub_personrader, one subquery per reader (never a stored CTE) -#}
{%- set alla_kolumner = nycklar + ['period_typ', 'period'] + dims + ['pub_person'] + matt_namn %}
{%- for f in familjer %}
    {%- set i = loop.index %}
    {%- for namn, en_kombination in [('en', 1), ('flera', 0)] %}
        {%- do f.update({namn: '(select ' ~ alla_kolumner | join(', ') ~ ' from ' ~ personrader ~ ' where pub_familj = '
                               ~ i ~ ' and en_kombination = ' ~ en_kombination ~ ') as ' ~ namn}) %}
    {%- endfor %}
{%- endfor %}

with
{%- else %}
{%- for f in familjer %}
    {%- do f.update({'en': 'pub_en_' ~ loop.index, 'flera': 'pub_flera_' ~ loop.index}) %}
{%- endfor %}

with pub_period as (

    select rullande_12m_start, rullande_12m_slut, rullande_12m_period
    from {{ ref('int_publicering_period') }}

),

pub_rader as (

    -- the rows with their month, window flag and dimensions (groups unknown = '?')
    select
        {%- for k in nycklar %}
        r.{{ k }},
        {%- endfor %}
        {{ isu.isu_year_month('r.handelsedatum') }} as manad,
        case
            when r.handelsedatum >= p.rullande_12m_start and r.handelsedatum <= p.rullande_12m_slut then 1
            else 0
        end as i_rullande,
        p.rullande_12m_period,
        r.kommun_kod,
        {{ isu.isu_lan_kod('r.kommun_kod') }} as lan_kod,
        {%- if kommungrupp %}
        coalesce(kg.kommungrupp_kod, '?') as kommungrupp_kod,
        {%- endif %}
        {%- if omrade %}
        r.verksamhetsomrade,
        {%- endif %}
        {%- if typ %}
        coalesce(r.insatstyp, -1) as insatstyp,
        {%- endif %}
        {%- for g in gruppkolumner %}
        coalesce({{ dbt.cast('r.' ~ g, dbt.type_string()) }}, '?') as {{ g }},
        {%- endfor %}
        {%- if personer %}
        r.{{ person_kolumn }} as pub_person,
        {%- endif %}
        {%- for namn, villkor in personer.items() %}
        case when {{ villkor }} then 1 else 0 end as {{ namn }},
        {%- endfor %}
        {%- for namn, uttryck in matt.items() %}
        {{ uttryck }} as {{ namn }},
        {%- endfor %}
        r.handelsedatum
    from {{ kalla }} as r
    cross join pub_period as p
    {%- if kommungrupp %}
    left join {{ ref('stg_kommungrupp') }} as kg
        on kg.kommun_kod = r.kommun_kod
    {%- endif %}
    where r.handelsedatum is not null
    {%- if personer %}
      and r.{{ person_kolumn }} is not null
    {%- endif %}

),
{%- if not personer %}

pub_finaste as (

    -- (1) once per finest cell
    select
        {{ nyckel_lista }}
        manad,
        i_rullande,
        rullande_12m_period,
        {{ dims | join(', ') }},
        {%- for namn in matt.keys() %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from pub_rader
    group by {{ nyckel_lista }} manad, i_rullande, rullande_12m_period, {{ dims | join(', ') }}

),
{%- endif %}
{%- set kalla_rader = 'pub_rader' if personer else 'pub_finaste' %}
{%- for f in familjer %}

{% call isu_lagrad_cte('pub_familj_' ~ loop.index) %}

    -- (2) each period of the family, with only the dimensions it breaks down by
    {%- if not personer %}
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ f.dims | join(', ') }},
        {%- for namn in matt.keys() %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
    {%- endif %}
        {%- for p in f.perioder %}
        select
            {%- if p == 'ar' %}
            'ar' as period_typ, substring(manad, 1, 4) as period,
            {%- elif p == 'manad' %}
            'manad' as period_typ, manad as period,
            {%- else %}
            'rullande_12m' as period_typ, rullande_12m_period as period,
            {%- endif %}
            {{ nyckel_lista }}
            {{ f.dims | join(', ') }},
            {%- if personer %}
            pub_person,
            {{ isu_hash_kolumner(f.dims) }} as pub_kombination,
            {%- endif %}
            {{ matt_namn | join(', ') }}
        from {{ kalla_rader }}
        {%- if p == 'rullande_12m' %}
        where i_rullande = 1
        {%- endif %}
        {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    {%- if not personer %}
    ) as perioder
    group by {{ nyckel_lista }} period_typ, period, {{ f.dims | join(', ') }}
    {%- endif %}

{% endcall %},
{%- if not personer %}
{%- set i = loop.index %}
{%- for g in f.grupper %}
{%- set bas_dims = [] %}
{%- for d in f.dims if d not in f.grupper or d == g %}{% do bas_dims.append(d) %}{% endfor %}

{% call isu_lagrad_cte('pub_bas_' ~ i ~ '_' ~ g) %}

    -- the family's sums with one group only: the sets with group {{ g }} (and the first group's
    -- also those without a group) sum these, not the family's rows with every group
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ bas_dims | join(', ') }},
        {%- for namn in matt.keys() %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from pub_familj_{{ i }}
    group by {{ nyckel_lista }} period_typ, period, {{ bas_dims | join(', ') }}

{% endcall %},
{%- endfor %}
{%- else %}
{%- set nyckel_villkor = [] %}
{%- for k in nycklar + ['period_typ', 'period', 'pub_person'] %}{% do nyckel_villkor.append('t.' ~ k ~ ' = f.' ~ k) %}{% endfor %}

pub_typ_{{ loop.index }} as (

    -- a person with one combination of dimensions in a period counts once in each of its cells:
    -- such persons add up like any count; only the others need counting per cell and person
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        pub_person,
        -- one hash of the dimensions, not a min and max per text column: those states do not fit in
        -- memory at scale (1 M cases: out of 500 MB on 1 M persons)
        case when min(pub_kombination) = max(pub_kombination) then 1 else 0 end as en_kombination
    from pub_familj_{{ loop.index }}
    group by {{ nyckel_lista }} period_typ, period, pub_person

),

{% call isu_lagrad_cte('pub_en_' ~ loop.index) %}

    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ f.dims | join(', ') }},
        {%- for namn in matt_namn %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        select
            {%- for k in nycklar %}
            f.{{ k }},
            {%- endfor %}
            f.period_typ,
            f.period,
            {%- for d in f.dims %}
            f.{{ d }},
            {%- endfor %}
            f.pub_person,
            {%- for namn in personer.keys() %}
            max(f.{{ namn }}) as {{ namn }}{{ ',' if matt or not loop.last }}
            {%- endfor %}
            {%- for namn in matt.keys() %}
            sum(f.{{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
            {%- endfor %}
        from pub_familj_{{ loop.index }} as f
        inner join pub_typ_{{ loop.index }} as t
            on {{ nyckel_villkor | join(' and ') }}
        where t.en_kombination = 1
        group by {% for k in nycklar %}f.{{ k }}, {% endfor %}f.period_typ, f.period, {% for d in f.dims %}f.{{ d }}, {% endfor %}f.pub_person
    ) as per_person
    group by {{ nyckel_lista }} period_typ, period, {{ f.dims | join(', ') }}

{% endcall %},

{% call isu_lagrad_cte('pub_flera_' ~ loop.index) %}

    select f.*
    from pub_familj_{{ loop.index }} as f
    inner join pub_typ_{{ loop.index }} as t
        on {{ nyckel_villkor | join(' and ') }}
    where t.en_kombination = 0

{% endcall %},
{%- endif %}
{%- endfor %}
{%- endif %}
{%- if steg == 'personrader' %}

pub_personrader as (

    {%- for f in familjer %}
    {%- set kolumner = nycklar + ['period_typ', 'period'] + isu_pub_dimensioner(dims, f.dims) %}
    select {{ loop.index }} as pub_familj, 1 as en_kombination, {{ kolumner | join(', ') }},
        {{ dbt.cast('null', dbt.type_bigint()) }} as pub_person, {{ matt_namn | join(', ') }}
    from pub_en_{{ loop.index }}
    union all
    select {{ loop.index }}, 0, {{ kolumner | join(', ') }}, pub_person, {{ matt_namn | join(', ') }}
    from pub_flera_{{ loop.index }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

)

select * from pub_personrader
{%- else %}

pub_summerad as (

    -- (3) every level, area, type and group: one GROUP BY per set, their union
    {%- for f in familjer %}
    {%- set summor = [] %}
    {%- for namn in matt_namn %}{% do summor.append('sum(' ~ namn ~ ') as ' ~ namn) %}{% endfor %}
    {%- if personer %}
    {%- set per_person = [] %}
    {%- for namn in personer.keys() %}{% do per_person.append('max(' ~ namn ~ ') as ' ~ namn) %}{% endfor %}
    {%- for namn in matt.keys() %}{% do per_person.append('sum(' ~ namn ~ ') as ' ~ namn) %}{% endfor %}
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ dims | join(', ') }},
        {{ summor | join(', ') }}
    from (
        -- the persons with one combination: summed like counts
        {{ isu_pub_per_mangd(f.en, nycklar + ['period_typ', 'period'], f.sets, dims, summor) | indent(8) }}

        union all

        -- the others: once per cell and person, then counted
        select
            {{ nyckel_lista }}
            period_typ,
            period,
            {{ dims | join(', ') }},
            {{ summor | join(', ') }}
        from (
            {{ isu_pub_per_mangd(f.flera, nycklar + ['period_typ', 'period', 'pub_person'], f.sets, dims, per_person) | indent(12) }}
        ) as per_person
        group by {{ nyckel_lista }} period_typ, period, {{ dims | join(', ') }}
    ) as delar
    group by {{ nyckel_lista }} period_typ, period, {{ dims | join(', ') }}
    {%- else %}
    {%- set i = loop.index %}
    {%- set kallor = [] %}
    {%- for m in f.sets %}
        {%- set g = m | select('in', f.grupper) | list %}
        {%- do kallor.append(('pub_bas_' ~ i ~ '_' ~ (g or f.grupper)[0]) if f.grupper else 'pub_familj_' ~ i) %}
    {%- endfor %}
    {{ isu_pub_per_mangd(kallor, nycklar + ['period_typ', 'period'], f.sets, dims, summor) | indent(4) }}
    {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

)

select
    {{ nyckel_lista }}
    period_typ,
    period,
    case
        when kommun_kod is not null then 'kommun'
        {%- if kommungrupp %}
        when kommungrupp_kod is not null then 'kommungrupp'
        {%- endif %}
        when lan_kod is not null then 'lan'
        else 'riket'
    end as niva,
    kommun_kod,
    lan_kod,
    {%- if kommungrupp %}
    kommungrupp_kod,
    {%- endif %}
    {%- if omrade %}
    coalesce(verksamhetsomrade, 'ALLA') as verksamhetsomrade,
    {%- else %}
    {{ dbt.cast("'ALLA'", dbt.type_string()) }} as verksamhetsomrade,
    {%- endif %}
    {%- if typ %}
    insatstyp,
    {%- endif %}
    {%- if gruppkolumner %}
    case
        {%- for g in gruppkolumner %}
        when {{ g }} is not null then '{{ g }}'
        {%- endfor %}
        else 'alla'
    end as grupp_typ,
    {%- else %}
    'alla' as grupp_typ,
    {%- endif %}
    coalesce({{ (gruppkolumner + ["'alla'"]) | join(', ') }}) as grupp,
    {%- for namn in matt_namn %}
    {{ namn }}{{ ',' if not loop.last }}
    {%- endfor %}
from pub_summerad
where 1 = 1
    {%- if typ %}
    and (insatstyp is null or insatstyp <> -1)
    {%- endif %}
    {%- if kommungrupp %}
    and (kommungrupp_kod is null or kommungrupp_kod <> '?')
    {%- endif %}
{%- endif %}
{%- endmacro %}


{#-
    isu_pub_per_mangd(kalla, fore, mangder, dims, aggregat): the sums of `kalla` (one relation, or
    a list with one per set) for every set of dimensions in `mangder` (a list of lists of column
    names), as one GROUP BY per set and their
    union: the key columns `fore`, every column of `dims` (null where the set does not group by
    it; insatstyp is the one integer dimension) and the aggregates `aggregat` ('sum(x) as x').
    This is what GROUPING SETS computes, but DuckDB keeps the hash tables of all of a query's
    grouping sets in memory at once: 32 sets over (cell, person) ran out of 500 MB on 265,000 rows,
    where the union of 32 GROUP BYs took 1.9 s. The source is
    read once per set, so a CTE given as `kalla` must be stored (isu_lagrad_cte).
-#}
{% macro isu_pub_per_mangd(kalla, fore, mangder, dims, aggregat) -%}
    {{ return(adapter.dispatch('isu_pub_per_mangd', 'isu')(kalla, fore, mangder, dims, aggregat)) }}
{%- endmacro %}

{% macro default__isu_pub_per_mangd(kalla, fore, mangder, dims, aggregat) -%}
{%- for m in mangder %}
{%- set fran = kalla if kalla is string else kalla[loop.index0] %}
select {{ (fore + isu_pub_dimensioner(dims, m) + aggregat) | join(', ') }}
from {{ fran }}
group by {{ (fore + m) | join(', ') }}
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{%- endmacro %}

{#-
    Spark: one GROUP BY GROUPING SETS per source instead of one GROUP BY per set. Spark plans every
    GROUP BY of the union as a stage of its own (a shuffle each: 64 sets x 2 families x the places a
    roll-up is read made int_pub_ej_verkst_cell 2,641 shuffles, 140 s on the 3,000-case demo), while
    its grouping sets are one stage over rows expanded per set, spread over the cluster; DuckDB's
    memory limit, the reason for the union, does not apply there. A dimension that a set does not
    group by comes out null, as in the union (no dimension holds null: isu_pub_rollup codes unknown
    values as '?' and -1).
-#}
{% macro spark__isu_pub_per_mangd(kalla, fore, mangder, dims, aggregat) -%}
{%- set kallor = [] %}
{%- set per_kalla = {} %}
{%- for m in mangder %}
    {%- set fran = kalla if kalla is string else kalla[loop.index0] %}
    {%- if fran not in per_kalla %}{% do kallor.append(fran) %}{% do per_kalla.update({fran: []}) %}{% endif %}
    {%- do per_kalla[fran].append(m) %}
{%- endfor %}
{%- for fran in kallor %}
{%- set grupperade = [] %}
{%- for m in per_kalla[fran] %}{% for d in m if d not in grupperade %}{% do grupperade.append(d) %}{% endfor %}{% endfor %}
{%- set mangd_lista = [] %}
{%- for m in per_kalla[fran] %}{% do mangd_lista.append('(' ~ (fore + m) | join(', ') ~ ')') %}{% endfor %}
select {{ (fore + isu_pub_dimensioner(dims, grupperade) + aggregat) | join(', ') }}
from {{ fran }}
group by grouping sets ({{ mangd_lista | join(', ') }})
{% if not loop.last %}union all
{% endif %}
{%- endfor %}
{%- endmacro %}

{#-
    isu_pub_dimensioner(dims, behall): the select list of the dimensions `dims`: a column kept
    where it is in `behall`, else a typed null under its name (insatstyp is the one integer
    dimension), so that the branches of a union line up.
-#}
{% macro isu_pub_dimensioner(dims, behall) -%}
    {%- set kolumner = [] %}
    {%- for d in dims %}
        {%- if d in behall %}{% do kolumner.append(d) %}
        {%- elif d == 'insatstyp' %}{% do kolumner.append(dbt.cast('null', dbt.type_int()) ~ ' as insatstyp') %}
        {%- else %}{% do kolumner.append(dbt.cast('null', dbt.type_string()) ~ ' as ' ~ d) %}
        {%- endif %}
    {%- endfor %}
    {{ return(kolumner) }}
{%- endmacro %}
