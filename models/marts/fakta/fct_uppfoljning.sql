-- One row per follow-up (uppfoljning), keyed by (kommun_kod, uppfoljning_id): its order within the
-- intervention, goal attainment, SIP, the six client answers with their Swedish labels, and the
-- number of actors collaborated with.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with uppfoljning as (

    select * from {{ isu_per_kommun(ref('stg_uppfoljning')) }} as stg_uppfoljning

),

ordning as (

    select kommun_kod, uppfoljning_id, ordning
    from {{ isu_per_kommun(ref('int_uppfoljning_ordning')) }} as int_uppfoljning_ordning

),

insats as (

    select kommun_kod, insats_id, arende_id, insatstyp
    from {{ isu_per_kommun(ref('stg_insats')) }} as stg_insats

),

arende as (

    select kommun_kod, arende_id, verksamhetsomrade
    from {{ isu_per_kommun(ref('stg_arende')) }} as stg_arende

),

-- codes 1-10 name an actor; 11 and 12 say that no collaboration took place
samverkan as (

    select
        kommun_kod,
        uppfoljning_id,
        sum(case when samverkan between 1 and 10 then 1 else 0 end) as antal_samverkan
    from {{ isu_per_kommun(ref('int_uppfoljning_samverkan')) }} as int_uppfoljning_samverkan
    group by kommun_kod, uppfoljning_id

),

kodverk as (

    select kolumn, kod, etikett_sv
    from {{ ref('kodverk') }}

)

select
    u.kommun_kod,
    {{ isu_lan_kod('u.kommun_kod') }} as lan_kod,
    u.uppfoljning_id,
    u.insats_id,
    i.arende_id,
    a.verksamhetsomrade,
    i.insatstyp,
    u.datum_uppfoljning,
    o.ordning,
    u.maluppfyllelse,
    etikett_maluppfyllelse.etikett_sv as maluppfyllelse_etikett,
    u.sip,
    etikett_sip.etikett_sv as sip_etikett,
    u.b1a_situation,
    etikett_b1a_situation.etikett_sv as b1a_situation_etikett,
    u.b1b_livskvalitet,
    etikett_b1b_livskvalitet.etikett_sv as b1b_livskvalitet_etikett,
    u.b2_betydelse,
    etikett_b2_betydelse.etikett_sv as b2_betydelse_etikett,
    u.b3_nojdhet,
    etikett_b3_nojdhet.etikett_sv as b3_nojdhet_etikett,
    u.b4_bemotande,
    etikett_b4_bemotande.etikett_sv as b4_bemotande_etikett,
    u.b5_delaktighet,
    etikett_b5_delaktighet.etikett_sv as b5_delaktighet_etikett,
    s.antal_samverkan
from uppfoljning as u
left join ordning as o
    on o.kommun_kod = u.kommun_kod and o.uppfoljning_id = u.uppfoljning_id
left join insats as i
    on i.kommun_kod = u.kommun_kod and i.insats_id = u.insats_id
left join arende as a
    on a.kommun_kod = i.kommun_kod and a.arende_id = i.arende_id
left join samverkan as s
    on s.kommun_kod = u.kommun_kod and s.uppfoljning_id = u.uppfoljning_id
left join kodverk as etikett_maluppfyllelse
    on etikett_maluppfyllelse.kolumn = 'maluppfyllelse' and etikett_maluppfyllelse.kod = u.maluppfyllelse
left join kodverk as etikett_sip
    on etikett_sip.kolumn = 'sip' and etikett_sip.kod = u.sip
left join kodverk as etikett_b1a_situation
    on etikett_b1a_situation.kolumn = 'b1a_situation' and etikett_b1a_situation.kod = u.b1a_situation
left join kodverk as etikett_b1b_livskvalitet
    on etikett_b1b_livskvalitet.kolumn = 'b1b_livskvalitet' and etikett_b1b_livskvalitet.kod = u.b1b_livskvalitet
left join kodverk as etikett_b2_betydelse
    on etikett_b2_betydelse.kolumn = 'b2_betydelse' and etikett_b2_betydelse.kod = u.b2_betydelse
left join kodverk as etikett_b3_nojdhet
    on etikett_b3_nojdhet.kolumn = 'b3_nojdhet' and etikett_b3_nojdhet.kod = u.b3_nojdhet
left join kodverk as etikett_b4_bemotande
    on etikett_b4_bemotande.kolumn = 'b4_bemotande' and etikett_b4_bemotande.kod = u.b4_bemotande
left join kodverk as etikett_b5_delaktighet
    on etikett_b5_delaktighet.kolumn = 'b5_delaktighet' and etikett_b5_delaktighet.kod = u.b5_delaktighet
