-- The first half of the roll-up of the indicators that count persons (isu_pub_personrader): for
-- each indicator, period and person, the finest cells of the persons with one combination of
-- dimensions in the period (summed), and the rows of the others (with the person's number).
-- int_pub_indikator_cell rolls them up to every cell. A table between the halves keeps each query
-- within memory (see isu_pub_personrader).
{%- set dar = isu_indikator_urval() %}

with
-- persons numbered, so that counting them once per cell runs on integers
personer as (

    select person_pseudonym, row_number() over (order by person_pseudonym) as person_nr
    from (
        select distinct person_pseudonym
        from {{ ref('int_indikator_rad') }}
        where {{ dar.person }} and person_pseudonym is not null
    ) as p

),
{%- for slag in ['andel_person', 'dagar_per_person'] %}

{{ slag }} as (

    {{ isu_pub_personrader(
        '(select r.*, p.person_nr from ' ~ ref('int_indikator_rad') ~ ' as r inner join personer as p'
        ~ ' on p.person_pseudonym = r.person_pseudonym where r.' ~ dar[slag] ~ ')',
        **isu_indikator_rollup(slag)) }}

){{ ',' if not loop.last }}
{%- endfor %}

select pub_familj, en_kombination, indikator_id, period_typ, period, kommun_kod, lan_kod, kommungrupp_kod,
    verksamhetsomrade, kon, ursprung, aldersgrupp, pub_person, namnare, taljare
from andel_person

union all

select pub_familj, en_kombination, indikator_id, period_typ, period, kommun_kod, lan_kod, kommungrupp_kod,
    verksamhetsomrade, kon, ursprung, aldersgrupp, pub_person, namnare, taljare
from dagar_per_person
