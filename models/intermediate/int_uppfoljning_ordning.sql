-- Order of the follow-ups within their intervention: one row per (kommun_kod, uppfoljning_id).
-- ordning 1 is the earliest follow-up; follow-ups on the same date are ordered by uppfoljning_id
-- (text order), so the last one is the one int_insats_maluppfyllelse breaks ties towards.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    kommun_kod,
    uppfoljning_id,
    insats_id,
    datum_uppfoljning,
    row_number() over (
        partition by kommun_kod, insats_id
        order by datum_uppfoljning, uppfoljning_id
    ) as ordning,
    count(*) over (partition by kommun_kod, insats_id) as antal_uppfoljningar_i_insatsen
from {{ isu_per_kommun(ref('stg_uppfoljning')) }} as stg_uppfoljning
