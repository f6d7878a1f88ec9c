-- One row per Swedish municipality (kommuner seed) with its county and, when the deployment
-- supplied a municipality-group mapping (raw.kommungrupp), its group. har_kommungrupp says
-- whether any mapping was supplied, so a null group can be told apart from "no mapping at all".
with kommuner as (

    select kommun_kod, kommun_namn, lan_kod, lan_namn
    from {{ ref('kommuner') }}

),

grupper as (

    select kommun_kod, kommungrupp_kod, kommungrupp_namn
    from {{ ref('stg_kommungrupp') }}

),

finns as (

    select case when count(*) > 0 then true else false end as har_kommungrupp
    from grupper

)

select
    {{ dbt.cast('k.kommun_kod', dbt.type_string()) }} as kommun_kod,
    k.kommun_namn,
    {{ dbt.cast('k.lan_kod', dbt.type_string()) }}    as lan_kod,
    k.lan_namn,
    g.kommungrupp_kod,
    g.kommungrupp_namn,
    f.har_kommungrupp
from kommuner as k
cross join finns as f
left join grupper as g
    on g.kommun_kod = k.kommun_kod
