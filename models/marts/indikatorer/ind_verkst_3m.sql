-- VERKST_3M, Beslut verkställda inom tre månader (001 4:1). One row per intervention implemented.
--   taljare = implemented on or before the date 3 calendar months after its decision
-- Event date: the implementation. Groups: sex and origin of the case, age group at the decision
-- (as mart_ledtid's beslut_till_verkstallighet, the same lead times).
select
    'VERKST_3M' as indikator_id,
    i.insats_id as enhet_id,
    i.person_pseudonym,
    i.datum_verkstallighet as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    i.kommun_kod,
    i.verksamhetsomrade,
    i.insatstyp,
    i.kon,
    i.ursprung,
    i.aldersgrupp_vid_beslut as aldersgrupp,
    1 as namnare,
    case when {{ isu_within_months('i.datum_beslut', 'i.datum_verkstallighet', 3) }} then 1 else 0 end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_insats') }} as i
where i.datum_verkstallighet is not null
