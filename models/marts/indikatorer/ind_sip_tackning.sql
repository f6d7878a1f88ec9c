-- SIP_TACKNING, SIP där behov finns (003 V15). One row per follow-up with V15 (sip) recorded.
--   namnare    = V15 1 or 2 (a SIP exists, or one is needed)
--   exkluderad = V15 3 (no SIP needed): left out of the denominator
--   taljare    = V15 1 (a SIP exists)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    'SIP_TACKNING' as indikator_id,
    u.uppfoljning_id as enhet_id,
    u.person_pseudonym,
    u.datum_uppfoljning as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    u.kommun_kod,
    u.verksamhetsomrade,
    u.insatstyp,
    u.kon,
    u.ursprung,
    u.aldersgrupp_vid_uppfoljning as aldersgrupp,
    case when u.sip in (1, 2) then 1 else 0 end as namnare,
    case when u.sip = 1 then 1 else 0 end as taljare,
    case when u.sip = 3 then 1 else 0 end as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_uppfoljning') }} as u
where u.sip is not null
