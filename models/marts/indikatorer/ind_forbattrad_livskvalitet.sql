-- FORBATTRAD_LIVSKVALITET, Förbättrad livskvalitet (B1b) (003 B1b). One row per follow-up with the client's answer to B1b
-- (b1b_livskvalitet) recorded.
--   namnare    = answer 1-5
--   exkluderad = answer 6 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (the quality of life improved a lot or a little)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('FORBATTRAD_LIVSKVALITET',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.b1b_livskvalitet between 1 and 5 then 1 else 0 end",
                         taljare="case when u.b1b_livskvalitet in (1, 2) then 1 else 0 end",
                         exkluderad="case when u.b1b_livskvalitet = 6 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b1b_livskvalitet is not null
