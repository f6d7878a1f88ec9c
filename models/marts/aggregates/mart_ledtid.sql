-- Lead-time distributions (ARCHITECTURE.md "Lead times"): one row per lead time x period x unit
-- x area x intervention type x breakdown group. A lead time belongs to the period of its end event.
-- Built in three steps: (1) one row per measured lead time (matningar), (2) every row copied once
-- per period type, level, area (own / ALLA), intervention type (own / all) and breakdown group by
-- cross joins with small unpivot tables (utvidgad), (3) grouped, with the distribution values
-- nulled where the cell has fewer than var('isu_min_namnare') observations.

-- name, source, start date, end date (expression), days column, legal limit in months (or none)
{%- set ledtider = [
    {'namn': 'aktualisering_till_beslut', 'kalla': 'arende', 'start': 'datum_aktualisering',
     'slut': 'datum_beslut', 'dagar': 'dagar_aktualisering_till_beslut', 'grans_manader': 4},
    {'namn': 'aktualisering_till_arendeavslut', 'kalla': 'arende', 'start': 'datum_aktualisering',
     'slut': 'datum_avslut', 'dagar': 'dagar_aktualisering_till_avslut', 'grans_manader': none},
    {'namn': 'beslut_till_verkstallighet', 'kalla': 'insats', 'start': 'datum_beslut',
     'slut': 'datum_verkstallighet', 'dagar': 'dagar_beslut_till_verkstallighet', 'grans_manader': 3},
    {'namn': 'aktualisering_till_verkstallighet', 'kalla': 'insats', 'start': none,
     'slut': 'datum_verkstallighet', 'dagar': 'dagar_aktualisering_till_verkstallighet', 'grans_manader': none},
    {'namn': 'verkstallighet_till_avslut', 'kalla': 'insats', 'start': 'datum_verkstallighet',
     'slut': 'datum_avslut', 'dagar': 'dagar_verkstallighet_till_avslut', 'grans_manader': none},
    {'namn': 'verkstallighet_till_forsta_uppfoljning', 'kalla': 'insats', 'start': 'datum_verkstallighet',
     'slut': dbt.dateadd('day', 'dagar_verkstallighet_till_forsta_uppfoljning', 'datum_verkstallighet'),
     'dagar': 'dagar_verkstallighet_till_forsta_uppfoljning', 'grans_manader': none},
] %}

with arende as (

    -- case-level lead times: no intervention type; age group at actualisation
    select
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        {{ dbt.cast('null', dbt.type_int()) }} as insatstyp,
        juridiskt_kon,
        ursprung,
        aldersgrupp_vid_aktualisering          as aldersgrupp,
        datum_aktualisering,
        datum_beslut,
        datum_avslut,
        dagar_aktualisering_till_beslut,
        dagar_aktualisering_till_avslut
    from {{ ref('fct_arende') }}

),

insats as (

    -- intervention-level lead times: age group at the intervention's decision
    select
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        insatstyp,
        juridiskt_kon,
        ursprung,
        aldersgrupp_vid_beslut                 as aldersgrupp,
        datum_beslut,
        datum_verkstallighet,
        datum_avslut,
        dagar_beslut_till_verkstallighet,
        dagar_aktualisering_till_verkstallighet,
        dagar_verkstallighet_till_avslut,
        dagar_verkstallighet_till_forsta_uppfoljning
    from {{ ref('fct_insats') }}

),

