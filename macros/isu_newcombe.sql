{#-
    isu_newcombe(x1, n1, x2, n2, grans): one bound of the 95 % interval of the difference of two
    proportions p1 - p2 = x1/n1 - x2/n2 by Newcombe's hybrid score method (method 10 of Newcombe
    1998), built from the Wilson intervals (l1, u1) and (l2, u2) of the two shares:
        lower = (p1 - p2) - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        upper = (p1 - p2) + sqrt((u1 - p1)^2 + (p2 - l2)^2)
    grans 'lag' or 'hog'. Null when either share is missing. In proportions (0-1); multiply by 100
    for percentage points.
-#}
{% macro isu_newcombe(x1, n1, x2, n2, grans) -%}
    {{ return(adapter.dispatch('isu_newcombe', 'isu')(x1, n1, x2, n2, grans)) }}
{%- endmacro %}

{% macro default__isu_newcombe(x1, n1, x2, n2, grans) -%}
    {%- set p1 = '(' ~ dbt.cast(x1, isu.isu_type_double()) ~ ' / ' ~ dbt.cast(n1, isu.isu_type_double()) ~ ')' -%}
    {%- set p2 = '(' ~ dbt.cast(x2, isu.isu_type_double()) ~ ' / ' ~ dbt.cast(n2, isu.isu_type_double()) ~ ')' -%}
    case
        when {{ x1 }} is null or {{ x2 }} is null or {{ n1 }} is null or {{ n2 }} is null
          or {{ n1 }} <= 0 or {{ n2 }} <= 0 then null
        {%- if grans == 'lag' %}
        else ({{ p1 }} - {{ p2 }}) - sqrt(
            ({{ p1 }} - {{ isu.isu_wilson(x1, n1, 'lag') }}) * ({{ p1 }} - {{ isu.isu_wilson(x1, n1, 'lag') }})
            + ({{ isu.isu_wilson(x2, n2, 'hog') }} - {{ p2 }}) * ({{ isu.isu_wilson(x2, n2, 'hog') }} - {{ p2 }}))
        {%- elif grans == 'hog' %}
        else ({{ p1 }} - {{ p2 }}) + sqrt(
            ({{ isu.isu_wilson(x1, n1, 'hog') }} - {{ p1 }}) * ({{ isu.isu_wilson(x1, n1, 'hog') }} - {{ p1 }})
            + ({{ p2 }} - {{ isu.isu_wilson(x2, n2, 'lag') }}) * ({{ p2 }} - {{ isu.isu_wilson(x2, n2, 'lag') }}))
        {%- else %}
        {{ exceptions.raise_compiler_error("isu_newcombe: grans must be 'lag' or 'hog', got " ~ grans) }}
        {%- endif %}
    end
{%- endmacro %}
