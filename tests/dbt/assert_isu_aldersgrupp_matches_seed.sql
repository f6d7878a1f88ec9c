-- The isu_aldersgrupp macro and the aldersgrupper seed agree for every age 0-120.
with aldrar as (

    select generated_number - 1 as alder
    from ({{ dbt.generate_series(121) }}) as spine

),

seed as (

    select a.alder, g.aldersgrupp
    from aldrar as a
    left join {{ ref('aldersgrupper') }} as g
        on a.alder >= g.alder_fran
       and (g.alder_till is null or a.alder <= g.alder_till)

)

select alder, aldersgrupp as seed_grupp, {{ isu_aldersgrupp('alder') }} as macro_grupp
from seed
where aldersgrupp is null
   or aldersgrupp <> {{ isu_aldersgrupp('alder') }}
