-- The cases as the indicator models read them: one row per case (kommun_kod, arende_id) with the
-- person's pseudonym, birth date (for ages at any date), sex and origin as the breakdown groups
-- name them, the case's dates and its age group at actualisation.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    a.kommun_kod,
    a.arende_id,
    a.verksamhetsomrade,
    a.person_pseudonym,
    p.fodelsedatum,
    a.alder_uppgiven,
    case a.juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end as kon,
    {{ dbt.cast('a.ursprung', dbt.type_string()) }} as ursprung,
    a.datum_aktualisering,
    a.datum_beslut,
    a.datum_avslut,
    p.alder_vid_aktualisering,
    p.aldersgrupp_vid_aktualisering
from {{ isu_per_kommun(ref('stg_arende')) }} as a
inner join {{ isu_per_kommun(ref('int_arende_person')) }} as p
    on p.kommun_kod = a.kommun_kod and p.arende_id = a.arende_id
