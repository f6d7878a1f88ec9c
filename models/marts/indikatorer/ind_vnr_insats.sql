-- VNR_INSATS, Våldsutsatta vuxna som beviljats insats (004 Bilaga 2 no. 1). One row per case of an
-- adult (18 or older at actualisation) actualised for reason 2 (utsatt för våld/övergrepp; one of
-- the case's V2 codes). Persons: cases without a personnummer are left out, and the roll-up counts
-- each person once per period, unit and group.
--   taljare = an intervention was decided in that case (at any time)
-- Event date: the actualisation. Groups: sex and origin, age group at actualisation.
select
    'VNR_INSATS' as indikator_id,
    a.arende_id as enhet_id,
    a.person_pseudonym,
    a.datum_aktualisering as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    a.kommun_kod,
    a.verksamhetsomrade,
    {{ dbt.cast('null', dbt.type_int()) }} as insatstyp,
    a.kon,
    a.ursprung,
    a.aldersgrupp_vid_aktualisering as aldersgrupp,
    1 as namnare,
    case
        when exists (
            select 1
            from {{ ref('int_indikator_insats') }} as i
            where i.kommun_kod = a.kommun_kod and i.arende_id = a.arende_id
        ) then 1
        else 0
    end as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_arende') }} as a
inner join {{ ref('int_arende_aktualiseringsorsak') }} as o
    on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id and o.aktualiseringsorsak = 2
where a.person_pseudonym is not null
  and a.alder_vid_aktualisering >= 18
