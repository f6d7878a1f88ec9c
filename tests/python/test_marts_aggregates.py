"""Aggregate marts (mart_ledtid, mart_arendeflode, mart_korstabell) on a hand-made fixture.

The fixture (tests/python/aggregates_fixture.py) is written into the raw tables of a temporary
DuckDB file and `dbt build` runs twice per session: without small-count protection (every count
shown) and with it (shared with test_example_queries.py and test_skydd.py). Each mart built without
protection is compared with the same table computed here in plain Python from the fixture rows
alone (lead times, ages, bridges, last assessed goal attainment, quantiles, Wilson intervals:
nothing is read back from the warehouse's facts), cell by cell, and a few cells are checked against
numbers worked out by hand in the comments. The protected build must show exactly those values
wherever it shows one, and hide what the primary rule hides.
"""

from __future__ import annotations

import calendar
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import duckdb
import pytest

from aggregates_fixture import (
    ARENDE,
    ARENDE_COLUMNS,
    GBG,
    INSATS,
    INSATS_COLUMNS,
    STHLM,
    UPPFOLJNING,
    UPPFOLJNING_COLUMNS,
    built_warehouse,
)

MIN_NAMNARE = 7  # dbt_project.yml var isu_min_namnare
MAX_MASKERAT = 4  # var isu_max_maskerat_antal
KON = {1: "kvinna", 2: "man"}
D = date.fromisoformat
# the last date of the fixture is 2025-03-31, a month end: the rolling window is the 12 months to it
RULLANDE = ("2025-03-31", D("2024-04-01"), D("2025-03-31"))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """The protected build."""
    connection = duckdb.connect(str(built_warehouse(tmp_path_factory)))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def oskyddad(tmp_path_factory):
    """The build without small-count protection: every count and value shown."""
    connection = duckdb.connect(str(built_warehouse(tmp_path_factory, skyddad=False)))
    yield connection
    connection.close()


def perioder(d: date, manad: bool = True):
    """The periods an event on `d` belongs to: its year, its month, the rolling window."""
    yield "ar", str(d.year)
    if manad:
        yield "manad", f"{d:%Y-%m}"
    if RULLANDE[1] <= d <= RULLANDE[2]:
        yield "rullande_12m", RULLANDE[0]


# --------------------------------------------------------------------------------------------
# The fixture as Python objects, with everything derived independently of the warehouse
# --------------------------------------------------------------------------------------------
def _d(value):
    return D(value) if value else None


