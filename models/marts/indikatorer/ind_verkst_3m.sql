-- VERKST_3M, Beslut verkställda inom tre månader (001 4:1). One row per intervention implemented.
--   taljare = implemented on or before the date 3 calendar months after its decision
-- Event date: the implementation. Groups: sex and origin of the case, age group at the decision
-- (as mart_ledtid's beslut_till_verkstallighet, the same lead times).
{%- set taljare -%}
case when {{ isu_within_months('i.datum_beslut', 'i.datum_verkstallighet', 3) }} then 1 else 0 end
{%- endset %}
select
    {{ isu_indikator_rad('VERKST_3M',
                         'i',
                         enhet_id="i.insats_id",
                         handelsedatum="i.datum_verkstallighet",
                         aldersgrupp="i.aldersgrupp_vid_beslut",
                         namnare="1",
                         taljare=taljare) }}
from {{ ref('int_indikator_insats') }} as i
where i.datum_verkstallighet is not null
