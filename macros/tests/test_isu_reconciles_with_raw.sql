{#- No row lost between layers: the current raw rows (giltig_till is null) of `raw_table`, the rows of
    `staging_model` and the rows of the tested fact are equally many, and every key of staging is in
    the fact. Returns one row per problem. In an incremental build the tested fact holds only the
    rebuilt municipalities (isu_test_kommunfilter), and so do the raw and staging rows it is
    compared with. -#}
{% test isu_reconciles_with_raw(model, raw_table, staging_model, key_columns) %}
{%- set key_parts = [] -%}
{%- for column in key_columns -%}
    {%- if not loop.first -%}{%- do key_parts.append("'/'") -%}{%- endif -%}
    {%- do key_parts.append(column) -%}
{%- endfor %}
{%- set urval = isu_test_kommunfilter() or '1 = 1' %}

with raw_current as (

    select count(*) as antal from {{ source('raw', raw_table) }} where {{ isu_version_vid_laddning() }} and {{ urval }}

),

stg as (

    select count(*) as antal from {{ ref(staging_model) }} where {{ urval }}

),

fct as (

    select count(*) as antal from {{ model }}

),

saknas as (

    select {{ key_columns | join(', ') }} from {{ ref(staging_model) }} where {{ urval }}
    {{ dbt.except() }}
    select {{ key_columns | join(', ') }} from {{ model }}

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
    'saknas i faktatabellen (missing from the fact)' as problem,
    {{ dbt.concat(key_parts) }} as detalj
from saknas

{% endtest %}
