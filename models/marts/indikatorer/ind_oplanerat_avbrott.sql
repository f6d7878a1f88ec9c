-- OPLANERAT_AVBROTT, Oplanerat avbrott (003 V20). One row per intervention ended with V20
-- (avslutsorsak) recorded.
--   taljare = V20 3, 4 or 5 (ended unplanned on the initiative of the provider, the client or
--             the guardian)
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    {{ isu_indikator_rad('OPLANERAT_AVBROTT',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare="case when i.avslutsorsak in (3, 4, 5) then 1 else 0 end") }}
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
  and i.avslutsorsak is not null
