-- ATERAKT_BARN_12M, Återaktualiserade barn inom 12 månader (001 3:5). One row per end of a child's
-- contact with the municipality's BOU services, for children 0-18 on that day (age from the birth
-- date), after a decision. Persons: cases without a personnummer are left out, and the roll-up
-- counts each child once per period, unit and group.
--   contact ended = a BOU case closed (datum_avslut) and no other BOU case of the same person in the
--                   municipality is open after that day (actualised on or before it and not closed
--                   on or before it): a closure while another case goes on is not an end
--   taljare       = a new BOU case of the person in the municipality actualised after the end and
--                   within var('isu_ateraktualisering_manader') (12) calendar months of it
-- Event date: the end of contact. Groups: sex and origin of the closing case, age group on the day.
with bou as (

    select *
    from {{ ref('int_indikator_arende') }}
    where verksamhetsomrade = 'BOU' and person_pseudonym is not null

),

kontakt_slut as (

    select s.*
    from bou as s
    where s.datum_avslut is not null
      and s.datum_beslut is not null
      and {{ isu_alder_vid('s.fodelsedatum', 's.alder_uppgiven', 's.datum_avslut') }} between 0 and 18
      and not exists (
          select 1
          from bou as o
          where o.kommun_kod = s.kommun_kod
            and o.person_pseudonym = s.person_pseudonym
            and o.arende_id <> s.arende_id
            and o.datum_aktualisering <= s.datum_avslut
            and (o.datum_avslut is null or o.datum_avslut > s.datum_avslut)
      )

)

{%- set aldersgrupp -%}
{{ isu_aldersgrupp(isu_alder_vid('s.fodelsedatum', 's.alder_uppgiven', 's.datum_avslut')) }}
{%- endset %}
{%- set taljare -%}
case
    when exists (
        select 1
        from bou as n
        where n.kommun_kod = s.kommun_kod
          and n.person_pseudonym = s.person_pseudonym
          and n.datum_aktualisering > s.datum_avslut
          and {{ isu_within_months('s.datum_avslut', 'n.datum_aktualisering', var('isu_ateraktualisering_manader')) }}
    ) then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('ATERAKT_BARN_12M',
                         's',
                         enhet_id="s.arende_id",
                         handelsedatum="s.datum_avslut",
                         aldersgrupp=aldersgrupp,
                         namnare="1",
                         taljare=taljare,
                         insatstyp=none) }}
from kontakt_slut as s
