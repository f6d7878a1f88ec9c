"""Core marts on a hand-made fixture: staging -> intermediate -> facts, bridges, dimensions.

The fixture below (20 cases, 13 interventions, 14 follow-ups in two municipalities of two counties,
plus superseded history rows) is written into the raw tables of a temporary DuckDB file, `dbt build`
runs once for the module (seeds, models and every dbt test), and the marts are compared cell by cell
with values worked out by hand. The comments next to the expected values show the arithmetic.

Things the fixture covers: re-actualisation inside and just outside the 12-month window (including
the window ending on a clamped month end, 29 Feb + 12 months = 28 Feb), a new case actualised on the
day the previous one closed (not a re-actualisation), the same person in another municipality and
in another area (not a re-actualisation), open cases, cases without a personnummer (given age, no
pseudonym, null flags), a samordningsnummer, people born on 29 February (the birthday counts from
1 March in other years), ties in follow-up dates, follow-ups after the end of the intervention,
follow-ups without V17, interventions never implemented, ids that repeat across municipalities.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from isu.dbt_runner import run_dbt
from isu.schema import DDL, RAW_SCHEMA

PROJECT_DIR = Path(__file__).resolve().parents[2]

D = date.fromisoformat
STHLM, GBG = "0180", "1480"

# --------------------------------------------------------------------------------------------
# Fixture rows (current versions). Column order as in the tuples' headers.
# --------------------------------------------------------------------------------------------
ARENDE_COLUMNS = (
    "kommun_kod", "arende_id", "verksamhetsomrade", "person_pseudonym", "fodelsedatum", "juridiskt_kon",
    "alder_uppgiven", "datum_aktualisering", "aktualiseringsorsak", "ursprung", "hushallstyp",
    "tidigare_kontakt", "problematik", "datum_beslut", "datum_avslut",
)  # fmt: skip
# ar_samordningsnummer and juridiskt_kon_kalla are derived from these when the rows are written
SAMORDNINGSNUMMER = {"p3", "p9"}
ARENDE = [
    # Stockholm (county 01)
    (STHLM, "A01", "BOU", "p1", "2008-02-29", 1, None, "2024-02-28", "1|2", 1, 5, 1, "2|6", "2024-03-15", "2024-06-30"),
    (STHLM, "A02", "BOU", "p1", "2008-02-29", 1, None, "2025-02-28", "2", 1, 5, 2, None, "2025-03-01", None),
    (STHLM, "A03", "BOU", "p2", "2010-05-10", 2, None, "2023-01-10", "12", 2, 5, 1, "1|12", "2023-02-01", "2023-03-31"),
    (STHLM, "A04", "BOU", "p2", "2010-05-10", 2, None, "2024-03-31", "12", 2, 5, 2, None, None, "2024-04-15"),
    (STHLM, "A05", "BOU", "p2", "2010-05-10", 2, None, "2025-04-16", "1|12", 2, 5, 2, None, None, None),
    (STHLM, "A06", "VNR", "p2", "2010-05-10", 2, None, "2024-05-01", "2", 2, 5, 2, None, "2024-05-02", "2024-05-20"),
    (STHLM, "A07", "MB", "p3", "1980-12-31", 2, None, "2024-12-30", "8|9|14", 4, 1, 3, "8", "2025-01-15", "2025-01-31"),
    (STHLM, "A08", "MB", "p3", "1980-12-31", 2, None, "2025-01-31", "8", 4, 1, 2, None, None, "2025-06-30"),
    (STHLM, "A09", "MB", "p3", "1980-12-31", 2, None, "2026-01-31", "8", 4, 1, 2, None, None, None),
    (STHLM, "A10", "AO", None, None, 1, 82, "2024-06-01", "4|5", 1, 1, 1, None, "2024-06-20", None),
    (STHLM, "A11", "VNR", None, None, None, None, "2024-09-09", "2", None, None, None, None, None, "2024-09-10"),
    (STHLM, "A12", "LSS", "p4", "2020-01-15", 1, None, "2024-01-15", "7", 1, 5, 1, "7", "2024-02-15", None),
    (STHLM, "A13", "SP", "p5", "1944-07-01", 2, None, "2024-07-01", "4|6", 3, 1, 1, "4|6", "2024-07-10", "2025-05-31"),
    (STHLM, "A14", "EB", "p6", "2006-08-20", 1, None, "2024-08-19", "10", 2, 7, 1, "10", "2024-08-20", "2024-12-31"),
    # Göteborg (county 14); ids repeat those of Stockholm on purpose
    (GBG, "A01", "BOU", "p1", "2008-02-29", 1, None, "2024-09-01", "12", 1, 5, 2, None, None, "2024-10-01"),
    (GBG, "A02", "EB", "p7", "1999-03-01", 2, None, "2024-02-29", "10", 4, 1, 1, "10", "2024-03-29", "2025-02-28"),
    (GBG, "A03", "EB", "p7", "1999-03-01", 2, None, "2026-02-28", "10|11", 4, 1, 2, None, None, None),
    (GBG, "A04", "MB", "p8", "1960-02-29", 2, None, "2023-01-01", "2|8", 1, 4, 1, "8", "2023-01-20", "2024-02-29"),
    (GBG, "A05", "MB", "p8", "1960-02-29", 2, None, "2025-03-01", "8", 1, 4, 2, None, "2025-11-30", None),
    (GBG, "A06", "OVR", "p9", "1990-06-15", 1, None, "2024-06-14", "14", 5, 7, 4, None, None, None),
]  # fmt: skip

INSATS_COLUMNS = (
    "kommun_kod", "insats_id", "arende_id", "insatstyp", "datum_beslut", "datum_verkstallighet",
    "parallella_insatser", "datum_avslut", "genomforande", "avslutsorsak",
)  # fmt: skip
INSATS = [
    (STHLM, "I01", "A01", 16, "2024-03-15", "2024-03-15", 2, "2024-05-14", 1, 1),
    (STHLM, "I02", "A01", 17, "2024-03-20", "2024-06-20", 1, None, None, None),
    (STHLM, "I03", "A02", 1, "2025-03-01", "2025-06-02", 2, None, None, None),
    (STHLM, "I04", "A03", 18, "2023-02-01", None, 3, "2023-03-01", 3, 8),
    (STHLM, "I05", "A07", 29, "2025-01-15", "2025-01-20", 1, "2025-01-31", 2, 4),
    (STHLM, "I06", "A10", 13, "2024-06-20", "2024-07-01", None, None, None, None),
    (STHLM, "I07", "A14", 35, "2024-08-20", "2024-09-02", 2, "2024-12-31", 1, 1),
    (STHLM, "I08", "A12", 7, "2024-02-15", "2024-05-16", None, None, None, None),
    (STHLM, "I09", "A13", 32, "2024-07-10", "2024-11-30", 2, "2025-05-31", 1, 7),
    (STHLM, "I10", "A06", 2, "2024-05-02", "2024-05-02", 2, "2024-05-20", 1, 9),
    (GBG, "I01", "A02", 11, "2024-03-29", "2024-03-29", 2, "2025-02-28", 2, 6),
    (GBG, "I02", "A04", 23, "2023-01-20", "2023-04-20", 1, "2024-02-29", 2, 2),
    (GBG, "I03", "A05", 29, "2025-11-30", "2026-02-28", 2, None, None, None),
]  # fmt: skip

UPPFOLJNING_COLUMNS = (
    "kommun_kod", "uppfoljning_id", "insats_id", "datum_uppfoljning", "samverkan", "sip",
    "maluppfyllelse", "b1a_situation", "b1b_livskvalitet", "b2_betydelse", "b3_nojdhet",
    "b4_bemotande", "b5_delaktighet",
)  # fmt: skip
UPPFOLJNING = [
    (STHLM, "U01", "I01", "2024-04-01", "3", 3, 2, 2, 2, 1, 1, 1, 2),
    (STHLM, "U02", "I01", "2024-05-14", "1|3|10", 1, 1, 1, 1, 1, 1, 1, 1),
    (STHLM, "U03", "I01", "2024-06-01", None, None, 5, None, None, None, None, None, None),
    (STHLM, "U04", "I02", "2024-09-01", "2", None, 4, None, None, None, None, None, None),
    (STHLM, "U05", "I02", "2024-09-01", "2|3", None, 2, None, None, None, None, None, None),
    (STHLM, "U06", "I02", "2024-10-01", None, None, None, None, None, None, None, None, None),
    (STHLM, "U07", "I04", "2023-02-15", None, None, 6, None, None, None, None, None, None),
    (STHLM, "U08", "I05", "2025-01-16", "11", 2, 3, 6, 6, 5, 6, 6, 5),
    (STHLM, "U09", "I05", "2025-01-25", None, None, None, None, None, None, None, None, None),
    (STHLM, "U10", "I09", "2024-12-15", "1", None, 1, None, None, None, None, None, None),
    (STHLM, "U11", "I09", "2025-05-31", "1|8", None, 5, 5, 5, 4, 5, 5, 4),
    (GBG, "U01", "I01", "2024-09-30", "10", None, None, None, None, None, None, None, None),
    (GBG, "U02", "I02", "2023-06-01", "1|5|6", 1, 4, 3, 2, 2, 2, 2, 2),
    (GBG, "U03", "I02", "2024-02-29", "12", 3, 2, None, None, None, None, None, None),
]  # fmt: skip

# Superseded versions (giltig_till set): staging must ignore them.
ARENDE_OLD = [
    (STHLM, "A04", "BOU", "p2", "2010-05-10", 2, None, "2024-03-31", "12", 2, 5, 2, None, None, None),
]  # fmt: skip
INSATS_OLD = [(STHLM, "I03", "A02", 1, "2025-03-01", None, 2, None, None, None)]
UPPFOLJNING_OLD = [
    (STHLM, "U05", "I02", "2024-08-30", "2|3", None, 6, None, None, None, None, None, None),
]  # fmt: skip

KOMMUNGRUPP = [(STHLM, "A1", "Storstäder")]


def with_identity_columns(row: tuple) -> tuple:
    """An arende fixture row with the loader's ar_samordningsnummer and juridiskt_kon_kalla added."""
    pseudonym, kon = row[3], row[5]
    samordningsnummer = None if pseudonym is None else pseudonym in SAMORDNINGSNUMMER
    kalla = "personnummer" if pseudonym is not None else ("uppgiven" if kon is not None else None)
    return (*row, samordningsnummer, kalla)


