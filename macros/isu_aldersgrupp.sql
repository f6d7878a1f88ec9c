{#-
    isu_aldersgrupp(age): the age group of an age in whole years (ARCHITECTURE.md):
    '0-11', '12-17', '18-24', '25-64', '65-79', '80+'; null for a null or negative age.
    The labels are the `aldersgrupp` codes of the aldersgrupper seed; the singular test
    tests/dbt/assert_isu_aldersgrupp_matches_seed.sql checks every age 0-120 against the seed.
-#}
{% macro isu_aldersgrupp(age) -%}
    {{ return(adapter.dispatch('isu_aldersgrupp', 'isu')(age)) }}
{%- endmacro %}

{% macro default__isu_aldersgrupp(age) -%}
    case
        when {{ age }} is null or {{ age }} < 0 then null
        when {{ age }} <= 11 then '0-11'
        when {{ age }} <= 17 then '12-17'
        when {{ age }} <= 24 then '18-24'
        when {{ age }} <= 64 then '25-64'
        when {{ age }} <= 79 then '65-79'
        else '80+'
    end
{%- endmacro %}
