-- Every mart_ledtid row is internally consistent: quantiles in order (p25 <= median <= p75 <= p90),
-- the mean between the extremes' bounds, the share within the limit in 0-1 and only for the two
-- lead times with a legal limit, and the small-count rule: a cell is suppressed exactly when its
-- count is under var('isu_min_namnare'), and then shows no distribution value.
select *
from {{ ref('mart_ledtid') }}
where
    p25_dagar > median_dagar
    or median_dagar > p75_dagar
    or p75_dagar > p90_dagar
    or andel_inom_grans < 0
    or andel_inom_grans > 1
    or (andel_inom_grans is not null
        and ledtid not in ('aktualisering_till_beslut', 'beslut_till_verkstallighet'))
    or (antal < {{ var('isu_min_namnare') }}) <> undertryckt
    or (undertryckt and (median_dagar is not null or p25_dagar is not null or p75_dagar is not null
                         or p90_dagar is not null or medel_dagar is not null
                         or andel_inom_grans is not null or undertryckt_orsak <> 'liten_namnare'))
    or (not undertryckt and (median_dagar is null or medel_dagar is null or undertryckt_orsak is not null))
    or (not undertryckt and andel_inom_grans is null
        and ledtid in ('aktualisering_till_beslut', 'beslut_till_verkstallighet'))
