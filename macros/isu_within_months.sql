{#-
    isu_within_months(start_date, event_date, months): true when event_date falls on or before the
    date `months` calendar months after start_date (ARCHITECTURE.md: "within N months"), false when
    it falls later, null when either date is null. The end of a short month clamps (31 January +
    1 month = 28/29 February), as dbt.dateadd does on every engine.
-#}
{% macro isu_within_months(start_date, event_date, months) -%}
    {{ return(adapter.dispatch('isu_within_months', 'isu')(start_date, event_date, months)) }}
{%- endmacro %}

{% macro default__isu_within_months(start_date, event_date, months) -%}
    case
        when {{ start_date }} is null or {{ event_date }} is null then null
        when {{ event_date }} <= {{ dbt.cast(dbt.dateadd('month', months, start_date), 'date') }} then true
        else false
    end
{%- endmacro %}
