-- Every published number that small-count protection decides on, from every aggregate mart, in one
-- long table with one key shape: one row per cell x measure (matt). int_pub_skyddscell numbers these
-- rows and links each value to the count it rests on; it is a model of its own because numbering
-- the union in the same statement does not fit DuckDB's default 3GB at 290 municipalities (the
-- union written first, the numbering and the self-join spill). Two kinds (fas):
--   fas 1  counts: a count from 1 to var('isu_max_maskerat_antal') is masked (primar).
--   fas 2  values computed from a count (sums of days behind means, numerators behind shares, a
--          median): hidden when the count is under var('isu_min_namnare') (primar), or a numerator
--          of 1 to var('isu_max_maskerat_antal'), and whenever the count they rest on
--          (bas_cell_id) is masked.
-- Rows with grupp '?' are the complements of a breakdown (alla minus the published groups), and
-- a cross-table's 'total' is shown nowhere: never published, but derivable, so protection counts
-- them (publicerad false: masking them to protect another cell hides nothing that was shown, so
-- they are chosen first).
-- The marts do not say whether a count was masked by the primary rule or to protect another
-- (that would tell an attacker it is at most 4), so the bounds an attacker knows are:
--   undre  for a masked count 1 (zero counts are never masked), for a sum or numerator 0
--   ovre   for a numerator its denominator, for the number within the limit its count, as long as
--          that count is shown; otherwise none (null)
-- Other columns:
--   varde        the additive value a disclosure would reveal (a count, a sum of days, a numerator)
--   storlek      the count that orders the choice of secondary masks (smallest first)
--   summerbar    false for a value that no equation adds (a median): only links bind it
--   periodregel  how periods relate: 'summa' (a year is the sum of its months), 'flode' (ongoing
--                counts), 'lager' (a count at the period's end), 'ingen' (persons: no sum over
--                periods); see int_pub_skyddsrelation
{%- set max_maskerat = var('isu_max_maskerat_antal') %}
{%- set min_namnare = var('isu_min_namnare') %}

with ledtid as (

    select * from {{ ref('int_pub_ledtid_cell') }}

),

indikator as (

    select c.*, k.raknar, k.vardetyp
    from {{ ref('int_pub_indikator_cell') }} as c
    inner join {{ ref('indikatorer') }} as k
        on k.indikator_id = c.indikator_id
    where k.vardetyp <> 'antal'

),

ej_verkst as (

    select *
    from {{ ref('int_pub_ej_verkst_cell') }}
    -- the cells some mart shows: by type with grupp alla (mart_ej_verkstallda_beslut), by group
    -- for all types (mart_indikator)
    where grupp_typ = 'alla' or insatstyp is null

),

flode as (

    select * from {{ ref('int_pub_flode_cell') }}

),

korstabell as (

    select * from {{ ref('int_pub_korstabell_cell') }}

),

