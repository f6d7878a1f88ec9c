-- Bridge of the multi-valued variable V14 (samverkan): one row per (uppfoljning_id, code).
-- Built from the '|'-separated text of stg_uppfoljning with a small number spine and dbt.split_part.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with exploded as (

    {{ isu_explode_codes(isu_per_kommun(ref('stg_uppfoljning')), ['kommun_kod', 'uppfoljning_id'], 'samverkan', max_codes=12) }}

)

select
    kommun_kod,
    uppfoljning_id,
    kod as samverkan
from exploded
