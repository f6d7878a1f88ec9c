{#- isu_indikator_kolumner(): the long row shape every indicator model emits, in order (see
    int_indikator_rad). The generic test isu_indikator_rader checks each model against it. -#}
{% macro isu_indikator_kolumner() -%}
    {{ return(['indikator_id', 'enhet_id', 'person_pseudonym', 'handelsedatum', 'slutdatum', 'kommun_kod',
               'verksamhetsomrade', 'insatstyp', 'kon', 'ursprung', 'aldersgrupp', 'namnare', 'taljare',
               'exkluderad', 'dagar']) }}
{%- endmacro %}
