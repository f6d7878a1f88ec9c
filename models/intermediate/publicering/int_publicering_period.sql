-- The reporting dates every aggregate mart shares: one row with the last date of the data and the
-- rolling twelve-month window (period_typ 'rullande_12m'). The window ends at
-- var('isu_rullande_12m_slut') when it is set ('YYYY-MM-DD'), otherwise at the end of the last
-- complete month of the data (the last date itself when it is a month end), so that by default a
-- rolling window is twelve whole months. It covers the days after the date twelve calendar months
-- before its end, up to and including its end.
{%- set slut_var = var('isu_rullande_12m_slut', '') | string | trim %}

with granser as (

    select sista_datum
    from {{ ref('int_datum_granser') }}

),

slut as (

    select
        sista_datum,
        {%- if slut_var %}
        {{ dbt.cast("'" ~ slut_var ~ "'", 'date') }} as rullande_12m_slut
        {%- else %}
        case
            when sista_datum = {{ dbt.cast(dbt.last_day('sista_datum', 'month'), 'date') }} then sista_datum
            else {{ dbt.cast(dbt.dateadd('day', -1, dbt.date_trunc('month', 'sista_datum')), 'date') }}
        end as rullande_12m_slut
        {%- endif %}
    from granser

)

select
    sista_datum,
    rullande_12m_slut,
    {{ dbt.cast(dbt.dateadd('day', 1, dbt.dateadd('month', -12, 'rullande_12m_slut')), 'date') }} as rullande_12m_start,
    {{ dbt.cast('rullande_12m_slut', dbt.type_string()) }} as rullande_12m_period,
    case
        when rullande_12m_slut = {{ dbt.cast(dbt.last_day('rullande_12m_slut', 'month'), 'date') }} then true
        else false
    end as rullande_12m_hela_manader
from slut
