-- The lead-time cells (int_pub_ledtid_cell, before protection), nation / year / all areas / all
-- types / group alla: the number of lead times of every lead time and year equals the number of
-- fact rows whose end event falls in that year (e.g. aktualisering_till_beslut of 2024 = cases in
-- fct_arende decided in 2024); and every count mart_ledtid shows equals its cell. Returns the
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

celler as (

    select ledtid, {{ dbt.cast('period', dbt.type_int()) }} as ar, antal
    from {{ ref('int_pub_ledtid_cell') }}
    where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = 'ALLA'
      and insatstyp is null and grupp_typ = 'alla'

),

mart as (

    select ledtid, {{ dbt.cast('period', dbt.type_int()) }} as ar, antal
    from {{ ref('mart_ledtid') }}
    where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = 'ALLA'
      and insatstyp is null and grupp_typ = 'alla'

)

select
    coalesce(f.ledtid, c.ledtid) as ledtid,
    coalesce(f.ar, c.ar) as ar,
    f.antal as antal_fakta,
    c.antal as antal_cell,
    m.antal as antal_mart
from fakta as f
full outer join celler as c
    on c.ledtid = f.ledtid and c.ar = f.ar
left join mart as m
    on m.ledtid = c.ledtid and m.ar = c.ar
where f.antal is null or c.antal is null or f.antal <> c.antal or m.antal <> c.antal
