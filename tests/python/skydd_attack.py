"""An attacker against the small-count protection of the aggregate marts.

Given the published marts (a protected build) and the true values (the same data built without
protection), this module writes down every linear equation an analyst can form from what is
published, independently of the relation list the build uses (int_pub_skyddsrelation):

- levels: a county is the sum of its municipalities, the nation of its counties;
- areas: ALLA is the sum of the areas; intervention types: all types is the sum of the types;
- groups: alla is the sum of the groups of a breakdown plus the unknown group (an unknown the
  attacker does not see, unless it is empty);
- periods: a year is the sum of its months, the rolling window of its months (counts that add);
  ongoing(p) = ongoing(p - 1) - ended(p - 1) + new(p); a count at a period's end: a year is its
  last month;
- a cross-table: a row total (published as rad_namnare) is the sum of the row, a column total of
  the column, and the row totals and column totals add up to the same table total;
- other marts: the same population published twice (the links INDICATORS.md implies);
- a published mean or share times its published count is a sum or a numerator.

Then it tries to work out every masked value, one equation at a time with the bounds the attacker
knows (a masked count is at least 1, since zeros are never masked; a numerator is at most its
shown denominator): the attack of one total, one subtotal, one level or one other mart.
`exactly_recovered` and `interval_recovered` go further and combine every equation (a null-space
test per connected group of unknowns; linear programming), which the protection does not promise
to withstand: scripts/skydd_attack.py reports how much they find.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Cell:
    true: float
    shown: bool
    lo: float = 0.0
    hi: float = float("inf")


@dataclass
class System:
    cells: dict = field(default_factory=dict)  # key -> Cell
    equations: list = field(default_factory=list)  # [{key: coefficient}] meaning sum = 0

    def add(self, key, true, shown, lo=0.0, hi=float("inf")):
        self.cells[key] = Cell(float(true), shown, lo, hi)

    def eq(self, terms: dict):
        terms = {k: c for k, c in terms.items() if c}
        if len(terms) >= 2:
            self.equations.append(terms)

    def sum_eq(self, total, parts):
        """total = sum(parts), each a key of self.cells (a missing part is a known zero)."""
        terms = defaultdict(float)
        terms[total] -= 1
        for p in parts:
            terms[p] += 1
        self.eq(terms)


# every key: (family, series, period_typ, period, niva, kommun_kod, lan_kod, area, type, grupp_typ, grupp)
P_TYP, P, NIVA, KOMMUN, LAN, AREA, TYP, GT, G = range(2, 11)


def _without(k, idx):
    return tuple(v for i, v in enumerate(k) if i not in idx)


def _grid_relations(s: System, keys, additive_periods=True):
    """The grid equations of one family (keys in the layout above)."""
    by = defaultdict(list)
    for k in keys:
        by[("area", _without(k, {AREA}))].append(k)
        by[("typ", _without(k, {TYP}))].append(k)
        by[("unit", _without(k, {NIVA, KOMMUN, LAN}))].append(k)
        by[("group", _without(k, {GT, G}))].append(k)
        by[("period", _without(k, {P_TYP, P}))].append(k)
    for (kind, _), members in by.items():
        if kind == "area":
            tot = [k for k in members if k[AREA] == "ALLA"]
            if tot:
                s.sum_eq(tot[0], [k for k in members if k[AREA] != "ALLA"])
        elif kind == "typ":
            tot = [k for k in members if k[TYP] is None]
            parts = [k for k in members if k[TYP] is not None]
            if tot and parts:
                s.sum_eq(tot[0], parts)
        elif kind == "unit":
            riket = [k for k in members if k[NIVA] == "riket"]
            lans = [k for k in members if k[NIVA] == "lan"]
            if riket:
                s.sum_eq(riket[0], lans)
            for lan in lans:
                s.sum_eq(lan, [k for k in members if k[NIVA] == "kommun" and k[LAN] == lan[LAN]])
        elif kind == "group":
            alla = [k for k in members if k[GT] == "alla"]
            if not alla:
                continue
            for gt in ("kon", "ursprung", "aldersgrupp"):
                parts = [k for k in members if k[GT] == gt]
                if not parts:
                    continue
                rest = s.cells[alla[0]].true - sum(s.cells[p].true for p in parts)
                if rest:
                    comp = ("komplement", gt, alla[0])
                    s.add(comp, rest, shown=False, lo=0.0)
                    parts = [*parts, comp]
                s.sum_eq(alla[0], parts)
        elif kind == "period" and additive_periods:
            months = [k for k in members if k[P_TYP] == "manad"]
            if not months:
                continue
            for yk in (k for k in members if k[P_TYP] == "ar"):
                s.sum_eq(yk, [m for m in months if m[P][:4] == yk[P]])
            for r in (k for k in members if k[P_TYP] == "rullande_12m"):
                end = r[P][:7]
                start = f"{int(end[:4]) - 1}{end[4:]}"
                s.sum_eq(r, [m for m in months if start < m[P] <= end])


def _family(s, fam):
    return [k for k in s.cells if k[0] == fam]


def build(skyddad, oskyddad, links=True) -> System:
    """The attacker's system from two DuckDB connections to the same data (protected, unprotected).
    The rolling window of the fixtures ends on a month's last day (twelve whole months)."""
    s = System()
    inf = float("inf")
    # ---- mart_ledtid: counts, sums of days (mean x count), numbers within the limit
    q = """select ledtid, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, insatstyp, grupp_typ,
                  grupp, antal, medel_dagar, andel_inom_grans, undertryckt_orsak from marts.mart_ledtid"""
    true = {r[:10]: r[10:] for r in oskyddad.execute(q).fetchall()}
    pub = {r[:10]: r[10:] for r in skyddad.execute(q).fetchall()}
    for k, (n, medel, andel, _) in true.items():
        pn, pm, pa, _ = pub[k]
        s.add(("ledtid_antal", *k), n, pn is not None, 1.0)
        s.add(("ledtid_summa", *k), round(medel * n), pm is not None)
        if andel is not None:
            s.add(("ledtid_inom", *k), round(andel * n), pa is not None, 0.0, n if pn is not None else inf)
    for fam in ("ledtid_antal", "ledtid_summa", "ledtid_inom"):
        _grid_relations(s, _family(s, fam))
    # ---- mart_arendeflode
    q = """select enhet, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp,
                  nya, pagaende, avslutade, undertryckt_orsak from marts.mart_arendeflode"""
    true = {r[:9]: r[9:] for r in oskyddad.execute(q).fetchall()}
    pub = {r[:9]: r[9:] for r in skyddad.execute(q).fetchall()}
    for k, vals in true.items():
        shown = pub[k]
        key = (*k[:7], None, *k[7:])
        for name, v, sv in zip(("nya", "pagaende", "avslutade"), vals[:3], shown[:3], strict=True):
            s.add((f"flode_{name}", *key), v, sv is not None, 1.0 if v else 0.0)
    for name in ("nya", "avslutade"):
        _grid_relations(s, _family(s, f"flode_{name}"))
    pag = _family(s, "flode_pagaende")
    _grid_relations(s, pag, additive_periods=False)
    series = defaultdict(list)
    for k in pag:
        if k[P_TYP] != "rullande_12m":
            series[_without(k, {P})].append(k)
    for ks in series.values():
        ks.sort(key=lambda k: k[P])
        for i, k in enumerate(ks):
            nya = ("flode_nya", *k[1:])
            if i == 0:
                s.eq({k: 1, nya: -1})
            else:
                prev = ks[i - 1]
                s.eq({k: 1, prev: -1, nya: -1, ("flode_avslutade", *prev[1:]): 1})
    # ---- mart_korstabell: cells, row and column totals, the table total
    q = """select tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_kod, kolumn_kod, antal, rad_namnare,
                  kolumn_namnare, undertryckt_orsak from marts.mart_korstabell"""
    true = {r[:8]: r[8:] for r in oskyddad.execute(q).fetchall()}
    pub = {r[:8]: r[8:] for r in skyddad.execute(q).fetchall()}
    rows, cols, tables = defaultdict(list), defaultdict(list), defaultdict(list)
    row_shown, col_shown = defaultdict(bool), defaultdict(bool)
    for k, (n, _rn, kn, _) in true.items():
        pn, prn, pkn, _ = pub[k]
        s.add(("kors", *k), n, pn is not None, 1.0)
        rows[k[:7]].append(("kors", *k))
        tables[k[:6]].append(k)
        row_shown[k[:7]] |= prn is not None
        if kn is not None:  # counted in its column's total
            cols[(*k[:6], k[7])].append(("kors", *k))
            col_shown[(*k[:6], k[7])] |= pkn is not None
    for r, members in rows.items():
        s.add(("kors_rad", *r), sum(s.cells[m].true for m in members), row_shown[r], 1.0)
        s.sum_eq(("kors_rad", *r), members)
    for c, members in cols.items():
        s.add(("kors_kol", *c), sum(s.cells[m].true for m in members), col_shown[c], 1.0)
        s.sum_eq(("kors_kol", *c), members)
    for t, ks in tables.items():
        total = ("kors_total", *t)
        s.add(total, sum(true[k][0] for k in ks), False, 1.0)
        s.sum_eq(total, [("kors_rad", *r) for r in rows if r[:6] == t])
        left_out = [("kors", *k) for k in ks if true[k][2] is None]
        s.sum_eq(total, [("kors_kol", *c) for c in cols if c[:6] == t] + left_out)
    by_unit = defaultdict(list)
    for k in (k for k in s.cells if k[0] in ("kors", "kors_rad", "kors_kol", "kors_total")):
        by_unit[(k[0], k[1], k[2], k[3], *k[7:])].append(k)
    for members in by_unit.values():
        riket = [k for k in members if k[4] == "riket"]
        lans = [k for k in members if k[4] == "lan"]
        if riket:
            s.sum_eq(riket[0], lans)
        for lan in lans:
            s.sum_eq(lan, [k for k in members if k[4] == "kommun" and k[6] == lan[6]])
    # ---- mart_indikator: denominators and numerators of the indicators that add up
    q = """select indikator_id, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp,
                  taljare, namnare, undertryckt_orsak from marts.mart_indikator"""
    kinds = dict(oskyddad.execute("select indikator_id, raknar || ':' || vardetyp from kodverk.indikatorer").fetchall())
    true = {r[:9]: r[9:] for r in oskyddad.execute(q).fetchall()}
    pub = {r[:9]: r[9:] for r in skyddad.execute(q).fetchall()}
    for k, (t, n, _) in true.items():
        pt, pn, _ = pub[k]
        key = (*k[:7], None, *k[7:])
        if n is not None:
            s.add(("ind_n", *key), n, pn is not None, 1.0 if n else 0.0)
        if t is not None:
            s.add(("ind_t", *key), t, pt is not None, 0.0, float(n) if (n is not None and pn is not None) else inf)
    for fam in ("ind_n", "ind_t"):
        for iid in {k[1] for k in s.cells if k[0] == fam}:
            if kinds[iid].startswith("person") or kinds[iid].endswith("median_dagar"):
                continue  # persons do not add up over units, groups or periods
            keys = [k for k in s.cells if k[0] == fam and k[1] == iid]
            _grid_relations(s, keys, additive_periods=not kinds[iid].endswith("antal"))
    # ---- cross-mart: the same population published twice
    if links:
        for k in list(s.cells):
            fam, serie, rest = k[0], k[1], k[2:]
            if fam == "ind_n" and serie == "VERKST_3M":
                s.eq({k: 1, ("ledtid_antal", "beslut_till_verkstallighet", *rest): -1})
            elif fam == "ind_t" and serie == "VERKST_3M":
                s.eq({k: 1, ("ledtid_inom", "beslut_till_verkstallighet", *rest): -1})
            elif fam == "ind_n" and serie == "MAL_REGISTRERAD" and k[GT] in ("alla", "kon"):
                s.eq({k: 1, ("flode_avslutade", "insats", *rest): -1})
            elif fam == "ledtid_antal" and serie == "aktualisering_till_arendeavslut" and k[GT] in ("alla", "kon"):
                s.eq({k: 1, ("flode_avslutade", "arende", *rest): -1})
            elif fam == "ledtid_antal" and serie == "beslut_till_verkstallighet":
                s.eq({k: 1, ("ledtid_antal", "aktualisering_till_verkstallighet", *rest): -1})
    # a term that names a cell nobody published is a known zero
    s.equations = [{k: c for k, c in e.items() if k in s.cells} for e in s.equations]
    s.equations = [e for e in s.equations if len(e) >= 2]
    return s