def add_months(d: date, months: int) -> date:
    """d plus N calendar months; the day clamps to the end of a shorter month."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def age(born: date, at: date) -> int:
    return at.year - born.year - ((at.month, at.day) < (born.month, born.day))


def aldersgrupp(a: int | None) -> str | None:
    if a is None:
        return None
    for upper, name in ((11, "0-11"), (17, "12-17"), (24, "18-24"), (64, "25-64"), (79, "65-79")):
        if a <= upper:
            return name
    return "80+"


def codes(text: str | None) -> set[int]:
    return {int(c) for c in text.split("|")} if text else set()


@dataclass
class Case:
    kommun: str
    id: str
    area: str
    born: date | None
    kon: int | None
    given_age: int | None
    akt: date
    orsak: set[int]
    urs: int | None
    problem: set[int]
    beslut: date | None
    avslut: date | None

    @property
    def lan(self) -> str:
        return self.kommun[:2]

    def age_at(self, at: date) -> int | None:
        return age(self.born, at) if self.born else self.given_age


@dataclass
class Insats:
    kommun: str
    id: str
    case: Case
    typ: int
    beslut: date
    verk: date | None
    avslut: date | None
    avslutsorsak: int | None
    followups: list  # (id, date, samverkan codes, maluppfyllelse)

    def first_followup_after_implementation(self) -> date | None:
        dates = [d for _, d, _, _ in self.followups if self.verk and d >= self.verk]
        return min(dates) if dates else None

    def last_goal_attainment(self) -> int | None:
        cands = [
            (d, uid, v) for uid, d, _, v in self.followups if v is not None and (not self.avslut or d <= self.avslut)
        ]
        return max(cands)[2] if cands else None


def load_fixture():
    cases = {}
    for row in ARENDE:
        r = dict(zip(ARENDE_COLUMNS, row, strict=True))
        cases[(r["kommun_kod"], r["arende_id"])] = Case(
            r["kommun_kod"], r["arende_id"], r["verksamhetsomrade"], _d(r["fodelsedatum"]), r["juridiskt_kon"],
            r["alder_uppgiven"], D(r["datum_aktualisering"]), codes(r["aktualiseringsorsak"]), r["ursprung"],
            codes(r["problematik"]), _d(r["datum_beslut"]), _d(r["datum_avslut"]),
        )  # fmt: skip
    followups = defaultdict(list)
    for row in UPPFOLJNING:
        r = dict(zip(UPPFOLJNING_COLUMNS, row, strict=True))
        followups[(r["kommun_kod"], r["insats_id"])].append(
            (r["uppfoljning_id"], D(r["datum_uppfoljning"]), codes(r["samverkan"]), r["maluppfyllelse"])
        )
    insatser = []
    for row in INSATS:
        r = dict(zip(INSATS_COLUMNS, row, strict=True))
        insatser.append(Insats(
            r["kommun_kod"], r["insats_id"], cases[(r["kommun_kod"], r["arende_id"])], r["insatstyp"],
            D(r["datum_beslut"]), _d(r["datum_verkstallighet"]), _d(r["datum_avslut"]), r["avslutsorsak"],
            followups[(r["kommun_kod"], r["insats_id"])],
        ))  # fmt: skip
    return cases, insatser


CASES, INSATSER = load_fixture()


def levels(kommun: str):
    return (("kommun", kommun, kommun[:2]), ("lan", None, kommun[:2]), ("riket", None, None))


def quantile(values: list[float], p: float) -> float:
    """Continuous quantile: linear interpolation at position (n - 1) * p of the sorted values."""
    v = sorted(values)
    h = (len(v) - 1) * p
    lo = math.floor(h)
    return v[lo] if lo + 1 >= len(v) else v[lo] + (h - lo) * (v[lo + 1] - v[lo])


def wilson(x: int, n: int) -> tuple[float, float]:
    z = 1.959963984540054
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n))


def r9(value):
    return None if value is None else round(float(value), 9)


# --------------------------------------------------------------------------------------------
# mart_ledtid
# --------------------------------------------------------------------------------------------
LEDTID_KEY = "ledtid, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, insatstyp, grupp_typ, grupp"
LEDTID_SQL = f"""
select {LEDTID_KEY}, antal, median_dagar, p25_dagar, p75_dagar, p90_dagar, medel_dagar,
       andel_inom_grans, andel_inom_grans_ki_lag, andel_inom_grans_ki_hog, undertryckt, undertryckt_orsak
