-- Each municipality beside its county, its municipality group (when a group mapping is loaded:
-- `isu kommungrupp`) and the nation: one row per indicator x period x municipality x area x group,
-- with the published values (null where suppressed) and the unweighted mean of the municipalities
-- of the group. The group's value is computed from the rows of its municipalities, protected like
-- every other cell.
with varde as (

    select * from {{ ref('int_indikator_varde') }}

),

kommun as (

    select v.*, g.kommungrupp_kod as kommunens_grupp, g.kommungrupp_namn
    from varde as v
    left join {{ ref('stg_kommungrupp') }} as g
        on g.kommun_kod = v.kommun_kod
    where v.niva = 'kommun'

),

grupp_medel as (

    select indikator_id, period_typ, period, kommunens_grupp, verksamhetsomrade, grupp_typ, grupp,
           avg(varde) as kommungrupp_medel, count(varde) as kommungrupp_antal_kommuner
    from kommun
    where kommunens_grupp is not null
    group by indikator_id, period_typ, period, kommunens_grupp, verksamhetsomrade, grupp_typ, grupp

)

select
    k.indikator_id,
    k.period_typ,
    k.period,
    k.kommun_kod,
    km.kommun_namn,
    k.lan_kod,
    k.kommunens_grupp as kommungrupp_kod,
    k.kommungrupp_namn,
    k.verksamhetsomrade,
    k.grupp_typ,
    k.grupp,
    k.varde as varde_kommun,
    k.ki_lag as ki_lag_kommun,
    k.ki_hog as ki_hog_kommun,
    l.varde as varde_lan,
    g.varde as varde_kommungrupp,
    gm.kommungrupp_medel,
    r.varde as varde_riket,
    k.preliminar
from kommun as k
left join {{ ref('kommuner') }} as km
    on km.kommun_kod = k.kommun_kod
left join varde as l
    on l.niva = 'lan' and l.lan_kod = k.lan_kod and l.indikator_id = k.indikator_id
    and l.period_typ = k.period_typ and l.period = k.period and l.verksamhetsomrade = k.verksamhetsomrade
    and l.grupp_typ = k.grupp_typ and l.grupp = k.grupp
left join varde as g
    on g.niva = 'kommungrupp' and g.kommungrupp_kod = k.kommunens_grupp and g.indikator_id = k.indikator_id
    and g.period_typ = k.period_typ and g.period = k.period and g.verksamhetsomrade = k.verksamhetsomrade
    and g.grupp_typ = k.grupp_typ and g.grupp = k.grupp
left join grupp_medel as gm
    on gm.kommunens_grupp = k.kommunens_grupp and gm.indikator_id = k.indikator_id
    and gm.period_typ = k.period_typ and gm.period = k.period and gm.verksamhetsomrade = k.verksamhetsomrade
    and gm.grupp_typ = k.grupp_typ and gm.grupp = k.grupp
left join varde as r
    on r.niva = 'riket' and r.indikator_id = k.indikator_id
    and r.period_typ = k.period_typ and r.period = k.period and r.verksamhetsomrade = k.verksamhetsomrade
    and r.grupp_typ = k.grupp_typ and r.grupp = k.grupp
