-- EB_UNGA_1M, Unga vuxna med arbetsmarknadsinsats inom en månad (000 #32). One row per EB case of a
-- person aged 18-24 at actualisation, actualised for reason 10 (ej självförsörjande; one of the
-- case's V2 codes). Persons: cases without a personnummer are left out, and the roll-up counts
-- each person once per period, unit and group.
--   taljare = the case has a labour-market intervention (types 3, 4, 15, 21, 30, 35) implemented on
--             or before the date 1 calendar month after the actualisation
-- Event date: the actualisation. Groups: sex and origin, age group at actualisation.
{%- set taljare -%}
case
    when exists (
        select 1
        from {{ ref('int_indikator_insats') }} as i
        where i.kommun_kod = a.kommun_kod
          and i.arende_id = a.arende_id
          and i.insatstyp in (3, 4, 15, 21, 30, 35)
          and i.datum_verkstallighet is not null
          and {{ isu_within_months('a.datum_aktualisering', 'i.datum_verkstallighet', 1) }}
    ) then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('EB_UNGA_1M',
                         'a',
                         enhet_id="a.arende_id",
                         handelsedatum="a.datum_aktualisering",
                         aldersgrupp="a.aldersgrupp_vid_aktualisering",
                         namnare="1",
                         taljare=taljare,
                         insatstyp=none) }}
from {{ ref('int_indikator_arende') }} as a
inner join {{ ref('int_arende_aktualiseringsorsak') }} as o
    on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id and o.aktualiseringsorsak = 10
where a.verksamhetsomrade = 'EB'
  and a.person_pseudonym is not null
  and a.alder_vid_aktualisering between 18 and 24
