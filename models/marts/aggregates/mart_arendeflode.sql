-- Case flow: new, ongoing and ended cases and interventions per year, month and rolling twelve
-- months, by municipality (and county, nation), area (and ALLA) and sex (and alla). One row per
-- period x unit x area x group x enhet; every period from the month (year) of the first
-- actualisation to the month (year) of the last date in the data, and the rolling window, for
-- every unit, area and group that has any case or intervention (zeros included).
--   arende: new = actualised in the period; ongoing = actualised on or before the period's last
--           day and not closed before its first day; ended = closed in the period.
--   insats: the same with the intervention's decision date and end date.
-- Counts come from the publication layer (int_pub_flode_cell); small-count protection from
-- int_pub_skydd: a count from 1 to var('isu_max_maskerat_antal') is masked, and others where needed
-- so that none can be worked out, ongoing counts included (they are tied to the new and ended
-- ones: ongoing(p) = ongoing(p - 1) - ended(p - 1) + new(p)). Every masked count is 'litet_antal'
-- (telling the small ones from the others would give the small ones away). Zeros are shown.
{%- set nycklar = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade',
                   'grupp_typ', 'grupp'] %}

with celler as (

    select *
    from {{ ref('int_pub_flode_cell') }}
    where grupp <> '?'

),

masker as (

    {{ isu_pub_masker('arendeflode', ['nya', 'pagaende', 'avslutade'], ['serie'] + nycklar) }}

),

skyddad as (

    select
        c.*,
        m.nya_orsak,
        m.pagaende_orsak,
        m.avslutade_orsak
    from celler as c
    left join masker as m
        on m.serie = c.enhet
        and {{ isu_pub_lika('m', 'c', nycklar) }}

)

select
    s.period_typ,
    s.period,
    s.niva,
    s.kommun_kod,
    k.kommun_namn,
    s.lan_kod,
    s.verksamhetsomrade,
    s.grupp_typ,
    s.grupp,
    s.enhet,
    case when s.nya_orsak is null then s.nya end             as nya,
    case when s.pagaende_orsak is null then s.pagaende end   as pagaende,
    case when s.avslutade_orsak is null then s.avslutade end as avslutade,
    case
        when coalesce(s.nya_orsak, s.pagaende_orsak, s.avslutade_orsak) is not null then true
        else false
    end as undertryckt,
    case
        when coalesce(s.nya_orsak, s.pagaende_orsak, s.avslutade_orsak) is not null then 'litet_antal'
    end as undertryckt_orsak
from skyddad as s
left join {{ ref('kommuner') }} as k
    on k.kommun_kod = s.kommun_kod
