{#-
    isu_version_vid_laddning(): the condition that picks, in a raw table, the version of every row
    that was current after a given load. Without the project variable `per_laddning` (the default)
    that is the current version (`giltig_till is null`); with `--vars '{per_laddning: N}'` (what
    `isu build --per-laddning N` passes) it is the version loaded by load N or earlier and not
    replaced by load N or earlier: the warehouse "as of" load N, which gives the same marts as a
    warehouse built from the extracts up to load N only (tests/python/test_history.py).
-#}
{% macro isu_version_vid_laddning() -%}
    {%- set n = var('per_laddning', none) -%}
    {%- if n is none -%}
        giltig_till is null
    {%- else -%}
        load_id <= {{ n | int }} and (giltig_till_load_id is null or giltig_till_load_id > {{ n | int }})
    {%- endif -%}
{%- endmacro %}
