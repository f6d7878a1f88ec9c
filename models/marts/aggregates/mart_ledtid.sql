-- Lead-time distributions (ARCHITECTURE.md "Lead times"): one row per lead time x period x unit
-- x area x intervention type x breakdown group. A lead time belongs to the period of its end
-- event. The cells, counts and exact quantiles come from the publication layer
-- (int_pub_ledtid_cell, built by the shared roll-up); small-count protection from int_pub_skydd:
--   antal masked (null, 'litet_antal') when it is 1 to var('isu_max_maskerat_antal') or so that
--   no masked count can be worked out (which of the two is not said: that would give the small
--   ones away); the distribution (median, quartiles, p90, mean, share within the limit) hidden
--   with it, or on its own when antal is under var('isu_min_namnare') ('liten_namnare') or so that
--   no hidden mean can be worked out ('sekundar').
-- andel_inom_grans only where a legal limit binds on every lead time of the cell: actualisation
-- to decision in BOU (4 months), decision to implementation (3 months); null elsewhere.
{%- set nycklar = ['period_typ', 'period', 'niva', 'kommun_kod', 'lan_kod', 'verksamhetsomrade',
                   'insatstyp', 'grupp_typ', 'grupp'] %}

with celler as (

    select *
    from {{ ref('int_pub_ledtid_cell') }}
    where grupp <> '?'

),

masker as (

    {{ isu_pub_masker('ledtid', ['antal', 'dagar', 'inom_grans'], ['serie'] + nycklar) }}

),

skyddad as (

    select
        c.*,
        m.antal_orsak,
        m.dagar_orsak,
        m.inom_grans_orsak,
        case when {{ isu_ledtid_har_grans('c.ledtid', 'c.verksamhetsomrade', 'c.antal', 'c.antal_med_grans') }} then true else false end as har_grans
    from celler as c
    left join masker as m
        on m.serie = c.ledtid
        and {{ isu_pub_lika('m', 'c', nycklar) }}

)

select
    s.ledtid,
    s.period_typ,
    s.period,
    s.niva,
    s.kommun_kod,
    k.kommun_namn,
    s.lan_kod,
    s.verksamhetsomrade,
    s.insatstyp,
    s.grupp_typ,
    s.grupp,
    case when s.antal_orsak is null then s.antal end as antal,
    case when s.dagar_orsak is null then {{ dbt.cast('s.median_dagar', isu_type_double()) }} end as median_dagar,
    case when s.dagar_orsak is null then {{ dbt.cast('s.p25_dagar', isu_type_double()) }} end as p25_dagar,
    case when s.dagar_orsak is null then {{ dbt.cast('s.p75_dagar', isu_type_double()) }} end as p75_dagar,
    case when s.dagar_orsak is null then {{ dbt.cast('s.p90_dagar', isu_type_double()) }} end as p90_dagar,
    case when s.dagar_orsak is null then {{ dbt.cast('s.summa_dagar', isu_type_double()) }} / s.antal end as medel_dagar,
    case
        when s.har_grans and s.inom_grans_orsak is null and s.dagar_orsak is null
            then {{ dbt.cast('s.antal_inom_grans', isu_type_double()) }} / s.antal
    end as andel_inom_grans,
    case
        when s.har_grans and s.inom_grans_orsak is null and s.dagar_orsak is null
            then {{ isu_wilson('s.antal_inom_grans', 's.antal', 'lag') }}
    end as andel_inom_grans_ki_lag,
    case
        when s.har_grans and s.inom_grans_orsak is null and s.dagar_orsak is null
            then {{ isu_wilson('s.antal_inom_grans', 's.antal', 'hog') }}
    end as andel_inom_grans_ki_hog,
    case
        when s.antal_orsak is not null or s.dagar_orsak is not null or s.inom_grans_orsak is not null then true
        else false
    end as undertryckt,
    case
        when s.antal_orsak is not null then 'litet_antal'
        when s.dagar_orsak = 'primar' then 'liten_namnare'
        when s.dagar_orsak is not null or s.inom_grans_orsak is not null then 'sekundar'
    end as undertryckt_orsak
from skyddad as s
left join {{ ref('kommuner') }} as k
    on k.kommun_kod = s.kommun_kod
