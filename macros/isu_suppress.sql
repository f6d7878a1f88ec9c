{#-
    isu_suppress(value, namnare): value, or null when its denominator is under
    var('isu_min_namnare') (or null). ARCHITECTURE.md: a published cell with a denominator under 7
    shows no share; the lead-time marts apply the same rule to every distribution value
    (median, quartiles, p90, mean, share within the limit) of a cell with fewer observations.
-#}
{% macro isu_suppress(value, namnare) -%}
    {{ return(adapter.dispatch('isu_suppress', 'isu')(value, namnare)) }}
{%- endmacro %}

{% macro default__isu_suppress(value, namnare) -%}
    case when {{ namnare }} >= {{ var('isu_min_namnare') }} then {{ value }} end
{%- endmacro %}
