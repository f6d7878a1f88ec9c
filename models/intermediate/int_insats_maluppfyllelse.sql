-- Last assessed goal attainment (V17) of every intervention: one row per (kommun_kod, insats_id).
-- Candidates are the intervention's follow-ups with V17 set, dated on or before the
-- intervention's end (all of them while it is open); the latest date wins, ties go to the
-- greatest uppfoljning_id (text order). Interventions without such a follow-up get nulls.
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with insats as (

    select kommun_kod, insats_id, datum_avslut
    from {{ isu_per_kommun(ref('stg_insats')) }} as stg_insats

),

kandidater as (

    select
        u.kommun_kod,
        u.insats_id,
        u.uppfoljning_id,
        u.datum_uppfoljning,
        u.maluppfyllelse,
        row_number() over (
            partition by u.kommun_kod, u.insats_id
            order by u.datum_uppfoljning desc, u.uppfoljning_id desc
        ) as rn
    from {{ isu_per_kommun(ref('stg_uppfoljning')) }} as u
    inner join insats as i
        on  i.kommun_kod = u.kommun_kod
        and i.insats_id = u.insats_id
    where u.maluppfyllelse is not null
      and (i.datum_avslut is null or u.datum_uppfoljning <= i.datum_avslut)

)

select
    i.kommun_kod,
    i.insats_id,
    k.uppfoljning_id    as senaste_maluppfyllelse_uppfoljning_id,
    k.datum_uppfoljning as senaste_maluppfyllelse_datum,
    k.maluppfyllelse    as senaste_maluppfyllelse,
    m.forandring,
    m.alla_mal_uppnadda,
    m.bedombar          as maluppfyllelse_bedombar
from insats as i
left join kandidater as k
    on  k.kommun_kod = i.kommun_kod
    and k.insats_id = i.insats_id
    and k.rn = 1
left join {{ ref('kodverk_maluppfyllelse') }} as m
    on m.kod = k.maluppfyllelse