def build_raw(path: Path) -> None:
    """Create the raw schema in a DuckDB file and insert the fixture rows (plus lineage columns)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        for ddl in DDL.values():
            con.execute(ddl)
        meta = ("load_id", "kalla_fil", "kalla_rad", "rad_hash", "giltig_fran", "giltig_till", "giltig_till_load_id")
        arende_columns = (*ARENDE_COLUMNS, "ar_samordningsnummer", "juridiskt_kon_kalla")
        for table, columns, current, old in (
            ("arende", arende_columns, [with_identity_columns(r) for r in ARENDE],
             [with_identity_columns(r) for r in ARENDE_OLD]),
            ("insats", INSATS_COLUMNS, INSATS, INSATS_OLD),
            ("uppfoljning", UPPFOLJNING_COLUMNS, UPPFOLJNING, UPPFOLJNING_OLD),
        ):  # fmt: skip
            cols = (*columns, *meta)
            sql = f"insert into {RAW_SCHEMA}.{table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})"
            rows = []
            for i, row in enumerate(old, start=1):
                # a superseded version: loaded by load 1, replaced by load 2
                rows.append((*row, 1, f"{table}.csv", i, f"old{i}", datetime(2024, 1, 1), datetime(2025, 1, 1), 2))
            for i, row in enumerate(current, start=1):
                load_id = 2 if any(o[:2] == row[:2] for o in old) else 1
                rows.append((*row, load_id, f"{table}.csv", i, f"h{i}", datetime(2024, 1, 1), None, None))
            con.executemany(sql, rows)
        con.executemany(f"insert into {RAW_SCHEMA}.kommungrupp values (?, ?, ?)", KOMMUNGRUPP)
    finally:
        con.close()


# The core models with everything upstream of them (seeds, staging, intermediate), the tests whose
# parents are all among them, and the singular tests of the macros (which read no model). The
# aggregate marts built on top of the core are left to their own test module.
CORE_MODELS = (
    "fct_arende", "fct_insats", "fct_uppfoljning", "brg_arende_aktualiseringsorsak", "brg_arende_problematik",
    "brg_uppfoljning_samverkan", "dim_kodverk", "dim_kommun", "dim_datum", "dim_person",
)  # fmt: skip
PUBLICATION_LAYERS = ("models/intermediate/publicering/", "models/intermediate/indikatorer/")
CORE_SELECTION = (
    *(f"+{m}" for m in CORE_MODELS),
    "resource_type:seed",  # value sets the tests compare with (aldersgrupper, verksamhetsomrade)
    "assert_isu_age_years_cases",
    "assert_isu_within_months_cases",
    "assert_isu_aldersgrupp_matches_seed",
)


def run_dbt_build(warehouse: Path, work: Path) -> list[str]:
    """`dbt build` of the core models (and what they depend on) with their tests; returns what ran."""
    result = run_dbt(
        ["build", "--select", *CORE_SELECTION, "--indirect-selection", "cautious"],
        warehouse,
        target_path=work / "target",
    )
    assert result.clean, f"dbt build failed: {result.counts}\n" + "\n".join(result.failures)
    return result.executed


def assert_core_tests_ran(executed: list[str], manifest_path: Path) -> None:
    """dbt's own tests ran too: the singular tests of this layer and every generic test of a core model."""
    for test in ("assert_bridges_keep_every_code",
                 "assert_fct_date_order", "assert_isu_age_years_cases", "assert_isu_within_months_cases",
                 "assert_isu_aldersgrupp_matches_seed"):  # fmt: skip
        assert f"test.isu.{test}" in executed, test
    assert sum(".isu_not_negative_" in u for u in executed) >= 16
    assert sum(".isu_reconciles_with_raw_" in u for u in executed) == 3  # one per fact
    # ... and no test of a core model was left out by the selection
    manifest = json.loads(manifest_path.read_text())
    core_layers = ("models/staging/", "models/intermediate/", "models/marts/restricted/")
    core = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model"
        and (node["name"] in CORE_MODELS or node["original_file_path"].startswith(core_layers))
        # the publication layer and the indicators' inputs belong to the aggregate marts' tests
        and not node["original_file_path"].startswith(PUBLICATION_LAYERS)
    }
    tests_of_core = {
        uid
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "test"
        and set(node["depends_on"]["nodes"]) & core
        and set(node["depends_on"]["nodes"]) <= core | {u for u in manifest["nodes"] if u.startswith("seed.")}
    }
    assert tests_of_core - set(executed) == set()


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    work = tmp_path_factory.mktemp("marts_core")
    warehouse = work / "warehouse.duckdb"
    build_raw(warehouse)
    executed = run_dbt_build(warehouse, work)
    assert_core_tests_ran(executed, work / "target" / "manifest.json")
    # dbt-duckdb keeps its in-process database open: connect with the same (default) configuration
    connection = duckdb.connect(str(warehouse))
    yield connection
    connection.close()


