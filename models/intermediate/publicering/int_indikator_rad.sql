-- Row-level input of mart_indikator: the union of the indicator models (models/marts/indikatorer,
-- one per row of the catalogue seed `indikatorer`), every one in the same long shape:
--   indikator_id, enhet_id (the counted case, intervention, follow-up), person_pseudonym,
--   handelsedatum (the event that decides the period), slutdatum (counts at a period's end only:
--   the day the unit leaves the count), kommun_kod, verksamhetsomrade, insatstyp, kon, ursprung,
--   aldersgrupp, namnare and taljare (1 when the row counts there), exkluderad (1 when the
--   definition leaves the row out of the denominator, e.g. "kan inte bedöma"), dagar (lead-time
--   indicators).
-- A view: the roll-up reads it once (int_pub_indikator_cell); storing 10 M rows would cost more.
-- A new indicator is one more model in the list below (tests/python/test_indikatorer.py fails
-- when a catalogue id has no model here or a model has no catalogue row).
{{ config(materialized='view') }}
{%- set modeller = [
    'ind_aterakt_barn_12m', 'ind_aterakt_12m', 'ind_verkst_3m', 'ind_ej_verkst_3m', 'ind_utredning_4m',
    'ind_jourhem_2m', 'ind_placering_avbrott', 'ind_mal_registrerad', 'ind_mal_uppnadda',
    'ind_positiv_forandring', 'ind_genomford_som_planerat', 'ind_oplanerat_avbrott', 'ind_sip_tackning',
    'ind_samverkan_behov_ej_mott', 'ind_uppfoljd_6m', 'ind_eb_unga_1m', 'ind_vantetid_sabo',
    'ind_dagar_sabo', 'ind_vnr_insats', 'ind_vnr_utovare_fullfoljt', 'ind_nojd', 'ind_forbattrad_situation',
    'ind_forbattrad_livskvalitet', 'ind_stodets_betydelse', 'ind_gott_bemotande', 'ind_delaktighet',
] %}
{%- for m in modeller %}
select
    {{ isu_indikator_kolumner() | join(',\n    ') }}
from {{ ref(m) }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
