-- Row counts reconcile: current raw rows (insats versions with giltig_till null) = stg_insats rows =
-- fct_insats rows, and no key of staging is missing from the fact. Returns one row per problem.
with raw_current as (

    select count(*) as antal from {{ source('raw', 'insats') }} where giltig_till is null

),

stg as (

    select count(*) as antal from {{ ref('stg_insats') }}

),

fct as (

    select count(*) as antal from {{ ref('fct_insats') }}

),

saknas as (

    select kommun_kod, insats_id from {{ ref('stg_insats') }}
    {{ dbt.except() }}
    select kommun_kod, insats_id from {{ ref('fct_insats') }}

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
    'saknas i fct_insats (missing from the fact)' as problem,
    {{ dbt.concat(['kommun_kod', "'/'", 'insats_id']) }} as detalj
from saknas
