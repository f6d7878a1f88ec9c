-- The follow-ups as the indicator models read them: one row per follow-up (kommun_kod,
-- uppfoljning_id) with its intervention's type, its case's person and area, V14 (as the
-- '|'-separated list), V15, V17, the six client answers, and the age group on the day.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    u.kommun_kod,
    u.uppfoljning_id,
    u.insats_id,
    i.arende_id,
    i.verksamhetsomrade,
    i.insatstyp,
    i.person_pseudonym,
    i.kon,
    i.ursprung,
    u.datum_uppfoljning,
    u.samverkan,
    u.sip,
    u.maluppfyllelse,
    u.b1a_situation,
    u.b1b_livskvalitet,
    u.b2_betydelse,
    u.b3_nojdhet,
    u.b4_bemotande,
    u.b5_delaktighet,
    {{ isu_aldersgrupp(isu_alder_vid('i.fodelsedatum', 'i.alder_uppgiven', 'u.datum_uppfoljning')) }}
        as aldersgrupp_vid_uppfoljning
from {{ isu_per_kommun(ref('stg_uppfoljning')) }} as u
inner join {{ isu_per_kommun(ref('int_indikator_insats')) }} as i
    on i.kommun_kod = u.kommun_kod and i.insats_id = u.insats_id
