-- Every code of a multi-valued variable reaches its bridge: for each case / follow-up, the number
-- of bridge rows equals the number of '|'-separated codes in staging (codes are sorted and unique
-- at load). Also checks the counters on the facts against the bridges. The bridge rows are counted
-- once per key and joined (a count per row by correlated subquery took 5.4 s at 1 M cases).

with brygga_aktualiseringsorsak as (

    select kommun_kod, arende_id as id, count(*) as antal
    from {{ ref('brg_arende_aktualiseringsorsak') }}
    group by kommun_kod, arende_id

),

brygga_problematik as (

    select kommun_kod, arende_id as id, count(*) as antal
    from {{ ref('brg_arende_problematik') }}
    group by kommun_kod, arende_id

),

brygga_samverkan as (

    select kommun_kod, uppfoljning_id as id, count(*) as antal
    from {{ ref('brg_uppfoljning_samverkan') }}
    group by kommun_kod, uppfoljning_id

),

alla as (

    select a.kommun_kod, a.arende_id as id, 'aktualiseringsorsak' as variabel,
           {{ isu_count_codes('a.aktualiseringsorsak') }} as antal_i_staging,
           coalesce(b.antal, 0) as antal_i_brygga
    from {{ ref('stg_arende') }} as a
    left join brygga_aktualiseringsorsak as b
        on b.kommun_kod = a.kommun_kod and b.id = a.arende_id

    union all

    select a.kommun_kod, a.arende_id as id, 'problematik' as variabel,
           {{ isu_count_codes('a.problematik') }} as antal_i_staging,
           coalesce(b.antal, 0) as antal_i_brygga
    from {{ ref('stg_arende') }} as a
    left join brygga_problematik as b
        on b.kommun_kod = a.kommun_kod and b.id = a.arende_id

    union all

    select u.kommun_kod, u.uppfoljning_id as id, 'samverkan' as variabel,
           {{ isu_count_codes('u.samverkan') }} as antal_i_staging,
           coalesce(b.antal, 0) as antal_i_brygga
    from {{ ref('stg_uppfoljning') }} as u
    left join brygga_samverkan as b
        on b.kommun_kod = u.kommun_kod and b.id = u.uppfoljning_id

    union all

    select f.kommun_kod, f.arende_id as id, 'fct_arende.antal_aktualiseringsorsaker' as variabel,
           f.antal_aktualiseringsorsaker as antal_i_staging,
           coalesce(b.antal, 0) as antal_i_brygga
    from {{ ref('fct_arende') }} as f
    left join brygga_aktualiseringsorsak as b
        on b.kommun_kod = f.kommun_kod and b.id = f.arende_id

)

select *
from alla
where antal_i_staging <> antal_i_brygga
