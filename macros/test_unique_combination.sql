{#- Generic data test: the combination of `columns` is unique in `model` (dbt_utils is not
    available). Returns one row per duplicated combination. Usage in a properties file:
      data_tests:
        - unique_combination:
            arguments:
              columns: [variabel, kod]
-#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as antal
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
