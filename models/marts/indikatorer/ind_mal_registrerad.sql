-- MAL_REGISTRERAD, Måluppfyllelse bedömd vid avslut (001 3:4, generalised to every area). One row
-- per intervention ended.
--   taljare = a follow-up of the intervention dated at most var('isu_mal_registrerad_dagar') (30)
--             days before or after the end date with goal attainment (V17) 1-5 (6 "kan inte
--             bedöma" is not an assessment)
-- Event date: the end. Groups: sex and origin, age group at the decision.
select
    'MAL_REGISTRERAD' as indikator_id,
    i.insats_id as enhet_id,
    i.person_pseudonym,
    i.datum_avslut as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    i.kommun_kod,
    i.verksamhetsomrade,
    i.insatstyp,
    i.kon,
    i.ursprung,
    i.aldersgrupp_vid_beslut as aldersgrupp,
    1 as namnare,
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
    end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_insats') }} as i
where i.datum_avslut is not null
