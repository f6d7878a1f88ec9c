-- The case-flow cells (int_pub_flode_cell, before protection), nation / year / all areas / group
-- alla: new, ongoing and ended cases and interventions of every year equal the counts taken
-- straight from the facts (e.g. new cases of 2024 = cases in fct_arende actualised in 2024;
-- ongoing = actualised on or before 31 December and not closed before 1 January); and what
-- mart_arendeflode shows equals its cell. Returns the years and units that differ.
with enheter as (

    select 'arende' as enhet, datum_aktualisering as startdatum, datum_avslut as slutdatum
    from {{ ref('fct_arende') }}
    union all
    select 'insats', datum_beslut, datum_avslut
    from {{ ref('fct_insats') }}

),

ar as (

    select distinct {{ dbt.cast('period', dbt.type_int()) }} as ar
    from {{ ref('int_pub_flode_cell') }}
    where period_typ = 'ar'

),

fakta as (

    select
        e.enhet,
        a.ar,
        sum(case when {{ isu_date_part('year', 'e.startdatum') }} = a.ar then 1 else 0 end) as nya,
        sum(case when {{ isu_date_part('year', 'e.startdatum') }} <= a.ar
                  and (e.slutdatum is null or {{ isu_date_part('year', 'e.slutdatum') }} >= a.ar)
                 then 1 else 0 end) as pagaende,
        sum(case when {{ isu_date_part('year', 'e.slutdatum') }} = a.ar then 1 else 0 end) as avslutade
    from enheter as e
    cross join ar as a
    group by e.enhet, a.ar

),

celler as (

    select enhet, {{ dbt.cast('period', dbt.type_int()) }} as ar, nya, pagaende, avslutade
    from {{ ref('int_pub_flode_cell') }}
    where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'

),

mart as (

    select enhet, {{ dbt.cast('period', dbt.type_int()) }} as ar, nya, pagaende, avslutade
    from {{ ref('mart_arendeflode') }}
    where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'

)

select f.enhet, f.ar, f.nya, c.nya as cell_nya, f.pagaende, c.pagaende as cell_pagaende,
       f.avslutade, c.avslutade as cell_avslutade
from fakta as f
full outer join celler as c
    on c.enhet = f.enhet and c.ar = f.ar
left join mart as m
    on m.enhet = c.enhet and m.ar = c.ar
where f.enhet is null or c.enhet is null
   or f.nya <> c.nya or f.pagaende <> c.pagaende or f.avslutade <> c.avslutade
   or m.nya <> c.nya or m.pagaende <> c.pagaende or m.avslutade <> c.avslutade
