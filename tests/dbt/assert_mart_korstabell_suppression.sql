-- The small-count protection of mart_korstabell holds in the published table:
-- (1) no visible count from 1 to var('isu_max_maskerat_antal');
-- (2) a masked cell (antal null) shows no share, denominator or interval;
-- (3) no row and no column of a table, year and unit has exactly one masked cell while it still
--     has a visible cell (its count could be worked out from the total); this also fails when the
--     model's fixed number of secondary passes was not enough.
with celler as (

    select
        *,
        case when antal is null then 1 else 0 end as maskerad
    from {{ ref('mart_korstabell') }}

),

rader as (

    select tabell, ar, niva, kommun_kod, lan_kod, 'rad' as led, rad_kod as kod
    from celler
    group by tabell, ar, niva, kommun_kod, lan_kod, rad_kod
    having sum(maskerad) = 1 and sum(1 - maskerad) > 0

),

kolumner as (

    select tabell, ar, niva, kommun_kod, lan_kod, 'kolumn' as led, kolumn_kod as kod
    from celler
    group by tabell, ar, niva, kommun_kod, lan_kod, kolumn_kod
    having sum(maskerad) = 1 and sum(1 - maskerad) > 0

)

select tabell, ar, niva, kommun_kod, lan_kod, 'synligt litet antal' as fel, rad_kod as kod
from celler
where antal between 1 and {{ var('isu_max_maskerat_antal') }}

union all

select tabell, ar, niva, kommun_kod, lan_kod, 'andel i maskerad cell', rad_kod
from celler
where maskerad = 1
  and (andel_av_rad is not null or andel_av_kolumn is not null or rad_namnare is not null
       or kolumn_namnare is not null or andel_av_rad_ki_lag is not null
       or andel_av_kolumn_ki_hog is not null or not undertryckt
       or undertryckt_orsak not in ('litet_antal', 'sekundar'))

union all

select tabell, ar, niva, kommun_kod, lan_kod, {{ dbt.concat(["'ensam maskerad cell i '", 'led']) }}, kod
from rader

union all

select tabell, ar, niva, kommun_kod, lan_kod, {{ dbt.concat(["'ensam maskerad cell i '", 'led']) }}, kod
from kolumner
