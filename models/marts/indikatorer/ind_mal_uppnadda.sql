-- MAL_UPPNADDA, Alla mål uppnådda (003 V17; 000 #15/#16). One row per intervention ended with a last assessed goal attainment
-- (INDICATORS.md: the V17 of its latest follow-up dated on or before the end; ties: the greatest
-- uppfoljning_id; int_insats_maluppfyllelse).
--   namnare    = last goal attainment 1-5
--   exkluderad = last goal attainment 6 "kan inte bedöma": left out of the denominator
--   taljare    = all goals reached: 1 or 3
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    {{ isu_indikator_rad('MAL_UPPNADDA',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="case when i.senaste_maluppfyllelse between 1 and 5 then 1 else 0 end",
                         taljare="case when i.senaste_maluppfyllelse in (1, 3) then 1 else 0 end",
                         exkluderad="case when i.senaste_maluppfyllelse = 6 then 1 else 0 end") }}
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
  and i.senaste_maluppfyllelse is not null
