-- Every code of a multi-valued variable reaches its bridge: for each case / follow-up, the number
-- of bridge rows equals the number of '|'-separated codes in staging (codes are sorted and unique
-- at load). Also checks the counters on the facts against the bridges.

with aktualiseringsorsak as (

    select a.kommun_kod, a.arende_id as id, 'aktualiseringsorsak' as variabel,
           {{ isu_count_codes('a.aktualiseringsorsak') }} as antal_i_staging,
           (select count(*) from {{ ref('brg_arende_aktualiseringsorsak') }} as b
            where b.kommun_kod = a.kommun_kod and b.arende_id = a.arende_id) as antal_i_brygga
    from {{ ref('stg_arende') }} as a

),

problematik as (

    select a.kommun_kod, a.arende_id as id, 'problematik' as variabel,
           {{ isu_count_codes('a.problematik') }} as antal_i_staging,
           (select count(*) from {{ ref('brg_arende_problematik') }} as b
            where b.kommun_kod = a.kommun_kod and b.arende_id = a.arende_id) as antal_i_brygga
    from {{ ref('stg_arende') }} as a

),

samverkan as (

    select u.kommun_kod, u.uppfoljning_id as id, 'samverkan' as variabel,
           {{ isu_count_codes('u.samverkan') }} as antal_i_staging,
           (select count(*) from {{ ref('brg_uppfoljning_samverkan') }} as b
            where b.kommun_kod = u.kommun_kod and b.uppfoljning_id = u.uppfoljning_id) as antal_i_brygga
    from {{ ref('stg_uppfoljning') }} as u

),

fct_counter as (

    select f.kommun_kod, f.arende_id as id, 'fct_arende.antal_aktualiseringsorsaker' as variabel,
           f.antal_aktualiseringsorsaker as antal_i_staging,
           (select count(*) from {{ ref('brg_arende_aktualiseringsorsak') }} as b
            where b.kommun_kod = f.kommun_kod and b.arende_id = f.arende_id) as antal_i_brygga
    from {{ ref('fct_arende') }} as f

),

alla as (

    select * from aktualiseringsorsak
    union all select * from problematik
    union all select * from samverkan
    union all select * from fct_counter

)

select *
from alla
where antal_i_staging <> antal_i_brygga
