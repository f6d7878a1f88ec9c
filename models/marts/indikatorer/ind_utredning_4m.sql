-- UTREDNING_4M, Utredningar avslutade inom fyra månader (proxy: actualisation -> decision)
-- (001 5:4). One row per BOU case decided (the 4-month limit of SoL 11 kap. 2 § binds children's
-- investigations only).
--   taljare = decided on or before the date 4 calendar months after the actualisation
-- Event date: the decision. Groups: sex and origin, age group at actualisation (as mart_ledtid's
-- aktualisering_till_beslut, the same lead times).
select
    'UTREDNING_4M' as indikator_id,
    a.arende_id as enhet_id,
    a.person_pseudonym,
    a.datum_beslut as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    a.kommun_kod,
    a.verksamhetsomrade,
    {{ dbt.cast('null', dbt.type_int()) }} as insatstyp,
    a.kon,
    a.ursprung,
    a.aldersgrupp_vid_aktualisering as aldersgrupp,
    1 as namnare,
    case when {{ isu_within_months('a.datum_aktualisering', 'a.datum_beslut', 4) }} then 1 else 0 end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_arende') }} as a
where a.verksamhetsomrade = 'BOU'
  and a.datum_beslut is not null
