-- UPPFOLJD_6M, Placerade barn följda upp var sjätte månad (proxy) (001 1:3, SoL 6 kap. 8 §). One row
-- per BOU placement (types 1, 10, 12, 16, 26, 31) and calendar year in which it went on for at least
-- six months; the year's part of the stay runs from the later of the implementation and 1 January
-- to the earlier of the end (or the last date of the data) and 31 December.
--   six-month spans: from the start of that part, [start, start + 6 months) and
--             [start + 6 months, start + 12 months); a span counts when the stay covers all of it
--   taljare = a follow-up (the proxy for the caseworker's visit) in every span that counts
-- Only calendar years are published (perioder 'ar'). Event date: the last day of the year's part.
-- Groups: sex and origin, age group on that day.
with placering as (

    select *
    from {{ ref('int_indikator_insats') }}
    where verksamhetsomrade = 'BOU'
      and insatstyp in (1, 10, 12, 16, 26, 31)
      and datum_verkstallighet is not null

),

ar as (

    select ar, min(datum) as ar_start, max(datum) as ar_slut
    from {{ ref('dim_datum') }}
    group by ar

),

del_av_ar as (

    select
        p.*,
        a.ar,
        case when p.datum_verkstallighet > a.ar_start then p.datum_verkstallighet else a.ar_start end as start,
        case
            when coalesce(p.datum_avslut, g.sista_datum) < a.ar_slut then coalesce(p.datum_avslut, g.sista_datum)
            else a.ar_slut
        end as slut
    from placering as p
    cross join {{ ref('int_datum_granser') }} as g
    inner join ar as a
        on  p.datum_verkstallighet <= a.ar_slut
        and coalesce(p.datum_avslut, g.sista_datum) >= a.ar_start

),

spann as (

    select
        d.*,
        case
            when {{ dbt.dateadd('month', 12, 'd.start') }} <= {{ dbt.dateadd('day', 1, 'd.slut') }} then 2
            when {{ dbt.dateadd('month', 6, 'd.start') }} <= {{ dbt.dateadd('day', 1, 'd.slut') }} then 1
            else 0
        end as hela_spann,
        case when exists (
            select 1 from {{ ref('int_indikator_uppfoljning') }} as u
            where u.kommun_kod = d.kommun_kod and u.insats_id = d.insats_id
              and u.datum_uppfoljning >= d.start
              and u.datum_uppfoljning < {{ dbt.dateadd('month', 6, 'd.start') }}
        ) then 1 else 0 end as uppfoljd_spann_1,
        case when exists (
            select 1 from {{ ref('int_indikator_uppfoljning') }} as u
            where u.kommun_kod = d.kommun_kod and u.insats_id = d.insats_id
              and u.datum_uppfoljning >= {{ dbt.dateadd('month', 6, 'd.start') }}
              and u.datum_uppfoljning < {{ dbt.dateadd('month', 12, 'd.start') }}
        ) then 1 else 0 end as uppfoljd_spann_2
    from del_av_ar as d

)

{%- set enhet_id -%}
{{ dbt.concat(['s.insats_id', "'/'", dbt.cast('s.ar', dbt.type_string())]) }}
{%- endset %}
{%- set handelsedatum -%}
{{ dbt.cast('s.slut', 'date') }}
{%- endset %}
{%- set aldersgrupp -%}
{{ isu_aldersgrupp(isu_alder_vid('s.fodelsedatum', 's.alder_uppgiven', 's.slut')) }}
{%- endset %}
{%- set taljare -%}
case
    when s.uppfoljd_spann_1 = 1 and (s.hela_spann = 1 or s.uppfoljd_spann_2 = 1) then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('UPPFOLJD_6M',
                         's',
                         enhet_id=enhet_id,
                         handelsedatum=handelsedatum,
                         aldersgrupp=aldersgrupp,
                         namnare="1",
                         taljare=taljare) }}
from spann as s
where s.hela_spann >= 1
