-- Every value set of the specification (the 20 variables and the 6 client questions), long:
-- one row per (kolumn, kod) with Swedish and English labels and the display order.
select
    k.variabel,
    k.kolumn,
    v.namn_sv as variabel_namn_sv,
    v.namn_en as variabel_namn_en,
    {{ dbt.cast('k.kod', dbt.type_int()) }} as kod,
    k.etikett_sv,
    k.etikett_en,
    {{ dbt.cast('k.sortering', dbt.type_int()) }} as sortering
from {{ ref('kodverk') }} as k
left join {{ ref('variabler') }} as v
    on v.variabel = k.variabel
