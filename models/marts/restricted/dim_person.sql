-- Pseudonymous person dimension (schema restricted): one row per person_pseudonym with legal sex
-- and birth year-month only. When a person's cases disagree, the latest actualised case wins.
with personer as (

    select
        person_pseudonym,
        juridiskt_kon,
        fodelsedatum,
        row_number() over (
            partition by person_pseudonym
            order by datum_aktualisering desc, kommun_kod desc, arende_id desc
        ) as rn
    from {{ ref('int_arende_person') }}
    where person_pseudonym is not null

)

select
    person_pseudonym,
    juridiskt_kon,
    {{ isu_year_month('fodelsedatum') }} as fodelse_ar_manad
from personer
where rn = 1
