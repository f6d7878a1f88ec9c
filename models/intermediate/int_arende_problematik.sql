-- Bridge of the multi-valued variable V9 (problematik): one row per (arende_id, code).
-- Built from the '|'-separated text of stg_arende with a small number spine and dbt.split_part.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with exploded as (

    {{ isu_explode_codes(isu_per_kommun(ref('stg_arende')), ['kommun_kod', 'arende_id'], 'problematik', max_codes=14) }}

)

select
    kommun_kod,
    arende_id,
    kod as problematik
from exploded
