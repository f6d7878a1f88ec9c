-- The cells of mart_ledtid before small-count protection: one row per lead time x period x unit x
-- area x intervention type x breakdown group (grupp '?' = the lead times whose group is unknown),
-- with the count, the sum of days, exact quantiles and the counts for the share within the legal
-- limit. Two runs of the shared roll-up (isu_pub_rollup) over the same rows: the cells' sums, and
-- histograms of whole days, which sum exactly across cells and give the quantiles
-- (isu_pub_kvantiler). Lead times are rolled up by number (ledtid_nr) and named at the end.
--
-- Grid: years and the rolling twelve months by area x intervention type (grupp_typ 'alla') and by
-- area x breakdown group (all types); months by area only (all types, grupp_typ 'alla'). Types are
-- not crossed with sex, origin and age group, nor are months broken down: those cells would be
-- mostly suppressed, and their histograms cost more than all the rest together.
{%- set grid = {'typ': true, 'typ_manad': false, 'typ_med_grupper': false, 'grupper_manad': []} %}
{%- set nycklar = ['ledtid_nr', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade',
                   'insatstyp', 'grupp_typ', 'grupp'] %}
{%- set c_nycklar = [] %}
{%- for n in nycklar %}{% do c_nycklar.append('c.' ~ n) %}{% endfor %}

with observation as (

    select
        ledtid_nr, handelsedatum, kommun_kod, verksamhetsomrade, insatstyp, kon, ursprung, aldersgrupp,
        {{ dbt.cast('dagar', dbt.type_int()) }} as dagar,
        inom_grans
    from {{ ref('int_ledtid_observation') }}

),

celler as (

    {{ isu_pub_rollup(
        'observation',
        nycklar=['ledtid_nr'],
        matt={
            'antal': '1',
            'summa_dagar': 'r.dagar',
            'antal_inom_grans': 'case when r.inom_grans then 1 else 0 end',
            'antal_med_grans': 'case when r.inom_grans is not null then 1 else 0 end',
        },
        typ=grid.typ, typ_manad=grid.typ_manad, typ_med_grupper=grid.typ_med_grupper,
        grupper_manad=grid.grupper_manad,
    ) }}

),

histogram as (

    {{ isu_pub_rollup(
        'observation',
        nycklar=['ledtid_nr', 'dagar'],
        matt={'antal': '1'},
        typ=grid.typ, typ_manad=grid.typ_manad, typ_med_grupper=grid.typ_med_grupper,
        grupper_manad=grid.grupper_manad,
    ) }}

),

kvantiler as (

    {{ isu_pub_kvantiler(
        'histogram',
        nycklar,
        {'p25_dagar': 0.25, 'median_dagar': 0.5, 'p75_dagar': 0.75, 'p90_dagar': 0.9},
    ) }}

)

select
    case c.ledtid_nr
        {%- for l in isu_ledtider() %}
        when {{ loop.index }} then '{{ l.namn }}'
        {%- endfor %}
    end as ledtid,
    c.period_typ,
    c.period,
    c.niva,
    c.kommun_kod,
    c.lan_kod,
    c.verksamhetsomrade,
    c.insatstyp,
    c.grupp_typ,
    c.grupp,
    c.antal,
    c.summa_dagar,
    c.antal_inom_grans,
    c.antal_med_grans,
    k.median_dagar,
    k.p25_dagar,
    k.p75_dagar,
    k.p90_dagar,
    k.antal as kvantil_antal
from celler as c
left join kvantiler as k
    on k.cell_nyckel = {{ isu_hash_kolumner(c_nycklar) }}
