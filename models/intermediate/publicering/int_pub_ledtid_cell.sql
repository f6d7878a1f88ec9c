-- The cells of mart_ledtid before small-count protection: one row per lead time x period x unit x
-- area x intervention type x breakdown group (grupp '?' = the lead times whose group is unknown),
-- with the count, the sum of days, exact quantiles and the counts for the share within the legal
-- limit. One run of the shared roll-up (isu_pub_rollup): histograms of whole days (and whether
-- the legal limit was met), which sum exactly across cells; isu_pub_kvantiler turns each cell's
-- histogram into its quantiles and sums. Lead times are rolled up by number (ledtid_nr) and named
-- at the end.
--
-- Grid: years and the rolling twelve months by area x intervention type (grupp_typ 'alla') and by
-- area x breakdown group (all types); months by area only (all types, grupp_typ 'alla'). Types are
-- not crossed with sex, origin and age group, nor are months broken down: those cells would be
-- mostly suppressed, and their histograms cost more than all the rest together.
{%- set grid = {'typ': true, 'typ_manad': false, 'typ_med_grupper': false, 'grupper_manad': []} %}
{%- set nycklar = ['ledtid_nr', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade',
                   'insatstyp', 'grupp_typ', 'grupp'] %}

with observation as (

    select
        ledtid_nr, handelsedatum, kommun_kod, verksamhetsomrade, insatstyp, kon, ursprung, aldersgrupp,
        {{ dbt.cast('dagar', dbt.type_int()) }} as dagar,
        -- 1 within the legal limit, 0 beyond it, -1 where no limit binds
        case when inom_grans then 1 when not inom_grans then 0 else -1 end as grans
    from {{ ref('int_ledtid_observation') }}

),

histogram as (

    {{ isu_pub_rollup(
        'observation',
        nycklar=['ledtid_nr', 'dagar', 'grans'],
        matt={'antal': '1'},
        typ=grid.typ, typ_manad=grid.typ_manad, typ_med_grupper=grid.typ_med_grupper,
        grupper_manad=grid.grupper_manad,
    ) }}

),

celler as (

    {{ isu_pub_kvantiler(
        'histogram',
        nycklar,
        {'p25_dagar': 0.25, 'median_dagar': 0.5, 'p75_dagar': 0.75, 'p90_dagar': 0.9},
        summor={
            'summa_dagar': 'dagar * antal',
            'antal_inom_grans': 'case when grans = 1 then antal else 0 end',
            'antal_med_grans': 'case when grans >= 0 then antal else 0 end',
        },
    ) }}

)

select
    case ledtid_nr
        {%- for l in isu_ledtider() %}
        when {{ loop.index }} then '{{ l.namn }}'
        {%- endfor %}
    end as ledtid,
    period_typ,
    period,
    niva,
    kommun_kod,
    lan_kod,
    verksamhetsomrade,
    insatstyp,
    grupp_typ,
    grupp,
    antal,
    summa_dagar,
    antal_inom_grans,
    antal_med_grans,
    median_dagar,
    p25_dagar,
    p75_dagar,
    p90_dagar
from celler
