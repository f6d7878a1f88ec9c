{#-
    Generic test isu_valid_code: every non-null value of the column is a code of the value set
    `kolumn` in the kodverk seed (the specification's value sets, word for word). kolumn defaults
    to the column's own name.

        - isu_valid_code                      # ursprung -> kodverk where kolumn = 'ursprung'
        - isu_valid_code: {kolumn: maluppfyllelse}
-#}
{% test isu_valid_code(model, column_name, kolumn=none) %}
    {{ return(adapter.dispatch('test_isu_valid_code', 'isu')(model, column_name, kolumn)) }}
{% endtest %}

{% macro default__test_isu_valid_code(model, column_name, kolumn) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
      select kod
      from {{ ref('kodverk') }}
      where kolumn = '{{ kolumn if kolumn else column_name }}'
  )
{% endmacro %}
