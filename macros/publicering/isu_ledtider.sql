{#-
    isu_ledtider(): the lead times of ARCHITECTURE.md, in the order mart_ledtid numbers them:
    name, source fact, start and end date, days column, the legal limit in months where one
    binds, and the area it binds in (none = every area). Read by int_ledtid_observation (the rows)
    and int_pub_ledtid_cell (which rolls them up by number).
    Limits (INDICATORS.md): 4 months from actualisation to decision for children's investigations
    (BOU, SoL 11 kap. 2 §); 3 months from decision to implementation (SoL 16 kap. 6 f §,
    LSS 28 f §).
-#}
{% macro isu_ledtider() -%}
    {{ return([
        {'namn': 'aktualisering_till_beslut', 'kalla': 'arende', 'start': 'datum_aktualisering',
         'slut': 'datum_beslut', 'dagar': 'dagar_aktualisering_till_beslut', 'grans_manader': 4, 'omrade': 'BOU'},
        {'namn': 'aktualisering_till_arendeavslut', 'kalla': 'arende', 'start': none,
         'slut': 'datum_avslut', 'dagar': 'dagar_aktualisering_till_avslut', 'grans_manader': none, 'omrade': none},
        {'namn': 'beslut_till_verkstallighet', 'kalla': 'insats', 'start': 'datum_beslut',
         'slut': 'datum_verkstallighet', 'dagar': 'dagar_beslut_till_verkstallighet', 'grans_manader': 3, 'omrade': none},
        {'namn': 'aktualisering_till_verkstallighet', 'kalla': 'insats', 'start': none,
         'slut': 'datum_verkstallighet', 'dagar': 'dagar_aktualisering_till_verkstallighet', 'grans_manader': none, 'omrade': none},
        {'namn': 'verkstallighet_till_avslut', 'kalla': 'insats', 'start': none,
         'slut': 'datum_avslut', 'dagar': 'dagar_verkstallighet_till_avslut', 'grans_manader': none, 'omrade': none},
        {'namn': 'verkstallighet_till_forsta_uppfoljning', 'kalla': 'insats', 'start': none,
         'slut': dbt.dateadd('day', 'dagar_verkstallighet_till_forsta_uppfoljning', 'datum_verkstallighet'),
         'dagar': 'dagar_verkstallighet_till_forsta_uppfoljning', 'grans_manader': none, 'omrade': none},
    ]) }}
{%- endmacro %}

{#-
    isu_ledtid_har_grans(ledtid, verksamhetsomrade, antal, antal_med_grans): true for a cell of
    mart_ledtid that shows andel_inom_grans: a legal limit binds every lead time in it, and when the
    limit binds in one area only (actualisation to decision: BOU), the cell is that area's.
-#}
{% macro isu_ledtid_har_grans(ledtid, verksamhetsomrade, antal, antal_med_grans) -%}
    ({{ antal_med_grans }} = {{ antal }}
    {%- for l in isu_ledtider() if l.grans_manader and l.omrade %}
     and ({{ ledtid }} <> '{{ l.namn }}' or {{ verksamhetsomrade }} = '{{ l.omrade }}')
    {%- endfor %})
{%- endmacro %}
