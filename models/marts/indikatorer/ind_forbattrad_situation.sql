-- FORBATTRAD_SITUATION, Förbättrad situation (B1a) (003 B1a). One row per follow-up with the client's answer to B1a
-- (b1a_situation) recorded.
--   namnare    = answer 1-5
--   exkluderad = answer 6 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (the situation improved a lot or a little)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('FORBATTRAD_SITUATION',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.b1a_situation between 1 and 5 then 1 else 0 end",
                         taljare="case when u.b1a_situation in (1, 2) then 1 else 0 end",
                         exkluderad="case when u.b1a_situation = 6 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b1a_situation is not null
