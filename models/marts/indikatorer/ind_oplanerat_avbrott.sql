-- OPLANERAT_AVBROTT, Oplanerat avbrott (003 V20). One row per intervention ended with V20
-- (avslutsorsak) recorded.
--   taljare = V20 3, 4 or 5 (ended unplanned on the initiative of the provider, the client or
--             the guardian)
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    'OPLANERAT_AVBROTT' as indikator_id,
    i.insats_id as enhet_id,
    i.person_pseudonym,
    i.datum_avslut as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    i.kommun_kod,
    i.verksamhetsomrade,
    i.insatstyp,
    i.kon,
    i.ursprung,
    i.aldersgrupp_vid_beslut as aldersgrupp,
    1 as namnare,
    case when i.avslutsorsak in (3, 4, 5) then 1 else 0 end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
  and i.avslutsorsak is not null
