-- isu_within_months: "within N months of d" means on or before the date N calendar months after
-- d, and a short month's end clamps (29 Feb + 12 months = 28 Feb; 30 Nov + 3 months = 28 Feb).
{%- set cases = [
    ('2024-02-29', '2025-02-28', 12, true),
    ('2024-02-29', '2025-03-01', 12, false),
    ('2023-03-31', '2024-03-31', 12, true),
    ('2024-04-15', '2025-04-16', 12, false),
    ('2024-03-20', '2024-06-20', 3, true),
    ('2024-03-20', '2024-06-21', 3, false),
    ('2025-11-30', '2026-02-28', 3, true),
    ('2025-11-30', '2026-03-01', 3, false),
    ('2024-01-31', '2024-02-29', 1, true),
] %}

with fall as (
    {%- for start, event, months, expected in cases %}
    select
        {{ dbt.cast("'" ~ start ~ "'", 'date') }} as startdatum,
        {{ dbt.cast("'" ~ event ~ "'", 'date') }} as handelsedatum,
        {{ months }} as manader,
        {{ expected }} as forvantat,
        {{ isu_within_months(dbt.cast("'" ~ start ~ "'", 'date'), dbt.cast("'" ~ event ~ "'", 'date'), months) }} as utfall
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
)

select *
from fall
where utfall <> forvantat
