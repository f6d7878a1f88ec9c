"""A second implementation of the indicators of INDICATORS.md, in plain Python, from the rows of
indikator_fixture.py alone (nothing is read from the warehouse): which units each indicator counts,
and every cell of mart_indikator (period x level x area x group) with numerator, denominator,
value, Wilson interval and the preliminary flag. test_indikatorer.py compares it with the
warehouse built without small-count protection, cell by cell.
"""

from __future__ import annotations

import calendar
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from indikator_fixture import ARENDE, INSATS, KOMMUNGRUPP, SISTA_DATUM, UPPFOLJNING

D = date.fromisoformat
SISTA = D(SISTA_DATUM)
RULLANDE_SLUT = SISTA  # the last date is a month end: the window is 2024-07-01 .. 2025-06-30
RULLANDE_START = date(2024, 7, 1)
KON = {1: "kvinna", 2: "man"}
GRUPP_AV = {k: g for k, g, _ in KOMMUNGRUPP}

# what the catalogue seed says: person-based?, value kind, period types, window in months
KATALOG = {
    "ATERAKT_BARN_12M": (True, "andel", ("ar", "manad", "rullande_12m"), 12),
    "ATERAKT_12M": (True, "andel", ("ar", "manad", "rullande_12m"), 12),
    "VERKST_3M": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "EJ_VERKST_3M": (False, "antal", ("ar", "manad", "rullande_12m"), 0),
    "UTREDNING_4M": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "JOURHEM_2M": (False, "andel", ("ar", "manad", "rullande_12m"), 2),
    "PLACERING_AVBROTT": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "MAL_REGISTRERAD": (False, "andel", ("ar", "manad", "rullande_12m"), 1),
    "MAL_UPPNADDA": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "POSITIV_FORANDRING": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "GENOMFORD_SOM_PLANERAT": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "OPLANERAT_AVBROTT": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "SIP_TACKNING": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "SAMVERKAN_BEHOV_EJ_MOTT": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "UPPFOLJD_6M": (False, "andel", ("ar",), 0),
    "EB_UNGA_1M": (True, "andel", ("ar", "manad", "rullande_12m"), 1),
    "VANTETID_SABO": (False, "median_dagar", ("ar", "rullande_12m"), 0),
    "DAGAR_SABO": (True, "dagar_per_person", ("ar", "rullande_12m"), 0),
    "VNR_INSATS": (True, "andel", ("ar", "manad", "rullande_12m"), 0),
    "VNR_UTOVARE_FULLFOLJT": (True, "andel", ("ar", "manad", "rullande_12m"), 0),
    "NOJD": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "FORBATTRAD_SITUATION": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "FORBATTRAD_LIVSKVALITET": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "STODETS_BETYDELSE": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "GOTT_BEMOTANDE": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
    "DELAKTIGHET": (False, "andel", ("ar", "manad", "rullande_12m"), 0),
}


def _d(v):
    return D(v) if v else None


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def within(start: date, event: date, months: int) -> bool:
    return event <= add_months(start, months)


