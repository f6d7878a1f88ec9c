-- Current version of every follow-up (uppfoljning): one row per (kommun_kod, uppfoljning_id).
with source as (

    select * from {{ source('raw', 'uppfoljning') }}
    where {{ isu_version_vid_laddning() }}

)

select
    {{ dbt.cast('kommun_kod', dbt.type_string()) }}        as kommun_kod,
    {{ dbt.cast('uppfoljning_id', dbt.type_string()) }}    as uppfoljning_id,
    {{ dbt.cast('insats_id', dbt.type_string()) }}         as insats_id,
    {{ dbt.cast('datum_uppfoljning', 'date') }}            as datum_uppfoljning,
    {{ dbt.cast('samverkan', dbt.type_string()) }}         as samverkan,
    {{ dbt.cast('sip', dbt.type_int()) }}                  as sip,
    {{ dbt.cast('maluppfyllelse', dbt.type_int()) }}       as maluppfyllelse,
    {{ dbt.cast('b1a_situation', dbt.type_int()) }}        as b1a_situation,
    {{ dbt.cast('b1b_livskvalitet', dbt.type_int()) }}     as b1b_livskvalitet,
    {{ dbt.cast('b2_betydelse', dbt.type_int()) }}         as b2_betydelse,
    {{ dbt.cast('b3_nojdhet', dbt.type_int()) }}           as b3_nojdhet,
    {{ dbt.cast('b4_bemotande', dbt.type_int()) }}         as b4_bemotande,
    {{ dbt.cast('b5_delaktighet', dbt.type_int()) }}       as b5_delaktighet,
    load_id,
    kalla_fil,
    kalla_rad,
    giltig_fran
from source
