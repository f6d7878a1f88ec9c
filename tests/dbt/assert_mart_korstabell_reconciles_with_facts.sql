-- mart_korstabell at nation level, by year: every visible count of the reason x area table equals
-- the number of cases actualised that year with that reason and area
-- (brg_arende_aktualiseringsorsak), every visible count of goal attainment x sex the number of
-- interventions ended that year with that last assessed goal attainment and sex, no such
-- combination is missing from the mart, and a masked count says so (litet_antal).
with fakta as (

    select
        'aktualiseringsorsak_verksamhetsomrade' as tabell,
        {{ isu_date_part('year', 'a.datum_aktualisering') }} as ar,
        {{ dbt.cast('o.aktualiseringsorsak', dbt.type_string()) }} as rad_kod,
        a.verksamhetsomrade as kolumn_kod,
        count(*) as antal
    from {{ ref('fct_arende') }} as a
    inner join {{ ref('brg_arende_aktualiseringsorsak') }} as o
        on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id
    group by 2, 3, 4

    union all

    select
        'maluppfyllelse_kon',
        {{ isu_date_part('year', 'datum_avslut') }},
        {{ dbt.cast('senaste_maluppfyllelse', dbt.type_string()) }},
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        count(*)
    from {{ ref('fct_insats') }}
    where datum_avslut is not null and senaste_maluppfyllelse is not null and juridiskt_kon is not null
    group by 2, 3, 4

),

mart as (

    select tabell, {{ dbt.cast('period', dbt.type_int()) }} as ar, rad_kod, kolumn_kod, antal, undertryckt_orsak
    from {{ ref('mart_korstabell') }}
    where niva = 'riket' and period_typ = 'ar'
      and tabell in ('aktualiseringsorsak_verksamhetsomrade', 'maluppfyllelse_kon')

)

select f.*, m.antal as antal_mart
from fakta as f
left join mart as m
    on m.tabell = f.tabell and m.ar = f.ar and m.rad_kod = f.rad_kod and m.kolumn_kod = f.kolumn_kod
where m.tabell is null
   or (m.antal is not null and m.antal <> f.antal)
   or (m.antal is null and m.undertryckt_orsak <> 'litet_antal')
   or (m.antal is not null and f.antal <= {{ var('isu_max_maskerat_antal') }})