-- (1) one row per measured lead time, with its end date and whether it kept the legal limit
matningar as (
    {%- for l in ledtider %}

    select
        '{{ l.namn }}' as ledtid,
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        insatstyp,
        juridiskt_kon,
        ursprung,
        aldersgrupp,
        {{ dbt.cast(l.slut, 'date') }} as slutdatum,
        {{ l.dagar }} as dagar,
        {%- if l.grans_manader %}
        {{ isu_within_months(l.start, l.slut, l.grans_manader) }} as inom_grans
        {%- else %}
        {{ dbt.cast('null', dbt.type_boolean()) }} as inom_grans
        {%- endif %}
    from {{ l.kalla }}
    where {{ l.dagar }} is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

-- small unpivot tables: each fact row is counted once per period type, level, area, type, group
period_typer as (
    select 'ar' as period_typ
    union all select 'manad'
),

nivaer as (
    select 'kommun' as niva
    union all select 'lan'
    union all select 'riket'
),

omraden as (
    select false as alla_omraden
    union all select true
),

typer as (
    select false as alla_typer
    union all select true
),

grupp_typer as (
    select 'alla' as grupp_typ
    union all select 'kon'
    union all select 'ursprung'
    union all select 'aldersgrupp'
),

-- (2) every lead time in every cell it belongs to
utvidgad as (

    select
        m.ledtid,
        pt.period_typ,
        case
            when pt.period_typ = 'ar'
                then {{ dbt.cast(isu_date_part('year', 'm.slutdatum'), dbt.type_string()) }}
            else {{ isu_year_month('m.slutdatum') }}
        end as period,
        n.niva,
        case when n.niva = 'kommun' then m.kommun_kod end as kommun_kod,
        case when n.niva in ('kommun', 'lan') then m.lan_kod end as lan_kod,
        case when o.alla_omraden then 'ALLA' else m.verksamhetsomrade end as verksamhetsomrade,
        case when t.alla_typer then null else m.insatstyp end as insatstyp,
        g.grupp_typ,
        case g.grupp_typ
            when 'alla' then 'alla'
            when 'kon' then
                case m.juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end
            when 'ursprung' then {{ dbt.cast('m.ursprung', dbt.type_string()) }}
            when 'aldersgrupp' then m.aldersgrupp
        end as grupp,
        m.dagar,
        m.inom_grans
    from matningar as m
    cross join period_typer as pt
    cross join nivaer as n
    cross join omraden as o
    cross join typer as t
    cross join grupp_typer as g
    -- a type of its own only for intervention-level lead times (case-level ones have none)
    where t.alla_typer or m.insatstyp is not null

),

-- (3) the distribution of every cell; rows with an unknown group value (sex, origin or age not
-- recorded) count only in the 'alla' group
celler as (

    select
        ledtid,
        period_typ,
        period,
        niva,
        kommun_kod,
        lan_kod,
        verksamhetsomrade,
        insatstyp,
        grupp_typ,
        grupp,
        count(*) as antal,
        {{ isu_percentile_cont('dagar', 0.5) }}  as median_dagar,
        {{ isu_percentile_cont('dagar', 0.25) }} as p25_dagar,
        {{ isu_percentile_cont('dagar', 0.75) }} as p75_dagar,
        {{ isu_percentile_cont('dagar', 0.9) }}  as p90_dagar,
        avg(dagar) as medel_dagar,
        avg(case when inom_grans then 1.0 when not inom_grans then 0.0 end) as andel_inom_grans
    from utvidgad
    where grupp is not null
    group by
        ledtid, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, insatstyp,
        grupp_typ, grupp

)

select
    ledtid,
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
    {{ isu_suppress('median_dagar', 'antal') }}     as median_dagar,
    {{ isu_suppress('p25_dagar', 'antal') }}        as p25_dagar,
    {{ isu_suppress('p75_dagar', 'antal') }}        as p75_dagar,
    {{ isu_suppress('p90_dagar', 'antal') }}        as p90_dagar,
    {{ isu_suppress('medel_dagar', 'antal') }}      as medel_dagar,
    {{ isu_suppress('andel_inom_grans', 'antal') }} as andel_inom_grans,
    case when antal < {{ var('isu_min_namnare') }} then true else false end as undertryckt,
    case when antal < {{ var('isu_min_namnare') }} then 'liten_namnare' end as undertryckt_orsak
from celler
