-- The cells of mart_korstabell before small-count protection: the shared roll-up of the counted
-- code pairs (int_korstabell_forekomst) to every level, by year and rolling twelve months, and
-- the margins that the shares publish as denominators:
--   cell_typ 'cell'        a row code x column code count
--   cell_typ 'radsumma'    kolumn_kod 'ALLA': the row total (rad_namnare)
--   cell_typ 'kolumnsumma' rad_kod 'ALLA': the column total over the rows counted in column
--                          shares (rad_i_namnare; goal attainment 6 is left out) (kolumn_namnare)
--   cell_typ 'total'       both 'ALLA': the table total of every cell
with celler as (

    {{ isu_pub_rollup(
        ref('int_korstabell_forekomst'),
        nycklar=['tabell', 'rad_variabel', 'rad_kod', 'kolumn_variabel', 'kolumn_kod', 'rad_i_namnare'],
        matt={'antal': '1'},
        perioder=['ar', 'rullande_12m'],
        grupper=[],
        omrade=false,
    ) }}

),

nyckel as (

    select
        tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel, kolumn_variabel,
        rad_kod, kolumn_kod, rad_i_namnare, antal
    from celler

)

select 'cell' as cell_typ, tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel,
       rad_kod, kolumn_variabel, kolumn_kod, rad_i_namnare, antal
from nyckel

union all

select 'radsumma', tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel,
       rad_kod, kolumn_variabel, 'ALLA', rad_i_namnare, sum(antal)
from nyckel
group by tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel, rad_kod, kolumn_variabel,
         rad_i_namnare

union all

select 'kolumnsumma', tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel,
       'ALLA', kolumn_variabel, kolumn_kod, true, sum(antal)
from nyckel
where rad_i_namnare
group by tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel, kolumn_variabel, kolumn_kod

union all

select 'total', tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel,
       'ALLA', kolumn_variabel, 'ALLA', true, sum(antal)
from nyckel
group by tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_variabel, kolumn_variabel
