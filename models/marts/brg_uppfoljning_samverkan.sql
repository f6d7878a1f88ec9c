-- Bridge: one row per (uppfoljning_id, samverkan code) with the code's Swedish label.
select
    b.kommun_kod,
    b.uppfoljning_id,
    b.samverkan,
    k.etikett_sv as samverkan_etikett
from {{ ref('int_uppfoljning_samverkan') }} as b
left join {{ ref('kodverk') }} as k
    on k.kolumn = 'samverkan' and k.kod = b.samverkan
