-- PLACERING_AVBROTT, Placeringar efter oplanerat avbrott (proxy) (001 2:5). One row per placement
-- in familjehem or HVB decided (types 10, 16, 26 = familjehem incl. jourhem and nätverkshem;
-- 1, 12 = HVB incl. § 12-hem).
--   taljare = the person's previous such placement in the municipality (the one that ended last on
--             or before this decision; ties: the greatest insats_id) ended unplanned (V20 3, 4 or
--             5) at most var('isu_placering_avbrott_dagar') (30) days before this decision.
--             A placement without a personnummer has no previous one.
-- Event date: the decision. Groups: sex and origin, age group at the decision.
{%- set typer = '(1, 10, 12, 16, 26)' %}

with placering as (

    select *
    from {{ ref('int_indikator_insats') }}
    where insatstyp in {{ typer }}

),

foregaende as (

    select
        p.kommun_kod,
        p.insats_id,
        f.datum_avslut as foregaende_avslut,
        f.avslutsorsak as foregaende_avslutsorsak,
        row_number() over (
            partition by p.kommun_kod, p.insats_id
            order by f.datum_avslut desc, f.insats_id desc
        ) as nr
    from placering as p
    inner join placering as f
        on  f.kommun_kod = p.kommun_kod
        and f.person_pseudonym = p.person_pseudonym
        and f.insats_id <> p.insats_id
        and f.datum_avslut <= p.datum_beslut

)

{%- set taljare -%}
case
    when f.foregaende_avslutsorsak in (3, 4, 5)
     and {{ dbt.datediff('f.foregaende_avslut', 'p.datum_beslut', 'day') }} <= {{ var('isu_placering_avbrott_dagar') }}
    then 1
    else 0
end
{%- endset %}
select
    {{ isu_indikator_rad('PLACERING_AVBROTT',
                         'p',
                         enhet_id="p.insats_id",
                         handelsedatum="p.datum_beslut",
                         aldersgrupp="p.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare=taljare) }}
from placering as p
left join foregaende as f
    on f.kommun_kod = p.kommun_kod and f.insats_id = p.insats_id and f.nr = 1
