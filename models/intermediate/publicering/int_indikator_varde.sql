-- Every indicator cell as published, before it is split between the marts: mart_indikator (levels
-- kommun, lan, riket), mart_indikator_jamforelse (also kommungrupp), mart_indikator_kommunmedel and
-- mart_jamlikhet. Small-count protection (int_pub_skydd) applied:
--   namnare  null when masked: 1 to var('isu_max_maskerat_antal'), or so that no masked count can
--            be worked out ('litet_antal'; which of the two is not said)
--   taljare  null when its denominator is under var('isu_min_namnare') ('liten_namnare'), or when
--            masked as a count ('litet_antal'), or so that no hidden value can be worked out
--            ('sekundar', days per person)
--   varde    null when what it is computed from is hidden; ki_lag/ki_hog with it (shares only)
-- varde by the catalogue's vardetyp: andel = taljare / namnare; antal = taljare (the count at the
-- period's end); median_dagar = the median of the days; dagar_per_person = taljare / namnare.
-- preliminar: the indicator's window (fonster_manader) reaches past the last date of the data.
{%- set nycklar = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'kommungrupp_kod',
                   'verksamhetsomrade', 'grupp_typ', 'grupp'] %}

with celler as (

    select c.*, k.vardetyp, k.fonster_manader
    from {{ ref('int_pub_indikator_cell') }} as c
    inner join {{ ref('indikatorer') }} as k
        on k.indikator_id = c.indikator_id
    where c.grupp <> '?'

),

masker as (

    {{ isu_pub_masker('indikator', ['namnare', 'taljare', 'median'], ['serie'] + nycklar) }}

),

ej_masker as (

    {{ isu_pub_masker('ej_verkst', ['antal'], ['serie', 'insatstyp'] + nycklar) }}

),

skyddad as (

    select
        c.*,
        m.namnare_orsak,
        coalesce(m.taljare_orsak, e.antal_orsak) as taljare_orsak,
        m.median_orsak
    from celler as c
    left join masker as m
        on m.serie = c.indikator_id and {{ isu_pub_lika('m', 'c', nycklar) }}
    left join ej_masker as e
        on e.serie = c.indikator_id and e.insatstyp is null and {{ isu_pub_lika('e', 'c', nycklar) }}

),

period as (

    select sista_datum from {{ ref('int_publicering_period') }}

),

visad as (

    select
        s.*,
        case when s.namnare_orsak is null then s.namnare end as namnare_visad,
        case when s.taljare_orsak is null then s.taljare end as taljare_visad,
        case
            when s.period_typ = 'ar' then {{ dbt.cast(dbt.concat(['s.period', "'-12-31'"]), 'date') }}
            when s.period_typ = 'manad'
                then {{ dbt.cast(dbt.last_day(dbt.cast(dbt.concat(['s.period', "'-01'"]), 'date'), 'month'), 'date') }}
            else {{ dbt.cast('s.period', 'date') }}
        end as periodslut
    from skyddad as s

)

select
    v.indikator_id,
    v.period_typ,
    v.period,
    v.niva,
    v.kommun_kod,
    v.lan_kod,
    v.kommungrupp_kod,
    v.verksamhetsomrade,
    v.grupp_typ,
    v.grupp,
    v.vardetyp,
    v.taljare_visad as taljare,
    v.namnare_visad as namnare,
    case
        when v.vardetyp = 'andel' and v.namnare_visad > 0 and v.taljare_visad is not null
            then {{ dbt.cast('v.taljare_visad', isu_type_double()) }} / v.namnare_visad
        when v.vardetyp = 'dagar_per_person' and v.namnare_visad > 0 and v.taljare_visad is not null
            then {{ dbt.cast('v.taljare_visad', isu_type_double()) }} / v.namnare_visad
        when v.vardetyp = 'median_dagar' and v.median_orsak is null and v.namnare_visad is not null
            then v.median_dagar
        when v.vardetyp = 'antal' then {{ dbt.cast('v.taljare_visad', isu_type_double()) }}
    end as varde,
    case when v.vardetyp = 'andel' and v.taljare_visad is not null and v.namnare_visad is not null
        then {{ isu_wilson('v.taljare_visad', 'v.namnare_visad', 'lag') }} end as ki_lag,
    case when v.vardetyp = 'andel' and v.taljare_visad is not null and v.namnare_visad is not null
        then {{ isu_wilson('v.taljare_visad', 'v.namnare_visad', 'hog') }} end as ki_hog,
    case
        when v.namnare_orsak is not null or v.taljare_orsak is not null or v.median_orsak is not null then true
        else false
    end as undertryckt,
    case
        when v.namnare_orsak is not null then 'litet_antal'
        when v.vardetyp = 'antal' and v.taljare_orsak is not null then 'litet_antal'
        when (v.taljare_orsak is not null or v.median_orsak is not null)
         and v.namnare < {{ var('isu_min_namnare') }} then 'liten_namnare'
        when v.vardetyp = 'andel' and v.taljare_orsak is not null then 'litet_antal'
        when v.taljare_orsak is not null or v.median_orsak is not null then 'sekundar'
    end as undertryckt_orsak,
    case
        when v.fonster_manader > 0
         and {{ dbt.dateadd('month', 'v.fonster_manader', 'v.periodslut') }} > p.sista_datum then true
        else false
    end as preliminar
from visad as v
cross join period as p
