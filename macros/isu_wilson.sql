{#-
    isu_wilson(taljare, namnare, grans): one bound of the 95 % Wilson score interval of the share
    taljare / namnare (ARCHITECTURE.md: every share carries a Wilson interval). grans is 'lag'
    (lower) or 'hog' (upper). With p = x / n and z = 1.959964:

        (p + z²/2n  -/+  z * sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n)

    in double precision, clamped to 0-1 against rounding, and exactly 0 (1) for the lower (upper)
    bound of a share of 0 (1), where rounding would otherwise leave it a hair inside. Null when the
    numerator is null or the denominator is null or not positive. Plain arithmetic and
    sqrt/greatest/least, which every engine has.
-#}
{% macro isu_wilson(taljare, namnare, grans) -%}
    {{ return(adapter.dispatch('isu_wilson', 'isu')(taljare, namnare, grans)) }}
{%- endmacro %}

{% macro default__isu_wilson(taljare, namnare, grans) -%}
    {%- if grans not in ('lag', 'hog') -%}
        {{ exceptions.raise_compiler_error("isu_wilson: grans must be 'lag' or 'hog', got " ~ grans) }}
    {%- endif -%}
    {%- set z2 = 3.841458820694124 -%}  {#- z = 1.959963984540054, the 97.5 % normal quantile -#}
    {%- set z = 1.959963984540054 -%}
    {%- set p = '(' ~ dbt.cast(taljare, isu.isu_type_double()) ~ ' / ' ~ dbt.cast(namnare, isu.isu_type_double()) ~ ')' -%}
    {%- set n = dbt.cast(namnare, isu.isu_type_double()) -%}
    case
        when {{ taljare }} is null or {{ namnare }} is null or {{ namnare }} <= 0 then null
        {%- if grans == 'lag' %}
        when {{ taljare }} = 0 then 0.0
        {%- else %}
        when {{ taljare }} = {{ namnare }} then 1.0
        {%- endif %}
        else {{ 'greatest(0.0, ' if grans == 'lag' else 'least(1.0, ' }}
            ({{ p }} + {{ z2 }} / (2.0 * {{ n }})
             {{ '-' if grans == 'lag' else '+' }} {{ z }} * sqrt({{ p }} * (1.0 - {{ p }}) / {{ n }} + {{ z2 }} / (4.0 * {{ n }} * {{ n }})))
            / (1.0 + {{ z2 }} / {{ n }}))
    end
{%- endmacro %}
