-- mart_ledtid, nation / year / all areas / all types / group alla: the number of lead times of
-- every lead time and year equals the number of fact rows whose end event falls in that year
-- (e.g. aktualisering_till_beslut of 2024 = cases in fct_arende decided in 2024). Returns the
-- (lead time, year) pairs that differ.
with fakta as (

    select 'aktualisering_till_beslut' as ledtid, {{ isu_date_part('year', 'datum_beslut') }} as ar, count(*) as antal
    from {{ ref('fct_arende') }} where datum_beslut is not null group by 2
    union all
    select 'aktualisering_till_arendeavslut', {{ isu_date_part('year', 'datum_avslut') }}, count(*)
    from {{ ref('fct_arende') }} where datum_avslut is not null group by 2
    union all
    select 'beslut_till_verkstallighet', {{ isu_date_part('year', 'datum_verkstallighet') }}, count(*)
    from {{ ref('fct_insats') }} where datum_verkstallighet is not null group by 2
    union all
    select 'aktualisering_till_verkstallighet', {{ isu_date_part('year', 'datum_verkstallighet') }}, count(*)
    from {{ ref('fct_insats') }} where datum_verkstallighet is not null group by 2
    union all
    select 'verkstallighet_till_avslut', {{ isu_date_part('year', 'datum_avslut') }}, count(*)
    from {{ ref('fct_insats') }}
    where datum_verkstallighet is not null and datum_avslut is not null group by 2
    union all
    select
        'verkstallighet_till_forsta_uppfoljning',
        {{ isu_date_part('year', dbt.dateadd('day', 'dagar_verkstallighet_till_forsta_uppfoljning', 'datum_verkstallighet')) }},
        count(*)
    from {{ ref('fct_insats') }} where dagar_verkstallighet_till_forsta_uppfoljning is not null group by 2

),

mart as (

    select ledtid, {{ dbt.cast('period', dbt.type_int()) }} as ar, antal
    from {{ ref('mart_ledtid') }}
    where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = 'ALLA'
      and insatstyp is null and grupp_typ = 'alla'

)

select
    coalesce(f.ledtid, m.ledtid) as ledtid,
    coalesce(f.ar, m.ar) as ar,
    f.antal as antal_fakta,
    m.antal as antal_mart
from fakta as f
full outer join mart as m
    on m.ledtid = f.ledtid and m.ar = f.ar
where f.antal is null or m.antal is null or f.antal <> m.antal
