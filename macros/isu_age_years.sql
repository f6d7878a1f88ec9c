{#-
    isu_age_years(birth_date, at_date): age in whole years at a date (null when either is null).

    The age goes up on the birthday: years between the two dates, minus one when the birthday
    (month, day) has not come yet in at_date's year. Someone born on 29 February becomes a year
    older on 1 March in years without a leap day (28 February is still "before the birthday").
    Built on calendar parts instead of dbt.datediff('month'), whose month semantics differ between
    engines (boundary counts on DuckDB/PostgreSQL, months_between on Spark).
-#}
{% macro isu_age_years(birth_date, at_date) -%}
    {{ return(adapter.dispatch('isu_age_years', 'isu')(birth_date, at_date)) }}
{%- endmacro %}

{% macro default__isu_age_years(birth_date, at_date) -%}
    (
        {{ isu.isu_date_part('year', at_date) }} - {{ isu.isu_date_part('year', birth_date) }}
        - case
            when {{ isu.isu_date_part('month', at_date) }} * 100 + {{ isu.isu_date_part('day', at_date) }}
               < {{ isu.isu_date_part('month', birth_date) }} * 100 + {{ isu.isu_date_part('day', birth_date) }}
            then 1
            else 0
          end
    )
{%- endmacro %}
