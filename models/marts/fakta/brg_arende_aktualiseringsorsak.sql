-- Bridge: one row per (arende_id, aktualiseringsorsak code) with the code's Swedish label.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
select
    b.kommun_kod,
    b.arende_id,
    b.aktualiseringsorsak,
    k.etikett_sv as aktualiseringsorsak_etikett
from {{ isu_per_kommun(ref('int_arende_aktualiseringsorsak')) }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'aktualiseringsorsak' and k.kod = b.aktualiseringsorsak
