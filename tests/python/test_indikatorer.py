"""The indicators (mart_indikator and its companions) on the hand-made fixture indikator_fixture.py.

- Every cell of mart_indikator, built without small-count protection (thresholds off), equals the
  plain-Python second implementation in indikator_python.py.
- For every indicator, the numerator and denominator of the cells its edge cases decide, counted by
  hand from the fixture (the comments say how).
- The catalogue seed, the indicator models, the union int_indikator_rad and the YAML agree.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

import indikator_python as py
from indikator_fixture import GBG, STHLM, VASBY, built_warehouse

ROOT = Path(__file__).resolve().parents[2]
NYCKEL = "indikator_id, period_typ, period, niva, kommun_kod, lan_kod, verksamhetsomrade, grupp_typ, grupp"


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = duckdb.connect(str(built_warehouse(tmp_path_factory)))
    yield connection
    connection.close()


def r9(v):
    return None if v is None else round(float(v), 9)


def test_every_cell_of_mart_indikator_equals_the_python_implementation(con):
    got = {
        tuple(r[:9]): (r[9], r[10], r9(r[11]), r9(r[12]), r9(r[13]), r[14], r[15], r[16])
        for r in con.execute(
            f"select {NYCKEL}, taljare, namnare, varde, ki_lag, ki_hog, undertryckt, undertryckt_orsak, preliminar "
            "from marts.mart_indikator"
        ).fetchall()
    }
    expected = {
        (k[0], *k[1:6], *k[7:]): (t, n, r9(v), r9(lo), r9(hi), False, None, prel)
        for k, (t, n, v, lo, hi, prel) in py.cells().items()
        if k[3] != "kommungrupp"
    }
    assert set(got) - set(expected) == set()
    assert set(expected) - set(got) == set()
    assert {k: (got[k], expected[k]) for k in expected if got[k] != expected[k]} == {}
    # every indicator of the catalogue has cells in the fixture
    assert {k[0] for k in got} == set(py.KATALOG)


def test_municipality_groups_are_rolled_up_from_the_rows(con):
    got = {
        (r[0], r[1], r[2], r[3], r[4], r[5]): r[6:]
        for r in con.execute(
            "select indikator_id, period_typ, period, kommungrupp_kod, verksamhetsomrade, grupp_typ || ':' || grupp, "
            "taljare, namnare from intermediate.int_indikator_varde where niva = 'kommungrupp'"
        ).fetchall()
    }
    expected = {
        (k[0], k[1], k[2], k[6], k[7], f"{k[8]}:{k[9]}"): (v[0], v[1])
        for k, v in py.cells().items()
        if k[3] == "kommungrupp"
    }
    assert got == expected


def cell(con, iid, period, niva="riket", kommun=None, area="ALLA", gt="alla", g="alla", period_typ=None):
    period_typ = period_typ or ("ar" if len(period) == 4 else "manad" if len(period) == 7 else "rullande_12m")
    lan = None if niva == "riket" else (kommun or "")[:2] if niva == "kommun" else kommun
    row = con.execute(
        """select taljare, namnare, varde, preliminar from marts.mart_indikator
           where indikator_id = ? and period_typ = ? and period = ? and niva = ?
             and coalesce(kommun_kod, '-') = ? and coalesce(lan_kod, '-') = ?
             and verksamhetsomrade = ? and grupp_typ = ? and grupp = ?""",
        [iid, period_typ, period, niva, kommun if niva == "kommun" else "-", lan or "-", area, gt, g],
    ).fetchone()
    return row


def tn(con, *args, **kwargs):
    row = cell(con, *args, **kwargs)
    return None if row is None else (row[0], row[1])


def test_ateraktualiserade_barn_by_hand(con):
    # contact ends in 2024 after a decision, children 0-18 on the day: A (2024-03-15, 13 years),
    # B (2024-06-30, 18: still a child), D (D2 2024-09-30; D1 closed while D2 was open: no end), G
    # (2024-01-31, Upplands Väsby). Not: C (19 on her end), E (no decision, 2023), F (no
    # personnummer). Re-actualised within 12 months: A (exactly 12 months), B (exactly); not G
    # (one day late), not D.
    assert tn(con, "ATERAKT_BARN_12M", "2024") == (2, 4)
    assert tn(con, "ATERAKT_BARN_12M", "2024", "kommun", STHLM) == (2, 3)
    assert tn(con, "ATERAKT_BARN_12M", "2024", "kommun", VASBY) == (0, 1)
    assert tn(con, "ATERAKT_BARN_12M", "2024", gt="kon", g="kvinna") == (1, 1)  # A
    assert tn(con, "ATERAKT_BARN_12M", "2024", gt="aldersgrupp", g="18-24") == (1, 1)  # B at 18
    # the window of 2024 runs to 2025-12-31, after the last date (2025-06-30): preliminary
    assert cell(con, "ATERAKT_BARN_12M", "2024")[3] is True
    assert cell(con, "ATERAKT_BARN_12M", "2023") is None


def test_ateraktualisering_alla_omraden_by_hand(con):
    # persons with a closure in 2024: A, B, C, D (two closures), G in BOU; H (two EB closures, each
    # followed by a new EB case within 12 months: counted once) and O (O1 closed 2024-08-01; O2 was
    # actualised before that, so it is no new case) in EB. Re-actualised: A, B, H
    assert tn(con, "ATERAKT_12M", "2024") == (3, 7)
    assert tn(con, "ATERAKT_12M", "2024", area="BOU") == (2, 5)
    assert tn(con, "ATERAKT_12M", "2024", area="EB") == (1, 2)
    # February 2024: C (2024-02-10), H (H1 2024-02-10)
    assert tn(con, "ATERAKT_12M", "2024-02") == (1, 2)


def test_verkstallda_inom_tre_manader_by_hand(con):
    # implemented in 2023: IA1 (exactly 3 months: within), IB1 (3 months and a day: not), ID1,
    # ID3, IG1, IV1, IV2, IN1 (2023-12-01, decided 2023-11-20)
    assert tn(con, "VERKST_3M", "2023") == (7, 8)
    assert tn(con, "VERKST_3M", "2023", area="BOU") == (5, 6)


def test_ej_verkstallda_by_hand(con):
    # on the list (decided, not implemented or ended, decision more than 3 months back):
    # IK1 2024-06-21 .. 2024-09-01, IK2 2024-06-21 .. 2024-12-15, IL1 2024-10-01 .. 2025-01-15
    assert tn(con, "EJ_VERKST_3M", "2024-06") == (2, None)
    assert tn(con, "EJ_VERKST_3M", "2024-09") == (1, None)  # IL1 not yet: 3 months exactly on 09-30
    assert tn(con, "EJ_VERKST_3M", "2024-10") == (2, None)
    assert tn(con, "EJ_VERKST_3M", "2024") == (1, None)  # 31 December: IL1
    assert tn(con, "EJ_VERKST_3M", "2025-01") is None  # nobody: no cell
    got = con.execute(
        "select kvartal, antal from marts.mart_ej_verkstallda_beslut where niva = 'riket' "
        "and verksamhetsomrade = 'ALLA' and insatstyp is null order by kvartal"
    ).fetchall()
    assert got == [("2024Q2", 2), ("2024Q3", 1), ("2024Q4", 1)]


def test_utredningar_inom_fyra_manader_by_hand(con):
    # BOU cases decided in 2024: D2, F1 (no personnummer: case-based, counts), M1 (2023-10-31 ->
    # 2024-03-01: the limit is 2024-02-29), N1 (2024-02-29: within)
    assert tn(con, "UTREDNING_4M", "2024") == (3, 4)
    assert tn(con, "UTREDNING_4M", "2024", "kommun", GBG) == (1, 2)


def test_jourhem_by_hand(con):
    # type 16 decided 2023: ID1 (ended on the case decision + 2 months: within), IG1 (a day late)
    assert tn(con, "JOURHEM_2M", "2023") == (1, 2)
    assert tn(con, "JOURHEM_2M", "2024") == (0, 1)  # IM1 still going


def test_placering_efter_avbrott_by_hand(con):
    # 2023: IA1, ID1, ID3, IG1, IN1 (types 10, 16, 26, 16, 12); ID3 decided 19 days after ID1
    # ended unplanned
    assert tn(con, "PLACERING_AVBROTT", "2023") == (1, 5)
    # 2024: ID2 (its previous placement ID3 ended as planned) and IM1
    assert tn(con, "PLACERING_AVBROTT", "2024") == (0, 2)


def test_maluppfyllelse_by_hand(con):
    # ended 2024: IA1, IB1, ID2, IK2, IV1, IV2, IW1, O... (the interventions with an end in 2024)
    # assessed within 30 days of the end: IA1 (U1, 29 days before, V17 1), ID2 (U4, 30 days after)
    # IB1's U3 is 31 days before and says 6
    ended_2024 = sum(1 for i in py.INSATSER if i.avslut and i.avslut.year == 2024)
    assert tn(con, "MAL_REGISTRERAD", "2024") == (2, ended_2024)
    # last assessed on or before the end: IA1 -> U1 (1; wins the tie with U0 by the greater id),
    # IB1 -> U3 (6: left out); ID2's only assessment is after its end
    assert tn(con, "MAL_UPPNADDA", "2024") == (1, 1)
    assert tn(con, "POSITIV_FORANDRING", "2024") == (1, 1)
    # 2023: ID3 last assessed 3 (no change, all goals reached)
    assert tn(con, "MAL_UPPNADDA", "2023") == (1, 1)
    assert tn(con, "POSITIV_FORANDRING", "2023") == (0, 1)


def test_genomforande_och_avbrott_by_hand(con):
    # ended 2023 with V19: ID1 (3), IG1 (1), ID3 (1); V20: ID1 (4 unplanned), IG1 (1), ID3 (1)
    assert tn(con, "GENOMFORD_SOM_PLANERAT", "2023") == (2, 3)
    assert tn(con, "OPLANERAT_AVBROTT", "2023") == (1, 3)


def test_sip_och_samverkan_by_hand(con):
    # follow-ups of 2024 with V15: U1 (1), U3 (2), U4 (3: no SIP needed, left out), U5 (2)
    assert tn(con, "SIP_TACKNING", "2024") == (1, 3)
    # V14 recorded in 2024: U1 (1|3), U3 (11), U4 (12), U5 (11)
    assert tn(con, "SAMVERKAN_BEHOV_EJ_MOTT", "2024") == (2, 4)


def test_uppfoljda_placeringar_by_hand(con):
    # 2023: IA1 from 2023-05-01: first six months end 2023-10-31, followed up 2023-08-01
    assert tn(con, "UPPFOLJD_6M", "2023") == (1, 1)
    # 2024: ID2 (02-10 .. 09-30, followed up in its first six months), IM1 (from 03-02, no
    # follow-up), IN1 (the whole year: two spans, only the first followed up)
    assert tn(con, "UPPFOLJD_6M", "2024") == (1, 3)
    # 2025 (to the last date 2025-06-30): IM1 and IN1 each have one complete span, followed up
    assert tn(con, "UPPFOLJD_6M", "2025") == (2, 2)
    # only years
    assert con.execute("select count(*) from marts.mart_indikator where indikator_id = 'UPPFOLJD_6M' "
                       "and period_typ <> 'ar'").fetchone() == (0,)  # fmt: skip


def test_unga_vuxna_med_arbetsmarknadsinsats_by_hand(con):
    # O (20; two EB cases in 2024, one with an intervention implemented exactly a month after the
    # actualisation) and P (24 at actualisation; a day late). Not Q (25), R (reason 11 only)
    assert tn(con, "EB_UNGA_1M", "2024") == (1, 2)
    assert tn(con, "EB_UNGA_1M", "2024-06") == (0, 1)  # O's second case


def test_sarskilt_boende_by_hand(con):
    # IK1: implemented 2024-09-01, 184 days after the actualisation; ended 2025-03-01 after 181 days
    assert cell(con, "VANTETID_SABO", "2024")[1:3] == (1, 184.0)
    # K's days in 2025: 181 in Stockholm (IK1) and 90 in Upplands Väsby (IK3, implemented
    # 2025-01-02, ended 2025-04-02); one person in the county and the nation, with both stays' days
    assert cell(con, "DAGAR_SABO", "2025", "kommun", STHLM)[:3] == (181, 1, 181.0)
    assert cell(con, "DAGAR_SABO", "2025", "kommun", VASBY)[:3] == (90, 1, 90.0)
    assert cell(con, "DAGAR_SABO", "2025", "lan", "01")[:3] == (271, 1, 271.0)
    assert cell(con, "DAGAR_SABO", "2025")[:3] == (271, 1, 271.0)
    # no months for the medians of days
    assert con.execute(
        "select count(*) from marts.mart_indikator where indikator_id in ('VANTETID_SABO', 'DAGAR_SABO') "
        "and period_typ = 'manad'"
    ).fetchone() == (0,)


def test_vald_i_nara_relation_by_hand(con):
    # reason 2, adults: S (an intervention), T (none). Not U (16), not X (no personnummer)
    assert tn(con, "VNR_INSATS", "2024") == (1, 2)
    # reason 3, adults, interventions ended 2024: V (IV1 goals reached, IV2 not: counted once, in
    # the numerator), W (no)
    assert tn(con, "VNR_UTOVARE_FULLFOLJT", "2024") == (1, 2)
    assert tn(con, "VNR_UTOVARE_FULLFOLJT", "2024-06") == (0, 1)


def test_klientfragor_by_hand(con):
    # B3 in 2024: U1 1, U3 6 (vet inte: left out), U4 3, U5 2
    assert tn(con, "NOJD", "2024") == (2, 3)
    assert tn(con, "FORBATTRAD_SITUATION", "2024") == (1, 1)  # U1 6 left out, U3 2
    assert tn(con, "FORBATTRAD_LIVSKVALITET", "2024") == (1, 1)  # U4 1
    assert tn(con, "STODETS_BETYDELSE", "2024") == (0, 1)  # U1 5 left out, U5 4
    assert tn(con, "GOTT_BEMOTANDE", "2024") == (1, 2)  # U3 3, U5 1
    assert tn(con, "DELAKTIGHET", "2024") == (1, 2)  # U1 2, U5 4


def test_rullande_tolv_manader(con):
    # window 2024-07-01 .. 2025-06-30 (the last date of the data is a month end)
    assert con.execute("select distinct period from marts.mart_indikator where period_typ = 'rullande_12m'"
                       ).fetchall() == [("2025-06-30",)]  # fmt: skip
    # contact ends in the window: B (2024-06-30) is just outside, D (2024-09-30) inside
    assert tn(con, "ATERAKT_BARN_12M", "2025-06-30") == (0, 1)


def test_jamlikhet_from_published_shares(con):
    # VERKST_3M 2023 nation by sex, from the Python cells: women and men, gap in percentage points
    cells = py.cells()
    k = ("VERKST_3M", "ar", "2023", "riket", None, None, None, "ALLA")
    w, m = cells[(*k, "kon", "kvinna")], cells[(*k, "kon", "man")]
    got = con.execute(
        "select skillnad_procentenheter, ki_lag, ki_hog, signifikant from marts.mart_jamlikhet "
        "where indikator_id = 'VERKST_3M' and period_typ = 'ar' and period = '2023' and niva = 'riket' "
        "and verksamhetsomrade = 'ALLA' and jamforelse = 'kon'"
    ).fetchone()
    assert got[0] == pytest.approx(100 * (w[0] / w[1] - m[0] / m[1]))
    assert got[1] <= got[0] <= got[2]


# --------------------------------------------------------------------------------------------
# the catalogue, the models, the union and the YAML agree
# --------------------------------------------------------------------------------------------
def test_every_catalogue_id_has_a_model_and_every_model_a_catalogue_row():
    with open(ROOT / "seeds" / "indikatorer.csv", encoding="utf-8") as f:
        ids = [r["indikator_id"] for r in csv.DictReader(f)]
    folder = ROOT / "models" / "marts" / "indikatorer"
    models = {p.stem for p in folder.glob("ind_*.sql")}
    assert models == {f"ind_{i.lower()}" for i in ids}
    for m in models:
        sql = (folder / f"{m}.sql").read_text(encoding="utf-8")
        assert re.findall(r"isu_indikator_rad\('([A-Z0-9_]+)'", sql) == [m[4:].upper()], m
    union = (ROOT / "models" / "intermediate" / "publicering" / "int_indikator_rad.sql").read_text(encoding="utf-8")
    assert set(re.findall(r"'(ind_[a-z0-9_]+)'", union)) == models
    yml = (folder / "_indikatorer.yml").read_text(encoding="utf-8")
    assert set(re.findall(r"- name: (ind_[a-z0-9_]+)", yml)) == models
    assert set(re.findall(r"indikator_id: ([A-Z0-9_]+)", yml)) == set(ids)
    assert set(py.KATALOG) == set(ids)
