-- ATERAKT_12M, Återaktualisering inom 12 månader (alla områden) (001 3:5, generalised). One row per
-- closed case of a person (cases without a personnummer are left out; the roll-up counts each
-- person once per period, unit and group).
--   taljare = the person has a new case in the same area and municipality, actualised after the
--             closure and within var('isu_ateraktualisering_manader') (12) calendar months of it
--             (int_arende_episod)
-- Event date: the closure. Groups: sex and origin of the case, age group on the closing day.
{%- set aldersgrupp -%}
{{ isu_aldersgrupp(isu_alder_vid('a.fodelsedatum', 'a.alder_uppgiven', 'a.datum_avslut')) }}
{%- endset %}
select
    {{ isu_indikator_rad('ATERAKT_12M',
                         'a',
                         enhet_id="a.arende_id",
                         handelsedatum="a.datum_avslut",
                         aldersgrupp=aldersgrupp,
                         namnare="1",
                         taljare="case when e.har_ateraktualisering_inom_12m then 1 else 0 end",
                         insatstyp=none) }}
from {{ ref('int_indikator_arende') }} as a
inner join {{ ref('int_arende_episod') }} as e
    on e.kommun_kod = a.kommun_kod and e.arende_id = a.arende_id
where a.person_pseudonym is not null
  and a.datum_avslut is not null