alla_celler as (

    -- mart_ledtid: the number of lead times
    select
        1 as fas, 'ledtid' as mart, ledtid as serie, 'antal' as matt, cast(null as {{ dbt.type_string() }}) as bas_matt,
        period_typ, period, niva, kommun_kod, lan_kod, cast(null as {{ dbt.type_string() }}) as kommungrupp_kod,
        verksamhetsomrade, insatstyp, grupp_typ, grupp,
        cast(null as {{ dbt.type_string() }}) as rad_kod, cast(null as {{ dbt.type_string() }}) as kolumn_kod,
        {{ dbt.cast('antal', isu_type_double()) }} as varde,
        antal as storlek,
        1.0 as undre,
        cast(null as {{ isu_type_double() }}) as ovre,
        case when antal <= {{ max_maskerat }} then true else false end as primar,
        case when grupp = '?' then false else true end as publicerad,
        'summa' as periodregel,
        cast(null as {{ dbt.type_boolean() }}) as rad_i_namnare,
        true as summerbar
    from ledtid

    union all

    -- mart_ledtid: the sum of days behind the mean (and the quantiles hidden with it)
    select
        2, 'ledtid', ledtid, 'dagar', 'antal',
        period_typ, period, niva, kommun_kod, lan_kod, null,
        verksamhetsomrade, insatstyp, grupp_typ, grupp, null, null,
        {{ dbt.cast('summa_dagar', isu_type_double()) }}, antal, 0.0, null,
        case when antal < {{ min_namnare }} then true else false end,
        case when grupp = '?' then false else true end,
        'summa', null, true
    from ledtid

    union all

    -- mart_ledtid: the number within the legal limit behind andel_inom_grans (where one binds)
    select
        2, 'ledtid', ledtid, 'inom_grans', 'antal',
        period_typ, period, niva, kommun_kod, lan_kod, null,
        verksamhetsomrade, insatstyp, grupp_typ, grupp, null, null,
        {{ dbt.cast('antal_inom_grans', isu_type_double()) }}, antal, 0.0,
        {{ dbt.cast('antal', isu_type_double()) }},
        case when antal < {{ min_namnare }} then true else false end,
        case when grupp = '?' then false else true end,
        'summa', null, true
    from ledtid
    where {{ isu_ledtid_har_grans('ledtid', 'verksamhetsomrade', 'antal', 'antal_med_grans') }}

    union all

    -- mart_arendeflode: new, ongoing and ended (ongoing is not a sum over periods but tied to the
    -- new and ended ones: periodregel 'flode')
    {%- for matt in ['nya', 'pagaende', 'avslutade'] %}
    select
        1, 'arendeflode', enhet, '{{ matt }}', null,
        period_typ, period, niva, kommun_kod, lan_kod, null,
        verksamhetsomrade, {{ dbt.cast('null', dbt.type_int()) }}, grupp_typ, grupp, null, null,
        {{ dbt.cast(matt, isu_type_double()) }}, {{ matt }}, 1.0, null,
        case when {{ matt }} between 1 and {{ max_maskerat }} then true else false end,
        case when grupp = '?' then false else true end,
        '{{ 'flode' if matt == 'pagaende' else 'summa' }}', null, true
    from flode

    union all
    {%- endfor %}

    -- mart_korstabell: cells and margins
    select
        1, 'korstabell', tabell, cell_typ, null,
        period_typ, period, niva, kommun_kod, lan_kod, null,
        'ALLA', {{ dbt.cast('null', dbt.type_int()) }}, 'alla', 'alla', rad_kod, kolumn_kod,
        {{ dbt.cast('antal', isu_type_double()) }}, antal, 1.0, null,
        case when antal between 1 and {{ max_maskerat }} then true else false end,
        -- the table total is shown nowhere (the margins give it away)
        case when cell_typ = 'total' then false else true end,
        'summa', rad_i_namnare, true
    from korstabell

    union all

    -- mart_indikator: the denominator (count) of every indicator but the count at a period's end
    select
        1, 'indikator', indikator_id, 'namnare', null,
        period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod,
        verksamhetsomrade, {{ dbt.cast('null', dbt.type_int()) }}, grupp_typ, grupp, null, null,
        {{ dbt.cast('namnare', isu_type_double()) }}, namnare, 1.0, null,
        case when namnare between 1 and {{ max_maskerat }} then true else false end,
        case when grupp = '?' then false else true end,
        -- persons are counted once per period: a year is not the sum of its months
        case when raknar = 'person' then 'ingen' else 'summa' end, null, true
    from indikator

    union all

    -- mart_indikator: the numerator of a share (a count too: 1 to 4 is masked), the days behind
    -- days per person, or the median; hidden when the denominator is under var('isu_min_namnare')
    select
        2, 'indikator', indikator_id, case when vardetyp = 'median_dagar' then 'median' else 'taljare' end, 'namnare',
        period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod,
        verksamhetsomrade, {{ dbt.cast('null', dbt.type_int()) }}, grupp_typ, grupp, null, null,
        {{ dbt.cast('coalesce(taljare, 0)', isu_type_double()) }}, namnare, 0.0,
        case when vardetyp = 'andel' then {{ dbt.cast('namnare', isu_type_double()) }} end,
        -- (a denominator of 0 hides nothing: its numerator is 0)
        case
            when namnare between 1 and {{ min_namnare }} - 1 then true
            when vardetyp = 'andel' and taljare between 1 and {{ max_maskerat }} then true
            else false
        end,
        case when grupp = '?' then false else true end,
        case when raknar = 'person' then 'ingen' else 'summa' end, null,
        case when vardetyp = 'median_dagar' then false else true end
    from indikator

    union all

    -- EJ_VERKST_3M (mart_indikator) and mart_ej_verkstallda_beslut: the count at a period's end
    select
        1, 'ej_verkst', indikator_id, 'antal', null,
        period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod,
        verksamhetsomrade, insatstyp, grupp_typ, grupp, null, null,
        {{ dbt.cast('antal', isu_type_double()) }}, antal, 1.0, null,
        case when antal <= {{ max_maskerat }} then true else false end,
        case when grupp = '?' then false else true end,
        'lager', null, true
    from ej_verkst

)

select * from alla_celler
