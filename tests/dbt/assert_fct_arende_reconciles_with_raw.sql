-- Row counts reconcile: current raw rows (arende versions with giltig_till null) = stg_arende rows =
-- fct_arende rows, and no key of staging is missing from the fact. Returns one row per problem.
with raw_current as (

    select count(*) as antal from {{ source('raw', 'arende') }} where giltig_till is null

),

stg as (

    select count(*) as antal from {{ ref('stg_arende') }}

),

fct as (

    select count(*) as antal from {{ ref('fct_arende') }}

),

saknas as (

    select kommun_kod, arende_id from {{ ref('stg_arende') }}
    {{ dbt.except() }}
    select kommun_kod, arende_id from {{ ref('fct_arende') }}

)

select
    'antal rader skiljer sig (row counts differ)' as problem,
    {{ dbt.concat(["'raw='", dbt.cast('r.antal', dbt.type_string()),
                   "' stg='", dbt.cast('s.antal', dbt.type_string()),
                   "' fct='", dbt.cast('f.antal', dbt.type_string())]) }} as detalj
from raw_current as r
cross join stg as s
cross join fct as f
where r.antal <> s.antal or s.antal <> f.antal

union all

select
    'saknas i fct_arende (missing from the fact)' as problem,
    {{ dbt.concat(['kommun_kod', "'/'", 'arende_id']) }} as detalj
from saknas
