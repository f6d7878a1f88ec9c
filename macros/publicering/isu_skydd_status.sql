{#-
    isu_skydd_status(medlemmar): the protection rule, applied to relations (equations between
    published cells). `medlemmar` (a relation or CTE name) has one row per relation x member cell:
      relation_id, cell_id, roll ('summa' the total, 'del' a part, 'led' a term of another equation),
      varde    the cell's additive value
      storlek  the count that orders the choice of a secondary mask
      undre    the lower bound an attacker knows for the value when it is masked
      ovre     the upper bound an attacker knows when it is masked (null = none)
      publicerad  false for a cell that no mart shows but that others give away (the unknown group
               '?', a cross-table's total): masking it to protect another hides nothing that was
               shown, so it is chosen first
      maskerad 1 when the cell is masked now, else 0
    Returns the same rows with
      behover  1 when the relation gives a masked cell away, so one more member must be masked:
               - exactly one member is masked (the equation gives its value), or
               - in a sum relation whose total is visible, the masked parts sum to a value S that,
                 with the bounds the attacker knows, pins one of them: part i lies between
                 max(undre_i, S - sum of the other parts' upper bounds) and
                 min(ovre_i, S - sum of the other parts' lower bounds); when the two meet, it is
                 known (two masked counts that sum to 2 are both 1).
      vald     1 on the member to mask next, in a relation with behover = 1: the unmasked member
               with a positive storlek, unpublished before published, then the smallest storlek
               (ties: the lowest cell_id).
    Used by the iteration in int_pub_skydd and by the test that checks its result.
-#}
{% macro isu_skydd_status(medlemmar) -%}
    {{ return(adapter.dispatch('isu_skydd_status', 'isu')(medlemmar)) }}
{%- endmacro %}

{% macro default__isu_skydd_status(medlemmar) -%}
select
    b.*,
    case
        when b.behover = 1 and b.kandidat_rang = 1 and b.maskerad = 0 and b.storlek > 0 then 1
        else 0
    end as vald
from (
    select
        a.*,
        case
            when a.antal_maskerade = 1 then 1
            when max(a.avslojad) over (partition by a.relation_id) = 1 then 1
            else 0
        end as behover,
        row_number() over (
            partition by a.relation_id
            order by
                case when a.maskerad = 0 and a.storlek > 0 then 0 else 1 end,
                case when a.publicerad then 1 else 0 end,
                a.storlek,
                a.cell_id
        ) as kandidat_rang
    from (
        select
            s.*,
            case
                when s.roll = 'del' and s.maskerad = 1 and s.allman = 0 and s.summa_synlig = 1
                 and (
                    -- lower bound of this part
                    case
                        when s.obegransade - (case when s.ovre is null then 1 else 0 end) > 0 then s.undre
                        when s.undre > s.summa - (s.summa_ovre - coalesce(s.ovre, 0)) then s.undre
                        else s.summa - (s.summa_ovre - coalesce(s.ovre, 0))
                    end
                    >=
                    -- upper bound of this part
                    case
                        when s.ovre is not null and s.ovre < s.summa - (s.summa_undre - s.undre) then s.ovre
                        else s.summa - (s.summa_undre - s.undre)
                    end
                 )
                then 1
                else 0
            end as avslojad
        from (
            select
                m.*,
                sum(m.maskerad) over w as antal_maskerade,
                max(case when m.roll = 'summa' and m.maskerad = 0 then 1 else 0 end) over w as summa_synlig,
                max(case when m.roll = 'led' then 1 else 0 end) over w as allman,
                sum(case when m.roll = 'del' and m.maskerad = 1 then m.varde else 0 end) over w as summa,
                sum(case when m.roll = 'del' and m.maskerad = 1 then m.undre else 0 end) over w as summa_undre,
                sum(case when m.roll = 'del' and m.maskerad = 1 then coalesce(m.ovre, 0) else 0 end) over w as summa_ovre,
                sum(case when m.roll = 'del' and m.maskerad = 1 and m.ovre is null then 1 else 0 end) over w as obegransade
            from {{ medlemmar }} as m
            window w as (partition by m.relation_id)
        ) as s
    ) as a
) as b
{%- endmacro %}