def rows(con, sql: str) -> dict:
    """Query -> {key: rest} where the key is the first two columns (kommun_kod, id)."""
    return {(r[0], r[1]): tuple(r[2:]) for r in con.execute(sql).fetchall()}


# --------------------------------------------------------------------------------------------
# fct_arende
# --------------------------------------------------------------------------------------------
FCT_ARENDE_SQL = """
select kommun_kod, arende_id, lan_kod, antal_aktualiseringsorsaker, juridiskt_kon,
       alder_vid_aktualisering, aldersgrupp_vid_aktualisering, dagar_aktualisering_till_beslut,
       dagar_aktualisering_till_avslut, ar_avslutad, ar_ateraktualisering,
       har_ateraktualisering_inom_12m, antal_insatser
from fakta.fct_arende
"""
# (lan, n reasons, sex, age, age group, days to decision, days to close, closed, re-actualised,
#  has re-actualisation within 12 months, n interventions)
EXPECTED_FCT_ARENDE = {
    # born 2008-02-29, on 2024-02-28 the birthday has not come: 16 - 1 = 15; next case A02 on
    # 2025-02-28 <= 2024-06-30 + 12 months
    (STHLM, "A01"): ("01", 2, 1, 15, "12-17", 16, 123, True, False, True, 2),
    # 2025-02-28: 17 - 1 = 16 (no 29 Feb in 2025, birthday counts from 1 March); A01 closed
    # 2024-06-30, within 12 months; open -> forward flag null
    (STHLM, "A02"): ("01", 1, 1, 16, "12-17", 1, None, False, True, None, 1),
    # next case A04 actualised 2024-03-31 = exactly 2023-03-31 + 12 months: still within
    (STHLM, "A03"): ("01", 1, 2, 12, "12-17", 22, 80, True, False, True, 1),
    # next case A05 on 2025-04-16, one day after 2024-04-15 + 12 months: outside
    (STHLM, "A04"): ("01", 1, 2, 13, "12-17", None, 15, True, True, False, 0),
    (STHLM, "A05"): ("01", 2, 2, 14, "12-17", None, None, False, False, None, 0),
    # same person, other area (VNR): no re-actualisation either way
    (STHLM, "A06"): ("01", 1, 2, 13, "12-17", 1, 19, True, False, False, 1),
    # born 1980-12-31: 43 on 2024-12-30; A08 actualised the day A07 closed (not after it), A09 on
    # 2026-01-31 = 2025-01-31 + 12 months
    (STHLM, "A07"): ("01", 3, 2, 43, "25-64", 16, 32, True, False, True, 1),
    (STHLM, "A08"): ("01", 1, 2, 44, "25-64", None, 150, True, False, True, 0),
    # latest earlier closure is A08 (2025-06-30)
    (STHLM, "A09"): ("01", 1, 2, 45, "25-64", None, None, False, True, None, 0),
    # no personnummer: given age 82, given sex, null flags
    (STHLM, "A10"): ("01", 2, 1, 82, "80+", 19, None, False, None, None, 1),
    (STHLM, "A11"): ("01", 1, None, None, None, None, 1, True, None, None, 0),
    # born 2020-01-15, actualised on the 4th birthday
    (STHLM, "A12"): ("01", 1, 1, 4, "0-11", 31, None, False, False, None, 1),
    (STHLM, "A13"): ("01", 2, 2, 80, "80+", 9, 334, True, False, False, 1),
    (STHLM, "A14"): ("01", 1, 1, 17, "12-17", 1, 134, True, False, False, 1),
    # p1 again, but in Göteborg: re-actualisation is counted within a municipality
    (GBG, "A01"): ("14", 1, 1, 16, "12-17", None, 30, True, False, False, 0),
    # born 1999-03-01: 24 on 2024-02-29; A03 on 2026-02-28 = 2025-02-28 + 12 months
    (GBG, "A02"): ("14", 1, 2, 24, "18-24", 29, 365, True, False, True, 1),
    (GBG, "A03"): ("14", 2, 2, 26, "25-64", None, None, False, True, None, 0),
    # closed 2024-02-29; + 12 months = 2025-02-28 (clamped), A05 on 2025-03-01 is outside
    (GBG, "A04"): ("14", 2, 2, 62, "25-64", 19, 424, True, False, False, 1),
    # born 1960-02-29: 65 on 2025-03-01
    (GBG, "A05"): ("14", 1, 2, 65, "65-79", 274, None, False, False, None, 1),
    # samordningsnummer; born 1990-06-15, the day before the 34th birthday
    (GBG, "A06"): ("14", 1, 1, 33, "25-64", None, None, False, False, None, 0),
}  # fmt: skip


