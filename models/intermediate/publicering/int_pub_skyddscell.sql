-- int_pub_skyddscell_samlad numbered: cell_id (a stable order over the key), and for a value computed
-- from a count (fas 2) the cell_id of that count (bas_cell_id). The columns are described there.
--
-- The numbering is the row number in the order of the whole key, computed per part (fas, mart,
-- serie, matt: about a hundred parts) plus the count of the parts before it: the same numbers as
-- one row_number() over the whole key (del_nyckel, then rest_nyckel: each written once, so the
-- parts' order and the order within a part cannot drift apart), but sorted part by part on every
-- core (1 M cases national, 18.7 M cells: 83 -> 72 s). A part key that is null finds no offset and
-- gives a null cell_id, which the not-null test of cell_id reports.
{%- set del_nyckel = ['fas', 'mart', 'serie', 'matt'] %}
{%- set rest_nyckel = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod', 'verksamhetsomrade',
                       'insatstyp', 'grupp_typ', 'grupp', 'rad_kod', 'kolumn_kod'] %}
with delar as (

    select
        {{ del_nyckel | join(', ') }},
        coalesce(sum(count(*)) over (
            order by {{ del_nyckel | join(', ') }}
            rows between unbounded preceding and 1 preceding
        ), 0) as foregaende
    from {{ ref('int_pub_skyddscell_samlad') }}
    group by {{ del_nyckel | join(', ') }}

),

{% call isu_lagrad_cte('numrerade') %}

    select
        d.foregaende + row_number() over (
            partition by {% for k in del_nyckel %}s.{{ k }}{{ ', ' if not loop.last }}{% endfor %}
            order by {% for k in rest_nyckel %}s.{{ k }}{{ ', ' if not loop.last }}{% endfor %}
        ) as cell_id,
        s.*
    from {{ ref('int_pub_skyddscell_samlad') }} as s
    left join delar as d
        on {% for k in del_nyckel %}d.{{ k }} = s.{{ k }}{{ ' and ' if not loop.last }}{% endfor %}

{% endcall %}

select
    n.*,
    b.cell_id as bas_cell_id
from numrerade as n
left join numrerade as b
    on  n.bas_matt is not null
    and b.fas = 1
    and b.matt = n.bas_matt
    and {{ isu_pub_lika('b', 'n', ['mart', 'serie', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod',
                                   'kommungrupp_kod', 'verksamhetsomrade', 'insatstyp', 'grupp_typ', 'grupp',
                                   'rad_kod', 'kolumn_kod']) }}
