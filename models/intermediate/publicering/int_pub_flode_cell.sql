-- The cells of mart_arendeflode before small-count protection: new, ongoing and ended cases and
-- interventions per period x unit x area x sex (grupp '?' = sex unknown), every period of the
-- data's span for every series that has any unit (zeros included), and the rolling window.
--   new = started in the period; ended = ended in the period; ongoing = started on or before the
--   period's last day and not ended before its first day.
-- New and ended come from the shared roll-up of the start and end events. Ongoing is a running
-- sum over the ordered periods of a series: ongoing(p) = new up to and including p - ended before
-- p (every event lies inside the span). For the rolling window, whose start need not be a month
-- start, the units ongoing in it are rolled up directly (one row per unit at most).
with enhet as (

    select enhet, kommun_kod, verksamhetsomrade, kon, startdatum, slutdatum
    from {{ ref('int_flode_enhet') }}

),

handelser as (

    select enhet, startdatum as handelsedatum, kommun_kod, verksamhetsomrade, kon, 1 as ny, 0 as avslutad
    from enhet

    union all

    select enhet, slutdatum as handelsedatum, kommun_kod, verksamhetsomrade, kon, 0 as ny, 1 as avslutad
    from enhet
    where slutdatum is not null

),

flode as (

    {{ isu_pub_rollup('handelser', nycklar=['enhet'], matt={'nya': 'r.ny', 'avslutade': 'r.avslutad'},
                      grupper=['kon'], grupper_manad=['kon']) }}

),

pagaende_i_fonstret as (

    select e.enhet, p.rullande_12m_slut as handelsedatum, e.kommun_kod, e.verksamhetsomrade, e.kon
    from enhet as e
    cross join {{ ref('int_publicering_period') }} as p
    where e.startdatum <= p.rullande_12m_slut
      and (e.slutdatum is null or e.slutdatum >= p.rullande_12m_start)

),

rullande_pagaende as (

    {{ isu_pub_rollup('pagaende_i_fonstret', nycklar=['enhet'], matt={'pagaende': '1'},
                      perioder=['rullande_12m'], grupper=['kon']) }}

),

granser as (

    select forsta_aktualisering as forsta_datum, sista_datum
    from {{ ref('int_datum_granser') }}

),

-- months and years of the calendar that overlap the span of the data, and the rolling window
perioder as (

    select p.period_typ, p.period
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

    union all

    select 'rullande_12m' as period_typ, rullande_12m_period as period
    from {{ ref('int_publicering_period') }}
    where rullande_12m_period is not null

),

serier as (

    select distinct enhet, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp
    from flode

),

rutnat as (

    select
        s.enhet, p.period_typ, p.period, s.niva, s.kommun_kod, s.lan_kod, s.verksamhetsomrade,
        s.grupp_typ, s.grupp,
        coalesce(f.nya, 0)       as nya,
        coalesce(f.avslutade, 0) as avslutade,
        coalesce(r.pagaende, 0)  as pagaende_rullande
    from serier as s
    cross join perioder as p
    left join flode as f
        on  f.enhet = s.enhet
        and f.period_typ = p.period_typ
        and f.period = p.period
        and f.niva = s.niva
        and coalesce(f.kommun_kod, '') = coalesce(s.kommun_kod, '')
        and coalesce(f.lan_kod, '') = coalesce(s.lan_kod, '')
        and f.verksamhetsomrade = s.verksamhetsomrade
        and f.grupp_typ = s.grupp_typ
        and f.grupp = s.grupp
    left join rullande_pagaende as r
        on  p.period_typ = 'rullande_12m'
        and r.enhet = s.enhet
        and r.period = p.period
        and r.niva = s.niva
        and coalesce(r.kommun_kod, '') = coalesce(s.kommun_kod, '')
        and coalesce(r.lan_kod, '') = coalesce(s.lan_kod, '')
        and r.verksamhetsomrade = s.verksamhetsomrade
        and r.grupp_typ = s.grupp_typ
        and r.grupp = s.grupp

)

select
    enhet,
    period_typ,
    period,
    niva,
    kommun_kod,
    lan_kod,
    verksamhetsomrade,
    grupp_typ,
    grupp,
    {{ dbt.cast('nya', dbt.type_bigint()) }} as nya,
    {{ dbt.cast(
        "case when period_typ = 'rullande_12m' then pagaende_rullande
              else sum(nya) over (
                       partition by enhet, period_typ, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp
                       order by period rows between unbounded preceding and current row)
                   - coalesce(sum(avslutade) over (
                       partition by enhet, period_typ, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp
                       order by period rows between unbounded preceding and 1 preceding), 0)
         end", dbt.type_bigint()) }} as pagaende,
    {{ dbt.cast('avslutade', dbt.type_bigint()) }} as avslutade
from rutnat
