{#-
    isu_pub_rollup(kalla, nycklar, matt, ...): the shared roll-up of the publication layer. Turns
    row-level inputs at their natural grain into the published grid of every aggregate mart:
    period (ar, manad, rullande_12m) x level (kommun, lan, riket, and kommungrupp on request) x
    area (each, and ALLA) x intervention type (each, and null = all; on request) x breakdown group
    (alla, kon, ursprung, aldersgrupp).

    It never multiplies input rows: (1) the rows are aggregated once at the finest cell
    (month, inside the rolling window or not, municipality, area, type, sex, origin, age group and
    the keys), (2) the finest cells are summed to each period of a family of periods (years and
    the rolling window share one set of breakdowns, months have their own), (3) GROUPING SETS sum
    those into every level, area, type and group. What it sums must be additive (counts, sums of
    days, histogram counts).

    Counting persons (INDICATORS.md: "a person is counted once per indicator, period and unit") is
    not additive: with `personer` ({output column: condition}) each output column counts the
    distinct values of `person_kolumn` among the rows meeting the condition, in every cell. Then
    step (1) is skipped. A person with one combination of dimensions in a period counts once in
    each cell it belongs to, so such persons are summed like counts; for the others the grouping
    sets of step (3) run on (cell, person) with the condition's maximum per person, and an outer
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
                        kommungrupp=false) -%}
    {{ return(adapter.dispatch('isu_pub_rollup', 'isu')(kalla, nycklar, matt, personer, person_kolumn,
                                                          perioder, grupper, grupper_manad, typ, typ_manad,
                                                          typ_med_grupper, omrade, kommungrupp)) }}
{%- endmacro %}

{% macro default__isu_pub_rollup(kalla, nycklar, matt, personer, person_kolumn, perioder, grupper,
                                 grupper_manad, typ, typ_manad, typ_med_grupper, omrade, kommungrupp) -%}
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
        {%- do sets.append('(' ~ (nycklar + ['period_typ', 'period'] + n + o + t + g) | join(', ') ~ ')') %}
        {%- endif %}
    {%- endfor %}{% endfor %}{% endfor %}{% endfor %}
    {%- set person_sets = [] %}
    {%- for x in sets %}{% do person_sets.append(x[:-1] ~ ', pub_person)') %}{% endfor %}
    {%- do f.update({'sets': sets, 'person_sets': person_sets, 'dims': fdims}) %}
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

pub_familj_{{ loop.index }} as (

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

),
{%- if personer %}
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
        case when {% for d in f.dims %}min({{ d }}) = max({{ d }}){{ ' and ' if not loop.last }}{% endfor %}
            then 1 else 0 end as en_kombination
    from pub_familj_{{ loop.index }}
    group by {{ nyckel_lista }} period_typ, period, pub_person

),

pub_en_{{ loop.index }} as (

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

),

pub_flera_{{ loop.index }} as (

    select f.*
    from pub_familj_{{ loop.index }} as f
    inner join pub_typ_{{ loop.index }} as t
        on {{ nyckel_villkor | join(' and ') }}
    where t.en_kombination = 0

),
{%- endif %}
{%- endfor %}

pub_summerad as (

    -- (3) every level, area, type and group
    {%- for f in familjer %}
    {%- set dimlista = [] %}
    {%- for d in dims %}
        {%- if d in f.dims %}{% do dimlista.append(d) %}
        {%- elif d == 'insatstyp' %}{% do dimlista.append(dbt.cast('null', dbt.type_int()) ~ ' as insatstyp') %}
        {%- else %}{% do dimlista.append(dbt.cast('null', dbt.type_string()) ~ ' as ' ~ d) %}
        {%- endif %}
    {%- endfor %}
    {%- if personer %}
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ dims | join(', ') }},
        {%- for namn in matt_namn %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (
        -- the persons with one combination: summed like counts
        select
            {{ nyckel_lista }}
            period_typ,
            period,
            {{ dimlista | join(', ') }},
            {%- for namn in matt_namn %}
            sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
            {%- endfor %}
        from pub_en_{{ loop.index }}
        group by grouping sets (
                {{ f.sets | join(',\n                ') }}
        )

        union all

        -- the others: once per cell and person, then counted
        select
            {{ nyckel_lista }}
            period_typ,
            period,
            {{ dims | join(', ') }},
            {%- for namn in personer.keys() %}
            sum({{ namn }}) as {{ namn }}{{ ',' if matt or not loop.last }}
            {%- endfor %}
            {%- for namn in matt.keys() %}
            sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
            {%- endfor %}
        from (
            select
                {{ nyckel_lista }}
                period_typ,
                period,
                {{ dimlista | join(', ') }},
                pub_person,
                {%- for namn in personer.keys() %}
                max({{ namn }}) as {{ namn }}{{ ',' if matt or not loop.last }}
                {%- endfor %}
                {%- for namn in matt.keys() %}
                sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
                {%- endfor %}
            from pub_flera_{{ loop.index }}
            group by grouping sets (
                    {{ f.person_sets | join(',\n                    ') }}
            )
        ) as per_person
        group by {{ nyckel_lista }} period_typ, period, {{ dims | join(', ') }}
    ) as delar
    group by {{ nyckel_lista }} period_typ, period, {{ dims | join(', ') }}
    {%- else %}
    select
        {{ nyckel_lista }}
        period_typ,
        period,
        {{ dimlista | join(', ') }},
        {%- for namn in matt.keys() %}
        sum({{ namn }}) as {{ namn }}{{ ',' if not loop.last }}
        {%- endfor %}
    from pub_familj_{{ loop.index }}
    group by grouping sets (
            {{ f.sets | join(',\n            ') }}
    )
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
{%- endmacro %}
