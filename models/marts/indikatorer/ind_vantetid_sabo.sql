-- VANTETID_SABO, Väntetid till särskilt boende (median days) (004, ÄO; 000 #92 context). One row per
-- intervention of type 32 (särskilt boende) implemented, with the days from the case's
-- actualisation to the implementation (dagar). varde is the median of the days (exact, continuous);
-- namnare how many.
-- Event date: the implementation. Groups: sex and origin, age group at the decision (as
-- mart_ledtid's aktualisering_till_verkstallighet, the same lead times).
select
    'VANTETID_SABO' as indikator_id,
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
    0 as taljare,
    0 as exkluderad,
    {{ dbt.cast(dbt.datediff('i.arende_datum_aktualisering', 'i.datum_verkstallighet', 'day'), dbt.type_int()) }} as dagar
from {{ ref('int_indikator_insats') }} as i
where i.insatstyp = 32
  and i.datum_verkstallighet is not null
