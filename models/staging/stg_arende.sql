-- Current version of every case (arende), or the version current after load `per_laddning`: one row per
-- (kommun_kod, arende_id).
-- Renaming and typing only; multi-valued codes stay as text ('2|6') and are exploded downstream.
with source as (

    select * from {{ source('raw', 'arende') }}
    where {{ isu_version_vid_laddning() }}

)

select
    {{ dbt.cast('kommun_kod', dbt.type_string()) }}           as kommun_kod,
    {{ dbt.cast('arende_id', dbt.type_string()) }}            as arende_id,
    {{ dbt.cast('verksamhetsomrade', dbt.type_string()) }}    as verksamhetsomrade,
    {{ dbt.cast('person_pseudonym', dbt.type_string()) }}     as person_pseudonym,
    {{ dbt.cast('fodelsedatum', 'date') }}                    as fodelsedatum,
    {{ dbt.cast('ar_samordningsnummer', dbt.type_boolean()) }}    as ar_samordningsnummer,
    {{ dbt.cast('juridiskt_kon', dbt.type_int()) }}           as juridiskt_kon,
    {{ dbt.cast('juridiskt_kon_kalla', dbt.type_string()) }}  as juridiskt_kon_kalla,
    {{ dbt.cast('alder_uppgiven', dbt.type_int()) }}          as alder_uppgiven,
    {{ dbt.cast('datum_aktualisering', 'date') }}             as datum_aktualisering,
    {{ dbt.cast('aktualiseringsorsak', dbt.type_string()) }}  as aktualiseringsorsak,
    {{ dbt.cast('ursprung', dbt.type_int()) }}                as ursprung,
    {{ dbt.cast('hushallstyp', dbt.type_int()) }}             as hushallstyp,
    {{ dbt.cast('tidigare_kontakt', dbt.type_int()) }}        as tidigare_kontakt,
    {{ dbt.cast('problematik', dbt.type_string()) }}          as problematik,
    {{ dbt.cast('datum_beslut', 'date') }}                    as datum_beslut,
    {{ dbt.cast('datum_avslut', 'date') }}                    as datum_avslut,
    load_id,
    kalla_fil,
    kalla_rad,
    giltig_fran
from source
