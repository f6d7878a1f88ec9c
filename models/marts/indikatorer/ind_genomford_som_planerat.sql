-- GENOMFORD_SOM_PLANERAT, Insatsen genomförd som planerat (003 V19). One row per intervention
-- ended with V19 (genomforande) recorded.
--   taljare = V19 = 1 (carried out as planned)
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    'GENOMFORD_SOM_PLANERAT' as indikator_id,
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
    case when i.genomforande = 1 then 1 else 0 end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
  and i.genomforande is not null
