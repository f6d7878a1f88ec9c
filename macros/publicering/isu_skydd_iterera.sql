{#-
    isu_skydd_iterera(tabell): the small-count protection iteration, run as the post-hook of
    int_pub_skydd (whose own SQL writes step 0: every primary mask, and every value resting on a
    primary-masked count).

    Each step adds, with one INSERT ... SELECT, the masks that isu_skydd_status chooses in the
    relations touched by the masks of the step before (only those can have changed), and every
    value whose count (bas_cell_id) was masked in the step before; until a step adds none: a
    fixpoint, not a fixed number of passes. Plain INSERT ... SELECT with window functions: the
    same on every engine. If it has not settled after var('isu_skydd_max_steg') steps, every
    member of a relation that still gives a cell away is masked and a warning is logged; the test
    assert_skydd_ingen_relation_avslojar then reports any relation that still does.
-#}
{% macro isu_skydd_iterera(tabell) -%}
{%- if execute %}
    {%- set max_steg = var('isu_skydd_max_steg', 1000) | int %}
    {%- set smal = var('isu_skydd_smalt_steg') | int %}
    {%- set forsta = run_query('select count(*) from ' ~ tabell ~ ' where steg = 0') %}
    {%- set ns = namespace(klar=false, steg=0, forra=forsta.columns[0].values()[0]) %}
    {%- for k in range(1, max_steg + 1) if not ns.klar %}
        {%- do run_query(isu_skydd_steg(tabell, k, smalt=ns.forra <= smal)) %}
        {%- set nya = run_query('select count(*) from ' ~ tabell ~ ' where steg = ' ~ k) %}
        {%- set ns.steg = k %}
        {%- set ns.forra = nya.columns[0].values()[0] %}
        {%- if ns.forra == 0 %}
            {%- set ns.klar = true %}
        {%- endif %}
    {%- endfor %}
    {%- if not ns.klar %}
        {%- do log('isu: small-count protection found no fixpoint after ' ~ max_steg
                   ~ ' steps; masking every member of the relations that still give a cell away', info=true) %}
        {%- do run_query(isu_skydd_steg(tabell, max_steg + 1, alla_medlemmar=true)) %}
    {%- endif %}
{%- endif %}
select 1
{%- endmacro %}

{#- The members of the relations touched by step k - 1 (every relation when k is none), with their
    value, the bounds an attacker knows and whether they are masked. -#}
{% macro isu_skydd_medlemmar(tabell, k=none) -%}
    {{ isu_skydd_medlemsrader(ref('int_pub_skyddsrelation'), ref('int_pub_skyddscell'), tabell,
                              '' if k is none else isu_skydd_berorda_relationer(tabell, k)) }}
{%- endmacro %}

{#- The rows of isu_skydd_medlemmar from `relationer` (relation_id, cell_id, koef, alias r, narrowed
    by the join `urval`), `celler` (int_pub_skyddscell's columns) and `masker` (cell_id). -#}
{% macro isu_skydd_medlemsrader(relationer, celler, masker, urval='') -%}
    select
        r.relation_id,
        r.cell_id,
        r.koef,
        c.varde,
        c.storlek,
        c.publicerad,
        c.undre,
        case when m.cell_id is not null then 1 else 0 end as maskerad,
        -- the bound a shown count gives (a numerator is at most its denominator); none when masked
        case when b.cell_id is not null then null else c.ovre end as ovre
    from {{ relationer }} as r
    {{ urval }}
    inner join {{ celler }} as c
        on c.cell_id = r.cell_id
    left join {{ masker }} as m
        on m.cell_id = r.cell_id
    left join {{ masker }} as b
        on b.cell_id = c.bas_cell_id
{%- endmacro %}

{#- The join that keeps the members (alias r) of the relations with a cell masked in step k - 1. -#}
{% macro isu_skydd_berorda_relationer(tabell, k) -%}
    inner join (
        select distinct r0.relation_id
        from {{ ref('int_pub_skyddsrelation') }} as r0
        inner join {{ tabell }} as n
            on n.cell_id = r0.cell_id
        where n.steg = {{ k - 1 }}
    ) as t
        on t.relation_id = r.relation_id
{%- endmacro %}

{#- The CTEs of a small step k up to `medlemmar`: the same rows as isu_skydd_medlemmar(tabell, k).
    The touched members and their cells are stored first, and only the masks of those cells are
    joined: the whole mask table in a join is hashed whole (at 290 municipalities and 1 M cases
    about 10 M masks, twice in each of 64 steps), while after a large step the stored members do
    not fit in memory (isu_skydd_steg chooses). -#}
{% macro isu_skydd_berorda_medlemmar(tabell, k) -%}
{% call isu_lagrad_cte('berorda') %}

    select r.relation_id, r.cell_id, r.koef
    from {{ ref('int_pub_skyddsrelation') }} as r
    {{ isu_skydd_berorda_relationer(tabell, k) }}

{% endcall %},

{% call isu_lagrad_cte('berorda_celler') %}

    select c.cell_id, c.varde, c.storlek, c.publicerad, c.undre, c.ovre, c.bas_cell_id
    from {{ ref('int_pub_skyddscell') }} as c
    where c.cell_id in (select cell_id from berorda)

{% endcall %},

berorda_masker as (

    select s.cell_id
    from {{ tabell }} as s
    where s.cell_id in (select cell_id from berorda_celler)
       or s.cell_id in (select bas_cell_id from berorda_celler)

),

medlemmar as (

    {{ isu_skydd_medlemsrader('berorda', 'berorda_celler', 'berorda_masker') }}

)
{%- endmacro %}

{#- One step k: the masks chosen in the relations touched by step k - 1, and the values resting on
    a count masked in step k - 1 (with alla_medlemmar: every unmasked member of a relation that
    still gives a cell away, the fallback). `smalt`: step k - 1 masked few cells (at most
    var('isu_skydd_smalt_steg')), so its touched members are stored first and joined to their
    own masks only (isu_skydd_berorda_medlemmar); after a large step that would not fit in memory,
    and the whole tables are joined. Both give the same members. -#}
{% macro isu_skydd_steg(tabell, k, alla_medlemmar=false, smalt=false) -%}
insert into {{ tabell }} (cell_id, orsak, steg)
with
{%- if smalt %} {{ isu_skydd_berorda_medlemmar(tabell, k) }},
{%- else %} medlemmar as (

    {{ isu_skydd_medlemmar(tabell, k) }}

),
{%- endif %}

status as (

    {{ isu_skydd_status('medlemmar') }}

),

nya as (

    select cell_id, 'sekundar' as orsak
    from status
    {%- if alla_medlemmar %}
    where behover = 1 and maskerad = 0 and storlek > 0
    {%- else %}
    where vald = 1
    {%- endif %}

    union all

    select c.cell_id, 'bas'
    from {{ ref('int_pub_skyddscell') }} as c
    inner join {{ tabell }} as b
        on b.cell_id = c.bas_cell_id and b.steg = {{ k - 1 }}

)

select n.cell_id, min(n.orsak), {{ k }}
from nya as n
left join {{ tabell }} as m
    on m.cell_id = n.cell_id
where m.cell_id is null
group by n.cell_id
{%- endmacro %}
