-- Row-level input of mart_ledtid: one row per measured lead time (ARCHITECTURE.md "Lead times";
-- the list is the macro isu_ledtider), with the date of its end event (the period it belongs to),
-- unit, area, intervention type (null for the case-level lead times), sex, origin and age group,
-- the days, and whether it kept the legal limit where one binds (4 months from actualisation to
-- decision in BOU, 3 months from decision to implementation); inom_grans is null where none binds.
-- Incremental by municipality (macros/isu_inkrementell.sql): it reads only the row-level facts.
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ isu_rensa_kommuner() }}") }}

{%- set ledtider = isu_ledtider() %}

with arende as (

    -- case-level lead times: no intervention type; age group at actualisation
    select
        kommun_kod,
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
    from {{ isu_per_kommun(ref('fct_arende')) }} as fct_arende

),

insats as (

    -- intervention-level lead times: age group at the intervention's decision
    select
        kommun_kod,
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
    from {{ isu_per_kommun(ref('fct_insats')) }} as fct_insats

)
{%- for l in ledtider %}

select
    '{{ l.namn }}' as ledtid,
    {{ loop.index }} as ledtid_nr,
    {{ dbt.cast(l.slut, 'date') }} as handelsedatum,
    kommun_kod,
    verksamhetsomrade,
    insatstyp,
    case juridiskt_kon when 1 then 'kvinna' when 2 then 'man' end as kon,
    {{ dbt.cast('ursprung', dbt.type_string()) }} as ursprung,
    aldersgrupp,
    {{ l.dagar }} as dagar,
    {%- if l.grans_manader and l.omrade %}
    case
        when verksamhetsomrade = '{{ l.omrade }}' then {{ isu_within_months(l.start, l.slut, l.grans_manader) }}
    end as inom_grans
    {%- elif l.grans_manader %}
    {{ isu_within_months(l.start, l.slut, l.grans_manader) }} as inom_grans
    {%- else %}
    {{ dbt.cast('null', dbt.type_boolean()) }} as inom_grans
    {%- endif %}
from {{ l.kalla }}
where {{ l.dagar }} is not null
{% if not loop.last %}union all{% endif %}
{%- endfor %}
