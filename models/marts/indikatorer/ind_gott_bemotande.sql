-- GOTT_BEMOTANDE, Gott bemötande (B4) (003 B4). One row per follow-up with the client's answer to B4
-- (b4_bemotande) recorded.
--   namnare    = answer 1-5
--   exkluderad = answer 6 (vet inte/har ingen uppfattning): left out of the denominator
--   taljare    = answer 1 or 2 (treated very or fairly well)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
select
    'GOTT_BEMOTANDE' as indikator_id,
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
    case when u.b4_bemotande between 1 and 5 then 1 else 0 end as namnare,
    case when u.b4_bemotande in (1, 2) then 1 else 0 end as taljare,
    case when u.b4_bemotande = 6 then 1 else 0 end as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_uppfoljning') }} as u
where u.b4_bemotande is not null
