{#-
    isu_percentile_cont(expr, p): the continuous quantile p (0-1) of expr over the rows of the group,
    as an aggregate. Linear interpolation between the two closest ranks (position (n - 1) * p
    counted from 0), so the median of an even count is the mean of the two middle values
    (ARCHITECTURE.md). Nulls are ignored; an empty group gives null.
-#}
{% macro isu_percentile_cont(expr, p) -%}
    {{ return(adapter.dispatch('isu_percentile_cont', 'isu')(expr, p)) }}
{%- endmacro %}

{#- The SQL standard's ordered-set aggregate (PostgreSQL, Oracle, Snowflake and others). -#}
{% macro default__isu_percentile_cont(expr, p) -%}
    percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}

{% macro duckdb__isu_percentile_cont(expr, p) -%}
    quantile_cont({{ expr }}, {{ p }})
{%- endmacro %}

{% macro spark__isu_percentile_cont(expr, p) -%}
    {#- Spark's percentile is exact and interpolates linearly, like percentile_cont. -#}
    percentile({{ expr }}, {{ p }})
{%- endmacro %}