def test_fct_arende_cell_by_cell(con):
    assert rows(con, FCT_ARENDE_SQL) == EXPECTED_FCT_ARENDE


def test_fct_arende_carries_case_attributes(con):
    got = rows(
        con,
        """
        select kommun_kod, arende_id, verksamhetsomrade, person_pseudonym, datum_aktualisering,
               datum_beslut, datum_avslut, ursprung, hushallstyp, tidigare_kontakt
        from fakta.fct_arende""",
    )
    expected = {}
    for row in ARENDE:
        r = dict(zip(ARENDE_COLUMNS, row, strict=True))
        expected[(r["kommun_kod"], r["arende_id"])] = (
            r["verksamhetsomrade"], r["person_pseudonym"], D(r["datum_aktualisering"]),
            r["datum_beslut"] and D(r["datum_beslut"]), r["datum_avslut"] and D(r["datum_avslut"]),
            r["ursprung"], r["hushallstyp"], r["tidigare_kontakt"],
        )  # fmt: skip
    assert got == expected


# --------------------------------------------------------------------------------------------
# fct_insats
# --------------------------------------------------------------------------------------------
FCT_INSATS_SQL = """
select kommun_kod, insats_id, arende_id, verksamhetsomrade, insatstyp, ar_placering,
       ar_arbetsmarknad, dagar_beslut_till_verkstallighet, dagar_aktualisering_till_verkstallighet,
       dagar_verkstallighet_till_avslut, verkstalld_inom_3_manader, avslut_grupp,
       senaste_maluppfyllelse, forandring, alla_mal_uppnadda, antal_uppfoljningar,
       dagar_verkstallighet_till_forsta_uppfoljning, juridiskt_kon, ursprung, alder_vid_beslut,
       aldersgrupp_vid_beslut
from fakta.fct_insats
"""
# (case, area, type, placement, labour market, decision->impl, actualisation->impl, impl->end,
#  implemented within 3 months, end group, last goal attainment, change, all goals, n follow-ups,
#  impl->first follow-up, sex, origin, age at decision, age group at decision)
EXPECTED_FCT_INSATS = {
    # follow-ups 04-01 (V17 2), 05-14 (V17 1, on the end date), 06-01 (V17 5, after the end);
    # born 2008-02-29: 16 on 2024-03-15 (15 at actualisation on 02-28)
    (STHLM, "I01"): ("A01", "BOU", 16, True, False, 0, 16, 60, True, "planerat",
                     1, "positiv", True, 3, 17, 1, 1, 16, "12-17"),
    # implemented 2024-06-20 = decision 2024-03-20 + 3 months exactly; two follow-ups on
    # 2024-09-01 (U04 V17 4, U05 V17 2): the greater id wins; U06 has no V17
    (STHLM, "I02"): ("A01", "BOU", 17, False, False, 92, 113, None, True, None,
                     2, "positiv", False, 3, 73, 1, 1, 16, "12-17"),
    # 2025-06-02 is a day after 2025-03-01 + 3 months; 17 on 2025-03-01
    (STHLM, "I03"): ("A02", "BOU", 1, True, False, 93, 94, None, False, None,
                     None, None, None, 0, None, 1, 1, 17, "12-17"),
    # never implemented: every implementation lead time null; V17 6 cannot be assessed
    (STHLM, "I04"): ("A03", "BOU", 18, False, False, None, None, None, None, "ovrigt",
                     6, "kan_inte_bedoma", None, 1, None, 2, 2, 12, "12-17"),
    # follow-up 01-16 (before implementation, V17 3), 01-25 (no V17): last assessed is 3;
    # first follow-up on or after implementation (01-20) is 01-25
    (STHLM, "I05"): ("A07", "MB", 29, False, False, 5, 21, 11, True, "oplanerat",
                     3, "ingen", True, 2, 5, 2, 4, 44, "25-64"),
    # no personnummer: the given age is used at every date
    (STHLM, "I06"): ("A10", "AO", 13, False, False, 11, 30, None, True, None,
                     None, None, None, 0, None, 1, 1, 82, "80+"),
    # 17 at actualisation (2024-08-19), 18 at decision (2024-08-20)
    (STHLM, "I07"): ("A14", "EB", 35, False, True, 13, 14, 120, True, "planerat",
                     None, None, None, 0, None, 1, 2, 18, "18-24"),
    # 2024-05-16 is a day after 2024-02-15 + 3 months
    (STHLM, "I08"): ("A12", "LSS", 7, False, False, 91, 122, None, False, None,
                     None, None, None, 0, None, 1, 1, 4, "0-11"),
    # follow-ups 2024-12-15 (V17 1) and 2025-05-31 (V17 5, on the end date)
    (STHLM, "I09"): ("A13", "SP", 32, False, False, 143, 152, 182, False, "ovrigt",
                     5, "negativ", False, 2, 15, 2, 3, 80, "80+"),
    (STHLM, "I10"): ("A06", "VNR", 2, False, False, 0, 1, 18, True, "ovrigt",
                     None, None, None, 0, None, 2, 2, 13, "12-17"),
    # born 1999-03-01: 25 on 2024-03-29 (24 at actualisation); the one follow-up has no V17
    (GBG, "I01"): ("A02", "EB", 11, False, False, 0, 29, 336, True, "ovrigt",
                   None, None, None, 1, 185, 2, 4, 25, "25-64"),
    # implemented 2023-04-20 = 2023-01-20 + 3 months; last follow-up on the end date 2024-02-29
    (GBG, "I02"): ("A04", "MB", 23, False, False, 90, 109, 315, True, "planerat",
                   2, "positiv", False, 2, 42, 2, 1, 62, "25-64"),
    # 2025-11-30 + 3 months = 2026-02-28 (clamped): implemented that day, within
    (GBG, "I03"): ("A05", "MB", 29, False, False, 90, 364, None, True, None,
                   None, None, None, 0, None, 2, 1, 65, "65-79"),
}  # fmt: skip