def per_equation_recovered(s: System) -> list:
    """Masked published cells that a single equation gives away, with the bounds the attacker knows:
    the equation has no other unknown, or the other unknowns' bounds leave it one value (two masked
    counts of at least 1 that sum to 2 are both 1). This is the attack of one total, one subtotal,
    one level or one other mart at a time."""
    inf = float("inf")
    out = set()
    for e in s.equations:
        unknown = [k for k in e if not s.cells[k].shown]
        if not unknown:
            continue
        rest = -sum(c * s.cells[k].true for k, c in e.items() if s.cells[k].shown)
        for u in unknown:
            if u[0] in ("komplement", "kors_total"):
                continue
            cu = e[u]
            # cu * u = rest - sum(c_j x_j) over the other unknowns j, each within [lo_j, hi_j]
            lo_rest = hi_rest = rest
            for j in unknown:
                if j == u:
                    continue
                cj, cell = e[j], s.cells[j]
                lo_j, hi_j = (
                    sorted((-cj * cell.lo, -cj * cell.hi))
                    if cell.hi != inf
                    else ((-inf, -cj * cell.lo) if cj > 0 else (-cj * cell.lo, inf))
                )
                lo_rest += lo_j
                hi_rest += hi_j
            lo, hi = sorted((lo_rest / cu, hi_rest / cu))
            lo, hi = max(lo, s.cells[u].lo), min(hi, s.cells[u].hi)
            if hi - lo < 0.5:
                out.add(u)
    return sorted(out, key=repr)


