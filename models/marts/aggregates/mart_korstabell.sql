-- Cross-tabulations, long: one row per table x year x unit x row code x column code with a count
-- greater than zero (absent = 0), with row and column shares and small-count protection.
-- Counts are counted at municipality level and summed to county and nation.
--
-- Small-count protection (ARCHITECTURE.md), within one table, year and unit:
--   primary:   a count from 1 to var('isu_max_maskerat_antal') is masked (undertryckt_orsak
--              'litet_antal').
--   secondary: a row (or column) with exactly one masked cell would let its count be worked out as
--              the row total (known from any published share) minus the published cells. In such a
--              row (column) the smallest unmasked cell (ties: the lowest column (row) code, as text)
--              is masked too ('sekundar'). Rows and columns are checked together in one pass; the
--              pass is repeated (antal_pass below), because a secondary mask can leave another row
--              or column with a single masked cell. A row (column) with a single masked cell and no
--              unmasked cell needs nothing more: its total is published nowhere.
--   fallback:  a table that still has such a row or column after the last pass is masked whole
--              ('sekundar'), so the rule always holds (on a synthetic 100,000-case extract the
--              longest chain needed 11 passes).
--   shares:    andel_av_rad (andel_av_kolumn) and its denominator and interval are shown only for an
--              unmasked cell whose row (column) total is at least var('isu_min_namnare').
-- tests/dbt/assert_mart_korstabell_suppression.sql checks the result.
{%- set max_maskerat = var('isu_max_maskerat_antal') %}
{%- set min_namnare = var('isu_min_namnare') %}
{%- set antal_pass = 20 %}
{%- set tabell_nyckel = 'tabell, ar, niva, kommun_kod, lan_kod' %}

with arende as (

    select kommun_kod, lan_kod, arende_id, verksamhetsomrade, datum_aktualisering
    from {{ ref('fct_arende') }}

),

insats as (

    select
        kommun_kod, lan_kod, arende_id, insatstyp, datum_beslut, datum_avslut, juridiskt_kon,
        ursprung, aldersgrupp_vid_beslut, senaste_maluppfyllelse, avslutsorsak
    from {{ ref('fct_insats') }}

),

problematik as (

    select kommun_kod, arende_id, problematik
    from {{ ref('brg_arende_problematik') }}

),

