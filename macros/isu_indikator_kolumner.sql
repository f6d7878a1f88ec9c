{#- isu_indikator_kolumner(): the long row shape every indicator model emits, in order (see
    int_indikator_rad). The generic test isu_indikator_rader checks each model against it. -#}
{% macro isu_indikator_kolumner() -%}
    {{ return(['indikator_id', 'enhet_id', 'person_pseudonym', 'handelsedatum', 'slutdatum', 'kommun_kod',
               'verksamhetsomrade', 'insatstyp', 'kon', 'ursprung', 'aldersgrupp', 'namnare', 'taljare',
               'exkluderad', 'dagar']) }}
{%- endmacro %}

{#-
    isu_indikator_rad(indikator_id, kalla, enhet_id, handelsedatum, aldersgrupp, namnare, taljare,
    exkluderad='0', slutdatum=none, dagar=none, insatstyp='kalla'): the select list of one indicator
    model, every column of isu_indikator_kolumner() in order. `indikator_id` is the catalogue id (text,
    not SQL). The person, municipality, area, sex and
    origin come from the relation aliased `kalla` (its person_pseudonym, kommun_kod,
    verksamhetsomrade, kon, ursprung); the other arguments are SQL expressions. `insatstyp` is
    `kalla`.insatstyp by default, none for an indicator on cases (no type).
-#}
{% macro isu_indikator_rad(indikator_id, kalla, enhet_id, handelsedatum, aldersgrupp, namnare, taljare,
                           exkluderad='0', slutdatum=none, dagar=none, insatstyp='kalla') -%}
    '{{ indikator_id }}' as indikator_id,
    {{ enhet_id }} as enhet_id,
    {{ kalla }}.person_pseudonym,
    {{ handelsedatum }} as handelsedatum,
    {{ dbt.cast('null', 'date') if slutdatum is none else slutdatum }} as slutdatum,
    {{ kalla }}.kommun_kod,
    {{ kalla }}.verksamhetsomrade,
    {{ dbt.cast('null', dbt.type_int()) if insatstyp is none else (kalla ~ '.insatstyp' if insatstyp == 'kalla' else insatstyp) }} as insatstyp,
    {{ kalla }}.kon,
    {{ kalla }}.ursprung,
    {{ aldersgrupp }} as aldersgrupp,
    {{ namnare }} as namnare,
    {{ taljare }} as taljare,
    {{ exkluderad }} as exkluderad,
    {{ dbt.cast('null', dbt.type_int()) if dagar is none else dagar }} as dagar
{%- endmacro %}
