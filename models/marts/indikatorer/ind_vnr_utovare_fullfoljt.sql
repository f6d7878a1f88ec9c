-- VNR_UTOVARE_FULLFOLJT, Våldsutövare som fullföljt insats (004 Bilaga 2 no. 3). One row per
-- intervention ended, in a case of an adult (18 or older at actualisation) actualised for reason 3
-- (utövar våld/övergrepp; one of the case's V2 codes). Persons: cases without a personnummer are
-- left out, and the roll-up counts each person once per period, unit and group.
--   taljare = the intervention ended with V20 = 1 (its goals reached); a person counts in the
--             numerator when any of their interventions ended in the period did
-- Event date: the intervention's end. Groups: sex and origin, age group at the decision.
select
    {{ isu_indikator_rad('VNR_UTOVARE_FULLFOLJT',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare="case when i.avslutsorsak = 1 then 1 else 0 end") }}
from {{ ref('int_indikator_insats') }} as i
inner join {{ ref('int_arende_aktualiseringsorsak') }} as o
    on o.kommun_kod = i.kommun_kod and o.arende_id = i.arende_id and o.aktualiseringsorsak = 3
where i.person_pseudonym is not null
  and i.alder_vid_aktualisering >= 18
  and i.datum_avslut is not null
