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

{%- set serie = ['indikator_id', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod', 'verksamhetsomrade', 'insatstyp',
                 'grupp_typ', 'grupp'] %}
-- one row per series (unit x area x type x group), with one hashed key (isu_hash_kolumner): the
-- running sum below partitions and joins on that key alone, and the series' columns are joined
-- back to the counts that are published (1 M cases national, 8.3 M series x months: about 11 ->
-- 6.4 s; the window over the nine columns took 63 s of operator time with the profiler on)
{% call isu_lagrad_cte('serier') %}

    select {{ isu_hash_kolumner(serie) }} as serie_nyckel, {{ serie | join(', ') }}
    from (select distinct {{ serie | join(', ') }} from manader) as s

{% endcall %},

netto as (

    select {{ isu_hash_kolumner(serie) }} as serie_nyckel, period, netto
    from manader

),

lager_per_nyckel as (

    select
        s.serie_nyckel,
        p.period,
        sum(coalesce(n.netto, 0)) over (
            partition by s.serie_nyckel
            order by p.period
            rows between unbounded preceding and current row
        ) as antal
    from serier as s
    cross join alla_manader as p
    left join netto as n
        on n.serie_nyckel = s.serie_nyckel and n.period = p.period

),

-- the counts at every month's end that are not zero, with their series' columns
{% call isu_lagrad_cte('lager') %}

    select {% for k in serie %}s.{{ k }}, {% endfor %}l.period, l.antal
    from lager_per_nyckel as l
    inner join serier as s
        on s.serie_nyckel = l.serie_nyckel
    where l.antal > 0

{% endcall %}

select indikator_id, 'manad' as period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod, verksamhetsomrade,
       insatstyp, grupp_typ, grupp, antal
from lager

union all

-- a year's count is the count at the end of its last month in the span
select l.indikator_id, 'ar', substring(l.period, 1, 4), l.niva, l.kommun_kod, l.lan_kod, l.kommungrupp_kod,
       l.verksamhetsomrade, l.insatstyp, l.grupp_typ, l.grupp, l.antal
from lager as l
inner join (
    select max(period) as period from alla_manader group by substring(period, 1, 4)
) as sista
    on sista.period = l.period

union all

select indikator_id, period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod, verksamhetsomrade,
       insatstyp, grupp_typ, grupp, antal
from rullande
