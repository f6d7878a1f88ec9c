{#-
    isu_skydd_status(medlemmar): the protection rule, applied to relations (equations between
    published cells). `medlemmar` (a relation or CTE name) has one row per relation x member cell:
      relation_id, cell_id,
      koef     the member's coefficient: the members times their coefficients sum to zero (a total
               -1, its parts +1); null in a relation that only ties masks together (synk)
      varde    the cell's value
      storlek  the count that orders the choice of a secondary mask
      undre    the lower bound an attacker knows for the value when it is masked
      ovre     the upper bound an attacker knows when it is masked (null = none)
      publicerad  false for a cell that no mart shows but that others give away (the unknown group
               '?', a cross-table's total): masking it to protect another hides nothing that was
               shown, so it is chosen first
      maskerad 1 when the cell is masked now, else 0
    Returns the same rows with
      behover  1 when the relation gives a masked cell away, so one more member must be masked:
               solving the equation for a masked member u, with the visible members' values and
               the other masked members anywhere within their bounds, gives
                   koef_u * u = -(sum of the visible koef * varde) - (sum of the other masked koef * x),
               an interval for u; intersected with u's own bounds it must not shrink to one value
               (less than 0.5 wide). That covers a single masked member (nothing else is unknown)
               and, say, two masked counts of at least 1 that sum to 2, or four masked months of a
               masked year known to be at most 4. A relation without coefficients (synk) needs
               no single masked member.
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
        z.*,
        case
            when z.utan_ekvation = 1 and z.antal_maskerade = 1 then 1
            when max(z.avslojad) over (partition by z.relation_id) = 1 then 1
            else 0
        end as behover,
        row_number() over (
            partition by z.relation_id
            order by
                case when z.maskerad = 0 and z.storlek > 0 then 0 else 1 end,
                case when z.publicerad then 1 else 0 end,
                z.storlek,
                z.cell_id
        ) as kandidat_rang
    from (
        select
            y.*,
            case
                when y.maskerad = 1 and y.utan_ekvation = 0 and y.hog is not null and y.hog - y.lag < 0.5 then 1
                else 0
            end as avslojad
        from (
            select
                e.*,
                -- the member's bounds: its own, narrowed by the equation
                case
                    when e.eq_lag_andlig = 1 and e.eq_lag > e.undre then e.eq_lag
                    else e.undre
                end as lag,
                case
                    when e.ovre is not null and e.eq_hog_andlig = 1 then least(e.ovre, e.eq_hog)
                    when e.ovre is not null then e.ovre
                    when e.eq_hog_andlig = 1 then e.eq_hog
                end as hog
            from (
                select
                    o.*,
                    -- koef * u = r + (the other masked members' parts), each part within its range
                    case when o.koef > 0 then (o.r + o.andra_lag) / o.koef else (o.r + o.andra_hog) / o.koef end
                        as eq_lag,
                    case when o.koef > 0 then (o.r + o.andra_hog) / o.koef else (o.r + o.andra_lag) / o.koef end
                        as eq_hog,
                    case when (case when o.koef > 0 then o.andra_lag_oandliga else o.andra_hog_oandliga end) = 0
                        then 1 else 0 end as eq_lag_andlig,
                    case when (case when o.koef > 0 then o.andra_hog_oandliga else o.andra_lag_oandliga end) = 0
                        then 1 else 0 end as eq_hog_andlig
                from (
                    select
                        x.*,
                        x.summa_lag - case when x.maskerad = 1 and x.lag_oandlig = 0 then x.bidrag_lag else 0 end
                            as andra_lag,
                        x.summa_hog - case when x.maskerad = 1 and x.hog_oandlig = 0 then x.bidrag_hog else 0 end
                            as andra_hog,
                        x.lag_oandliga - case when x.maskerad = 1 then x.lag_oandlig else 0 end as andra_lag_oandliga,
                        x.hog_oandliga - case when x.maskerad = 1 then x.hog_oandlig else 0 end as andra_hog_oandliga
                    from (
                        select
                            m.*,
                            sum(m.maskerad) over w as antal_maskerade,
                            max(case when m.koef is null then 1 else 0 end) over w as utan_ekvation,
                            -sum(case when m.maskerad = 0 then m.koef * m.varde else 0 end) over w as r,
                            sum(case when m.maskerad = 1 and m.lag_oandlig = 0 then m.bidrag_lag else 0 end) over w
                                as summa_lag,
                            sum(case when m.maskerad = 1 and m.hog_oandlig = 0 then m.bidrag_hog else 0 end) over w
                                as summa_hog,
                            sum(case when m.maskerad = 1 then m.lag_oandlig else 0 end) over w as lag_oandliga,
                            sum(case when m.maskerad = 1 then m.hog_oandlig else 0 end) over w as hog_oandliga
                        from (
                            -- each member's part -koef * x of the equation, x within [undre, ovre]
                            select
                                b0.*,
                                case when b0.koef > 0 then -b0.koef * b0.ovre else -b0.koef * b0.undre end
                                    as bidrag_lag,
                                case when b0.koef > 0 then -b0.koef * b0.undre else -b0.koef * b0.ovre end
                                    as bidrag_hog,
                                case when b0.koef > 0 and b0.ovre is null then 1 else 0 end as lag_oandlig,
                                case when b0.koef < 0 and b0.ovre is null then 1 else 0 end as hog_oandlig
                            from {{ medlemmar }} as b0
                        ) as m
                        window w as (partition by m.relation_id)
                    ) as x
                ) as o
            ) as e
        ) as y
    ) as z
) as b
{%- endmacro %}