def test_fct_insats_cell_by_cell(con):
    assert rows(con, FCT_INSATS_SQL) == EXPECTED_FCT_INSATS


def test_fct_insats_end_and_dates(con):
    got = rows(
        con,
        """
        select kommun_kod, insats_id, datum_beslut, datum_verkstallighet, datum_avslut,
               parallella_insatser, genomforande, avslutsorsak, oplanerat_avbrott
        from fakta.fct_insats""",
    )
    unplanned = {3, 4, 5}
    expected = {
        (r[0], r[1]): (D(r[4]), r[5] and D(r[5]), r[7] and D(r[7]), r[6], r[8], r[9],
                       None if r[9] is None else r[9] in unplanned)
        for r in INSATS
    }  # fmt: skip
    assert got == expected


# --------------------------------------------------------------------------------------------
# fct_uppfoljning
# --------------------------------------------------------------------------------------------
FCT_UPPFOLJNING_SQL = """
select kommun_kod, uppfoljning_id, insats_id, arende_id, datum_uppfoljning, ordning,
       maluppfyllelse, maluppfyllelse_etikett, sip, antal_samverkan
from fakta.fct_uppfoljning
"""
V17 = {
    1: "Positiv förändring, alla mål har uppnåtts",
    2: "Positiv förändring, alla mål har inte uppnåtts",
    3: "Ingen förändring, alla mål har uppnåtts",
    4: "Ingen förändring, alla mål har inte uppnåtts",
    5: "Negativ förändring, alla mål har inte uppnåtts",
    6: "Kan inte bedöma (vid t.ex. otydliga mål eller avsaknad av genomförandeplan)",
    None: None,
}  # fmt: skip
# (intervention, case, date, order, V17, label, SIP, actors collaborated with: codes 1-10)
EXPECTED_FCT_UPPFOLJNING = {
    (STHLM, "U01"): ("I01", "A01", D("2024-04-01"), 1, 2, V17[2], 3, 1),
    (STHLM, "U02"): ("I01", "A01", D("2024-05-14"), 2, 1, V17[1], 1, 3),
    (STHLM, "U03"): ("I01", "A01", D("2024-06-01"), 3, 5, V17[5], None, None),
    # same date: ordered by id
    (STHLM, "U04"): ("I02", "A01", D("2024-09-01"), 1, 4, V17[4], None, 1),
    (STHLM, "U05"): ("I02", "A01", D("2024-09-01"), 2, 2, V17[2], None, 2),
    (STHLM, "U06"): ("I02", "A01", D("2024-10-01"), 3, None, None, None, None),
    (STHLM, "U07"): ("I04", "A03", D("2023-02-15"), 1, 6, V17[6], None, None),
    # code 11: no collaboration although needed -> 0 actors
    (STHLM, "U08"): ("I05", "A07", D("2025-01-16"), 1, 3, V17[3], 2, 0),
    (STHLM, "U09"): ("I05", "A07", D("2025-01-25"), 2, None, None, None, None),
    (STHLM, "U10"): ("I09", "A13", D("2024-12-15"), 1, 1, V17[1], None, 1),
    (STHLM, "U11"): ("I09", "A13", D("2025-05-31"), 2, 5, V17[5], None, 2),
    (GBG, "U01"): ("I01", "A02", D("2024-09-30"), 1, None, None, None, 1),
    (GBG, "U02"): ("I02", "A04", D("2023-06-01"), 1, 4, V17[4], 1, 3),
    (GBG, "U03"): ("I02", "A04", D("2024-02-29"), 2, 2, V17[2], 3, 0),
}  # fmt: skip


