-- Row-level input of mart_arendeflode: one row per case (enhet 'arende': actualisation to
-- closure) and per intervention (enhet 'insats': decision to end), with unit, area and sex.
-- Incremental by municipality (macros/isu_inkrementell.sql): it reads only the row-level facts.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    'arende' as enhet,
    kommun_kod,
    arende_id as id,
    verksamhetsomrade,
    case juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end as kon,
    datum_aktualisering as startdatum,
    datum_avslut        as slutdatum
from {{ isu_per_kommun(ref('fct_arende')) }} as fct_arende

union all

select
    'insats' as enhet,
    kommun_kod,
    insats_id as id,
    verksamhetsomrade,
    case juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end as kon,
    datum_beslut as startdatum,
    datum_avslut as slutdatum
from {{ isu_per_kommun(ref('fct_insats')) }} as fct_insats
