-- int_pub_skyddscell_samlad numbered: cell_id (a stable order over the key), and for a value computed
-- from a count (fas 2) the cell_id of that count (bas_cell_id). The columns are described there.
with numrerade as (

    select
        row_number() over (
            order by fas, mart, serie, matt, period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod,
                     verksamhetsomrade, insatstyp, grupp_typ, grupp, rad_kod, kolumn_kod
        ) as cell_id,
        *
    from {{ ref('int_pub_skyddscell_samlad') }}

)

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