from marts.mart_ledtid
"""


def ledtid_observations():
    """(name, case, intervention type or None, age group, end date, days, within the limit or None)."""
    obs = []
    for c in CASES.values():
        ag = aldersgrupp(c.age_at(c.akt))
        if c.beslut:
            # the 4-month limit of SoL 11:2 binds children's investigations (BOU) only
            within = c.beslut <= add_months(c.akt, 4) if c.area == "BOU" else None
            obs.append(("aktualisering_till_beslut", c, None, ag, c.beslut, (c.beslut - c.akt).days, within))
        if c.avslut:
            obs.append(("aktualisering_till_arendeavslut", c, None, ag, c.avslut, (c.avslut - c.akt).days, None))
    for i in INSATSER:
        c = i.case
        ag = aldersgrupp(c.age_at(i.beslut))
        if i.verk:
            within = i.verk <= add_months(i.beslut, 3)
            obs.append(("beslut_till_verkstallighet", c, i.typ, ag, i.verk, (i.verk - i.beslut).days, within))
            obs.append(("aktualisering_till_verkstallighet", c, i.typ, ag, i.verk, (i.verk - c.akt).days, None))
        if i.verk and i.avslut:
            obs.append(("verkstallighet_till_avslut", c, i.typ, ag, i.avslut, (i.avslut - i.verk).days, None))
        first = i.first_followup_after_implementation()
        if first:
            obs.append(("verkstallighet_till_forsta_uppfoljning", c, i.typ, ag, first, (first - i.verk).days, None))
    return obs


def ledtid_cells():
    """Every cell of the grid (years and the rolling window: area x type with grupp alla, and
    area x group for all types; months: area only) -> its [(days, within the limit)]."""
    cells = defaultdict(list)
    for name, c, typ, ag, end, days, within in ledtid_observations():
        groups = [("alla", "alla"), ("kon", KON.get(c.kon)), ("ursprung", c.urs and str(c.urs)), ("aldersgrupp", ag)]
        for period_typ, period in perioder(end):
            for niva, kk, lk in levels(c.kommun):
                for area in (c.area, "ALLA"):
                    if period_typ == "manad":
                        cells[(name, period_typ, period, niva, kk, lk, area, None, "alla", "alla")].append(
                            (days, within)
                        )
                        continue
                    for gt, g in groups:
                        if g is not None:
                            cells[(name, period_typ, period, niva, kk, lk, area, None, gt, g)].append((days, within))
                    if typ is not None:
                        cells[(name, period_typ, period, niva, kk, lk, area, typ, "alla", "alla")].append(
                            (days, within)
                        )
    return cells


def expected_ledtid() -> dict:
    """The true values of every cell (no protection)."""
    expected = {}
    for key, rows in ledtid_cells().items():
        days = [d for d, _ in rows]
        n = len(days)
        limit = [w for _, w in rows]
        binds = all(w is not None for w in limit) and (key[0] != "aktualisering_till_beslut" or key[6] == "BOU")
        share = sum(limit) / n if binds else None
        lo, hi = wilson(sum(limit), n) if binds else (None, None)
        expected[key] = (
            n, r9(statistics.median(days)), r9(quantile(days, 0.25)), r9(quantile(days, 0.75)),
            r9(quantile(days, 0.9)), r9(statistics.fmean(days)), r9(share), r9(lo), r9(hi),
        )  # fmt: skip
    return expected


def mart_ledtid(con) -> dict:
    return {
        tuple(r[:10]): (r[10], *(r9(v) for v in r[11:19]), r[19], r[20]) for r in con.execute(LEDTID_SQL).fetchall()
    }


def test_mart_ledtid_without_protection_equals_python_computation_cell_by_cell(oskyddad):
    got, expected = mart_ledtid(oskyddad), expected_ledtid()
    assert set(got) == set(expected)
    diff = {k: (got[k][:9], expected[k]) for k in expected if got[k][:9] != expected[k] or got[k][9:] != (False, None)}
    assert not diff
    # every lead time, period type, level, and the share within the limit were compared
    assert {k[0] for k in expected} == {o[0] for o in ledtid_observations()}
    assert {k[1] for k in expected} == {"ar", "manad", "rullande_12m"}
    assert any(v[6] is not None for v in expected.values())


def test_mart_ledtid_protected_shows_the_true_values_or_hides_them(con):
    got, expected = mart_ledtid(con), expected_ledtid()
    assert set(got) == set(expected)
    shown = hidden = 0
    for key, (antal, *varden, undertryckt, orsak) in got.items():
        true_n, *true_values = expected[key]
        if true_n <= MAX_MASKERAT:
            # primary: the count and everything with it
            assert (antal, undertryckt, orsak) == (None, True, "litet_antal"), key
        if antal is not None:
            assert antal == true_n, key
        if true_n < MIN_NAMNARE or antal is None:
            assert varden == [None] * 8, key  # no distribution for fewer than 7 (or a masked count)
        if varden[0] is not None:
            assert varden == true_values, key
            shown += 1
        else:
            assert undertryckt, key
            hidden += 1
        if not undertryckt:
            assert orsak is None and antal == true_n and varden[0] is not None, key
    assert shown > 0 and hidden > 0


def test_mart_ledtid_nation_year_all_by_hand(oskyddad, con):
    sql = """
        select ledtid, period, antal, median_dagar, andel_inom_grans, undertryckt
        from marts.mart_ledtid
        where niva = 'riket' and period_typ = 'ar' and verksamhetsomrade = ? and insatstyp is null
          and grupp_typ = 'alla' and ledtid in ('aktualisering_till_beslut', 'beslut_till_verkstallighet')
        order by 1, 2"""
    assert oskyddad.execute(sql, ["ALLA"]).fetchall() == [
        # G03 (30 days); the 4-month limit binds only in BOU: no share for all areas together
        ("aktualisering_till_beslut", "2023", 1, 30.0, None, False),
        # 13 decided in 2024: 5 10 10 14 19 20 29 30 31 121 121 122 122, median the 7th = 29
        ("aktualisering_till_beslut", "2024", 13, 29.0, None, False),
        # S11 (31 days) and G04 (61): median 46
        ("aktualisering_till_beslut", "2025", 2, 46.0, None, False),
        # GI03 (31 days, within 3 months)
        ("beslut_till_verkstallighet", "2023", 1, 31.0, 1.0, False),
        # 14 implemented in 2024: 0 4 7 10 10 14 14 17 21 30 30 92 93 163, median (14 + 17) / 2
        # (the 7th and 8th values); SI02 (93 days, a day after 2024-05-31 + 3 months) and SI10
        # (163) out: 12/14
        ("beslut_till_verkstallighet", "2024", 14, 15.5, pytest.approx(12 / 14), False),
        # SI11 (2 days), GI04 (40): both within
        ("beslut_till_verkstallighet", "2025", 2, 21.0, 1.0, False),
    ]
    # BOU decided 2024: S01 (121 days, within), S02 (122, 2024-01-31 -> 06-01: out), S03
    # (2023-10-31 -> 2024-02-29: exactly 4 months, clamped: within), S04 (-> 03-01: out), V01 (29
    # days), G01 (31): 29 31 121 121 122 122, median 121; 4 of 6 within
    bou = {(r[0], r[1]): r[2:5] for r in oskyddad.execute(sql, ["BOU"]).fetchall()}
    assert bou[("aktualisering_till_beslut", "2024")] == (6, 121.0, pytest.approx(4 / 6))
    # protected: the counts of 1 and 2 are masked, with everything else in their rows
    skyddad = {(r[0], r[1]): r[2:] for r in con.execute(sql, ["ALLA"]).fetchall()}
    for key in (("aktualisering_till_beslut", "2023"), ("aktualisering_till_beslut", "2025"),
                ("beslut_till_verkstallighet", "2023"), ("beslut_till_verkstallighet", "2025")):  # fmt: skip
        assert skyddad[key] == (None, None, None, True), key


def test_mart_ledtid_threshold_and_limit_boundaries(oskyddad):
    def cell(kommun, area, gt, g, ledtid="aktualisering_till_beslut", niva="kommun"):
        return oskyddad.execute(
            """select antal, median_dagar, p25_dagar, p75_dagar, p90_dagar, medel_dagar, andel_inom_grans
               from marts.mart_ledtid
               where ledtid = ? and period_typ = 'ar' and period = '2024' and niva = ?
                 and coalesce(kommun_kod, '-') = ? and verksamhetsomrade = ? and insatstyp is null
                 and grupp_typ = ? and grupp = ?""",
            [ledtid, niva, kommun or "-", area, gt, g],
        ).fetchone()

    # Stockholm, women, decided 2024: S01 121, S02 122, S04 122, S05 10, S06 5, S07 20, S10 19 -> 7
    # sorted 5 10 19 20 121 122 122: median 20, p25 at 1.5 -> 14.5, p75 at 4.5 -> 121.5, p90 at 5.4
    # -> 122, mean 419 / 7; all areas: no share within the limit
    assert cell(STHLM, "ALLA", "kon", "kvinna") == (7, 20.0, 14.5, 121.5, 122.0, pytest.approx(419 / 7), None)
    # Stockholm's BOU women: S01 (within), S02 (06-01 > 05-31: out), S04 (03-01 > 02-29: out)
    assert cell(STHLM, "BOU", "kon", "kvinna")[6] == pytest.approx(1 / 3)
    # all of Stockholm: + S03 (2023-10-31 -> 2024-02-29, exactly 4 months, clamped) and S08 (30)
    assert cell(STHLM, "ALLA", "alla", "alla")[0] == 9
    assert cell(STHLM, "BOU", "alla", "alla")[6] == pytest.approx(2 / 4)
    # Stockholm's interventions implemented in 2024: 10; within 3 months all but SI02 (2024-05-31 ->
    # 09-01; 08-31 would have been within) and SI10 (163 days)
    assert cell(STHLM, "ALLA", "alla", "alla", "beslut_till_verkstallighet")[0] == 10
    assert cell(STHLM, "ALLA", "alla", "alla", "beslut_till_verkstallighet")[6] == pytest.approx(8 / 10)


def test_mart_ledtid_county_is_computed_from_rows(oskyddad):
    # county 01 = Stockholm (9) + Upplands Väsby (V01 29 days, V02 14 days): 11 lead times whose
    # median is the 6th value of 5 10 14 19 20 29 30 121 121 122 122 = 29 (the mean of the two
    # municipal medians would be something else)
    got = oskyddad.execute("""
        select antal, median_dagar from marts.mart_ledtid
        where ledtid = 'aktualisering_till_beslut' and period_typ = 'ar' and period = '2024'
          and niva = 'lan' and lan_kod = '01' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'""").fetchall()
    assert got == [(11, 29.0)]


