-- The unit columns of the aggregate marts match their level: kommun rows have kommun_kod and
-- lan_kod (the first two digits of kommun_kod), lan rows only lan_kod, riket rows neither.
with enheter as (

    select 'mart_ledtid' as mart, niva, kommun_kod, lan_kod from {{ ref('mart_ledtid') }}
    union all
    select 'mart_arendeflode', niva, kommun_kod, lan_kod from {{ ref('mart_arendeflode') }}
    union all
    select 'mart_korstabell', niva, kommun_kod, lan_kod from {{ ref('mart_korstabell') }}

)

select distinct mart, niva, kommun_kod, lan_kod
from enheter
where not (
    (niva = 'kommun' and kommun_kod is not null and lan_kod = {{ isu_lan_kod('kommun_kod') }})
    or (niva = 'lan' and kommun_kod is null and lan_kod is not null)
    or (niva = 'riket' and kommun_kod is null and lan_kod is null)
)
