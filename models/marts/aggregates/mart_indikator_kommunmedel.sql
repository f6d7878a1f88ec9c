-- The unweighted mean of the municipalities' values (as the open comparisons publish it, beside
-- the value computed from the rows in mart_indikator): one row per indicator x period x county
-- (and the nation) x area x group, over the municipalities whose value mart_indikator shows.
-- antal_kommuner says how many; antal_kommuner_undertryckta how many had a row but a suppressed
-- value and are left out (so the mean is never computed from a hidden value).
with kommun as (

    select *
    from {{ ref('int_indikator_varde') }}
    where niva = 'kommun'

),

nivaer as (

    select 'lan' as niva union all select 'riket'

)

select
    k.indikator_id,
    k.period_typ,
    k.period,
    n.niva,
    case when n.niva = 'lan' then k.lan_kod end as lan_kod,
    k.verksamhetsomrade,
    k.grupp_typ,
    k.grupp,
    avg(k.varde) as kommunmedel,
    count(k.varde) as antal_kommuner,
    sum(case when k.varde is null then 1 else 0 end) as antal_kommuner_undertryckta,
    max(case when k.preliminar then 1 else 0 end) = 1 as preliminar
from kommun as k
cross join nivaer as n
group by
    k.indikator_id, k.period_typ, k.period, n.niva, case when n.niva = 'lan' then k.lan_kod end,
    k.verksamhetsomrade, k.grupp_typ, k.grupp
