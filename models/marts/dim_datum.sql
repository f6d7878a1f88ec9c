-- Calendar: one row per day from 1 January of the year of the earliest event date in the data
-- to 31 December of the year of the latest (actualisation, decision, implementation, end and
-- follow-up dates). Built from a number spine and dbt.dateadd, so it runs on every engine.
{%- set max_days = 40000 %}  {#- about 109 years of data #}

with granser as (

    select
        {{ dbt.cast(dbt.date_trunc('year', 'forsta_datum'), 'date') }} as forsta_dag,
        {{ dbt.cast(dbt.dateadd('day', -1, dbt.dateadd('year', 1, dbt.date_trunc('year', 'sista_datum'))), 'date') }}
            as sista_dag
    from {{ ref('int_datum_granser') }}

),

spine as (

    {{ dbt.generate_series(max_days) }}

),

dagar as (

    select {{ dbt.cast(dbt.dateadd('day', 'spine.generated_number - 1', 'g.forsta_dag'), 'date') }} as datum
    from spine
    cross join granser as g
    where g.forsta_dag is not null
      and spine.generated_number - 1 <= {{ dbt.datediff('g.forsta_dag', 'g.sista_dag', 'day') }}

)

select
    datum,
    {{ isu_date_part('year', 'datum') }}    as ar,
    {{ isu_date_part('quarter', 'datum') }} as kvartal,
    {{ isu_date_part('month', 'datum') }}   as manad,
    {{ isu_year_month('datum') }}           as ar_manad,
    {{ isu_date_part('day', 'datum') }}     as dag_i_manad,
    {{ isu_date_part('isoyear', 'datum') }} as iso_ar,
    {{ isu_date_part('week', 'datum') }}    as iso_vecka,
    {{ isu_date_part('isodow', 'datum') }}  as veckodag,
    case when {{ isu_date_part('isodow', 'datum') }} >= 6 then true else false end as ar_helg
from dagar
