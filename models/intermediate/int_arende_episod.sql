-- Re-actualisation episodes: one row per case (kommun_kod, arende_id).
-- A case is a re-actualisation when the same person (pseudonym) had an earlier case in the same
-- municipality and area that closed before this actualisation, and this actualisation falls
-- within var('isu_ateraktualisering_manader') calendar months of that closure. Looking forward,
-- a closed case "has a re-actualisation" when the next such case is actualised after its closure
-- and within the window. Cases without a pseudonym get null flags (the person is unknown); an
-- open case gets a null forward flag (it has no closure yet).
-- Incremental by municipality (macros/isu_inkrementell.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
{%- set window_months = var('isu_ateraktualisering_manader') %}

with arende as (

    select
        kommun_kod,
        arende_id,
        verksamhetsomrade,
        person_pseudonym,
        datum_aktualisering,
        datum_avslut
    from {{ isu_per_kommun(ref('stg_arende')) }} as stg_arende

),

-- the latest case of the same person and area that closed before this actualisation
foregaende as (

    select
        cur.kommun_kod,
        cur.arende_id,
        prev.arende_id    as foregaende_arende_id,
        prev.datum_avslut as foregaende_datum_avslut,
        row_number() over (
            partition by cur.kommun_kod, cur.arende_id
            order by prev.datum_avslut desc, prev.datum_aktualisering desc, prev.arende_id desc
        ) as rn
    from arende as cur
    inner join arende as prev
        on  prev.kommun_kod = cur.kommun_kod
        and prev.person_pseudonym = cur.person_pseudonym
        and prev.verksamhetsomrade = cur.verksamhetsomrade
        and prev.arende_id <> cur.arende_id
        and prev.datum_avslut < cur.datum_aktualisering

),

-- the first case of the same person and area actualised after this case's closure
nasta as (

    select
        cur.kommun_kod,
        cur.arende_id,
        nxt.arende_id           as nasta_arende_id,
        nxt.datum_aktualisering as nasta_datum_aktualisering,
        row_number() over (
            partition by cur.kommun_kod, cur.arende_id
            order by nxt.datum_aktualisering, nxt.arende_id
        ) as rn
    from arende as cur
    inner join arende as nxt
        on  nxt.kommun_kod = cur.kommun_kod
        and nxt.person_pseudonym = cur.person_pseudonym
        and nxt.verksamhetsomrade = cur.verksamhetsomrade
        and nxt.arende_id <> cur.arende_id
        and nxt.datum_aktualisering > cur.datum_avslut

)

select
    a.kommun_kod,
    a.arende_id,
    a.person_pseudonym,
    a.verksamhetsomrade,
    a.datum_aktualisering,
    a.datum_avslut,
    f.foregaende_arende_id,
    f.foregaende_datum_avslut,
    case
        when a.person_pseudonym is null then null
        when f.foregaende_arende_id is null then false
        else {{ isu_within_months('f.foregaende_datum_avslut', 'a.datum_aktualisering', window_months) }}
    end as ar_ateraktualisering,
    n.nasta_arende_id,
    n.nasta_datum_aktualisering,
    case
        when a.person_pseudonym is null or a.datum_avslut is null then null
        when n.nasta_arende_id is null then false
        else {{ isu_within_months('a.datum_avslut', 'n.nasta_datum_aktualisering', window_months) }}
    end as har_ateraktualisering_inom_12m
from arende as a
left join foregaende as f
    on  f.kommun_kod = a.kommun_kod
    and f.arende_id = a.arende_id
    and f.rn = 1
left join nasta as n
    on  n.kommun_kod = a.kommun_kod
    and n.arende_id = a.arende_id
    and n.rn = 1
