-- One row per intervention (insats), keyed by (kommun_kod, insats_id), with its case's person
-- attributes, lead times, end grouping and last assessed goal attainment. No birth date.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with insats as (

    select * from {{ isu_per_kommun(ref('stg_insats')) }} as stg_insats

),

arende as (

    select kommun_kod, arende_id, verksamhetsomrade, person_pseudonym, datum_aktualisering,
           ursprung, juridiskt_kon
    from {{ isu_per_kommun(ref('stg_arende')) }} as stg_arende

),

person as (

    select kommun_kod, arende_id, fodelsedatum, alder_uppgiven
    from {{ isu_per_kommun(ref('int_arende_person')) }} as int_arende_person

),

maluppfyllelse as (

    select * from {{ isu_per_kommun(ref('int_insats_maluppfyllelse')) }} as int_insats_maluppfyllelse

),

uppfoljningar as (

    select
        u.kommun_kod,
        u.insats_id,
        count(*) as antal_uppfoljningar,
        min(case when u.datum_uppfoljning >= i.datum_verkstallighet then u.datum_uppfoljning end)
            as datum_forsta_uppfoljning_efter_verkstallighet
    from {{ isu_per_kommun(ref('stg_uppfoljning')) }} as u
    inner join insats as i
        on i.kommun_kod = u.kommun_kod and i.insats_id = u.insats_id
    group by u.kommun_kod, u.insats_id

),

joined as (

    select
        i.*,
        a.verksamhetsomrade,
        a.person_pseudonym,
        a.datum_aktualisering,
        a.ursprung,
        a.juridiskt_kon,
        case
            when p.fodelsedatum is not null
                then {{ isu_age_years('p.fodelsedatum', 'i.datum_beslut') }}
            else p.alder_uppgiven
        end as alder_vid_beslut
    from insats as i
    left join arende as a
        on a.kommun_kod = i.kommun_kod and a.arende_id = i.arende_id
    left join person as p
        on p.kommun_kod = i.kommun_kod and p.arende_id = i.arende_id

)

select
    j.kommun_kod,
    {{ isu_lan_kod('j.kommun_kod') }}                      as lan_kod,
    j.insats_id,
    j.arende_id,
    j.verksamhetsomrade,
    j.person_pseudonym,
    j.insatstyp,
    t.ar_placering,
    t.ar_arbetsmarknad,
    j.datum_beslut,
    j.datum_verkstallighet,
    j.datum_avslut,
    {{ dbt.datediff('j.datum_beslut', 'j.datum_verkstallighet', 'day') }}        as dagar_beslut_till_verkstallighet,
    {{ dbt.datediff('j.datum_aktualisering', 'j.datum_verkstallighet', 'day') }} as dagar_aktualisering_till_verkstallighet,
    {{ dbt.datediff('j.datum_verkstallighet', 'j.datum_avslut', 'day') }}        as dagar_verkstallighet_till_avslut,
    {{ isu_within_months('j.datum_beslut', 'j.datum_verkstallighet', 3) }}       as verkstalld_inom_3_manader,
    j.parallella_insatser,
    j.genomforande,
    j.avslutsorsak,
    ao.avslut_grupp,
    ao.oplanerat_avbrott,
    m.senaste_maluppfyllelse,
    m.forandring,
    m.alla_mal_uppnadda,
    m.maluppfyllelse_bedombar,
    coalesce(u.antal_uppfoljningar, 0)                 as antal_uppfoljningar,
    {{ dbt.datediff('j.datum_verkstallighet', 'u.datum_forsta_uppfoljning_efter_verkstallighet', 'day') }}
                                                       as dagar_verkstallighet_till_forsta_uppfoljning,
    j.juridiskt_kon,
    j.ursprung,
    j.alder_vid_beslut,
    {{ isu_aldersgrupp('j.alder_vid_beslut') }}        as aldersgrupp_vid_beslut
from joined as j
left join {{ ref('kodverk_insatstyp') }} as t
    on t.kod = j.insatstyp
left join {{ ref('kodverk_avslutsorsak') }} as ao
    on ao.kod = j.avslutsorsak
left join maluppfyllelse as m
    on m.kommun_kod = j.kommun_kod and m.insats_id = j.insats_id
left join uppfoljningar as u
    on u.kommun_kod = j.kommun_kod and u.insats_id = j.insats_id
