-- NOJD, Nöjda brukare (B3) (003 B3). One row per follow-up with the client's answer to B3
-- (b3_nojdhet) recorded.
--   namnare    = answer 1-5
--   exkluderad = answer 6 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (very or fairly satisfied)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('NOJD',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.b3_nojdhet between 1 and 5 then 1 else 0 end",
                         taljare="case when u.b3_nojdhet in (1, 2) then 1 else 0 end",
                         exkluderad="case when u.b3_nojdhet = 6 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b3_nojdhet is not null