def test_mart_ledtid_types_only_for_intervention_lead_times(oskyddad):
    got = dict(
        oskyddad.execute("""
        select ledtid, count(distinct coalesce(insatstyp, 0)) from marts.mart_ledtid group by 1""").fetchall()
    )
    assert got["aktualisering_till_beslut"] == 1 and got["aktualisering_till_arendeavslut"] == 1
    # types 10 17 23 32 35 and null
    assert got["beslut_till_verkstallighet"] == 6
    # a type's cells are for all groups together
    assert oskyddad.execute("select count(*) from marts.mart_ledtid where insatstyp is not null and grupp_typ <> 'alla'"
                            ).fetchone() == (0,)  # fmt: skip


# --------------------------------------------------------------------------------------------
# mart_arendeflode
# --------------------------------------------------------------------------------------------
def all_dates():
    for c in CASES.values():
        yield from (d for d in (c.akt, c.beslut, c.avslut) if d)
    for i in INSATSER:
        yield from (d for d in (i.beslut, i.verk, i.avslut) if d)
        yield from (d for _, d, _, _ in i.followups)


def periods():
    first = min(c.akt for c in CASES.values())
    last = max(all_dates())
    out = []
    for year in range(first.year, last.year + 1):
        out.append(("ar", str(year), date(year, 1, 1), date(year, 12, 31)))
        for month in range(1, 13):
            start = date(year, month, 1)
            end = date(year, month, calendar.monthrange(year, month)[1])
            if end >= first and start <= last:
                out.append(("manad", f"{year}-{month:02d}", start, end))
    out.append(("rullande_12m", RULLANDE[0], RULLANDE[1], RULLANDE[2]))
    return out


