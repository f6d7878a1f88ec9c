-- The small-count protection of mart_korstabell holds in the published table: no visible count
-- from 1 to var('isu_max_maskerat_antal'), and a masked cell (antal null) shows no share,
-- denominator or interval. (That no masked count can be worked out from the others is checked on
-- int_pub_skydd by assert_skydd_ingen_relation_avslojar.)
select tabell, period_typ, period, niva, kommun_kod, lan_kod, 'synligt litet antal' as fel, rad_kod as kod
from {{ ref('mart_korstabell') }}
where antal between 1 and {{ var('isu_max_maskerat_antal') }}

union all

select tabell, period_typ, period, niva, kommun_kod, lan_kod, 'andel i maskerad cell', rad_kod
from {{ ref('mart_korstabell') }}
where antal is null
  and (andel_av_rad is not null or andel_av_kolumn is not null or rad_namnare is not null
       or kolumn_namnare is not null or andel_av_rad_ki_lag is not null
       or andel_av_kolumn_ki_hog is not null or not undertryckt
       or undertryckt_orsak <> 'litet_antal')
