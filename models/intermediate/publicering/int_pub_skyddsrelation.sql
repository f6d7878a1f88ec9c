-- The equations that link published cells, as membership rows: one row per relation x member
-- cell with its coefficient (koef): the members times their coefficients sum to zero (a total
-- -1, its parts +1). Small-count protection (int_pub_skydd) masks cells until no equation gives a
-- masked cell away. koef is null in 'synk' relations, which tie masks together without an
-- equation.
--   omr      an area total (ALLA) = the sum of its areas
--   typ      all intervention types (null) = the sum of the types
--   grp      alla = the groups of one breakdown + the unknown ('?')
--   lan      a county = its municipalities;  riket  the nation = its counties
--   kg       a municipality group = its municipalities (when a mapping is loaded)
--   ar       a year = its months (periodregel 'summa');  rull  the rolling window = its months
--            (when it is whole months);  rullar  the rolling window = the calendar year it equals
--   rad, kol, radtot, koltot   mart_korstabell: a row margin = its cells; a column margin = its
--            cells counted in column shares; the table total = the row margins = the column
--            margins + the rows left out of column shares
--   flode    mart_arendeflode's ongoing counts: ongoing(p) = ongoing(p - 1) - ended(p - 1) + new(p)
--            for months and years in order
--   flodeperiod  ongoing in a year (the rolling window, when it is whole months) from its first
--            month: = ongoing(first) - new(first) + new(whole); and from its last month:
--            = ongoing(last) - ended(last) + ended(whole)
--   synk     the two hidden values of one mart_ledtid cell (days, within the limit) go together
--   lager    a count at a period's end (EJ_VERKST_3M): a year's = its last month's; the rolling
--            window's = its last month's (when it is whole months)
--   lank     the same population published by two marts (e.g. VERKST_3M's denominator and
--            mart_ledtid's count of beslut_till_verkstallighet), or a numerator that is a sum of
--            cross-table cells: the same value twice must be masked alike
-- The grid relations (omr ... rullar) bind only additive values (summerbar); links bind all.
-- Relations with fewer than two members are dropped: they are no equation. Most of them are known
-- before any key is hashed: a total whose parts have no cell of its shape anywhere (the same mart,
-- series, measure, period type, level, area, type and breakdown: `form`) is alone in its relation,
-- because every other member would share that shape. Such totals (all types without any type,
-- alla of a breakdown not published there, a year or rolling window without months) are left out
-- of medlemmar; the count at the end drops what is left alone (at 1 M cases in 290
-- municipalities: 129.9 M member rows, 54.7 M of them alone, 51.5 M of those left out early).
-- The links join the cells table itself, not a CTE over it: a planner that estimates rows from a
-- table's statistics (PostgreSQL) then hashes these joins instead of looping over every pair.
{%- set alla_celler = ref('int_pub_skyddscell') %}
{%- set form_lika = "f.mart = c.mart and f.serie = c.serie and f.matt = c.matt and f.niva = c.niva "
                   ~ "and f.omrade = coalesce(c.verksamhetsomrade, '~')" %}
with c as (

    select * from {{ alla_celler }} where summerbar

),

-- the shapes of the cells (a few thousand): what a total needs to have parts at all
form as (

    select distinct
        mart, serie, matt, period_typ, niva, coalesce(verksamhetsomrade, '~') as omrade,
        coalesce(insatstyp, -1) as typ, grupp_typ
    from c

),

-- the months of the data's span (from the first actualisation to the last date)
spann_manader as (

    select distinct m.ar_manad as manad
    from {{ ref('dim_datum') }} as m
    cross join {{ ref('int_datum_granser') }} as g
    where m.datum >= g.forsta_aktualisering and m.datum <= g.sista_datum

),

-- the last month of every year in the span
sista_manader as (

    select max(manad) as manad
    from spann_manader
    group by substring(manad, 1, 4)

),

period as (

    select
        p.rullande_12m_period,
        p.rullande_12m_hela_manader,
        p.forsta_manad,
        p.sista_manad,
        -- ongoing in the window is tied to its months when they are whole and in the span
        case
            when p.rullande_12m_hela_manader and p.sista_manad <= (select max(manad) from spann_manader) then true
            else false
        end as fonster_i_spannet,
        p.lika_med_ar
    from (
        select
            rullande_12m_period,
            rullande_12m_hela_manader,
            {{ isu_year_month('rullande_12m_start') }} as forsta_manad,
            {{ isu_year_month('rullande_12m_slut') }}  as sista_manad,
            case
                when {{ isu_date_part('month', 'rullande_12m_start') }} = 1
                 and {{ isu_date_part('day', 'rullande_12m_start') }} = 1
                 and rullande_12m_hela_manader
                then {{ dbt.cast(isu_date_part('year', 'rullande_12m_slut'), dbt.type_string()) }}
            end as lika_med_ar
        from {{ ref('int_publicering_period') }}
    ) as p

),

-- the first and last month of every year of the span and of the rolling window (when it is whole
-- months inside the span; months before the span hold nothing, so its first month is the later
-- of the window's and the span's), for the ongoing counts of mart_arendeflode
period_granser as (

    select 'ar' as hel_typ, substring(manad, 1, 4) as hel_period, 'forsta' as form, min(manad) as manad
    from spann_manader
    group by substring(manad, 1, 4)

    union all

    select 'ar', substring(manad, 1, 4), 'sista', max(manad)
    from spann_manader
    group by substring(manad, 1, 4)

    union all

    select 'rullande_12m', p.rullande_12m_period, 'forsta',
           case when p.forsta_manad >= s.forsta then p.forsta_manad else s.forsta end
    from period as p
    cross join (select min(manad) as forsta from spann_manader) as s
    where p.fonster_i_spannet

    union all

    select 'rullande_12m', p.rullande_12m_period, 'sista', p.sista_manad
    from period as p
    where p.fonster_i_spannet

),

-- links between marts that publish the same population (see the header); each link is keyed by
-- the cell of the first mart
{%- set grid = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade', 'grupp_typ', 'grupp'] %}
{%- set grid_utan_omrade = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'grupp_typ', 'grupp'] %}
lank_par as (

    -- VERKST_3M = mart_ledtid beslut_till_verkstallighet (all types): count and within the limit
    select 'verkst' as lank, a.cell_id as a_id, b.cell_id as b_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'ledtid' and b.serie = 'beslut_till_verkstallighet' and b.insatstyp is null
        and b.matt = case a.matt when 'namnare' then 'antal' else 'inom_grans' end
        and {{ isu_pub_lika('a', 'b', grid) }}
    where a.mart = 'indikator' and a.serie = 'VERKST_3M' and a.matt in ('namnare', 'taljare')

    union all

    -- UTREDNING_4M (BOU, also as ALLA) = mart_ledtid aktualisering_till_beslut in BOU
    select 'utredning', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'ledtid' and b.serie = 'aktualisering_till_beslut' and b.verksamhetsomrade = 'BOU'
        and b.matt = case a.matt when 'namnare' then 'antal' else 'inom_grans' end
        and {{ isu_pub_lika('a', 'b', grid_utan_omrade) }}
    where a.mart = 'indikator' and a.serie = 'UTREDNING_4M' and a.matt in ('namnare', 'taljare')
      and a.verksamhetsomrade in ('BOU', 'ALLA')

    union all

    -- VANTETID_SABO = mart_ledtid aktualisering_till_verkstallighet of type 32: count, and the
    -- median hidden with the cell's distribution
    select 'vantetid', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'ledtid' and b.serie = 'aktualisering_till_verkstallighet' and b.insatstyp = 32
        and b.matt = case a.matt when 'namnare' then 'antal' else 'dagar' end
        and {{ isu_pub_lika('a', 'b', grid) }}
    where a.mart = 'indikator' and a.serie = 'VANTETID_SABO' and a.matt in ('namnare', 'median')

    union all

    -- MAL_REGISTRERAD's denominator = mart_arendeflode's ended interventions
    select 'malreg', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'arendeflode' and b.serie = 'insats' and b.matt = 'avslutade'
        and {{ isu_pub_lika('a', 'b', grid) }}
    where a.mart = 'indikator' and a.serie = 'MAL_REGISTRERAD' and a.matt = 'namnare'

    union all

    -- mart_ledtid: the two lead times of implemented interventions count the same interventions;
    -- the lead time to case closure counts the closed cases of mart_arendeflode
    select 'verkstalld', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'ledtid' and b.serie = 'aktualisering_till_verkstallighet' and b.matt = 'antal'
        and {{ isu_pub_lika('a', 'b', grid + ['insatstyp']) }}
    where a.mart = 'ledtid' and a.serie = 'beslut_till_verkstallighet' and a.matt = 'antal'

    union all

    select 'arendeavslut', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'arendeflode' and b.serie = 'arende' and b.matt = 'avslutade'
        and {{ isu_pub_lika('a', 'b', grid) }}
    where a.mart = 'ledtid' and a.serie = 'aktualisering_till_arendeavslut' and a.matt = 'antal'

    union all

    -- mart_korstabell's column totals by sex (type x sex) = mart_arendeflode's decided
    -- interventions by sex in all areas
    select 'korstyp', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'arendeflode' and b.serie = 'insats' and b.matt = 'nya'
        and b.verksamhetsomrade = 'ALLA' and b.grupp_typ = 'kon'
        and b.grupp = case a.kolumn_kod when '1' then 'kvinna' when '2' then 'man' end
        and {{ isu_pub_lika('a', 'b', ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod']) }}
    where a.mart = 'korstabell' and a.serie = 'insatstyp_kon' and a.matt = 'kolumnsumma'

    union all

    -- denominators of shares that are column totals of a cross-table (all areas, by sex or
    -- origin): OPLANERAT_AVBROTT, MAL_UPPNADDA, POSITIV_FORANDRING
    select 'korsnamnare', a.cell_id, b.cell_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'korstabell' and b.matt = 'kolumnsumma'
        and b.serie = case
            when a.serie = 'OPLANERAT_AVBROTT' and a.grupp_typ = 'kon' then 'avslutsorsak_kon'
            when a.serie in ('MAL_UPPNADDA', 'POSITIV_FORANDRING') and a.grupp_typ = 'kon' then 'maluppfyllelse_kon'
            when a.serie in ('MAL_UPPNADDA', 'POSITIV_FORANDRING') and a.grupp_typ = 'ursprung' then 'maluppfyllelse_ursprung'
        end
        and b.kolumn_kod = case a.grupp when 'kvinna' then '1' when 'man' then '2' else a.grupp end
        and {{ isu_pub_lika('a', 'b', ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod']) }}
    where a.mart = 'indikator' and a.matt = 'namnare' and a.verksamhetsomrade = 'ALLA'
      and a.serie in ('OPLANERAT_AVBROTT', 'MAL_UPPNADDA', 'POSITIV_FORANDRING')

),

-- numerators that are sums of cross-table cells of the same column: one equation each
lank_summa as (

    select
        a.cell_id as a_id,
        b.cell_id as b_id
    from {{ alla_celler }} as a
    inner join {{ alla_celler }} as b
        on  b.mart = 'korstabell' and b.matt = 'cell'
        and b.serie = case
            when a.serie = 'OPLANERAT_AVBROTT' and a.grupp_typ = 'kon' then 'avslutsorsak_kon'
            when a.serie in ('MAL_UPPNADDA', 'POSITIV_FORANDRING') and a.grupp_typ = 'kon' then 'maluppfyllelse_kon'
            when a.serie in ('MAL_UPPNADDA', 'POSITIV_FORANDRING') and a.grupp_typ = 'ursprung' then 'maluppfyllelse_ursprung'
        end
        and b.kolumn_kod = case a.grupp when 'kvinna' then '1' when 'man' then '2' else a.grupp end
        and b.rad_kod in (
            case a.serie when 'OPLANERAT_AVBROTT' then '3' when 'MAL_UPPNADDA' then '1' else '1' end,
            case a.serie when 'OPLANERAT_AVBROTT' then '4' when 'MAL_UPPNADDA' then '3' else '2' end,
            case a.serie when 'OPLANERAT_AVBROTT' then '5' else 'x' end
        )
        and {{ isu_pub_lika('a', 'b', ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod']) }}
    where a.mart = 'indikator' and a.matt = 'taljare' and a.verksamhetsomrade = 'ALLA'
      and a.serie in ('OPLANERAT_AVBROTT', 'MAL_UPPNADDA', 'POSITIV_FORANDRING')

),

lank as (

    select distinct {{ isu_hash_kolumner(["'lank'", 'lank', 'a_id']) }} as relation_id, a_id as cell_id, 1.0 as koef
    from lank_par
    union
    select distinct {{ isu_hash_kolumner(["'lank'", 'lank', 'a_id']) }}, b_id, -1.0 from lank_par
    union
    select distinct {{ isu_hash_kolumner(["'lanksumma'", 'a_id']) }}, a_id, -1.0 from lank_summa
    union
    select distinct {{ isu_hash_kolumner(["'lanksumma'", 'a_id']) }}, b_id, 1.0 from lank_summa

),

{% call isu_lagrad_cte('medlemmar') %}

    -- areas
    select {{ isu_skydd_nyckel('omr', utan=['verksamhetsomrade']) }} as relation_id, c.cell_id,
           case when c.verksamhetsomrade = 'ALLA' then -1.0 else 1.0 end as koef
    from c

    union all

    -- intervention types
    select {{ isu_skydd_nyckel('typ', utan=['insatstyp']) }}, c.cell_id,
           case when c.insatstyp is null then -1.0 else 1.0 end
    from c
    left join (
        select distinct mart, serie, matt, period_typ, niva, omrade, grupp_typ from form where typ <> -1
    ) as f
        on c.insatstyp is null and {{ form_lika }} and f.period_typ = c.period_typ and f.grupp_typ = c.grupp_typ
    where c.insatstyp is not null or f.mart is not null

    union all

    -- breakdown groups (the alla cell is the total of each of the three breakdowns)
    select {{ isu_skydd_nyckel('grp', utan=['grupp']) }}, c.cell_id, 1.0
    from c
    where c.grupp_typ <> 'alla'

    union all

    select {{ isu_skydd_nyckel('grp', ersatt={'grupp_typ': 'g.grupp_typ'}, utan=['grupp']) }}, c.cell_id, -1.0
    from c
    cross join (
        select 'kon' as grupp_typ union all select 'ursprung' union all select 'aldersgrupp'
    ) as g
    inner join form as f
        on  {{ form_lika }} and f.period_typ = c.period_typ and f.typ = coalesce(c.insatstyp, -1)
        and f.grupp_typ = g.grupp_typ
    where c.grupp_typ = 'alla'

    union all

    -- levels
    select {{ isu_skydd_nyckel('lan', utan=['niva', 'kommun_kod', 'kommungrupp_kod']) }}, c.cell_id,
           case when c.niva = 'lan' then -1.0 else 1.0 end
    from c
    where c.niva in ('kommun', 'lan')

    union all

    select {{ isu_skydd_nyckel('riket', utan=['niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod']) }}, c.cell_id,
           case when c.niva = 'riket' then -1.0 else 1.0 end
    from c
    where c.niva in ('lan', 'riket')

    union all

    select {{ isu_skydd_nyckel('kg', ersatt={'kommungrupp_kod': 'coalesce(c.kommungrupp_kod, g.kommungrupp_kod)'},
                               utan=['niva', 'kommun_kod', 'lan_kod']) }}, c.cell_id,
           case when c.niva = 'kommungrupp' then -1.0 else 1.0 end
    from c
    left join {{ ref('stg_kommungrupp') }} as g
        on c.niva = 'kommun' and g.kommun_kod = c.kommun_kod
    where c.niva = 'kommungrupp'
       or (c.niva = 'kommun' and g.kommungrupp_kod is not null
           -- only the marts that publish the level
           and c.mart in (select distinct k.mart from c as k where k.niva = 'kommungrupp'))

    union all

    -- periods: a year is the sum of its months
    select {{ isu_skydd_nyckel('ar', ersatt={'period': 'substring(c.period, 1, 4)'}, utan=['period_typ']) }}, c.cell_id,
           case when c.period_typ = 'ar' then -1.0 else 1.0 end
    from c
    left join form as f
        on  c.period_typ = 'ar' and {{ form_lika }} and f.period_typ = 'manad'
        and f.typ = coalesce(c.insatstyp, -1) and f.grupp_typ = c.grupp_typ
    where c.periodregel = 'summa' and c.period_typ in ('ar', 'manad')
      and (c.period_typ = 'manad' or f.mart is not null)

    union all

    -- the rolling window is the sum of its months, when it is whole months
    select {{ isu_skydd_nyckel('rull', ersatt={'period': 'p.rullande_12m_period'}, utan=['period_typ']) }}, c.cell_id,
           case when c.period_typ = 'rullande_12m' then -1.0 else 1.0 end
    from c
    cross join period as p
    left join form as f
        on  c.period_typ = 'rullande_12m' and {{ form_lika }} and f.period_typ = 'manad'
        and f.typ = coalesce(c.insatstyp, -1) and f.grupp_typ = c.grupp_typ
    where c.periodregel = 'summa'
      and (c.period_typ = 'manad' or f.mart is not null)
      and p.rullande_12m_hela_manader
      and (c.period_typ = 'rullande_12m'
           or (c.period_typ = 'manad' and c.period >= p.forsta_manad and c.period <= p.sista_manad))

    union all

    -- the rolling window equals a calendar year: the same population twice
    select {{ isu_skydd_nyckel('rullar', utan=['period_typ', 'period']) }}, c.cell_id,
           case when c.period_typ = 'ar' then 1.0 else -1.0 end
    from c
    cross join period as p
    where p.lika_med_ar is not null
      and ((c.period_typ = 'ar' and c.period = p.lika_med_ar) or c.period_typ = 'rullande_12m')

    union all

    -- mart_korstabell: rows, columns and the table total
    select {{ isu_skydd_nyckel('rad', utan=['matt', 'kolumn_kod']) }}, c.cell_id,
           case when c.matt = 'radsumma' then -1.0 else 1.0 end
    from c
    where c.mart = 'korstabell' and c.matt in ('cell', 'radsumma')

    union all

    select {{ isu_skydd_nyckel('kol', utan=['matt', 'rad_kod']) }}, c.cell_id,
           case when c.matt = 'kolumnsumma' then -1.0 else 1.0 end
    from c
    where c.mart = 'korstabell'
      and ((c.matt = 'cell' and c.rad_i_namnare) or c.matt = 'kolumnsumma')

    union all

    select {{ isu_skydd_nyckel('radtot', utan=['matt', 'rad_kod', 'kolumn_kod']) }}, c.cell_id,
           case when c.matt = 'total' then -1.0 else 1.0 end
    from c
    where c.mart = 'korstabell' and c.matt in ('radsumma', 'total')

    union all

    select {{ isu_skydd_nyckel('koltot', utan=['matt', 'rad_kod', 'kolumn_kod']) }}, c.cell_id,
           case when c.matt = 'total' then -1.0 else 1.0 end
    from c
    where c.mart = 'korstabell'
      and (c.matt in ('kolumnsumma', 'total') or (c.matt = 'radsumma' and not c.rad_i_namnare))

    union all

    -- mart_ledtid: the hidden days and the hidden share of one cell go together
    select {{ isu_skydd_nyckel('synk', utan=['matt']) }}, c.cell_id, {{ dbt.cast('null', isu_type_double()) }}
    from c
    where c.mart = 'ledtid' and c.matt in ('dagar', 'inom_grans')

    union all

    -- counts at a period's end: a year's is its last month's
    select {{ isu_skydd_nyckel('lager', ersatt={'period': 'substring(c.period, 1, 4)'}, utan=['period_typ']) }},
           c.cell_id, case when c.period_typ = 'ar' then 1.0 else -1.0 end
    from c
    left join sista_manader as sm
        on sm.manad = c.period
    where c.periodregel = 'lager'
      and (c.period_typ = 'ar' or (c.period_typ = 'manad' and sm.manad is not null))

    union all

    -- counts at a period's end: the rolling window's is its last month's (when it is whole months)
    select {{ isu_skydd_nyckel('lagerrull', utan=['period_typ', 'period']) }}, c.cell_id,
           case when c.period_typ = 'rullande_12m' then 1.0 else -1.0 end
    from c
    cross join period as p
    where c.periodregel = 'lager'
      and p.rullande_12m_hela_manader
      and (c.period_typ = 'rullande_12m' or (c.period_typ = 'manad' and c.period = p.sista_manad))

    union all

    -- mart_arendeflode: ongoing(p) = ongoing(p - 1) - ended(p - 1) + new(p), months and years in
    -- order (every series has every period of the span, zeros included); the first period has no
    -- p - 1: its ongoing are its new
    select {{ isu_skydd_nyckel('flode', ersatt={'period': dbt.cast('f.nr + f.steg', dbt.type_string())}, utan=['matt'], alias='f') }},
           f.cell_id,
           case
               when f.matt = 'pagaende' and f.steg = 0 then -1.0
               when f.matt = 'avslutade' then -1.0
               else 1.0
           end
    from (
        select n.*, s.steg
        from (
            select
                c.*,
                row_number() over (
                    partition by c.serie, c.matt, c.period_typ, c.niva, c.kommun_kod, c.lan_kod,
                                 c.verksamhetsomrade, c.grupp_typ, c.grupp
                    order by c.period
                ) as nr,
                count(*) over (
                    partition by c.serie, c.matt, c.period_typ, c.niva, c.kommun_kod, c.lan_kod,
                                 c.verksamhetsomrade, c.grupp_typ, c.grupp
                ) as antal_perioder
            from c
            where c.mart = 'arendeflode' and c.period_typ in ('ar', 'manad')
        ) as n
        cross join (select 0 as steg union all select 1) as s
        where n.matt = 'pagaende'
           or (n.matt = 'nya' and s.steg = 0)
           or (n.matt = 'avslutade' and s.steg = 1)
    ) as f
    where f.nr + f.steg <= f.antal_perioder

    union all

    -- ongoing in a year (the rolling window) from its first month: = ongoing(first month)
    -- - new(first month) + new(whole period); and from its last month: = ongoing(last month)
    -- - ended(last month) + ended(whole period). Months before the data's span hold nothing, so
    -- the first month is the first one in the span.
    select {{ isu_skydd_nyckel('flodeperiod', ersatt={'period': 'f.hel_period', 'period_typ': 'f.hel_typ', 'matt': 'f.form'}, alias='f') }},
           f.cell_id,
           case
               when f.period_typ = f.hel_typ and f.matt = 'pagaende' then -1.0
               when f.period_typ = f.hel_typ then 1.0
               when f.matt = 'pagaende' then 1.0
               else -1.0
           end
    from (
        -- the whole period: ongoing in both forms, new in the first, ended in the second
        select c.*, c.period_typ as hel_typ, c.period as hel_period, fm.form
        from c
        cross join (select 'forsta' as form, 'nya' as matt union all select 'sista', 'avslutade') as fm
        cross join period as p
        where c.mart = 'arendeflode' and c.period_typ in ('ar', 'rullande_12m')
          and c.matt in ('pagaende', fm.matt)
          and (c.period_typ = 'ar' or p.fonster_i_spannet)

        union all

        -- its first (last) month: ongoing and new (ended)
        select m.*, g.hel_typ, g.hel_period, g.form
        from c as m
        inner join period_granser as g
            on g.manad = m.period
        where m.mart = 'arendeflode' and m.period_typ = 'manad'
          and m.matt in ('pagaende', case g.form when 'forsta' then 'nya' else 'avslutade' end)
    ) as f

    union all

    select relation_id, cell_id, koef from lank

{% endcall %},

-- the relations with at least two members: one count per relation and a semi-join, not a count
-- over a window of every member row (1 M cases national, 78 M member rows: 128 -> 105 s)
flera as (

    select relation_id
    from medlemmar
    group by relation_id
    having count(*) >= 2

)

select m.relation_id, m.cell_id, m.koef
from medlemmar as m
where m.relation_id in (select relation_id from flera)
