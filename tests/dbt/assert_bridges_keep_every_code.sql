-- Every code of a multi-valued variable reaches its bridge: for each case / follow-up, the number
-- of bridge rows equals the number of '|'-separated codes in staging (codes are sorted and unique
-- at load). Also checks the counter on fct_arende against its bridge, and finds bridge rows whose
-- case or follow-up is not in staging.
--
-- Both sides as one union (staging's count of codes per key; 1 per bridge row). First per
-- municipality and variable: the counts and a checksum (each count weighted by a hash of its key)
-- must agree; a few groups, so memory stays the same at any size. Only where they do not, the keys
-- are compared one by one, and those rows are the failures. (Comparing every key always, as one
-- aggregate or by joining the bridges' counts to staging, ran out of DuckDB's 3GB at 10 M cases.)
{#- each check: the variable, where its count is (a model, the key column, the count) and its bridge -#}
{%- set kontroller = [
    ('aktualiseringsorsak', ref('stg_arende'), 'arende_id', isu_count_codes('aktualiseringsorsak'),
     ref('brg_arende_aktualiseringsorsak')),
    ('problematik', ref('stg_arende'), 'arende_id', isu_count_codes('problematik'), ref('brg_arende_problematik')),
    ('samverkan', ref('stg_uppfoljning'), 'uppfoljning_id', isu_count_codes('samverkan'),
     ref('brg_uppfoljning_samverkan')),
    ('fct_arende.antal_aktualiseringsorsaker', ref('fct_arende'), 'arende_id', 'antal_aktualiseringsorsaker',
     ref('brg_arende_aktualiseringsorsak')),
] %}
{%- set sidor %}
    {%- for variabel, modell, id, antal, brygga in kontroller %}
    {{ 'union all' if not loop.first }}
    select kommun_kod, {{ id }} as id, '{{ variabel }}' as variabel,
           {{ antal }} as antal_i_staging, 0 as antal_i_brygga
    from {{ modell }}
    union all
    select kommun_kod, {{ id }}, '{{ variabel }}', 0, 1
    from {{ brygga }}
    {%- endfor %}
{%- endset %}

with avvikande_grupper as (

    select kommun_kod, variabel
    from (
        select kommun_kod, variabel, antal_i_staging, antal_i_brygga, {{ isu_hash_heltal('id') }} as vikt
        from ({{ sidor }}) as s
    ) as s
    group by kommun_kod, variabel
    having sum(antal_i_staging) <> sum(antal_i_brygga)
        or sum(antal_i_staging * vikt) <> sum(antal_i_brygga * vikt)

)

select s.kommun_kod, s.id, s.variabel, sum(s.antal_i_staging) as antal_i_staging,
       sum(s.antal_i_brygga) as antal_i_brygga
from ({{ sidor }}) as s
inner join avvikande_grupper as g
    on g.kommun_kod = s.kommun_kod and g.variabel = s.variabel
group by s.kommun_kod, s.id, s.variabel
having sum(s.antal_i_staging) <> sum(s.antal_i_brygga)
