-- SIP_TACKNING, SIP där behov finns (003 V15). One row per follow-up with V15 (sip) recorded.
--   namnare    = V15 1 or 2 (a SIP exists, or one is needed)
--   exkluderad = V15 3 (no SIP needed): left out of the denominator
--   taljare    = V15 1 (a SIP exists)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    {{ isu_indikator_rad('SIP_TACKNING',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="case when u.sip in (1, 2) then 1 else 0 end",
                         taljare="case when u.sip = 1 then 1 else 0 end",
                         exkluderad="case when u.sip = 3 then 1 else 0 end") }}
from {{ ref('int_indikator_uppfoljning') }} as u
where u.sip is not null
