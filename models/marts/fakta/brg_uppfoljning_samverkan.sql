-- Bridge: one row per (uppfoljning_id, samverkan code) with the code's Swedish label.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    b.kommun_kod,
    b.uppfoljning_id,
    b.samverkan,
    k.etikett_sv as samverkan_etikett
from {{ isu_per_kommun(ref('int_uppfoljning_samverkan')) }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'samverkan' and k.kod = b.samverkan
