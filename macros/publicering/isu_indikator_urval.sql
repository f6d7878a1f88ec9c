{#-
    isu_indikator_urval(): the catalogue's indicators by how the publication layer rolls them up,
    as SQL conditions on indikator_id: {'andel': ..., 'andel_person': ..., 'dagar_per_person': ...,
    'median_dagar': ..., 'person': ...}, read from the seed indikatorer (raknar, vardetyp):
      andel               shares counting cases, interventions or follow-ups (sums of flags)
      andel_person        shares counting persons (distinct persons per cell)
      dagar_per_person    days per person (the days summed, distinct persons)
      median_dagar        medians of days (histograms of the days)
      person              andel_person and dagar_per_person: the ones that count persons
    Each is a list of constant ids (`indikator_id in ('A', 'B')`, or `1 = 0` when there are none):
    a filter on constant ids prunes the other indicators' branches of the view int_indikator_rad.
    Read by int_pub_indikator_personrad and int_pub_indikator_cell.
-#}
{% macro isu_indikator_urval() -%}
    {%- set slag = {'andel': [], 'andel_person': [], 'dagar_per_person': [], 'median_dagar': []} %}
    {#- the ref outside the execute block, so that dbt sees the dependency when it parses -#}
    {%- set katalog = ref('indikatorer') %}
    {%- if execute %}
    {%- for r in run_query('select indikator_id, raknar, vardetyp from ' ~ katalog) %}
        {%- set nyckel = r[2] ~ ('_person' if r[2] == 'andel' and r[1] == 'person' else '') %}
        {%- if nyckel in slag %}{% do slag[nyckel].append(r[0]) %}{% endif %}
    {%- endfor %}
    {%- endif %}
    {%- do slag.update({'person': slag.andel_person + slag.dagar_per_person}) %}
    {%- set dar = {} %}
    {%- for n, ids in slag.items() %}
        {%- do dar.update({n: ("indikator_id in ('" ~ ids | join("', '") ~ "')") if ids else '1 = 0'}) %}
    {%- endfor %}
    {{ return(dar) }}
{%- endmacro %}

{#-
    isu_indikator_rollup(slag): the arguments of isu_pub_rollup for one kind of indicator (a key of
    isu_indikator_urval), the same wherever that kind is rolled up: the grid (years and the rolling
    window by area and every group, months by area only, municipality groups) and the measures.
    The kinds that count persons number them (person_nr, see int_pub_indikator_personrad).
-#}
{% macro isu_indikator_rollup(slag) -%}
    {%- set grid = {'nycklar': ['indikator_id'], 'grupper_manad': [], 'kommungrupp': true} %}
    {%- set matt = {
        'andel': {'matt': {'namnare': 'r.namnare', 'taljare': 'r.taljare'}},
        'andel_person': {'personer': {'namnare': 'r.namnare = 1', 'taljare': 'r.taljare = 1'},
                         'person_kolumn': 'person_nr'},
        'dagar_per_person': {'personer': {'namnare': 'r.namnare = 1'}, 'matt': {'taljare': 'r.dagar'},
                             'person_kolumn': 'person_nr'},
        'median_dagar': {'nycklar': ['indikator_id', 'dagar'], 'matt': {'antal': '1'}},
    } %}
    {%- do grid.update(matt[slag]) %}
    {{ return(grid) }}
{%- endmacro %}
