-- Row-level input of mart_korstabell: one row per counted unit and code pair of every
-- cross-tabulation (tabell), dated on the event that decides its year (decision, actualisation,
-- end or follow-up), with the municipality, the row code and the column code. A unit with a
-- multi-valued variable (V2, V9, V14) gives one row per code. Units whose row or column value is
-- unknown are left out. rad_i_namnare is false for the goal-attainment answer 6 (kan inte
-- bedöma), which ARCHITECTURE.md leaves out of the denominators of goal-attainment shares.
-- Incremental by municipality (macros/isu_inkrementell.sql): it reads only the row-level facts.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}
with arende as (

    select kommun_kod, arende_id, verksamhetsomrade, datum_aktualisering
    from {{ isu_per_kommun(ref('fct_arende')) }} as fct_arende

),

insats as (

    select
        kommun_kod, arende_id, insatstyp, datum_beslut, datum_avslut, juridiskt_kon,
        ursprung, aldersgrupp_vid_beslut, senaste_maluppfyllelse, avslutsorsak
    from {{ isu_per_kommun(ref('fct_insats')) }} as fct_insats

),

problematik as (

    select kommun_kod, arende_id, problematik
    from {{ isu_per_kommun(ref('brg_arende_problematik')) }} as brg_arende_problematik

),

-- one row per counted unit and cell: (table, date, municipality, row code, column code).
-- rad_i_namnare is false for the goal-attainment answer 6 (kan inte bedöma), which ARCHITECTURE.md
-- leaves out of the denominators of goal-attainment shares: those rows get no column share and do
-- not count in the column totals.
forekomster as (

    -- interventions decided in the year x the problems of their case
    select
        'problematik_insatstyp' as tabell,
        i.datum_beslut as handelsedatum,
        i.kommun_kod,
        'problematik' as rad_variabel,
        {{ dbt.cast('p.problematik', dbt.type_string()) }} as rad_kod,
        'insatstyp' as kolumn_variabel,
        {{ dbt.cast('i.insatstyp', dbt.type_string()) }} as kolumn_kod,
        true as rad_i_namnare
    from insats as i
    inner join problematik as p
        on p.kommun_kod = i.kommun_kod and p.arende_id = i.arende_id

    union all

    -- cases actualised in the year x their problems x area
    select
        'problematik_verksamhetsomrade',
        a.datum_aktualisering,
        a.kommun_kod,
        'problematik',
        {{ dbt.cast('p.problematik', dbt.type_string()) }},
        'verksamhetsomrade',
        a.verksamhetsomrade,
        true
    from arende as a
    inner join problematik as p
        on p.kommun_kod = a.kommun_kod and p.arende_id = a.arende_id

    union all

    -- cases actualised in the year x their reasons for actualisation x area
    select
        'aktualiseringsorsak_verksamhetsomrade',
        a.datum_aktualisering,
        a.kommun_kod,
        'aktualiseringsorsak',
        {{ dbt.cast('o.aktualiseringsorsak', dbt.type_string()) }},
        'verksamhetsomrade',
        a.verksamhetsomrade,
        true
    from arende as a
    inner join {{ isu_per_kommun(ref('brg_arende_aktualiseringsorsak')) }} as o
        on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id

    union all

    -- interventions decided in the year x type x sex
    select
        'insatstyp_kon',
        datum_beslut,
        kommun_kod,
        'insatstyp',
        {{ dbt.cast('insatstyp', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        true
    from insats
    where juridiskt_kon is not null

    union all

    -- interventions decided in the year x type x age group at the decision
    select
        'insatstyp_aldersgrupp',
        datum_beslut,
        kommun_kod,
        'insatstyp',
        {{ dbt.cast('insatstyp', dbt.type_string()) }},
        'aldersgrupp',
        aldersgrupp_vid_beslut,
        true
    from insats
    where aldersgrupp_vid_beslut is not null

    union all

    -- interventions ended in the year x last assessed goal attainment x sex
    select
        'maluppfyllelse_kon',
        datum_avslut,
        kommun_kod,
        'maluppfyllelse',
        {{ dbt.cast('senaste_maluppfyllelse', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        case when senaste_maluppfyllelse = 6 then false else true end
    from insats
    where datum_avslut is not null
      and senaste_maluppfyllelse is not null
      and juridiskt_kon is not null

    union all

    -- interventions ended in the year x last assessed goal attainment x origin
    select
        'maluppfyllelse_ursprung',
        datum_avslut,
        kommun_kod,
        'maluppfyllelse',
        {{ dbt.cast('senaste_maluppfyllelse', dbt.type_string()) }},
        'ursprung',
        {{ dbt.cast('ursprung', dbt.type_string()) }},
        case when senaste_maluppfyllelse = 6 then false else true end
    from insats
    where datum_avslut is not null
      and senaste_maluppfyllelse is not null
      and ursprung is not null

    union all

    -- follow-ups in the year x collaboration codes x the problems of the case
    select
        'samverkan_problematik',
        u.datum_uppfoljning,
        u.kommun_kod,
        'samverkan',
        {{ dbt.cast('s.samverkan', dbt.type_string()) }},
        'problematik',
        {{ dbt.cast('p.problematik', dbt.type_string()) }},
        true
    from {{ isu_per_kommun(ref('fct_uppfoljning')) }} as u
    inner join {{ isu_per_kommun(ref('brg_uppfoljning_samverkan')) }} as s
        on s.kommun_kod = u.kommun_kod and s.uppfoljning_id = u.uppfoljning_id
    inner join problematik as p
        on p.kommun_kod = u.kommun_kod and p.arende_id = u.arende_id

    union all

    -- interventions ended in the year x reason for ending x sex
    select
        'avslutsorsak_kon',
        datum_avslut,
        kommun_kod,
        'avslutsorsak',
        {{ dbt.cast('avslutsorsak', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        true
    from insats
    where datum_avslut is not null
      and avslutsorsak is not null
      and juridiskt_kon is not null

)

select * from forekomster