-- one row per counted unit and cell: (table, year, municipality, row code, column code).
-- rad_i_namnare is false for the goal-attainment answer 6 (kan inte bedöma), which ARCHITECTURE.md
-- leaves out of the denominators of goal-attainment shares: those rows get no column share and do
-- not count in the column totals.
forekomster as (

    -- interventions decided in the year x the problems of their case
    select
        'problematik_insatstyp' as tabell,
        {{ isu_date_part('year', 'i.datum_beslut') }} as ar,
        i.kommun_kod,
        i.lan_kod,
        'problematik' as rad_variabel,
        {{ dbt.cast('p.problematik', dbt.type_string()) }} as rad_kod,
        'insatstyp' as kolumn_variabel,
        {{ dbt.cast('i.insatstyp', dbt.type_string()) }} as kolumn_kod,
        true as rad_i_namnare
    from insats as i
    inner join problematik as p
        on p.kommun_kod = i.kommun_kod and p.arende_id = i.arende_id

    union all

    -- cases actualised in the year x their problems x area
    select
        'problematik_verksamhetsomrade',
        {{ isu_date_part('year', 'a.datum_aktualisering') }},
        a.kommun_kod,
        a.lan_kod,
        'problematik',
        {{ dbt.cast('p.problematik', dbt.type_string()) }},
        'verksamhetsomrade',
        a.verksamhetsomrade,
        true
    from arende as a
    inner join problematik as p
        on p.kommun_kod = a.kommun_kod and p.arende_id = a.arende_id

    union all

    -- cases actualised in the year x their reasons for actualisation x area
    select
        'aktualiseringsorsak_verksamhetsomrade',
        {{ isu_date_part('year', 'a.datum_aktualisering') }},
        a.kommun_kod,
        a.lan_kod,
        'aktualiseringsorsak',
        {{ dbt.cast('o.aktualiseringsorsak', dbt.type_string()) }},
        'verksamhetsomrade',
        a.verksamhetsomrade,
        true
    from arende as a
    inner join {{ ref('brg_arende_aktualiseringsorsak') }} as o
        on o.kommun_kod = a.kommun_kod and o.arende_id = a.arende_id

    union all

    -- interventions decided in the year x type x sex
    select
        'insatstyp_kon',
        {{ isu_date_part('year', 'datum_beslut') }},
        kommun_kod,
        lan_kod,
        'insatstyp',
        {{ dbt.cast('insatstyp', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        true
    from insats
    where juridiskt_kon is not null

    union all

    -- interventions decided in the year x type x age group at the decision
    select
        'insatstyp_aldersgrupp',
        {{ isu_date_part('year', 'datum_beslut') }},
        kommun_kod,
        lan_kod,
        'insatstyp',
        {{ dbt.cast('insatstyp', dbt.type_string()) }},
        'aldersgrupp',
        aldersgrupp_vid_beslut,
        true
    from insats
    where aldersgrupp_vid_beslut is not null

    union all

    -- interventions ended in the year x last assessed goal attainment x sex
    select
        'maluppfyllelse_kon',
        {{ isu_date_part('year', 'datum_avslut') }},
        kommun_kod,
        lan_kod,
        'maluppfyllelse',
        {{ dbt.cast('senaste_maluppfyllelse', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        case when senaste_maluppfyllelse = 6 then false else true end
    from insats
    where datum_avslut is not null
      and senaste_maluppfyllelse is not null
      and juridiskt_kon is not null

    union all

    -- interventions ended in the year x last assessed goal attainment x origin
    select
        'maluppfyllelse_ursprung',
        {{ isu_date_part('year', 'datum_avslut') }},
        kommun_kod,
        lan_kod,
        'maluppfyllelse',
        {{ dbt.cast('senaste_maluppfyllelse', dbt.type_string()) }},
        'ursprung',
        {{ dbt.cast('ursprung', dbt.type_string()) }},
        case when senaste_maluppfyllelse = 6 then false else true end
    from insats
    where datum_avslut is not null
      and senaste_maluppfyllelse is not null
      and ursprung is not null

    union all

    -- follow-ups in the year x collaboration codes x the problems of the case
    select
        'samverkan_problematik',
        {{ isu_date_part('year', 'u.datum_uppfoljning') }},
        u.kommun_kod,
        u.lan_kod,
        'samverkan',
        {{ dbt.cast('s.samverkan', dbt.type_string()) }},
        'problematik',
        {{ dbt.cast('p.problematik', dbt.type_string()) }},
        true
    from {{ ref('fct_uppfoljning') }} as u
    inner join {{ ref('brg_uppfoljning_samverkan') }} as s
        on s.kommun_kod = u.kommun_kod and s.uppfoljning_id = u.uppfoljning_id
    inner join problematik as p
        on p.kommun_kod = u.kommun_kod and p.arende_id = u.arende_id

    union all

    -- interventions ended in the year x reason for ending x sex
    select
        'avslutsorsak_kon',
        {{ isu_date_part('year', 'datum_avslut') }},
        kommun_kod,
        lan_kod,
        'avslutsorsak',
        {{ dbt.cast('avslutsorsak', dbt.type_string()) }},
        'juridiskt_kon',
        {{ dbt.cast('juridiskt_kon', dbt.type_string()) }},
        true
    from insats
    where datum_avslut is not null
      and avslutsorsak is not null
      and juridiskt_kon is not null

),

bas as (

    select
        tabell, ar, kommun_kod, lan_kod, rad_variabel, rad_kod, kolumn_variabel, kolumn_kod,
        rad_i_namnare,
        count(*) as antal
    from forekomster
    group by
        tabell, ar, kommun_kod, lan_kod, rad_variabel, rad_kod, kolumn_variabel, kolumn_kod,
        rad_i_namnare

),

nivaer as (
    select 'kommun' as niva
    union all select 'lan'
    union all select 'riket'
),

celler as (

    select
        b.tabell,
        b.ar,
        n.niva,
        case when n.niva = 'kommun' then b.kommun_kod end as kommun_kod,
        case when n.niva in ('kommun', 'lan') then b.lan_kod end as lan_kod,
        b.rad_variabel,
        b.rad_kod,
        b.kolumn_variabel,
        b.kolumn_kod,
        b.rad_i_namnare,
        {{ dbt.cast('sum(b.antal)', dbt.type_bigint()) }} as antal
    from bas as b
    cross join nivaer as n
    group by
        b.tabell,
        b.ar,
        n.niva,
        case when n.niva = 'kommun' then b.kommun_kod end,
        case when n.niva in ('kommun', 'lan') then b.lan_kod end,
        b.rad_variabel,
        b.rad_kod,
        b.kolumn_variabel,
        b.kolumn_kod,
        b.rad_i_namnare

),

-- row and column totals (the denominators of the shares)
summor as (

    select
        *,
        {{ dbt.cast('sum(antal) over (partition by ' ~ tabell_nyckel ~ ', rad_kod)', dbt.type_bigint()) }}
            as rad_summa,
        {{ dbt.cast('sum(case when rad_i_namnare then antal else 0 end) over (partition by '
                    ~ tabell_nyckel ~ ', kolumn_kod)', dbt.type_bigint()) }} as kolumn_summa,
        case when antal <= {{ max_maskerat }} then true else false end as primar
    from celler

),

pass_0 as (

    select *, primar as maskerad
    from summor

),
{%- for k in range(1, antal_pass + 1) %}

-- secondary suppression, pass {{ k }}: in a row (column) with exactly one masked cell, mask the
-- smallest unmasked cell
pass_{{ k }}_rang as (

    select
        *,
        sum(case when maskerad then 1 else 0 end)
            over (partition by {{ tabell_nyckel }}, rad_kod) as rad_maskerade,
        sum(case when maskerad then 1 else 0 end)
            over (partition by {{ tabell_nyckel }}, kolumn_kod) as kolumn_maskerade,
        row_number() over (
            partition by {{ tabell_nyckel }}, rad_kod
            order by case when maskerad then 1 else 0 end, antal, kolumn_kod
        ) as rad_rang,
        row_number() over (
            partition by {{ tabell_nyckel }}, kolumn_kod
            order by case when maskerad then 1 else 0 end, antal, rad_kod
        ) as kolumn_rang
    from pass_{{ k - 1 }}

),

pass_{{ k }} as (

    select
        tabell, ar, niva, kommun_kod, lan_kod, rad_variabel, rad_kod, kolumn_variabel, kolumn_kod,
        rad_i_namnare, antal, rad_summa, kolumn_summa, primar,
        case
            when maskerad then true
            when rad_maskerade = 1 and rad_rang = 1 then true
            when kolumn_maskerade = 1 and kolumn_rang = 1 then true
            else false
        end as maskerad
    from pass_{{ k }}_rang

),
{%- endfor %}

-- fallback: a table (table, year, unit) that still has a row or column with a single masked cell
-- beside visible ones after the last pass is masked whole, which always protects it
kontroll as (

    select
        *,
        sum(case when maskerad then 1 else 0 end)
            over (partition by {{ tabell_nyckel }}, rad_kod) as rad_maskerade,
        sum(case when maskerad then 0 else 1 end)
            over (partition by {{ tabell_nyckel }}, rad_kod) as rad_synliga,
        sum(case when maskerad then 1 else 0 end)
            over (partition by {{ tabell_nyckel }}, kolumn_kod) as kolumn_maskerade,
        sum(case when maskerad then 0 else 1 end)
            over (partition by {{ tabell_nyckel }}, kolumn_kod) as kolumn_synliga
    from pass_{{ antal_pass }}

),

slutlig as (

    select
        *,
        max(case
                when (rad_maskerade = 1 and rad_synliga > 0) or (kolumn_maskerade = 1 and kolumn_synliga > 0)
                then 1 else 0
            end) over (partition by {{ tabell_nyckel }}) as ej_konvergerad
    from kontroll

),

skyddad as (

    select
        tabell, ar, niva, kommun_kod, lan_kod, rad_variabel, rad_kod, kolumn_variabel, kolumn_kod,
        rad_i_namnare, antal, rad_summa, kolumn_summa, primar,
        case when maskerad or ej_konvergerad = 1 then true else false end as maskerad
    from slutlig

),

publicerad as (

    select
        *,
        case
            when not maskerad and rad_summa >= {{ min_namnare }} then rad_summa
        end as rad_namnare,
        case
            when not maskerad and rad_i_namnare and kolumn_summa >= {{ min_namnare }} then kolumn_summa
        end as kolumn_namnare
    from skyddad

),

etiketter as (

    select kolumn as variabel, {{ dbt.cast('kod', dbt.type_string()) }} as kod, etikett_sv
    from {{ ref('dim_kodverk') }}

    union all

    select 'verksamhetsomrade', kod, namn_sv
    from {{ ref('verksamhetsomrade') }}

    union all

    select 'aldersgrupp', aldersgrupp, aldersgrupp
    from {{ ref('aldersgrupper') }}

)

select
    s.tabell,
    s.ar,
    s.niva,
    s.kommun_kod,
    s.lan_kod,
    s.rad_variabel,
    s.rad_kod,
    re.etikett_sv as rad_etikett,
    s.kolumn_variabel,
    s.kolumn_kod,
    ke.etikett_sv as kolumn_etikett,
    case when s.maskerad then null else s.antal end as antal,
    s.rad_namnare,
    1.0 * s.antal / s.rad_namnare as andel_av_rad,
    {{ isu_wilson('s.antal', 's.rad_namnare', 'lag') }} as andel_av_rad_ki_lag,
    {{ isu_wilson('s.antal', 's.rad_namnare', 'hog') }} as andel_av_rad_ki_hog,
    s.kolumn_namnare,
    1.0 * s.antal / s.kolumn_namnare as andel_av_kolumn,
    {{ isu_wilson('s.antal', 's.kolumn_namnare', 'lag') }} as andel_av_kolumn_ki_lag,
    {{ isu_wilson('s.antal', 's.kolumn_namnare', 'hog') }} as andel_av_kolumn_ki_hog,
    case
        when s.maskerad then true
        when s.rad_namnare is null then true
        when s.kolumn_namnare is null and s.rad_i_namnare then true
        else false
    end as undertryckt,
    case
        when s.primar then 'litet_antal'
        when s.maskerad then 'sekundar'
        when s.rad_namnare is null then 'liten_namnare'
        when s.kolumn_namnare is null and s.rad_i_namnare then 'liten_namnare'
    end as undertryckt_orsak
from publicerad as s
left join etiketter as re
    on re.variabel = s.rad_variabel and re.kod = s.rad_kod
left join etiketter as ke
    on ke.variabel = s.kolumn_variabel and ke.kod = s.kolumn_kod
