-- STODETS_BETYDELSE, Stödet hade stor betydelse (B2) (003 B2). One row per follow-up with the client's answer to B2
-- (b2_betydelse) recorded.
--   namnare    = answer 1-4
--   exkluderad = answer 5 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (very or fairly great importance)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    'STODETS_BETYDELSE' as indikator_id,
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
    case when u.b2_betydelse between 1 and 4 then 1 else 0 end as namnare,
    case when u.b2_betydelse in (1, 2) then 1 else 0 end as taljare,
    case when u.b2_betydelse = 5 then 1 else 0 end as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b2_betydelse is not null
