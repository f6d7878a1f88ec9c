-- GENOMFORD_SOM_PLANERAT, Insatsen genomförd som planerat (003 V19). One row per intervention
-- ended with V19 (genomforande) recorded.
--   taljare = V19 = 1 (carried out as planned)
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    {{ isu_indikator_rad('GENOMFORD_SOM_PLANERAT',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare="case when i.genomforande = 1 then 1 else 0 end") }}
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
  and i.genomforande is not null
