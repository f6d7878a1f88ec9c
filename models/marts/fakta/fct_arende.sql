-- One row per case (arende), keyed by (kommun_kod, arende_id). No birth date: ages only.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with arende as (

    select * from {{ isu_per_kommun(ref('stg_arende')) }} as stg_arende

),

person as (

    select * from {{ isu_per_kommun(ref('int_arende_person')) }} as int_arende_person

),

episod as (

    select * from {{ isu_per_kommun(ref('int_arende_episod')) }} as int_arende_episod

),

orsaker as (

    select kommun_kod, arende_id, count(*) as antal_aktualiseringsorsaker
    from {{ isu_per_kommun(ref('int_arende_aktualiseringsorsak')) }} as int_arende_aktualiseringsorsak
    group by kommun_kod, arende_id

),

insatser as (

    select kommun_kod, arende_id, count(*) as antal_insatser
    from {{ isu_per_kommun(ref('stg_insats')) }} as stg_insats
    group by kommun_kod, arende_id

)

select
    a.kommun_kod,
    {{ isu_lan_kod('a.kommun_kod') }}                      as lan_kod,
    a.verksamhetsomrade,
    a.arende_id,
    a.person_pseudonym,
    a.datum_aktualisering,
    a.datum_beslut,
    a.datum_avslut,
    coalesce(o.antal_aktualiseringsorsaker, 0)         as antal_aktualiseringsorsaker,
    a.ursprung,
    a.hushallstyp,
    a.tidigare_kontakt,
    a.juridiskt_kon,
    p.alder_vid_aktualisering,
    p.aldersgrupp_vid_aktualisering,
    {{ dbt.datediff('a.datum_aktualisering', 'a.datum_beslut', 'day') }} as dagar_aktualisering_till_beslut,
    {{ dbt.datediff('a.datum_aktualisering', 'a.datum_avslut', 'day') }} as dagar_aktualisering_till_avslut,
    case when a.datum_avslut is not null then true else false end as ar_avslutad,
    e.ar_ateraktualisering,
    e.har_ateraktualisering_inom_12m,
    coalesce(i.antal_insatser, 0)                      as antal_insatser
from arende as a
left join person as p
    on p.kommun_kod = a.kommun_kod and p.arende_id = a.arende_id
left join episod as e
    on e.kommun_kod = a.kommun_kod and e.arende_id = a.arende_id
left join orsaker as o
    on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id
left join insatser as i
    on i.kommun_kod = a.kommun_kod and i.arende_id = a.arende_id
