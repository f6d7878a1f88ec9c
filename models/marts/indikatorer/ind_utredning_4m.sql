-- UTREDNING_4M, Utredningar avslutade inom fyra månader (proxy: actualisation -> decision)
-- (001 5:4). One row per BOU case decided (the 4-month limit of SoL 11 kap. 2 § binds children's
-- investigations only).
--   taljare = decided on or before the date 4 calendar months after the actualisation
-- Event date: the decision. Groups: sex and origin, age group at actualisation (as mart_ledtid's
-- aktualisering_till_beslut, the same lead times).
{%- set taljare -%}
case when {{ isu_within_months('a.datum_aktualisering', 'a.datum_beslut', 4) }} then 1 else 0 end
{%- endset %}
select
    {{ isu_indikator_rad('UTREDNING_4M',
                         'a',
                         enhet_id="a.arende_id",
                         handelsedatum="a.datum_beslut",
                         aldersgrupp="a.aldersgrupp_vid_aktualisering",
                         namnare="1",
                         taljare=taljare,
                         insatstyp=none) }}
from {{ ref('int_indikator_arende') }} as a
where a.verksamhetsomrade = 'BOU'
  and a.datum_beslut is not null
