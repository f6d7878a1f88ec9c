-- Bridge of the multi-valued variable V14 (samverkan): one row per (uppfoljning_id, code).
-- Built from the '|'-separated text of stg_uppfoljning with a small number spine and dbt.split_part.
with exploded as (

    {{ isu_explode_codes(ref('stg_uppfoljning'), ['kommun_kod', 'uppfoljning_id'], 'samverkan', max_codes=12) }}

)

select
    kommun_kod,
    uppfoljning_id,
    kod as samverkan
from exploded
