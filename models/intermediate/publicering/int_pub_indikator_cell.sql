-- The cells of mart_indikator before small-count protection: one row per indicator x period x
-- level (with kommungrupp, for mart_indikator_jamforelse) x area x breakdown group (grupp '?' =
-- unknown), with täljare and nämnare, and for the lead-time indicators the median of the days.
-- Every part comes from the shared roll-up of int_indikator_rad, by what the catalogue seed says
-- the indicator counts (raknar) and shows (vardetyp):
--   andel, counting cases, interventions or follow-ups: sums of the rows' flags
--   andel, counting persons: distinct persons (once per period, unit and group)
--   dagar_per_person: täljare = the days summed, nämnare = distinct persons
--   median_dagar: nämnare = how many, and the median, from histograms of the days (isu_pub_kvantiler)
--   antal (EJ_VERKST_3M): the count at the period's end (int_pub_ej_verkst_cell), as täljare
-- Grid: years and the rolling window by area and every group; months by area only.
{%- set grid = {'grupper_manad': [], 'kommungrupp': true} %}
{%- set nycklar = ['indikator_id', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod',
                   'verksamhetsomrade', 'grupp_typ', 'grupp'] %}

{#- the catalogue's ids of each kind, as constant lists: a filter on a constant id prunes the other
    indicators' branches of the view int_indikator_rad, so that each roll-up reads only its rows
    (one shared relation of all rows would be stored once for the four readers: at 1 M cases 9 M
    rows, spilled to disk) -#}
{%- set slag = {'andel': [], 'andel_person': [], 'dagar_per_person': [], 'median_dagar': []} %}
{%- if execute %}
{%- for r in run_query('select indikator_id, raknar, vardetyp from ' ~ ref('indikatorer')) %}
    {%- set nyckel = r[2] ~ ('_person' if r[2] == 'andel' and r[1] == 'person' else '') %}
    {%- if nyckel in slag %}{% do slag[nyckel].append(r[0]) %}{% endif %}
{%- endfor %}
{%- endif %}
{%- do slag.update({'person': slag.andel_person + slag.dagar_per_person}) %}
{%- set dar = {} %}
{%- for n, ids in slag.items() %}
    {%- do dar.update({n: ("indikator_id in ('" ~ ids | join("', '") ~ "')") if ids else '1 = 0'}) %}
{%- endfor %}
{%- set rad = {} %}
{%- for n in ['andel', 'median_dagar'] %}
    {%- do rad.update({n: '(select * from ' ~ ref('int_indikator_rad') ~ ' where ' ~ dar[n] ~ ')'}) %}
{%- endfor %}
{%- for n in ['andel_person', 'dagar_per_person'] %}
    {%- do rad.update({n: '(select r.*, p.person_nr from ' ~ ref('int_indikator_rad') ~ ' as r inner join personer as p'
                          ~ ' on p.person_pseudonym = r.person_pseudonym where r.' ~ dar[n] ~ ')'}) %}
{%- endfor %}

with
-- persons numbered, so that counting them once per cell runs on integers
personer as (

    select person_pseudonym, row_number() over (order by person_pseudonym) as person_nr
    from (
        select distinct person_pseudonym
        from {{ ref('int_indikator_rad') }}
        where {{ dar.person }} and person_pseudonym is not null
    ) as p

),

andel_summa as (

    {{ isu_pub_rollup(rad.andel,
                      nycklar=['indikator_id'], matt={'namnare': 'r.namnare', 'taljare': 'r.taljare'},
                      grupper_manad=grid.grupper_manad, kommungrupp=grid.kommungrupp) }}

),

andel_personer as (

    {{ isu_pub_rollup(rad.andel_person,
                      nycklar=['indikator_id'], personer={'namnare': 'r.namnare = 1', 'taljare': 'r.taljare = 1'},
                      person_kolumn='person_nr',
                      grupper_manad=grid.grupper_manad, kommungrupp=grid.kommungrupp) }}

),

dagar_per_person as (

    {{ isu_pub_rollup(rad.dagar_per_person,
                      nycklar=['indikator_id'], personer={'namnare': 'r.namnare = 1'}, matt={'taljare': 'r.dagar'},
                      person_kolumn='person_nr',
                      grupper_manad=grid.grupper_manad, kommungrupp=grid.kommungrupp) }}

),

median_histogram as (

    {{ isu_pub_rollup(rad.median_dagar,
                      nycklar=['indikator_id', 'dagar'], matt={'antal': '1'},
                      grupper_manad=grid.grupper_manad, kommungrupp=grid.kommungrupp) }}

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
