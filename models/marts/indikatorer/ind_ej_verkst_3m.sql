-- EJ_VERKST_3M, Ej verkställda beslut äldre än tre månader (001 4:1 context; SoL 16 kap. 6 f §,
-- LSS 28 f §): a count at the end of each period. One row per intervention that at some time was
-- decided, neither implemented nor ended, with its decision more than 3 months back:
--   handelsedatum = the first day it is on the list: the day after the date 3 calendar months after
--                   the decision
--   slutdatum     = the day it leaves the list: its implementation or its end, whichever comes
--                   first (null while it is still waiting)
-- It is counted at a period's end E when handelsedatum <= E and (slutdatum is null or E < slutdatum).
-- Groups: sex and origin of the case, age group at the decision.
with vantande as (

    select
        i.*,
        {{ dbt.cast(dbt.dateadd('day', 1, dbt.dateadd('month', 3, 'i.datum_beslut')), 'date') }} as pa_listan,
        case
            when i.datum_verkstallighet is null then i.datum_avslut
            when i.datum_avslut is null then i.datum_verkstallighet
            when i.datum_verkstallighet < i.datum_avslut then i.datum_verkstallighet
            else i.datum_avslut
        end as av_listan
    from {{ ref('int_indikator_insats') }} as i

)

select
    {{ isu_indikator_rad('EJ_VERKST_3M',
                         'v',
                         enhet_id="v.insats_id",
                         handelsedatum="v.pa_listan",
                         aldersgrupp="v.aldersgrupp_vid_beslut",
                         namnare="0",
                         taljare="1",
                         slutdatum="v.av_listan") }}
from vantande as v
where v.av_listan is null or v.av_listan > v.pa_listan
