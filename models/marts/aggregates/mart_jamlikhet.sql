-- Equity gaps (INDICATORS.md "Equity"; the "omotiverade skillnader" of 003): for every share
-- indicator, period, unit and area, the gap between women and men (kvinna - man) and between each
-- origin group and group 1 ("född i Sverige med minst en förälder född i Sverige"; ursprung u - 1),
-- in percentage points, with a 95 % interval by Newcombe's hybrid score method (isu_newcombe) and a
-- flag where the interval excludes zero. Computed from the published cells of mart_indikator only:
-- a gap is null when either share is suppressed, so no masked value can be worked back from it.
with andelar as (

    select *
    from {{ ref('int_indikator_varde') }}
    where vardetyp = 'andel' and niva in ('kommun', 'lan', 'riket')

),

par as (

    select
        a.indikator_id, a.period_typ, a.period, a.niva, a.kommun_kod, a.lan_kod, a.verksamhetsomrade,
        'kon' as jamforelse, a.grupp as grupp, b.grupp as referensgrupp,
        a.taljare as taljare, a.namnare as namnare, b.taljare as ref_taljare, b.namnare as ref_namnare,
        a.preliminar
    from andelar as a
    inner join andelar as b
        on  b.indikator_id = a.indikator_id and b.period_typ = a.period_typ and b.period = a.period
        and b.niva = a.niva and {{ isu_pub_lika('a', 'b', ['kommun_kod', 'lan_kod']) }}
        and b.verksamhetsomrade = a.verksamhetsomrade
        and b.grupp_typ = 'kon' and b.grupp = 'man'
    where a.grupp_typ = 'kon' and a.grupp = 'kvinna'

    union all

    select
        a.indikator_id, a.period_typ, a.period, a.niva, a.kommun_kod, a.lan_kod, a.verksamhetsomrade,
        'ursprung', a.grupp, b.grupp,
        a.taljare, a.namnare, b.taljare, b.namnare,
        a.preliminar
    from andelar as a
    inner join andelar as b
        on  b.indikator_id = a.indikator_id and b.period_typ = a.period_typ and b.period = a.period
        and b.niva = a.niva and {{ isu_pub_lika('a', 'b', ['kommun_kod', 'lan_kod']) }}
        and b.verksamhetsomrade = a.verksamhetsomrade
        and b.grupp_typ = 'ursprung' and b.grupp = '1'
    where a.grupp_typ = 'ursprung' and a.grupp <> '1'

),

skillnad as (

    select
        p.*,
        case
            when p.taljare is not null and p.namnare > 0 and p.ref_taljare is not null and p.ref_namnare > 0
            then 100.0 * ({{ dbt.cast('p.taljare', isu_type_double()) }} / p.namnare
                          - {{ dbt.cast('p.ref_taljare', isu_type_double()) }} / p.ref_namnare)
        end as skillnad_procentenheter,
        100.0 * {{ isu_newcombe('p.taljare', 'p.namnare', 'p.ref_taljare', 'p.ref_namnare', 'lag') }} as ki_lag,
        100.0 * {{ isu_newcombe('p.taljare', 'p.namnare', 'p.ref_taljare', 'p.ref_namnare', 'hog') }} as ki_hog
    from par as p

)

select
    s.indikator_id,
    s.period_typ,
    s.period,
    s.niva,
    s.kommun_kod,
    k.kommun_namn,
    s.lan_kod,
    s.verksamhetsomrade,
    s.jamforelse,
    s.grupp,
    s.referensgrupp,
    s.skillnad_procentenheter,
    s.ki_lag,
    s.ki_hog,
    case
        when s.ki_lag is null then null
        when s.ki_lag > 0 or s.ki_hog < 0 then true
        else false
    end as signifikant,
    s.preliminar
from skillnad as s
left join {{ ref('kommuner') }} as k
    on k.kommun_kod = s.kommun_kod
