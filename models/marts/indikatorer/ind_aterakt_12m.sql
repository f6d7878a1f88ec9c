-- ATERAKT_12M, Återaktualisering inom 12 månader (alla områden) (001 3:5, generalised). One row per
-- closed case of a person (cases without a personnummer are left out; the roll-up counts each
-- person once per period, unit and group).
--   taljare = the person has a new case in the same area and municipality, actualised after the
--             closure and within var('isu_ateraktualisering_manader') (12) calendar months of it
--             (int_arende_episod)
-- Event date: the closure. Groups: sex and origin of the case, age group on the closing day.
select
    'ATERAKT_12M' as indikator_id,
    a.arende_id as enhet_id,
    a.person_pseudonym,
    a.datum_avslut as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    a.kommun_kod,
    a.verksamhetsomrade,
    {{ dbt.cast('null', dbt.type_int()) }} as insatstyp,
    a.kon,
    a.ursprung,
    {{ isu_aldersgrupp(isu_alder_vid('a.fodelsedatum', 'a.alder_uppgiven', 'a.datum_avslut')) }} as aldersgrupp,
    1 as namnare,
    case when e.har_ateraktualisering_inom_12m then 1 else 0 end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_arende') }} as a
inner join {{ ref('int_arende_episod') }} as e
    on e.kommun_kod = a.kommun_kod and e.arende_id = a.arende_id
where a.person_pseudonym is not null
  and a.datum_avslut is not null
