-- Every mart_ledtid row is internally consistent: quantiles in order (p25 <= median <= p75 <= p90),
-- the share within the limit in 0-1, its interval around it, and only where a legal limit binds
-- (actualisation -> decision in BOU, decision -> implementation); and the small-count rule:
-- a visible count is above var('isu_max_maskerat_antal'); a row shows its distribution exactly
-- when it is not suppressed; a visible count under var('isu_min_namnare') never shows one; the
-- reason matches what is hidden.
select *
from {{ ref('mart_ledtid') }}
where
    p25_dagar > median_dagar
    or median_dagar > p75_dagar
    or p75_dagar > p90_dagar
    or andel_inom_grans < 0
    or andel_inom_grans > 1
    or andel_inom_grans_ki_lag > andel_inom_grans
    or andel_inom_grans_ki_hog < andel_inom_grans
    or (andel_inom_grans is not null
        and not (ledtid = 'beslut_till_verkstallighet'
                 or (ledtid = 'aktualisering_till_beslut' and verksamhetsomrade = 'BOU')))
    or antal <= {{ var('isu_max_maskerat_antal') }}
    or (antal < {{ var('isu_min_namnare') }} and not undertryckt)
    or (undertryckt and (median_dagar is not null or p25_dagar is not null or p75_dagar is not null
                         or p90_dagar is not null or medel_dagar is not null
                         or andel_inom_grans is not null or undertryckt_orsak is null))
    or (not undertryckt and (median_dagar is null or medel_dagar is null or antal is null
                             or undertryckt_orsak is not null))
    or (antal is null and undertryckt_orsak <> 'litet_antal')
    or (antal is not null and undertryckt_orsak = 'litet_antal')
    or (antal < {{ var('isu_min_namnare') }} and undertryckt_orsak = 'sekundar')
