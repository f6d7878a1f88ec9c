-- STODETS_BETYDELSE, Stödet hade stor betydelse (B2) (003 B2). One row per follow-up with the client's answer to B2
-- (b2_betydelse) recorded.
--   namnare    = answer 1-4
--   exkluderad = answer 5 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (very or fairly great importance)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('STODETS_BETYDELSE',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.b2_betydelse between 1 and 4 then 1 else 0 end",
                         taljare="case when u.b2_betydelse in (1, 2) then 1 else 0 end",
                         exkluderad="case when u.b2_betydelse = 5 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b2_betydelse is not null
