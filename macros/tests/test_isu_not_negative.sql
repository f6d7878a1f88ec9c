{#-
    Generic test isu_not_negative: fails for every row where the column (a lead time in days, a
    count) is below zero. Nulls pass: a lead time whose end event has not happened yet is null.
-#}
{% test isu_not_negative(model, column_name) %}
    {{ return(adapter.dispatch('test_isu_not_negative', 'isu')(model, column_name)) }}
{% endtest %}

{% macro default__test_isu_not_negative(model, column_name) %}
select *
from {{ model }}
where {{ column_name }} < 0
{% endmacro %}
