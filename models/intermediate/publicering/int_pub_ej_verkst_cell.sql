-- The cells of EJ_VERKST_3M (mart_indikator) and mart_ej_verkstallda_beslut before small-count
-- protection: how many decisions were not implemented (nor ended) more than three months after
-- the decision, at the end of every month of the data's span, year and rolling window, per unit,
-- area, intervention type and breakdown group (grupp '?' = unknown).
-- A count at a date is a running sum: the shared roll-up sums, per month, the interventions that
-- came onto the list (+1 on ind_ej_verkst_3m.handelsedatum) and left it (-1 on its slutdatum);
-- the count at a month's end is the sum over the months up to it; a year's is its last month's,
-- the rolling window's the count on its end date (rolled up directly: one row per intervention on
-- the list that day, so also when the end is not a month end).
with rad as (

    select * from {{ ref('ind_ej_verkst_3m') }}

),

handelser as (

    select indikator_id, handelsedatum, kommun_kod, verksamhetsomrade, insatstyp, kon, ursprung, aldersgrupp,
           1 as andring
    from rad

    union all

    select indikator_id, slutdatum, kommun_kod, verksamhetsomrade, insatstyp, kon, ursprung, aldersgrupp, -1
    from rad
    where slutdatum is not null

),

manader as (

    {{ isu_pub_rollup('handelser', nycklar=['indikator_id'], matt={'netto': 'r.andring'},
                      perioder=['manad'], grupper=['kon', 'ursprung', 'aldersgrupp'],
                      grupper_manad=['kon', 'ursprung', 'aldersgrupp'], typ=true, kommungrupp=true) }}

),

pa_listan_vid_fonstrets_slut as (

    select r.indikator_id, p.rullande_12m_slut as handelsedatum, r.kommun_kod, r.verksamhetsomrade,
           r.insatstyp, r.kon, r.ursprung, r.aldersgrupp
    from rad as r
    cross join {{ ref('int_publicering_period') }} as p
    where r.handelsedatum <= p.rullande_12m_slut
      and (r.slutdatum is null or r.slutdatum > p.rullande_12m_slut)

),

rullande as (

    {{ isu_pub_rollup('pa_listan_vid_fonstrets_slut', nycklar=['indikator_id'], matt={'antal': '1'},
                      perioder=['rullande_12m'], typ=true, kommungrupp=true) }}

),

alla_manader as (

    select m.ar_manad as period
    from {{ ref('dim_datum') }} as m
    cross join {{ ref('int_datum_granser') }} as g
    where m.datum >= g.forsta_aktualisering and m.datum <= g.sista_datum
    group by m.ar_manad

),

serier as (

    select distinct indikator_id, niva, kommun_kod, lan_kod, kommungrupp_kod, verksamhetsomrade, insatstyp,
                    grupp_typ, grupp
    from manader

),

lager as (

    select
        s.*,
        p.period,
        sum(coalesce(m.netto, 0)) over (
            partition by s.indikator_id, s.niva, s.kommun_kod, s.lan_kod, s.kommungrupp_kod,
                         s.verksamhetsomrade, s.insatstyp, s.grupp_typ, s.grupp
            order by p.period
            rows between unbounded preceding and current row
        ) as antal
    from serier as s
    cross join alla_manader as p
    left join manader as m
        on  m.period = p.period
        and {{ isu_pub_lika('m', 's', ['indikator_id', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod',
                                        'verksamhetsomrade', 'insatstyp', 'grupp_typ', 'grupp']) }}

)

select indikator_id, 'manad' as period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod, verksamhetsomrade,
       insatstyp, grupp_typ, grupp, antal
from lager
where antal > 0

union all

-- a year's count is the count at the end of its last month in the span
select l.indikator_id, 'ar', substring(l.period, 1, 4), l.niva, l.kommun_kod, l.lan_kod, l.kommungrupp_kod,
       l.verksamhetsomrade, l.insatstyp, l.grupp_typ, l.grupp, l.antal
from lager as l
inner join (
    select max(period) as period from alla_manader group by substring(period, 1, 4)
) as sista
    on sista.period = l.period
where l.antal > 0

union all

select indikator_id, period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod, verksamhetsomrade,
       insatstyp, grupp_typ, grupp, antal
from rullande