def components(s: System):
    """Connected groups of unknowns (masked cells and unpublished complements) and their equations."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    unknown = {k for k, c in s.cells.items() if not c.shown}
    eqs = []
    for e in s.equations:
        us = [k for k in e if k in unknown]
        if not us:
            continue
        eqs.append(e)
        for u in us[1:]:
            parent[find(us[0])] = find(u)
        find(us[0])
    groups = defaultdict(lambda: ([], []))
    for u in unknown:
        groups[find(u)][0].append(u)
    for e in eqs:
        u = next(k for k in e if k in unknown)
        groups[find(u)][1].append(e)
    return list(groups.values())


def exactly_recovered(s: System, max_size: int = 8000) -> list:
    """Masked published cells whose value the equations fix (the null space of their component is
    zero in their coordinate)."""
    out = []
    for unknowns, eqs in components(s):
        targets = [u for u in unknowns if u[0] != "komplement" and u[0] != "kors_total"]
        if not targets or not eqs:
            continue  # no equation binds them
        if len(unknowns) > max_size:
            raise AssertionError(f"component of {len(unknowns)} unknowns is too large for the exact test")
        idx = {u: i for i, u in enumerate(unknowns)}
        a = np.zeros((len(eqs), len(unknowns)))
        for r, e in enumerate(eqs):
            for k, c in e.items():
                if k in idx:
                    a[r, idx[k]] = c
        # vt is square either way (U stays small when there are more equations than unknowns)
        _, sv, vt = np.linalg.svd(a, full_matrices=len(eqs) < len(unknowns))
        rank = int((sv > 1e-9).sum())
        null = vt[rank:]
        for u in targets:
            if null.shape[0] == 0 or np.abs(null[:, idx[u]]).max() < 1e-9:
                out.append(u)
    return out


def interval_recovered(s: System, sample: int | None = 300, seed: int = 7) -> list:
    """Masked published cells that linear programming pins to one value with the bounds the
    attacker knows (min == max), for a sample of them (all with sample=None)."""
    from scipy.optimize import linprog

    comps = components(s)
    targets = [(u, unknowns, eqs) for unknowns, eqs in comps for u in unknowns
               if u[0] not in ("komplement", "kors_total") and eqs]  # fmt: skip
    if sample is not None and len(targets) > sample:
        targets = random.Random(seed).sample(targets, sample)
    out = []
    for u, unknowns, eqs in targets:
        idx = {v: i for i, v in enumerate(unknowns)}
        a = np.zeros((len(eqs), len(unknowns)))
        b = np.zeros(len(eqs))
        for r, e in enumerate(eqs):
            for k, c in e.items():
                if k in idx:
                    a[r, idx[k]] = c
                else:
                    b[r] -= c * s.cells[k].true
        bounds = [(s.cells[v].lo, None if s.cells[v].hi == float("inf") else s.cells[v].hi) for v in unknowns]
        c = np.zeros(len(unknowns))
        c[idx[u]] = 1
        lo = linprog(c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        assert lo.status == 0 and hi.status == 0, (u, lo.message, hi.message)
        if -hi.fun - lo.fun < 0.5:
            out.append((u, lo.fun))
    return out
