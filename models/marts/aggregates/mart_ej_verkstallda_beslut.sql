-- Decisions not implemented within three months (SoL 16 kap. 6 f §, LSS 28 f §: reported every
-- quarter to IVO): at the end of every quarter of the data, how many interventions were decided,
-- neither implemented nor ended, with the decision more than three months back; by unit, area and
-- intervention type (null = all); a quarter, unit, area and type without any has no row (0). The same cells as EJ_VERKST_3M in mart_indikator
-- (int_pub_ej_verkst_cell), protected alike. A quarter is listed once its last day is in the data.
-- The list behind a count (pseudonym, decision date, days waiting, type) is what
-- `isu report ej-verkstallda --kvartal 2024Q3` writes.
with celler as (

    select *
    from {{ ref('int_pub_ej_verkst_cell') }}
    where period_typ = 'manad'
      and grupp_typ = 'alla'
      and substring(period, 6, 2) in ('03', '06', '09', '12')
      and niva in ('kommun', 'lan', 'riket')

),

masker as (

    {{ isu_pub_masker('ej_verkst', ['antal'], ['serie', 'period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod',
                                              'verksamhetsomrade', 'insatstyp', 'grupp_typ', 'grupp']) }}

),

kvartal as (

    select
        c.*,
        m.antal_orsak,
        {{ dbt.cast(dbt.last_day(dbt.cast(dbt.concat(['c.period', "'-01'"]), 'date'), 'month'), 'date') }} as kvartalsslut
    from celler as c
    left join masker as m
        on m.serie = c.indikator_id
        and {{ isu_pub_lika('m', 'c', ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade',
                                        'insatstyp', 'grupp_typ', 'grupp']) }}

)

select
    {{ dbt.concat(['substring(q.period, 1, 4)', "'Q'",
                   "case substring(q.period, 6, 2) when '03' then '1' when '06' then '2' when '09' then '3' else '4' end"]) }}
        as kvartal,
    q.kvartalsslut,
    q.niva,
    q.kommun_kod,
    k.kommun_namn,
    q.lan_kod,
    q.verksamhetsomrade,
    q.insatstyp,
    case when q.antal_orsak is null then q.antal end as antal,
    case when q.antal_orsak is not null then true else false end as undertryckt,
    case when q.antal_orsak is not null then 'litet_antal' end as undertryckt_orsak
from kvartal as q
cross join {{ ref('int_datum_granser') }} as g
left join {{ ref('kommuner') }} as k
    on k.kommun_kod = q.kommun_kod
where q.kvartalsslut <= g.sista_datum
