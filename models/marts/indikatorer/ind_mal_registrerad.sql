-- MAL_REGISTRERAD, Måluppfyllelse bedömd vid avslut (001 3:4, generalised to every area). One row
-- per intervention ended.
--   taljare = a follow-up of the intervention dated at most var('isu_mal_registrerad_dagar') (30)
--             days before or after the end date with goal attainment (V17) 1-5 (6 "kan inte
--             bedöma" is not an assessment)
-- Event date: the end. Groups: sex and origin, age group at the decision.
{%- set taljare -%}
case
    when exists (
        select 1
        from {{ ref('int_indikator_uppfoljning') }} as u
        where u.kommun_kod = i.kommun_kod
          and u.insats_id = i.insats_id
          and u.maluppfyllelse between 1 and 5
          and {{ dbt.datediff('i.datum_avslut', 'u.datum_uppfoljning', 'day') }}
              between -{{ var('isu_mal_registrerad_dagar') }} and {{ var('isu_mal_registrerad_dagar') }}
    ) then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('MAL_REGISTRERAD',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_avslut",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare=taljare) }}
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