def expected_arendeflode() -> dict:
    units = [("arende", c, c.akt, c.avslut) for c in CASES.values()]
    units += [("insats", i.case, i.beslut, i.avslut) for i in INSATSER]
    series = set()
    counts = defaultdict(lambda: [0, 0, 0])
    for enhet, c, start, end in units:
        for niva, kk, lk in levels(c.kommun):
            for area in (c.area, "ALLA"):
                for gt, g in (("alla", "alla"), ("kon", KON.get(c.kon))):
                    if g is None:
                        continue
                    key = (niva, kk, lk, area, gt, g, enhet)
                    series.add(key)
                    for period_typ, period, p_start, p_end in periods():
                        if start <= p_end and (end is None or end >= p_start):
                            cnt = counts[(period_typ, period, *key)]
                            cnt[0] += p_start <= start <= p_end
                            cnt[1] += 1
                            cnt[2] += end is not None and p_start <= end <= p_end
    return {
        (period_typ, period, *key): tuple(counts.get((period_typ, period, *key), (0, 0, 0)))
        for key in series
        for period_typ, period, _, _ in periods()
    }


AREND_SQL = """
    select period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp, enhet,
           nya, pagaende, avslutade, undertryckt, undertryckt_orsak
    from marts.mart_arendeflode"""


