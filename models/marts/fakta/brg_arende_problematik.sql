-- Bridge: one row per (arende_id, problematik code) with the code's Swedish label.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    b.kommun_kod,
    b.arende_id,
    b.problematik,
    k.etikett_sv as problematik_etikett
from {{ isu_per_kommun(ref('int_arende_problematik')) }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'problematik' and k.kod = b.problematik
