{#- The hooks of every model that help a cost-based planner where it needs it. DuckDB and Spark need
    nothing: both macros render nothing there.

    isu_planera() (pre-hook): PostgreSQL estimates the rows of a CTE that a model reads twice from
    default selectivities, often one row, and then loops over the pairs of a self-join instead of
    hashing them: mart_jamlikhet took 88 s on the 3,000-case demo that way (0.1 s without nested
    loops). The models are analytic joins of whole tables, so nested loops are switched off for
    the statement that builds each one (`set local`: that transaction only). So is JIT compilation:
    a model's query has hundreds of expressions, and compiling them took 17 of the 17.2 s of
    int_pub_indikator_personrad on the demo.

    isu_analysera() (post-hook): refresh the planner's statistics of a table just built, which
    PostgreSQL has none of until autovacuum comes by. -#}
{% macro isu_planera() %}
    {{ return(adapter.dispatch('isu_planera', 'isu')()) }}
{% endmacro %}

{% macro default__isu_planera() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__isu_planera() %}
    {{ return('set local enable_nestloop = off; set local jit = off') }}
{% endmacro %}


{% macro isu_analysera() %}
    {{ return(adapter.dispatch('isu_analysera', 'isu')()) }}
{% endmacro %}

{% macro default__isu_analysera() %}
    {{ return('') }}
{% endmacro %}

{% macro postgres__isu_analysera() %}
    {%- if config.get('materialized') in ('table', 'incremental') -%}
        {{ return('analyze ' ~ this) }}
    {%- else -%}
        {{ return('') }}
    {%- endif -%}
{% endmacro %}