def age(born: date, at: date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


def aldersgrupp(a):
    if a is None:
        return None
    for upper, name in ((11, "0-11"), (17, "12-17"), (24, "18-24"), (64, "25-64"), (79, "65-79")):
        if a <= upper:
            return name
    return "80+"


@dataclass
class Arende:
    kommun: str
    id: str
    area: str
    pnr: str | None
    born: date | None
    kon: str | None
    given_age: int | None
    akt: date
    orsak: set
    urs: str | None
    beslut: date | None
    avslut: date | None
    insatser: list = field(default_factory=list)

    def age_at(self, d):
        return age(self.born, d) if self.born else self.given_age


@dataclass
class Insats:
    kommun: str
    id: str
    case: Arende
    typ: int
    beslut: date
    verk: date | None
    avslut: date | None
    genomforande: int | None
    avslutsorsak: int | None
    uppf: list = field(default_factory=list)

    def last_goal(self):
        cands = [
            (u.datum, u.id, u.mal)
            for u in self.uppf
            if u.mal is not None and (not self.avslut or u.datum <= self.avslut)
        ]
        return max(cands)[2] if cands else None


@dataclass
class Uppf:
    id: str
    insats: Insats
    datum: date
    samverkan: set
    sip: int | None
    mal: int | None
    b: dict


def load():
    cases = {}
    for r in ARENDE:
        (kommun, aid, area, pnr, born, _, kon, _, given, akt, orsak, urs, _, _, _, beslut, avslut) = r
        cases[(kommun, aid)] = Arende(
            kommun, aid, area, pnr, _d(born), KON.get(kon), given, D(akt), {int(c) for c in orsak.split("|")},
            None if urs is None else str(urs), _d(beslut), _d(avslut),
        )  # fmt: skip
    insatser = {}
    for r in INSATS:
        kommun, iid, aid, typ, beslut, verk, _, avslut, gen, orsak = r
        c = cases[(kommun, aid)]
        i = Insats(kommun, iid, c, typ, D(beslut), _d(verk), _d(avslut), gen, orsak)
        c.insatser.append(i)
        insatser[(kommun, iid)] = i
    uppf = []
    for r in UPPFOLJNING:
        kommun, uid, iid, datum, samverkan, sip, mal, b1a, b1b, b2, b3, b4, b5 = r
        i = insatser[(kommun, iid)]
        u = Uppf(uid, i, D(datum), {int(c) for c in samverkan.split("|")} if samverkan else set(), sip, mal,
                 {"b1a": b1a, "b1b": b1b, "b2": b2, "b3": b3, "b4": b4, "b5": b5})  # fmt: skip
        i.uppf.append(u)
        uppf.append(u)
    return list(cases.values()), list(insatser.values()), uppf


CASES, INSATSER, UPPF = load()


def rad(iid, unit_id, c: Arende, datum, ag, namnare, taljare, dagar=None, slut=None, unit_kommun=None):
    return {
        "indikator_id": iid, "enhet_id": unit_id, "person": c.pnr, "datum": datum, "slut": slut,
        "kommun": unit_kommun or c.kommun, "area": c.area, "kon": c.kon, "urs": c.urs, "ag": ag,
        "namnare": namnare, "taljare": taljare, "dagar": dagar,
    }  # fmt: skip


KLIENTFRAGOR = (
    ("NOJD", "b3", 5), ("FORBATTRAD_SITUATION", "b1a", 5), ("FORBATTRAD_LIVSKVALITET", "b1b", 5),
    ("STODETS_BETYDELSE", "b2", 4), ("GOTT_BEMOTANDE", "b4", 5), ("DELAKTIGHET", "b5", 4),
)  # fmt: skip


def rows() -> list[dict]:
    """The rows every indicator counts, by its definition in INDICATORS.md."""
    out = []
    bou = [c for c in CASES if c.area == "BOU" and c.pnr]
    # ATERAKT_BARN_12M: end of contact = a BOU closure with no other BOU case of the person open after it
    for c in bou:
        if not c.avslut or not c.beslut or not (0 <= c.age_at(c.avslut) <= 18):
            continue
        open_after = [o for o in bou if o.pnr == c.pnr and o.kommun == c.kommun and o is not c
                      and o.akt <= c.avslut and (o.avslut is None or o.avslut > c.avslut)]  # fmt: skip
        if open_after:
            continue
        new = any(
            o.pnr == c.pnr and o.kommun == c.kommun and o.akt > c.avslut and within(c.avslut, o.akt, 12) for o in bou
        )
        out.append(rad("ATERAKT_BARN_12M", c.id, c, c.avslut, aldersgrupp(c.age_at(c.avslut)), 1, int(new)))
    # ATERAKT_12M: every closure of a person's case; a new case in the same area and municipality
    # actualised after the closure within 12 months
    for c in CASES:
        if c.pnr and c.avslut:
            nxt = sorted(o.akt for o in CASES if o.pnr == c.pnr and o.kommun == c.kommun and o.area == c.area
                         and o is not c and o.akt > c.avslut)  # fmt: skip
            new = bool(nxt) and within(c.avslut, nxt[0], 12)
            out.append(rad("ATERAKT_12M", c.id, c, c.avslut, aldersgrupp(c.age_at(c.avslut)), 1, int(new)))
    for i in INSATSER:
        c = i.case
        ag_beslut = aldersgrupp(c.age_at(i.beslut))
        if i.verk:
            out.append(rad("VERKST_3M", i.id, c, i.verk, ag_beslut, 1, int(within(i.beslut, i.verk, 3))))
        # EJ_VERKST_3M: on the list from the day after decision + 3 months until implemented or ended
        pa = add_months(i.beslut, 3) + timedelta(days=1)
        av = min(d for d in (i.verk, i.avslut, date.max) if d)
        av = None if av == date.max else av
        if av is None or av > pa:
            out.append(rad("EJ_VERKST_3M", i.id, c, pa, ag_beslut, 0, 1, slut=av))
        if i.typ == 16:
            ok = i.avslut is not None and c.beslut is not None and within(c.beslut, i.avslut, 2)
            out.append(rad("JOURHEM_2M", i.id, c, i.beslut, ag_beslut, 1, int(ok)))
        if i.typ in (1, 10, 12, 16, 26):
            prev = [p for p in INSATSER if p.typ in (1, 10, 12, 16, 26) and p is not i and c.pnr
                    and p.case.pnr == c.pnr and p.kommun == i.kommun and p.avslut and p.avslut <= i.beslut]  # fmt: skip
            ok = False
            if prev:
                last = max(prev, key=lambda p: (p.avslut, p.id))
                ok = last.avslutsorsak in (3, 4, 5) and (i.beslut - last.avslut).days <= 30
            out.append(rad("PLACERING_AVBROTT", i.id, c, i.beslut, ag_beslut, 1, int(ok)))
        if i.avslut:
            reg = any(u.mal is not None and 1 <= u.mal <= 5 and abs((u.datum - i.avslut).days) <= 30 for u in i.uppf)
            out.append(rad("MAL_REGISTRERAD", i.id, c, i.avslut, ag_beslut, 1, int(reg)))
            goal = i.last_goal()
            if goal is not None:
                n = int(1 <= goal <= 5)
                out.append(rad("MAL_UPPNADDA", i.id, c, i.avslut, ag_beslut, n, int(goal in (1, 3))))
                out.append(rad("POSITIV_FORANDRING", i.id, c, i.avslut, ag_beslut, n, int(goal in (1, 2))))
            if i.genomforande is not None:
                out.append(rad("GENOMFORD_SOM_PLANERAT", i.id, c, i.avslut, ag_beslut, 1, int(i.genomforande == 1)))
            if i.avslutsorsak is not None:
                out.append(rad("OPLANERAT_AVBROTT", i.id, c, i.avslut, ag_beslut, 1, int(i.avslutsorsak in (3, 4, 5))))
        if i.typ == 32 and i.verk:
            out.append(rad("VANTETID_SABO", i.id, c, i.verk, ag_beslut, 1, 0, dagar=(i.verk - c.akt).days))
        if i.typ == 32 and i.verk and i.avslut and c.pnr:
            out.append(rad("DAGAR_SABO", i.id, c, i.avslut, ag_beslut, 1, 0, dagar=(i.avslut - i.verk).days))
        if i.avslut and 3 in c.orsak and c.pnr and c.age_at(c.akt) >= 18:
            out.append(rad("VNR_UTOVARE_FULLFOLJT", i.id, c, i.avslut, ag_beslut, 1, int(i.avslutsorsak == 1)))
        # UPPFOLJD_6M: BOU placements, per calendar year of the stay
        if c.area == "BOU" and i.typ in (1, 10, 12, 16, 26, 31) and i.verk:
            end = i.avslut or SISTA
            for year in range(i.verk.year, end.year + 1):
                s, e = max(i.verk, date(year, 1, 1)), min(end, date(year, 12, 31))
                spans = [k for k in (1, 2) if add_months(s, 6 * k) - timedelta(days=1) <= e]
                if not spans:
                    continue
                ok = all(
                    any(add_months(s, 6 * (k - 1)) <= u.datum < add_months(s, 6 * k) for u in i.uppf) for k in spans
                )
                out.append(rad("UPPFOLJD_6M", f"{i.id}/{year}", c, e, aldersgrupp(c.age_at(e)), 1, int(ok)))
    for c in CASES:
        if c.area == "BOU" and c.beslut:
            out.append(
                rad("UTREDNING_4M", c.id, c, c.beslut, aldersgrupp(c.age_at(c.akt)), 1, int(within(c.akt, c.beslut, 4)))
            )
        if c.area == "EB" and 10 in c.orsak and c.pnr and 18 <= c.age_at(c.akt) <= 24:
            ok = any(i.typ in (3, 4, 15, 21, 30, 35) and i.verk and within(c.akt, i.verk, 1) for i in c.insatser)
            out.append(rad("EB_UNGA_1M", c.id, c, c.akt, aldersgrupp(c.age_at(c.akt)), 1, int(ok)))
        if 2 in c.orsak and c.pnr and c.age_at(c.akt) >= 18:
            out.append(rad("VNR_INSATS", c.id, c, c.akt, aldersgrupp(c.age_at(c.akt)), 1, int(bool(c.insatser))))
    for u in UPPF:
        c = u.insats.case
        ag = aldersgrupp(c.age_at(u.datum))
        if u.sip is not None:
            out.append(rad("SIP_TACKNING", u.id, c, u.datum, ag, int(u.sip in (1, 2)), int(u.sip == 1)))
        if u.samverkan:
            out.append(rad("SAMVERKAN_BEHOV_EJ_MOTT", u.id, c, u.datum, ag, 1, int(11 in u.samverkan)))
        for iid, key, top in KLIENTFRAGOR:
            v = u.b[key]
            if v is not None:
                out.append(rad(iid, u.id, c, u.datum, ag, int(1 <= v <= top), int(v in (1, 2))))
    return out


def manader():
    """Every month of the data's span (first actualisation to the last date)."""
    first = min(c.akt for c in CASES)
    y, m = first.year, first.month
    while date(y, m, 1) <= SISTA:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def wilson(x: int, n: int):
    z = 1.959963984540054
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo, hi = (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)
    return (0.0 if x == 0 else max(0.0, lo)), (1.0 if x == n else min(1.0, hi))


def _periods(iid, d: date):
    perioder = KATALOG[iid][2]
    if "ar" in perioder:
        yield "ar", str(d.year)
    if "manad" in perioder:
        yield "manad", f"{d:%Y-%m}"
    if "rullande_12m" in perioder and RULLANDE_START <= d <= RULLANDE_SLUT:
        yield "rullande_12m", RULLANDE_SLUT.isoformat()


def _units(kommun):
    yield "kommun", kommun, kommun[:2], None
    yield "lan", None, kommun[:2], None
    yield "riket", None, None, None
    if kommun in GRUPP_AV:
        yield "kommungrupp", None, None, GRUPP_AV[kommun]


def _groups(r, period_typ):
    yield "alla", "alla"
    if period_typ == "manad":
        return
    for gt, key in (("kon", "kon"), ("ursprung", "urs"), ("aldersgrupp", "ag")):
        if r[key] is not None:
            yield gt, r[key]


def _period_end(period_typ, period):
    if period_typ == "ar":
        return date(int(period), 12, 31)
    if period_typ == "manad":
        y, m = int(period[:4]), int(period[5:])
        return date(y, m, calendar.monthrange(y, m)[1])
    return D(period)


def cells(alla_rader=None) -> dict:
    """Every cell: key (indikator_id, period_typ, period, niva, kommun_kod, lan_kod, kommungrupp_kod,
    verksamhetsomrade, grupp_typ, grupp) -> (taljare, namnare, varde, ki_lag, ki_hog, preliminar)."""
    alla_rader = rows() if alla_rader is None else alla_rader
    acc = defaultdict(lambda: {"n": 0, "t": 0, "pn": set(), "pt": set(), "dagar": []})
    for r in alla_rader:
        if r["indikator_id"] == "EJ_VERKST_3M":
            continue
        person_based = KATALOG[r["indikator_id"]][0]
        if person_based and not r["person"]:
            continue
        for pt, p in _periods(r["indikator_id"], r["datum"]):
            for niva, kk, lk, kg in _units(r["kommun"]):
                for area in (r["area"], "ALLA"):
                    for gt, g in _groups(r, pt):
                        a = acc[(r["indikator_id"], pt, p, niva, kk, lk, kg, area, gt, g)]
                        a["n"] += r["namnare"]
                        a["t"] += r["taljare"]
                        if r["namnare"]:
                            a["pn"].add(r["person"])
                            if r["dagar"] is not None:
                                a["dagar"].append(r["dagar"])
                        if r["taljare"]:
                            a["pt"].add(r["person"])
    out = {}
    for key, a in acc.items():
        iid, pt, p = key[:3]
        person_based, kind, _, fonster = KATALOG[iid]
        prel = fonster > 0 and add_months(_period_end(pt, p), fonster) > SISTA
        if kind == "andel":
            n, t = (len(a["pn"]), len(a["pt"])) if person_based else (a["n"], a["t"])
            v = t / n if n else None
            lo, hi = wilson(t, n) if n else (None, None)
            out[key] = (t, n, v, lo, hi, prel)
        elif kind == "median_dagar":
            out[key] = (None, a["n"], statistics.median(a["dagar"]) if a["dagar"] else None, None, None, prel)
        elif kind == "dagar_per_person":
            n, t = len(a["pn"]), sum(a["dagar"])
            out[key] = (t, n, t / n if n else None, None, None, prel)
    # EJ_VERKST_3M: the count at the period's end (a year: its last month in the span)
    ej = [r for r in alla_rader if r["indikator_id"] == "EJ_VERKST_3M"]
    ends = [("manad", f"{y}-{m:02d}", date(y, m, calendar.monthrange(y, m)[1])) for y, m in manader()]
    years = sorted({e.year for _, _, e in ends})
    ends += [("ar", str(y), max(e for _, _, e in ends if e.year == y)) for y in years]
    ends.append(("rullande_12m", RULLANDE_SLUT.isoformat(), RULLANDE_SLUT))
    counts = defaultdict(int)
    for pt, p, end in ends:
        for r in ej:
            if r["datum"] <= end and (r["slut"] is None or end < r["slut"]):
                for niva, kk, lk, kg in _units(r["kommun"]):
                    for area in (r["area"], "ALLA"):
                        for gt, g in _groups(r, pt):
                            counts[("EJ_VERKST_3M", pt, p, niva, kk, lk, kg, area, gt, g)] += 1
    for key, n in counts.items():
        out[key] = (n, None, float(n), None, None, False)
    return out
