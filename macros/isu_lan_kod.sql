{#-
    isu_lan_kod(kommun_kod): the county code (länskod) of a municipality code: its first two
    characters ('0180' -> '01'), as ARCHITECTURE.md defines the county level.
-#}
{% macro isu_lan_kod(kommun_kod) -%}
    {{ return(adapter.dispatch('isu_lan_kod', 'isu')(kommun_kod)) }}
{%- endmacro %}

{% macro default__isu_lan_kod(kommun_kod) -%}
    substring({{ kommun_kod }}, 1, 2)
{%- endmacro %}
