-- DAGAR_SABO, Dagar i särskilt boende per person som lämnat särskilt boende (004, ÄO centrala
-- nyckeltal). One row per intervention of type 32 (särskilt boende) implemented and ended, with its
-- days from implementation to end (dagar). Persons: cases without a personnummer are left out.
-- In mart_indikator: taljare = the days of every such intervention ended in the period, namnare =
-- the persons they belong to (each once), varde = days per person. The median of the days per
-- intervention is mart_ledtid's verkstallighet_till_avslut for type 32.
-- Event date: the end. Groups: sex and origin, age group at the decision.
{%- set dagar -%}
{{ dbt.cast(dbt.datediff('i.datum_verkstallighet', 'i.datum_avslut', 'day'), dbt.type_int()) }}
{%- endset %}
select
    {{ isu_indikator_rad('DAGAR_SABO',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare="0",
                         dagar=dagar) }}
from {{ ref('int_indikator_insats') }} as i
where i.insatstyp = 32
  and i.datum_verkstallighet is not null
  and i.datum_avslut is not null
  and i.person_pseudonym is not null