def test_fct_uppfoljning_cell_by_cell(con):
    assert rows(con, FCT_UPPFOLJNING_SQL) == EXPECTED_FCT_UPPFOLJNING


def test_fct_uppfoljning_client_answers_with_labels(con):
    got = rows(
        con,
        """
        select kommun_kod, uppfoljning_id, sip_etikett,
               b1a_situation, b1a_situation_etikett, b1b_livskvalitet, b1b_livskvalitet_etikett,
               b2_betydelse, b2_betydelse_etikett, b3_nojdhet, b3_nojdhet_etikett,
               b4_bemotande, b4_bemotande_etikett, b5_delaktighet, b5_delaktighet_etikett
        from fakta.fct_uppfoljning
        where b1a_situation is not null or sip is not null""",
    )
    vet_inte = "Vet inte/har ingen uppfattning"
    assert got == {
        (STHLM, "U01"): ("Nej, det finns inget behov av SIP",
                         2, "Förbättrats lite", 2, "Förbättrats lite", 1, "Mycket stor betydelse",
                         1, "Mycket nöjd", 1, "Mycket bra", 2, "Ganska mycket"),
        (STHLM, "U02"): ("Ja, SIP finns",
                         1, "Förbättrats mycket", 1, "Förbättrats mycket", 1, "Mycket stor betydelse",
                         1, "Mycket nöjd", 1, "Mycket bra", 1, "Mycket"),
        (STHLM, "U08"): ("Nej, men det finns behov av SIP",
                         6, vet_inte, 6, vet_inte, 5, vet_inte, 6, vet_inte, 6, vet_inte, 5, vet_inte),
        (STHLM, "U11"): (None,
                         5, "Försämrats mycket", 5, "Försämrats mycket", 4, "Mycket liten/ingen betydelse",
                         5, "Mycket missnöjd", 5, "Mycket dåligt", 4, "Inte alls"),
        (GBG, "U02"): ("Ja, SIP finns",
                       3, "Ingen förändring", 2, "Förbättrats lite", 2, "Ganska stor betydelse",
                       2, "Ganska nöjd", 2, "Ganska bra", 2, "Ganska mycket"),
        (GBG, "U03"): ("Nej, det finns inget behov av SIP",
                       None, None, None, None, None, None, None, None, None, None, None, None),
    }  # fmt: skip


