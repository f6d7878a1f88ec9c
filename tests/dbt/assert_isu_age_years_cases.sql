-- isu_age_years on birthdays, the day before them, and births on 29 February: the age goes up on
-- the birthday, and on 1 March in years without 29 February. Returns the cases that disagree.
{%- set cases = [
    ('2008-02-29', '2008-02-29', 0),
    ('2008-02-29', '2009-02-28', 0),
    ('2008-02-29', '2009-03-01', 1),
    ('2008-02-29', '2025-02-28', 16),
    ('2008-02-29', '2025-03-01', 17),
    ('2008-02-29', '2028-02-28', 19),
    ('2008-02-29', '2028-02-29', 20),
    ('1960-02-29', '2025-03-01', 65),
    ('1980-12-31', '2024-12-30', 43),
    ('1980-12-31', '2024-12-31', 44),
    ('1980-12-31', '2025-01-01', 44),
    ('2010-05-10', '2011-05-09', 0),
    ('2010-05-10', '2011-05-10', 1),
    ('2020-01-15', '2024-01-15', 4),
    ('1944-07-01', '2024-06-30', 79),
    ('1944-07-01', '2024-07-01', 80),
] %}

with fall as (
    {%- for birth, at, expected in cases %}
    select
        {{ dbt.cast("'" ~ birth ~ "'", 'date') }} as fodelsedatum,
        {{ dbt.cast("'" ~ at ~ "'", 'date') }} as datum,
        {{ expected }} as forvantad_alder
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select fodelsedatum, datum, forvantad_alder, {{ isu_age_years('fodelsedatum', 'datum') }} as alder
from fall
where {{ isu_age_years('fodelsedatum', 'datum') }} <> forvantad_alder
