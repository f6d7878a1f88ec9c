-- VNR_INSATS, Våldsutsatta vuxna som beviljats insats (004 Bilaga 2 no. 1). One row per case of an
-- adult (18 or older at actualisation) actualised for reason 2 (utsatt för våld/övergrepp; one of
-- the case's V2 codes). Persons: cases without a personnummer are left out, and the roll-up counts
-- each person once per period, unit and group.
--   taljare = an intervention was decided in that case (at any time)
-- Event date: the actualisation. Groups: sex and origin, age group at actualisation.
{%- set taljare -%}
case
    when exists (
        select 1
        from {{ ref('int_indikator_insats') }} as i
        where i.kommun_kod = a.kommun_kod and i.arende_id = a.arende_id
    ) then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('VNR_INSATS',
                         'a',
                         enhet_id="a.arende_id",
                         handelsedatum="a.datum_aktualisering",
                         aldersgrupp="a.aldersgrupp_vid_aktualisering",
                         namnare="1",
                         taljare=taljare,
                         insatstyp=none) }}
from {{ ref('int_indikator_arende') }} as a
inner join {{ ref('int_arende_aktualiseringsorsak') }} as o
    on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id and o.aktualiseringsorsak = 2
where a.person_pseudonym is not null
  and a.alder_vid_aktualisering >= 18
