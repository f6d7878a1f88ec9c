-- JOURHEM_2M, Jourhemsplaceringar högst två månader (proxy) (001 4:2). One row per intervention of
-- type 16 (jourhem; the type also holds beredskapshem) decided.
--   taljare = ended on or before the date 2 calendar months after the case's decision date (the
--             proxy for "avslutad utredning"); 0 while it goes on or when the case has no decision
-- Event date: the intervention's decision. Groups: sex and origin, age group at the decision.
{%- set taljare -%}
case
    when i.datum_avslut is not null and i.arende_datum_beslut is not null
     and {{ isu_within_months('i.arende_datum_beslut', 'i.datum_avslut', 2) }} then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('JOURHEM_2M',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_beslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare=taljare) }}
from {{ ref('int_indikator_insats') }} as i
where i.insatstyp = 16
