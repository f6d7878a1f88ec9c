-- Current version of every intervention (insats): one row per (kommun_kod, insats_id).
with source as (

    select * from {{ source('raw', 'insats') }}
    where {{ isu_version_vid_laddning() }}

)

select
    {{ dbt.cast('kommun_kod', dbt.type_string()) }}     as kommun_kod,
    {{ dbt.cast('insats_id', dbt.type_string()) }}      as insats_id,
    {{ dbt.cast('arende_id', dbt.type_string()) }}      as arende_id,
    {{ dbt.cast('insatstyp', dbt.type_int()) }}         as insatstyp,
    {{ dbt.cast('datum_beslut', 'date') }}              as datum_beslut,
    {{ dbt.cast('datum_verkstallighet', 'date') }}      as datum_verkstallighet,
    {{ dbt.cast('parallella_insatser', dbt.type_int()) }} as parallella_insatser,
    {{ dbt.cast('datum_avslut', 'date') }}              as datum_avslut,
    {{ dbt.cast('genomforande', dbt.type_int()) }}      as genomforande,
    {{ dbt.cast('avslutsorsak', dbt.type_int()) }}      as avslutsorsak,
    load_id,
    kalla_fil,
    kalla_rad,
    giltig_fran
from source
