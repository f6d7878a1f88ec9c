-- Bridge: one row per (arende_id, aktualiseringsorsak code) with the code's Swedish label.
select
    b.kommun_kod,
    b.arende_id,
    b.aktualiseringsorsak,
    k.etikett_sv as aktualiseringsorsak_etikett
from {{ ref('int_arende_aktualiseringsorsak') }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'aktualiseringsorsak' and k.kod = b.aktualiseringsorsak
