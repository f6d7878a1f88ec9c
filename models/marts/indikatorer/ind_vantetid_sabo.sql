-- VANTETID_SABO, Väntetid till särskilt boende (median days) (004, ÄO; 000 #92 context). One row per
-- intervention of type 32 (särskilt boende) implemented, with the days from the case's
-- actualisation to the implementation (dagar). varde is the median of the days (exact, continuous);
-- namnare how many.
-- Event date: the implementation. Groups: sex and origin, age group at the decision (as
-- mart_ledtid's aktualisering_till_verkstallighet, the same lead times).
{%- set dagar -%}
{{ dbt.cast(dbt.datediff('i.arende_datum_aktualisering', 'i.datum_verkstallighet', 'day'), dbt.type_int()) }}
{%- endset %}
select
    {{ isu_indikator_rad('VANTETID_SABO',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_verkstallighet",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare="0",
                         dagar=dagar) }}
from {{ ref('int_indikator_insats') }} as i
where i.insatstyp = 32
  and i.datum_verkstallighet is not null