def test_mart_arendeflode_without_protection_equals_python_computation_cell_by_cell(oskyddad):
    got = {tuple(r[:9]): tuple(r[9:]) for r in oskyddad.execute(AREND_SQL).fetchall()}
    expected = {k: (*v, False, None) for k, v in expected_arendeflode().items()}
    assert set(got) == set(expected)
    assert {k: v for k, v in got.items() if v != expected[k]} == {}
    # the periods run from the first actualisation (2022-01-01) to the last date (2025-03-31)
    months = sorted({k[1] for k in got if k[0] == "manad"})
    assert (months[0], months[-1], len(months)) == ("2022-01", "2025-03", 39)
    assert {k[1] for k in got if k[0] == "rullande_12m"} == {"2025-03-31"}


def test_mart_arendeflode_protected_shows_the_true_counts_or_masks_them(con):
    got = {tuple(r[:9]): tuple(r[9:]) for r in con.execute(AREND_SQL).fetchall()}
    expected = expected_arendeflode()
    assert set(got) == set(expected)
    masked = 0
    for key, (*counts, undertryckt, orsak) in got.items():
        for shown, true in zip(counts, expected[key], strict=True):
            if 1 <= true <= MAX_MASKERAT:
                assert shown is None and orsak == "litet_antal", key
            if shown is None:
                masked += 1
                assert undertryckt, key
            else:
                assert shown == true, key
        assert undertryckt == any(c is None for c in counts), key
    assert masked > 0


def test_mart_arendeflode_by_hand(oskyddad):
    def row(period, enhet, niva="riket", kommun=None, area="ALLA", gt="alla", g="alla"):
        return oskyddad.execute(
            """select nya, pagaende, avslutade from marts.mart_arendeflode
               where period = ? and enhet = ? and niva = ? and coalesce(kommun_kod, '-') = ?
                 and verksamhetsomrade = ? and grupp_typ = ? and grupp = ?""",
            [period, enhet, niva, kommun or "-", area, gt, g],
        ).fetchone()

    # 2024 cases: 14 actualised (S01 S02 S05-S10 S12 V01 V02 G01 G02 G04); ongoing also S03 S04
    # (from 2023-10-31) and G03 (2023-06-01 -> 2024-02-29): 17; closed in 2024: S01 S03 S05 S09 S12
    # V01 G01 G03 = 8
    assert row("2024", "arende") == (14, 17, 8)
    # 2024-02 in Stockholm: new S09; ongoing S01-S04, S09 (closed 02-20); closed S09
    assert row("2024-02", "arende", "kommun", STHLM) == (1, 5, 1)
    # a month with nothing decided in the nation: zeros are rows too
    assert row("2022-05", "insats") == (0, 0, 0)
    # Göteborg's EB interventions by women in 2025: GI02 ongoing and ended 2025-03-31
    assert row("2025", "insats", "kommun", GBG, "EB", "kon", "kvinna") == (0, 1, 1)
    # the unknown sex of S12 counts in alla only: women + men = 13 of the 14 new cases of 2024
    assert row("2024", "arende", gt="kon", g="kvinna")[0] + row("2024", "arende", gt="kon", g="man")[0] == 13
    # the rolling window 2024-04-01 .. 2025-03-31: new S07 S08 S10 S11 S12 V02 G04 (7); ongoing
    # also the 9 cases open on 2024-04-01: S01-S06, V01, G01 (actualised 2024-03-03), G02 (G03 and
    # S09 closed before); closed in it: S01 S03 S05 S07 S12 V01 G01 G02
    assert row("2025-03-31", "arende") == (7, 16, 8)