# --------------------------------------------------------------------------------------------
# Intermediate: last assessed goal attainment picks the right follow-up
# --------------------------------------------------------------------------------------------
def test_int_insats_maluppfyllelse_picks_follow_up(con):
    got = rows(
        con,
        """
        select kommun_kod, insats_id, senaste_maluppfyllelse_uppfoljning_id, senaste_maluppfyllelse
        from intermediate.int_insats_maluppfyllelse
        where senaste_maluppfyllelse is not null""",
    )
    assert got == {
        (STHLM, "I01"): ("U02", 1),  # U03 is after the end
        (STHLM, "I02"): ("U05", 2),  # tie on 2024-09-01, greatest id; U06 has no V17
        (STHLM, "I04"): ("U07", 6),
        (STHLM, "I05"): ("U08", 3),  # U09 has no V17
        (STHLM, "I09"): ("U11", 5),
        (GBG, "I02"): ("U03", 2),
    }


def test_int_arende_episod_links(con):
    got = rows(
        con,
        """
        select kommun_kod, arende_id, foregaende_arende_id, nasta_arende_id
        from intermediate.int_arende_episod
        where foregaende_arende_id is not null or nasta_arende_id is not null""",
    )
    assert got == {
        (STHLM, "A01"): (None, "A02"),
        (STHLM, "A02"): ("A01", None),
        (STHLM, "A03"): (None, "A04"),
        (STHLM, "A04"): ("A03", "A05"),
        (STHLM, "A05"): ("A04", None),
        (STHLM, "A07"): (None, "A09"),  # A08 starts on A07's closing day, not after it
        (STHLM, "A08"): (None, "A09"),
        (STHLM, "A09"): ("A08", None),  # the latest earlier closure
        (GBG, "A02"): (None, "A03"),
        (GBG, "A03"): ("A02", None),
        (GBG, "A04"): (None, "A05"),
        (GBG, "A05"): ("A04", None),
    }


# --------------------------------------------------------------------------------------------
# Bridges
# --------------------------------------------------------------------------------------------
def bridge(con, table: str, id_col: str, code_col: str) -> set:
    return set(con.execute(f"select kommun_kod, {id_col}, {code_col} from fakta.{table}").fetchall())


def test_brg_arende_aktualiseringsorsak(con):
    reasons = ARENDE_COLUMNS.index("aktualiseringsorsak")
    expected = {(r[0], r[1], int(c)) for r in ARENDE for c in r[reasons].split("|")}
    assert len(expected) == 28
    got = bridge(con, "brg_arende_aktualiseringsorsak", "arende_id", "aktualiseringsorsak")
    assert got == expected
    n = con.execute("select count(*) from fakta.brg_arende_aktualiseringsorsak").fetchone()[0]
    assert n == 28
    labels = con.execute("""
        select aktualiseringsorsak_etikett from fakta.brg_arende_aktualiseringsorsak
        where kommun_kod = '0180' and arende_id = 'A07' order by aktualiseringsorsak""").fetchall()
    assert [r[0] for r in labels] == [
        "Riskbruk/missbruk/beroende (alkohol, droger, spel etc.)",
        "Kriminalitet",
        "Annat/Övrigt",
    ]


