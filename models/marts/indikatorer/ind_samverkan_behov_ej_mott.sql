-- SAMVERKAN_BEHOV_EJ_MOTT, Samverkansbehov som inte mötts (003 V14). One row per follow-up with V14
-- (samverkan) recorded (at least one code).
--   taljare = V14 holds code 11 (no collaboration took place although it was needed)
-- Event date: the follow-up. Groups: sex and origin, age group on the follow-up's date.
with samverkan as (

    select
        kommun_kod,
        uppfoljning_id,
        max(case when samverkan = 11 then 1 else 0 end) as behov_ej_mott
    from {{ ref('int_uppfoljning_samverkan') }}
    group by kommun_kod, uppfoljning_id

)

select
    'SAMVERKAN_BEHOV_EJ_MOTT' as indikator_id,
    u.uppfoljning_id as enhet_id,
    u.person_pseudonym,
    u.datum_uppfoljning as handelsedatum,
    {{ dbt.cast('null', 'date') }} as slutdatum,
    u.kommun_kod,
    u.verksamhetsomrade,
    u.insatstyp,
    u.kon,
    u.ursprung,
    u.aldersgrupp_vid_uppfoljning as aldersgrupp,
    1 as namnare,
    s.behov_ej_mott as taljare,
    0 as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) }} as dagar
from {{ ref('int_indikator_uppfoljning') }} as u
inner join samverkan as s
    on s.kommun_kod = u.kommun_kod and s.uppfoljning_id = u.uppfoljning_id
