-- The indicators of INDICATORS.md (the published interface "mart_indikator"): one row per
-- indicator x period x unit (municipality, county, nation) x area (and ALLA) x breakdown group,
-- with exactly the columns INDICATORS.md defines. Built from the indicator models
-- (models/marts/indikatorer) by the shared roll-up and protected by int_pub_skydd; see
-- int_indikator_varde for the rules. County and nation are computed from the rows; the unweighted
-- mean of the municipalities is in mart_indikator_kommunmedel.
select
    indikator_id,
    period_typ,
    period,
    niva,
    kommun_kod,
    lan_kod,
    verksamhetsomrade,
    grupp_typ,
    grupp,
    taljare,
    namnare,
    varde,
    ki_lag,
    ki_hog,
    undertryckt,
    undertryckt_orsak,
    preliminar
from {{ ref('int_indikator_varde') }}
where niva in ('kommun', 'lan', 'riket')
