-- Date order across the facts that the lead-time columns do not cover already (those are tested
-- with isu_not_negative): an intervention is decided on or after its case's actualisation and
-- ends on or after its decision; a follow-up is on or after its intervention's decision.
select 'insats beslutad före aktualisering' as problem, i.kommun_kod, i.insats_id as id
from {{ ref('fct_insats') }} as i
inner join {{ ref('fct_arende') }} as a
    on a.kommun_kod = i.kommun_kod and a.arende_id = i.arende_id
where i.datum_beslut < a.datum_aktualisering

union all

select 'insats avslutad före beslut' as problem, kommun_kod, insats_id as id
from {{ ref('fct_insats') }}
where datum_avslut < datum_beslut

union all

select 'uppföljning före beslut' as problem, u.kommun_kod, u.uppfoljning_id as id
from {{ ref('fct_uppfoljning') }} as u
inner join {{ ref('fct_insats') }} as i
    on i.kommun_kod = u.kommun_kod and i.insats_id = u.insats_id
where u.datum_uppfoljning < i.datum_beslut
