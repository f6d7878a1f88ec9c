-- Small-count protection of every aggregate mart, in one place: one row per masked cell x
-- measure of int_pub_skyddscell, with the reason (orsak) and the step of the iteration (steg):
--   primar    the primary rule: a count of 1 to var('isu_max_maskerat_antal'); a value resting on
--             a count under var('isu_min_namnare') (a mean, a median, a share's numerator)
--   bas       a value whose count is masked
--   sekundar  masked so that no equation of int_pub_skyddsrelation gives a masked cell away
-- Cells not listed are published.
--
-- This SQL writes step 0 (the primary masks and the values resting on a primary-masked count);
-- the post-hook isu_skydd_iterera adds masks step by step until nothing changes: in each step
-- every relation touched by the masks of the step before is checked with isu_skydd_status and,
-- where it gives a masked cell away, one more member is masked (unpublished cells first, then the
-- smallest), and every value resting on a newly masked count is masked with it. The test
-- assert_skydd_ingen_relation_avslojar checks the final state of every relation.
-- depends_on: {{ ref('int_pub_skyddsrelation') }}
{{ config(post_hook=["{{ isu_skydd_iterera(this) }}"]) }}

with primar as (

    select cell_id
    from {{ ref('int_pub_skyddscell') }}
    where primar

)

select
    c.cell_id,
    {{ dbt.cast("case when c.primar then 'primar' else 'bas' end", dbt.type_string()) }} as orsak,
    0 as steg
from {{ ref('int_pub_skyddscell') }} as c
left join primar as b
    on b.cell_id = c.bas_cell_id
where c.primar or b.cell_id is not null
