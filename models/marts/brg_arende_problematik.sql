-- Bridge: one row per (arende_id, problematik code) with the code's Swedish label.
select
    b.kommun_kod,
    b.arende_id,
    b.problematik,
    k.etikett_sv as problematik_etikett
from {{ ref('int_arende_problematik') }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'problematik' and k.kod = b.problematik
