-- FORBATTRAD_SITUATION, Förbättrad situation (B1a) (003 B1a). One row per follow-up with the client's answer to B1a
-- (b1a_situation) recorded.
--   namnare    = answer 1-5
--   exkluderad = answer 6 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (the situation improved a lot or a little)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    'FORBATTRAD_SITUATION' as indikator_id,
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
    case when u.b1a_situation between 1 and 5 then 1 else 0 end as namnare,
    case when u.b1a_situation in (1, 2) then 1 else 0 end as taljare,
    case when u.b1a_situation = 6 then 1 else 0 end as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b1a_situation is not null
