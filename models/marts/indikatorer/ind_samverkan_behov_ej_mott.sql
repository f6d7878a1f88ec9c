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
    {{ isu_indikator_rad('SAMVERKAN_BEHOV_EJ_MOTT',
                         'u',
                         enhet_id="u.uppfoljning_id",
                         handelsedatum="u.datum_uppfoljning",
                         aldersgrupp="u.aldersgrupp_vid_uppfoljning",
                         namnare="1",
                         taljare="s.behov_ej_mott") }}
from {{ ref('int_indikator_uppfoljning') }} as u
inner join samverkan as s
    on s.kommun_kod = u.kommun_kod and s.uppfoljning_id = u.uppfoljning_id
