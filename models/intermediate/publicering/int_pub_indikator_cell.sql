-- The cells of mart_indikator before small-count protection: one row per indicator x period x
-- level (with kommungrupp, for mart_indikator_jamforelse) x area x breakdown group (grupp '?' =
-- unknown), with täljare and nämnare, and for the lead-time indicators the median of the days.
-- Every part comes from the shared roll-up of int_indikator_rad, by what the catalogue seed says
-- the indicator counts (raknar) and shows (vardetyp):
--   andel, counting cases, interventions or follow-ups: sums of the rows' flags
--   andel, counting persons: distinct persons (once per period, unit and group)
--   dagar_per_person: täljare = the days summed, nämnare = distinct persons
--   (these two from the persons' rows prepared in int_pub_indikator_personrad)
--   median_dagar: nämnare = how many, and the median, from histograms of the days (isu_pub_kvantiler)
--   antal (EJ_VERKST_3M): the count at the period's end (int_pub_ej_verkst_cell), as täljare
-- Grid: years and the rolling window by area and every group; months by area only.
{%- set nycklar = ['indikator_id', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod',
                   'verksamhetsomrade', 'grupp_typ', 'grupp'] %}
{%- set dar = isu_indikator_urval() %}
{%- set personrad = ref('int_pub_indikator_personrad') %}

with andel_summa as (

    {{ isu_pub_rollup('(select * from ' ~ ref('int_indikator_rad') ~ ' where ' ~ dar.andel ~ ')',
                      **isu_indikator_rollup('andel')) }}

),

andel_personer as (

    {{ isu_pub_rollup(none, personrader='(select * from ' ~ personrad ~ ' where ' ~ dar.andel_person ~ ') as rader',
                      **isu_indikator_rollup('andel_person')) }}

),

dagar_per_person as (

    {{ isu_pub_rollup(none, personrader='(select * from ' ~ personrad ~ ' where ' ~ dar.dagar_per_person ~ ') as rader',
                      **isu_indikator_rollup('dagar_per_person')) }}

),

median_histogram as (

    {{ isu_pub_rollup('(select * from ' ~ ref('int_indikator_rad') ~ ' where ' ~ dar.median_dagar ~ ')',
                      **isu_indikator_rollup('median_dagar')) }}

),

median as (

    {{ isu_pub_kvantiler('median_histogram', nycklar, {'median_dagar': 0.5}) }}

),

celler as (

    select {{ nycklar | join(', ') }}, namnare, taljare, {{ dbt.cast('null', isu_type_double()) }} as median_dagar
    from andel_summa

    union all

    select {{ nycklar | join(', ') }}, namnare, taljare, {{ dbt.cast('null', isu_type_double()) }}
    from andel_personer

    union all

    select {{ nycklar | join(', ') }}, namnare, taljare, {{ dbt.cast('null', isu_type_double()) }}
    from dagar_per_person

    union all

    select {{ nycklar | join(', ') }}, antal, {{ dbt.cast('null', dbt.type_bigint()) }}, median_dagar
    from median

    union all

    select {{ nycklar | join(', ') }}, {{ dbt.cast('null', dbt.type_bigint()) }}, antal, {{ dbt.cast('null', isu_type_double()) }}
    from {{ ref('int_pub_ej_verkst_cell') }}
    where insatstyp is null and (period_typ <> 'manad' or grupp_typ = 'alla')

)

select c.*
from celler as c
inner join {{ ref('indikatorer') }} as k
    on k.indikator_id = c.indikator_id
-- only the period types the catalogue publishes for the indicator
where {{ dbt.position('c.period_typ', 'k.perioder') }} > 0
