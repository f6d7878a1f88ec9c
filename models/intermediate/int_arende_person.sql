-- The person of every case: one row per case (kommun_kod, arende_id), with the age and age group
-- at actualisation. Age comes from the birth date (derived from the personnummer at load); when
-- the case has no personnummer, the age given in the extract (alder_uppgiven) is used as it is.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with arende as (

    select
        kommun_kod,
        arende_id,
        person_pseudonym,
        fodelsedatum,
        ar_samordningsnummer,
        juridiskt_kon,
        juridiskt_kon_kalla,
        alder_uppgiven,
        datum_aktualisering
    from {{ isu_per_kommun(ref('stg_arende')) }} as stg_arende

),

aged as (

    select
        *,
        case
            when fodelsedatum is not null
                then {{ isu_age_years('fodelsedatum', 'datum_aktualisering') }}
            else alder_uppgiven
        end as alder_vid_aktualisering
    from arende

)

select
    kommun_kod,
    arende_id,
    person_pseudonym,
    fodelsedatum,
    ar_samordningsnummer,
    juridiskt_kon,
    juridiskt_kon_kalla,
    alder_uppgiven,
    datum_aktualisering,
    alder_vid_aktualisering,
    {{ isu_aldersgrupp('alder_vid_aktualisering') }} as aldersgrupp_vid_aktualisering
from aged
