-- Cross-tabulations, long: one row per table x period (year, rolling twelve months) x unit x row
-- code x column code with a count greater than zero (absent = 0), with row and column shares,
-- their denominators and 95 % Wilson intervals. Counted pairs come from int_korstabell_forekomst,
-- rolled up to every level by the shared roll-up (int_pub_korstabell_cell, which also holds the
-- row and column totals); small-count protection from int_pub_skydd, which treats a cell, a row
-- total and a column total alike:
--   a count from 1 to var('isu_max_maskerat_antal') is masked, and others so that none can be
--   worked out from its row, its column, the table, the level above or another mart; both are
--   'litet_antal' (telling them apart would give the small ones away); a masked count shows no
--   share, denominator or interval.
--   andel_av_rad (andel_av_kolumn) and its denominator and interval are shown only for a visible
--   cell whose row (column) total is visible and at least var('isu_min_namnare')
--   ('liten_namnare' when the total is smaller, 'sekundar' when the total is masked).
-- Goal attainment 6 (kan inte bedöma) counts in its row but in no column total: no column share.
{%- set min_namnare = var('isu_min_namnare') %}
{%- set nycklar = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod'] %}

with alla_celler as (

    select * from {{ ref('int_pub_korstabell_cell') }}

),

masker as (

    {{ isu_pub_masker('korstabell', ['cell', 'radsumma', 'kolumnsumma'],
                      ['serie'] + nycklar + ['rad_kod', 'kolumn_kod']) }}

),

skyddad as (

    select c.*, coalesce(m.cell_orsak, m.radsumma_orsak, m.kolumnsumma_orsak) as orsak
    from alla_celler as c
    left join masker as m
        on m.serie = c.tabell
        and {{ isu_pub_lika('m', 'c', nycklar + ['rad_kod', 'kolumn_kod']) }}

),

celler as (

    select * from skyddad where cell_typ = 'cell'

),

rader as (

    select * from skyddad where cell_typ = 'radsumma'

),

kolumner as (

    select * from skyddad where cell_typ = 'kolumnsumma'

),

publicerad as (

    select
        c.*,
        r.antal as rad_summa,
        r.orsak as rad_orsak,
        k.antal as kolumn_summa,
        k.orsak as kolumn_orsak,
        case
            when c.orsak is null and r.orsak is null and r.antal >= {{ min_namnare }} then r.antal
        end as rad_namnare,
        case
            when c.orsak is null and c.rad_i_namnare and k.orsak is null and k.antal >= {{ min_namnare }}
                then k.antal
        end as kolumn_namnare
    from celler as c
    inner join rader as r
        on r.tabell = c.tabell and r.rad_kod = c.rad_kod
        and {{ isu_pub_lika('r', 'c', nycklar) }}
    left join kolumner as k
        on k.tabell = c.tabell and k.kolumn_kod = c.kolumn_kod
        and {{ isu_pub_lika('k', 'c', nycklar) }}

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
    s.period_typ,
    s.period,
    s.niva,
    s.kommun_kod,
    km.kommun_namn,
    s.lan_kod,
    s.rad_variabel,
    s.rad_kod,
    re.etikett_sv as rad_etikett,
    s.kolumn_variabel,
    s.kolumn_kod,
    ke.etikett_sv as kolumn_etikett,
    case when s.orsak is null then s.antal end as antal,
    s.rad_namnare,
    {{ dbt.cast('s.antal', isu_type_double()) }} / s.rad_namnare as andel_av_rad,
    {{ isu_wilson('s.antal', 's.rad_namnare', 'lag') }} as andel_av_rad_ki_lag,
    {{ isu_wilson('s.antal', 's.rad_namnare', 'hog') }} as andel_av_rad_ki_hog,
    s.kolumn_namnare,
    {{ dbt.cast('s.antal', isu_type_double()) }} / s.kolumn_namnare as andel_av_kolumn,
    {{ isu_wilson('s.antal', 's.kolumn_namnare', 'lag') }} as andel_av_kolumn_ki_lag,
    {{ isu_wilson('s.antal', 's.kolumn_namnare', 'hog') }} as andel_av_kolumn_ki_hog,
    case
        when s.orsak is not null then true
        when s.rad_namnare is null then true
        when s.kolumn_namnare is null and s.rad_i_namnare then true
        else false
    end as undertryckt,
    case
        when s.orsak is not null then 'litet_antal'
        when s.rad_orsak is not null then 'sekundar'
        when s.rad_namnare is null then 'liten_namnare'
        when s.rad_i_namnare and s.kolumn_orsak is not null then 'sekundar'
        when s.rad_i_namnare and s.kolumn_namnare is null then 'liten_namnare'
    end as undertryckt_orsak
from publicerad as s
left join {{ ref('kommuner') }} as km
    on km.kommun_kod = s.kommun_kod
left join etiketter as re
    on re.variabel = s.rad_variabel and re.kod = s.rad_kod
left join etiketter as ke
    on ke.variabel = s.kolumn_variabel and ke.kod = s.kolumn_kod
