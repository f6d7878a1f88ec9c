-- One row: the span of the data's event dates (actualisation, decision, implementation, end and
-- follow-up), for the calendar (dim_datum) and the periods of the case flow (mart_arendeflode).
with handelsedatum as (

    select datum_aktualisering as datum from {{ ref('stg_arende') }}
    union all select datum_beslut from {{ ref('stg_arende') }}
    union all select datum_avslut from {{ ref('stg_arende') }}
    union all select datum_beslut from {{ ref('stg_insats') }}
    union all select datum_verkstallighet from {{ ref('stg_insats') }}
    union all select datum_avslut from {{ ref('stg_insats') }}
    union all select datum_uppfoljning from {{ ref('stg_uppfoljning') }}

)

select
    min(datum)                                                        as forsta_datum,
    (select min(datum_aktualisering) from {{ ref('stg_arende') }})    as forsta_aktualisering,
    max(datum)                                                        as sista_datum
from handelsedatum
