-- Case flow: new, ongoing and ended cases and interventions per month and year, by municipality
-- (and county, nation), area (and ALLA) and sex (and alla). One row per period x unit x area x
-- group x enhet; every period from the month (year) of the first actualisation to the month (year)
-- of the last date in the data appears for every unit, area and group that has any case or
-- intervention at all (zeros included).
--   arende: new = actualised in the period; ongoing = actualised on or before the period's last
--           day and not closed before its first day; ended = closed in the period.
--   insats: new = decided in the period; ongoing = decided on or before the period's last day and
--           not ended before its first day; ended = ended in the period.
-- Counts add up over municipalities and sexes, so they are counted once at the finest grain and
-- summed to the coarser levels.

with enheter as (

    select
        'arende' as enhet,
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        juridiskt_kon,
        datum_aktualisering as startdatum,
        datum_avslut        as slutdatum
    from {{ ref('fct_arende') }}

    union all

    select
        'insats' as enhet,
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        juridiskt_kon,
        datum_beslut as startdatum,
        datum_avslut as slutdatum
    from {{ ref('fct_insats') }}

),

-- the span of the data: first actualisation to the last date of any event
granser as (

    select forsta_aktualisering as forsta_datum, sista_datum
    from {{ ref('int_datum_granser') }}

),

-- months and years of the calendar that overlap the span of the data
perioder as (

    select p.period_typ, p.period, p.periodstart, p.periodslut
    from (
        select 'manad' as period_typ, ar_manad as period, min(datum) as periodstart, max(datum) as periodslut
        from {{ ref('dim_datum') }}
        group by ar_manad

        union all

        select
            'ar' as period_typ,
            {{ dbt.cast('ar', dbt.type_string()) }} as period,
            min(datum) as periodstart,
            max(datum) as periodslut
        from {{ ref('dim_datum') }}
        group by ar
    ) as p
    cross join granser as g
    where p.periodslut >= g.forsta_datum
      and p.periodstart <= g.sista_datum

),

-- counts at the finest grain: municipality x area x sex x period
bas as (

    select
        e.enhet,
        p.period_typ,
        p.period,
        e.kommun_kod,
        e.lan_kod,
        e.verksamhetsomrade,
        case e.juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end as kon,
        sum(case when e.startdatum between p.periodstart and p.periodslut then 1 else 0 end) as nya,
        count(*) as pagaende,
        sum(case when e.slutdatum between p.periodstart and p.periodslut then 1 else 0 end) as avslutade
    from enheter as e
    inner join perioder as p
        on  e.startdatum <= p.periodslut
        and (e.slutdatum is null or e.slutdatum >= p.periodstart)
    group by
        e.enhet, p.period_typ, p.period, e.kommun_kod, e.lan_kod, e.verksamhetsomrade,
        case e.juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end

),

nivaer as (
    select 'kommun' as niva
    union all select 'lan'
    union all select 'riket'
),

omraden as (
    select false as alla_omraden
    union all select true
),

grupp_typer as (
    select 'alla' as grupp_typ
    union all select 'kon'
),

utvidgad as (

    select
        b.enhet,
        b.period_typ,
        b.period,
        n.niva,
        case when n.niva = 'kommun' then b.kommun_kod end as kommun_kod,
        case when n.niva in ('kommun', 'lan') then b.lan_kod end as lan_kod,
        case when o.alla_omraden then 'ALLA' else b.verksamhetsomrade end as verksamhetsomrade,
        g.grupp_typ,
        case when g.grupp_typ = 'alla' then 'alla' else b.kon end as grupp,
        b.nya,
        b.pagaende,
        b.avslutade
    from bas as b
    cross join nivaer as n
    cross join omraden as o
    cross join grupp_typer as g

),

summerad as (

    select
        enhet, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp,
        sum(nya)       as nya,
        sum(pagaende)  as pagaende,
        sum(avslutade) as avslutade
    from utvidgad
    where grupp is not null
    group by enhet, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp

),

-- every unit, area and group that has any case or intervention, in every period (zeros included)
serier as (

    select distinct enhet, period_typ, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp
    from summerad

)

select
    p.period_typ,
    p.period,
    s.niva,
    s.kommun_kod,
    s.lan_kod,
    s.verksamhetsomrade,
    s.grupp_typ,
    s.grupp,
    s.enhet,
    {{ dbt.cast('coalesce(r.nya, 0)', dbt.type_bigint()) }}       as nya,
    {{ dbt.cast('coalesce(r.pagaende, 0)', dbt.type_bigint()) }}  as pagaende,
    {{ dbt.cast('coalesce(r.avslutade, 0)', dbt.type_bigint()) }} as avslutade
from serier as s
inner join perioder as p
    on p.period_typ = s.period_typ
left join summerad as r
    on  r.enhet = s.enhet
    and r.period_typ = p.period_typ
    and r.period = p.period
    and r.niva = s.niva
    and coalesce(r.kommun_kod, '') = coalesce(s.kommun_kod, '')
    and coalesce(r.lan_kod, '') = coalesce(s.lan_kod, '')
    and r.verksamhetsomrade = s.verksamhetsomrade
    and r.grupp_typ = s.grupp_typ
    and r.grupp = s.grupp
