-- Bridge of the multi-valued variable V2 (aktualiseringsorsak): one row per (arende_id, code).
-- Built from the '|'-separated text of stg_arende with a small number spine and dbt.split_part.
with exploded as (

    {{ isu_explode_codes(ref('stg_arende'), ['kommun_kod', 'arende_id'], 'aktualiseringsorsak', max_codes=14) }}

)

select
    kommun_kod,
    arende_id,
    kod as aktualiseringsorsak
from exploded
