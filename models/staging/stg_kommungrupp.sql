-- Optional, user-supplied municipality groups (e.g. SKR's kommungruppsindelning): one row per
-- municipality; the table is empty when the deployment supplied none.
select
    {{ dbt.cast('kommun_kod', dbt.type_string()) }} as kommun_kod,
    {{ dbt.cast('gruppkod', dbt.type_string()) }}   as kommungrupp_kod,
    {{ dbt.cast('gruppnamn', dbt.type_string()) }}  as kommungrupp_namn
from {{ source('raw', 'kommungrupp') }}