# --------------------------------------------------------------------------------------------
# mart_korstabell
# --------------------------------------------------------------------------------------------
KORSTABELL_SQL = """
select tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_kod, kolumn_kod, antal, rad_namnare, andel_av_rad,
       andel_av_rad_ki_lag, andel_av_rad_ki_hog, kolumn_namnare, andel_av_kolumn, andel_av_kolumn_ki_lag,
       andel_av_kolumn_ki_hog, undertryckt, undertryckt_orsak
from marts.mart_korstabell
"""


def korstabell_pairs():
    """(table, date, case, row code, column code) for every counted unit and code pair."""
    for c in CASES.values():
        for code in c.problem:
            yield "problematik_verksamhetsomrade", c.akt, c, str(code), c.area
        for code in c.orsak:
            yield "aktualiseringsorsak_verksamhetsomrade", c.akt, c, str(code), c.area
    for i in INSATSER:
        c = i.case
        for code in c.problem:
            yield "problematik_insatstyp", i.beslut, c, str(code), str(i.typ)
        if c.kon:
            yield "insatstyp_kon", i.beslut, c, str(i.typ), str(c.kon)
        ag = aldersgrupp(c.age_at(i.beslut))
        if ag:
            yield "insatstyp_aldersgrupp", i.beslut, c, str(i.typ), ag
        goal = i.last_goal_attainment()
        if i.avslut and goal is not None and c.kon:
            yield "maluppfyllelse_kon", i.avslut, c, str(goal), str(c.kon)
        if i.avslut and goal is not None and c.urs:
            yield "maluppfyllelse_ursprung", i.avslut, c, str(goal), str(c.urs)
        if i.avslut and i.avslutsorsak and c.kon:
            yield "avslutsorsak_kon", i.avslut, c, str(i.avslutsorsak), str(c.kon)
        for _, d, samverkan, _ in i.followups:
            for s in samverkan:
                for p in c.problem:
                    yield "samverkan_problematik", d, c, str(s), str(p)


def true_counts() -> dict:
    """(table, period type, period, level, municipality, county, row code, column code) -> count."""
    counts = defaultdict(int)
    for tabell, d, c, rad, kol in korstabell_pairs():
        for period_typ, period in perioder(d, manad=False):
            for niva, kk, lk in levels(c.kommun):
                counts[(tabell, period_typ, period, niva, kk, lk, rad, kol)] += 1
    return counts


def in_denominator(key) -> bool:
    return not (key[0].startswith("maluppfyllelse") and key[6] == "6")


def totals(truth):
    row_tot, col_tot = defaultdict(int), defaultdict(int)
    for k, n in truth.items():
        row_tot[(*k[:6], k[6])] += n
        if in_denominator(k):
            col_tot[(*k[:6], k[7])] += n
    return row_tot, col_tot


def test_mart_korstabell_without_protection_equals_python_computation(oskyddad):
    truth = true_counts()
    row_tot, col_tot = totals(truth)
    rows = {tuple(r[:8]): r[8:] for r in oskyddad.execute(KORSTABELL_SQL).fetchall()}
    assert set(rows) == set(truth)
    for k, (antal, rn, ar_, ar_lo, ar_hi, kn, ak, ak_lo, ak_hi, undertryckt, orsak) in rows.items():
        n, rt, ct = truth[k], row_tot[(*k[:6], k[6])], col_tot[(*k[:6], k[7])]
        assert (antal, rn, r9(ar_), r9(ar_lo), r9(ar_hi)) == (n, rt, r9(n / rt), *map(r9, wilson(n, rt))), k
        if in_denominator(k):
            assert (kn, r9(ak), r9(ak_lo), r9(ak_hi)) == (ct, r9(n / ct), *map(r9, wilson(n, ct))), k
        else:
            assert (kn, ak) == (None, None), k
        assert (undertryckt, orsak) == (False, None), k
    assert {k[1] for k in rows} == {"ar", "rullande_12m"}


