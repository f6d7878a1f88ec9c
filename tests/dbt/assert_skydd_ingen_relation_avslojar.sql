-- Small-count protection reached its goal: with the final masks of int_pub_skydd, no relation of
-- int_pub_skyddsrelation gives a masked cell away (isu_skydd_status, the rule the iteration
-- applies, over every relation instead of only those touched in the last step). Returns the
-- relations that still do.
with medlemmar as (

    {{ isu_skydd_medlemmar(ref('int_pub_skydd')) }}

),

status as (

    {{ isu_skydd_status('medlemmar') }}

)

select relation_id, cell_id, koef, varde, maskerad, antal_maskerade
from status
where behover = 1
