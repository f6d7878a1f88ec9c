{#- Generic data test of an indicator model (models/marts/indikatorer): every row has the long shape
    of int_indikator_rad and keeps its rules. Returns the rows that break one:
    - indikator_id is the model's own; the unit, its id, area and event date are set;
    - namnare, taljare and exkluderad are 0 or 1; an excluded row is not in the denominator;
    - a row in the numerator is in the denominator, except for a count at a period's end
      (antal: true), whose rows count only in the numerator;
    - dagar is never negative.
  Usage: data_tests: [{isu_indikator_rader: {arguments: {indikator_id: VERKST_3M}}}] -#}
{% test isu_indikator_rader(model, indikator_id, antal=false) %}

select *
from {{ model }}
where indikator_id is null
   or indikator_id <> '{{ indikator_id }}'
   or enhet_id is null
   or kommun_kod is null
   or verksamhetsomrade is null
   or handelsedatum is null
   or namnare not in (0, 1)
   or taljare not in (0, 1)
   or exkluderad not in (0, 1)
   or (exkluderad = 1 and namnare = 1)
   {%- if not antal %}
   or (taljare = 1 and namnare = 0)
   {%- else %}
   or namnare <> 0
   or taljare <> 1
   {%- endif %}
   or dagar < 0

{% endtest %}
