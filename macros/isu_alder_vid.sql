{#-
    isu_alder_vid(fodelsedatum, alder_uppgiven, datum): the age in whole years at a date: from the
    birth date when the case has a personnummer, else the age the extract gave (alder_uppgiven,
    used as it is, as fct_insats does). Null when neither is known.
-#}
{% macro isu_alder_vid(fodelsedatum, alder_uppgiven, datum) -%}
    case
        when {{ fodelsedatum }} is not null then {{ isu.isu_age_years(fodelsedatum, datum) }}
        else {{ alder_uppgiven }}
    end
{%- endmacro %}
