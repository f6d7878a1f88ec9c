-- The interventions as the indicator models read them: one row per intervention (kommun_kod,
-- insats_id) with its case's person, area and dates, its own dates, V19, V20, the last assessed
-- goal attainment (int_insats_maluppfyllelse) and its age group at the decision.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    i.kommun_kod,
    i.insats_id,
    i.arende_id,
    a.verksamhetsomrade,
    a.person_pseudonym,
    a.fodelsedatum,
    a.alder_uppgiven,
    a.kon,
    a.ursprung,
    a.datum_aktualisering as arende_datum_aktualisering,
    a.datum_beslut        as arende_datum_beslut,
    a.alder_vid_aktualisering,
    i.insatstyp,
    i.datum_beslut,
    i.datum_verkstallighet,
    i.datum_avslut,
    i.genomforande,
    i.avslutsorsak,
    m.senaste_maluppfyllelse,
    {{ isu_aldersgrupp(isu_alder_vid('a.fodelsedatum', 'a.alder_uppgiven', 'i.datum_beslut')) }} as aldersgrupp_vid_beslut
from {{ isu_per_kommun(ref('stg_insats')) }} as i
inner join {{ isu_per_kommun(ref('int_indikator_arende')) }} as a
    on a.kommun_kod = i.kommun_kod and a.arende_id = i.arende_id
left join {{ isu_per_kommun(ref('int_insats_maluppfyllelse')) }} as m
    on m.kommun_kod = i.kommun_kod and m.insats_id = i.insats_id
