-- DELAKTIGHET, Kunnat påverka insatsen (B5) (003 B5). One row per follow-up with the client's answer to B5
-- (b5_delaktighet) recorded.
--   namnare    = answer 1-4
--   exkluderad = answer 5 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (could influence it a lot or quite a lot)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('DELAKTIGHET',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.b5_delaktighet between 1 and 4 then 1 else 0 end",
                         taljare="case when u.b5_delaktighet in (1, 2) then 1 else 0 end",
                         exkluderad="case when u.b5_delaktighet = 5 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b5_delaktighet is not null