def test_mart_korstabell_protected_shows_true_values_or_masks_them(con):
    truth = true_counts()
    row_tot, col_tot = totals(truth)
    rows = {tuple(r[:8]): r[8:] for r in con.execute(KORSTABELL_SQL).fetchall()}
    assert set(rows) == set(truth)
    shares = 0
    for k, (antal, rn, ar_, ar_lo, ar_hi, kn, ak, ak_lo, ak_hi, undertryckt, orsak) in rows.items():
        n = truth[k]
        if n <= MAX_MASKERAT:
            assert (antal, undertryckt, orsak) == (None, True, "litet_antal"), k
        if antal is None:
            assert (rn, ar_, ar_lo, ar_hi, kn, ak, ak_lo, ak_hi) == (None,) * 8, k
            assert orsak in ("litet_antal", "sekundar"), k
            continue
        assert antal == n, k
        if rn is not None:
            rt = row_tot[(*k[:6], k[6])]
            assert rt >= MIN_NAMNARE and (rn, r9(ar_), r9(ar_lo), r9(ar_hi)) == (
                rt,
                r9(n / rt),
                *map(r9, wilson(n, rt)),
            ), k
            shares += 1
        else:
            assert (ar_, undertryckt) == (None, True), k
        if kn is not None:
            ct = col_tot[(*k[:6], k[7])]
            assert ct >= MIN_NAMNARE and (kn, r9(ak)) == (ct, r9(n / ct)), k
            shares += 1
    assert shares >= 5


def test_mart_korstabell_no_published_total_gives_a_lone_masked_cell_away(con):
    # a row (column) whose total some cell shows as its denominator must not have exactly one
    # masked cell: the total minus the visible cells would be its count
    cells = con.execute(
        "select tabell, period_typ, period, niva, kommun_kod, lan_kod, rad_kod, kolumn_kod, antal, rad_namnare, "
        "kolumn_namnare from marts.mart_korstabell"
    ).fetchall()
    for side, line_of, total_of in (("rad", 6, 9), ("kolumn", 7, 10)):
        masked, total = defaultdict(int), {}
        for c in cells:
            line = (*c[:6], c[line_of])
            if c[8] is None:
                masked[line] += 1
            if c[total_of] is not None:
                total[line] = c[total_of]
        lonely = [line for line, m in masked.items() if m == 1 and line in total]
        assert lonely == [], side


def test_mart_korstabell_goal_attainment_cannot_assess_left_out_of_column(oskyddad):
    # interventions ended in 2024 with a last assessed goal attainment, nation, by sex:
    # women SI01 2 (U02 on the end date), SI03 4, SI06 6, SI08 5, VI01 1 (VU02 after the end);
    # men SI04 1, SI12 1, GI01 2, GI03 3 -> the women's column total leaves SI06 (6) out: 4
    got = oskyddad.execute("""
        select rad_kod, kolumn_kod, antal, kolumn_namnare
        from marts.mart_korstabell
        where tabell = 'maluppfyllelse_kon' and period_typ = 'ar' and period = '2024' and niva = 'riket'
        order by 1, 2""").fetchall()
    assert got == [
        ("1", "1", 1, 4), ("1", "2", 2, 4), ("2", "1", 1, 4), ("2", "2", 1, 4), ("3", "2", 1, 4), ("4", "1", 1, 4),
        ("5", "1", 1, 4), ("6", "1", 1, None),
    ]  # fmt: skip