def test_brg_arende_problematik(con):
    got = bridge(con, "brg_arende_problematik", "arende_id", "problematik")
    assert got == {
        (STHLM, "A01", 2),
        (STHLM, "A01", 6),
        (STHLM, "A03", 1),
        (STHLM, "A03", 12),
        (STHLM, "A07", 8),
        (STHLM, "A12", 7),
        (STHLM, "A13", 4),
        (STHLM, "A13", 6),
        (STHLM, "A14", 10),
        (GBG, "A02", 10),
        (GBG, "A04", 8),
    }


def test_brg_uppfoljning_samverkan(con):
    got = bridge(con, "brg_uppfoljning_samverkan", "uppfoljning_id", "samverkan")
    assert got == {
        (STHLM, "U01", 3),
        (STHLM, "U02", 1),
        (STHLM, "U02", 3),
        (STHLM, "U02", 10),
        (STHLM, "U04", 2),
        (STHLM, "U05", 2),
        (STHLM, "U05", 3),
        (STHLM, "U08", 11),
        (STHLM, "U10", 1),
        (STHLM, "U11", 1),
        (STHLM, "U11", 8),
        (GBG, "U01", 10),
        (GBG, "U02", 1),
        (GBG, "U02", 5),
        (GBG, "U02", 6),
        (GBG, "U03", 12),
    }


# --------------------------------------------------------------------------------------------
# Dimensions
# --------------------------------------------------------------------------------------------
def test_dim_kommun(con):
    n, n_with_flag = con.execute(
        "select count(*), count(*) filter (where har_kommungrupp) from marts.dim_kommun"
    ).fetchone()
    assert (n, n_with_flag) == (290, 290)
    got = rows(
        con,
        """
        select kommun_kod, kommun_namn, lan_kod, lan_namn, kommungrupp_kod, kommungrupp_namn
        from marts.dim_kommun where kommun_kod in ('0180', '1480')""",
    )
    assert got == {
        (STHLM, "Stockholm"): ("01", "Stockholms län", "A1", "Storstäder"),
        (GBG, "Göteborg"): ("14", "Västra Götalands län", None, None),
    }


def test_dim_datum(con):
    n, first, last = con.execute("select count(*), min(datum), max(datum) from marts.dim_datum").fetchone()
    # earliest event 2023-01-01, latest 2026-02-28 -> whole years 2023-2026
    assert (n, first, last) == (365 + 366 + 365 + 365, D("2023-01-01"), D("2026-12-31"))
    got = {
        r[0]: r[1:]
        for r in con.execute("""
            select datum, ar, kvartal, manad, ar_manad, iso_ar, iso_vecka, veckodag, ar_helg
            from marts.dim_datum
            where datum in ('2023-01-01', '2024-02-29', '2024-12-30', '2025-06-30')""").fetchall()
    }
    assert got == {
        D("2023-01-01"): (2023, 1, 1, "2023-01", 2022, 52, 7, True),  # a Sunday in ISO week 2022-52
        D("2024-02-29"): (2024, 1, 2, "2024-02", 2024, 9, 4, False),  # Thursday
        D("2024-12-30"): (2024, 4, 12, "2024-12", 2025, 1, 1, False),  # Monday of ISO week 2025-01
        D("2025-06-30"): (2025, 2, 6, "2025-06", 2025, 27, 1, False),
    }


def test_dim_kodverk(con):
    n, n_cols = con.execute("select count(*), count(distinct kolumn) from marts.dim_kodverk").fetchone()
    assert (n, n_cols) == (153, 19)
    got = con.execute("""
        select variabel, etikett_sv, etikett_en, sortering from marts.dim_kodverk
        where kolumn = 'maluppfyllelse' and kod = 6""").fetchone()
    assert got[0] == "V17" and got[1] == V17[6] and got[3] == 6


def test_dim_person_is_pseudonymous(con):
    got = {r[0]: r[1:] for r in con.execute("select * from restricted.dim_person").fetchall()}
    assert got == {
        "p1": (1, "2008-02"), "p2": (2, "2010-05"), "p3": (2, "1980-12"), "p4": (1, "2020-01"),
        "p5": (2, "1944-07"), "p6": (1, "2006-08"), "p7": (2, "1999-03"), "p8": (2, "1960-02"),
        "p9": (1, "1990-06"),
    }  # fmt: skip
    columns = [r[0] for r in con.execute("describe restricted.dim_person").fetchall()]
    assert columns == ["person_pseudonym", "juridiskt_kon", "fodelse_ar_manad"]


def test_no_birth_date_or_personnummer_in_marts(con):
    leaked = con.execute("""
        select table_name, column_name from information_schema.columns
        where table_schema in ('marts', 'fakta')
          and (column_name like '%fodelse%' or column_name like '%personnummer%'
               or column_name = 'alder_uppgiven')""").fetchall()
    assert leaked == []


def test_row_counts_reconcile_with_current_raw_rows(con):
    counts = con.execute("""
        select (select count(*) from fakta.fct_arende), (select count(*) from fakta.fct_insats),
               (select count(*) from fakta.fct_uppfoljning),
               (select count(*) from raw.arende), (select count(*) from raw.insats),
               (select count(*) from raw.uppfoljning)""").fetchone()
    assert counts == (20, 13, 14, 21, 14, 15)  # raw holds one superseded version per table
