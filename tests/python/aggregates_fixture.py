"""Hand-made raw fixture of the aggregate marts, and a warehouse built from it once per session.

Shared by test_marts_aggregates.py and test_example_queries.py: `built_warehouse(tmp_path_factory)`
writes the rows below into the raw tables of a temporary DuckDB file and runs `dbt build` on it
the first time it is called in a pytest session; later calls return the same file.

Three municipalities in two counties: Stockholm 0180 and Upplands Väsby 0114 (county 01),
Göteborg 1480 (county 14). What the rows are for:
- lead times on the legal limits: actualised 2024-01-31 and decided 2024-05-31 (exactly 4 months:
  within) or 2024-06-01 (outside); actualised 2023-10-31 and decided 2024-02-29 (+4 months clamps to
  29 February: within) or 2024-03-01 (outside); decided 2024-05-31 and implemented 2024-08-31
  (exactly 3 months) or 2024-09-01.
- the small-count threshold: 7 cases decided in 2024 in Stockholm by women (shown) and 6 BOU
  cases decided in 2024 in the nation (suppressed).
- an unknown sex and origin (a case without personnummer), an intervention never implemented,
  a follow-up before implementation and one after the intervention's end, goal attainment 6.
- a block of 32 cases actualised in 2022 in Göteborg (BULK_2022) whose reason x area cross-table
  has visible cells, primary masks and secondary masks over two passes (see the test).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from isu.dbt_runner import run_dbt
from isu.schema import DDL, RAW_SCHEMA

PROJECT_DIR = Path(__file__).resolve().parents[2]

STHLM, VASBY, GBG = "0180", "0114", "1480"

ARENDE_COLUMNS = (
    "kommun_kod", "arende_id", "verksamhetsomrade", "person_pseudonym", "fodelsedatum",
    "ar_samordningsnummer", "juridiskt_kon", "juridiskt_kon_kalla", "alder_uppgiven",
    "datum_aktualisering", "aktualiseringsorsak", "ursprung", "hushallstyp", "tidigare_kontakt",
    "problematik", "datum_beslut", "datum_avslut",
)  # fmt: skip
P = "personnummer"


def _case(kommun, arende_id, area, pseudonym, born, kon, akt, orsak, ursprung, problematik, beslut, avslut):
    """A case with a personnummer (pseudonym, birth date, sex derived from it)."""
    return (kommun, arende_id, area, pseudonym, born, False, kon, P, None, akt, orsak, ursprung, 1, 1,
            problematik, beslut, avslut)  # fmt: skip


# (municipality, id, area, pseudonym, birth date, sex (1 kvinna, 2 man), actualisation, reasons,
#  origin, problems, decision, case closed)
ARENDE_HAND = [
    _case(STHLM, "S01", "BOU", "p01", "2012-03-10", 1, "2024-01-31", "1|2", 1, "2|6", "2024-05-31", "2024-12-31"),
    _case(STHLM, "S02", "BOU", "p02", "2013-07-01", 1, "2024-01-31", "2", 1, "2", "2024-06-01", None),
    _case(STHLM, "S03", "BOU", "p03", "2010-11-11", 2, "2023-10-31", "12", 2, "1|12", "2024-02-29", "2024-08-15"),
    _case(STHLM, "S04", "BOU", "p04", "2011-01-20", 1, "2023-10-31", "12", 2, "12", "2024-03-01", None),
    _case(STHLM, "S05", "EB", "p05", "2000-05-05", 1, "2024-03-01", "10", 1, "10", "2024-03-11", "2024-09-30"),
    _case(STHLM, "S06", "EB", "p06", "1998-02-14", 1, "2024-03-15", "10", 4, "10", "2024-03-20", None),
    _case(STHLM, "S07", "MB", "p07", "1985-06-30", 1, "2024-04-01", "8", 1, "8", "2024-04-21", "2025-01-15"),
    _case(STHLM, "S08", "MB", "p08", "1979-09-09", 2, "2024-05-10", "8|9", 3, "4|8", "2024-06-09", None),
    _case(STHLM, "S09", "VNR", "p09", "1990-12-01", 1, "2024-02-01", "2", 1, "2", None, "2024-02-20"),
    _case(STHLM, "S10", "AO", "p10", "1940-04-04", 1, "2024-06-01", "4|5", 1, None, "2024-06-20", None),
    _case(STHLM, "S11", "BOU", "p11", "2015-08-08", 2, "2025-01-10", "1", 1, "1", "2025-02-10", None),
    # no personnummer: no pseudonym, sex and origin unknown, age given
    (STHLM, "S12", "VNR", None, None, None, None, None, 40, "2024-09-09", "2", None, None, None, None, None,
     "2024-09-10"),
    _case(VASBY, "V01", "BOU", "q01", "2009-02-28", 1, "2024-02-01", "1", 1, "1", "2024-03-01", "2024-06-30"),
    _case(VASBY, "V02", "MB", "q02", "1970-01-01", 2, "2024-08-01", "8", 5, "8", "2024-08-15", None),
    _case(GBG, "G01", "BOU", "r01", "2008-05-05", 2, "2024-03-03", "1|12", 2, "1", "2024-04-03", "2024-12-01"),
    _case(GBG, "G02", "EB", "r02", "1995-10-10", 1, "2024-01-15", "10", 4, "10|11", "2024-01-25", "2025-03-31"),
    _case(GBG, "G03", "MB", "r03", "1960-03-03", 2, "2023-06-01", "8", 1, "8", "2023-07-01", "2024-02-29"),
    _case(GBG, "G04", "SP", "r04", "1950-07-07", 1, "2024-11-20", "6", 1, "6", "2025-01-20", None),
]  # fmt: skip

# Göteborg 2022: (reason for actualisation, area, number of cases). The cross-table
# aktualiseringsorsak x verksamhetsomrade of 2022 (Göteborg = county 14 = nation) is then
#            BOU  EB  MB
#   1          3   .   .      primary mask (3)
#   8          .   .   6      secondary, pass 2 (the only other cell of column MB)
#   10         2   9   5      2: primary; 5: secondary, pass 1 (row 10 had one masked cell)
#   12         7   .   .
BULK_2022_SPEC = [("10", "EB", 9), ("10", "MB", 5), ("10", "BOU", 2), ("8", "MB", 6), ("1", "BOU", 3), ("12", "BOU", 7)]


def _bulk_2022() -> list[tuple]:
    rows = []
    i = 0
    for orsak, area, n in BULK_2022_SPEC:
        for _ in range(n):
            akt = date(2022, 1 + i % 12, 1 + (i * 7) % 28)
            avslut = akt + timedelta(days=5 + 3 * i)
            kon = 1 + i % 2
            born = date(1950 + i, 1 + i % 12, 15)
            rows.append((GBG, f"B{i:02d}", area, f"b{i:02d}", born.isoformat(), False, kon, P, None,
                         akt.isoformat(), orsak, 1 + i % 5, 1, 1, None, None, avslut.isoformat()))  # fmt: skip
            i += 1
    return rows


ARENDE = ARENDE_HAND + _bulk_2022()

INSATS_COLUMNS = (
    "kommun_kod", "insats_id", "arende_id", "insatstyp", "datum_beslut", "datum_verkstallighet",
    "parallella_insatser", "datum_avslut", "genomforande", "avslutsorsak",
)  # fmt: skip
INSATS = [
    (STHLM, "SI01", "S01", 10, "2024-05-31", "2024-08-31", 2, "2024-12-31", 1, 1),
    (STHLM, "SI02", "S01", 17, "2024-05-31", "2024-09-01", 2, None, None, None),
    (STHLM, "SI03", "S02", 17, "2024-06-01", "2024-06-15", 2, "2024-11-30", 2, 4),
    (STHLM, "SI04", "S03", 10, "2024-02-29", "2024-03-10", 2, "2024-08-15", 1, 1),
    (STHLM, "SI05", "S04", 17, "2024-03-01", "2024-03-05", 2, None, None, None),
    (STHLM, "SI06", "S05", 35, "2024-03-11", "2024-04-01", 2, "2024-09-30", 1, 1),
    (STHLM, "SI07", "S06", 35, "2024-03-20", None, 2, "2024-05-01", 3, 8),
    (STHLM, "SI08", "S07", 23, "2024-04-21", "2024-05-01", 2, "2024-12-20", 2, 3),
    (STHLM, "SI09", "S08", 23, "2024-06-09", "2024-07-09", 2, None, None, None),
    (STHLM, "SI10", "S10", 32, "2024-06-20", "2024-11-30", 2, None, None, None),
    (STHLM, "SI11", "S11", 17, "2025-02-10", "2025-02-12", 2, None, None, None),
    (STHLM, "SI12", "S03", 17, "2024-03-01", "2024-03-01", 2, "2024-07-31", 1, 2),
    (VASBY, "VI01", "V01", 17, "2024-03-01", "2024-03-15", 2, "2024-06-30", 1, 1),
    (VASBY, "VI02", "V02", 23, "2024-08-15", "2024-09-01", 2, None, None, None),
    (GBG, "GI01", "G01", 10, "2024-04-03", "2024-05-03", 2, "2024-12-01", 2, 5),
    (GBG, "GI02", "G02", 35, "2024-01-25", "2024-02-01", 2, "2025-03-31", 1, 1),
    (GBG, "GI03", "G03", 23, "2023-07-01", "2023-08-01", 2, "2024-02-29", 1, 1),
    (GBG, "GI04", "G04", 32, "2025-01-20", "2025-03-01", 2, None, None, None),
]  # fmt: skip

UPPFOLJNING_COLUMNS = (
    "kommun_kod", "uppfoljning_id", "insats_id", "datum_uppfoljning", "samverkan", "sip",
    "maluppfyllelse", "b1a_situation", "b1b_livskvalitet", "b2_betydelse", "b3_nojdhet",
    "b4_bemotande", "b5_delaktighet",
)  # fmt: skip
UPPFOLJNING = [
    (STHLM, "SU01", "SI01", "2024-09-15", "1|3", 1, 1, None, None, None, None, None, None),
    (STHLM, "SU02", "SI01", "2024-12-31", "1", None, 2, None, None, None, None, None, None),
    (STHLM, "SU03", "SI03", "2024-07-01", "2", None, 4, None, None, None, None, None, None),
    (STHLM, "SU04", "SI04", "2024-04-01", "11", None, 3, None, None, None, None, None, None),
    (STHLM, "SU05", "SI04", "2024-08-15", None, None, 1, None, None, None, None, None, None),
    (STHLM, "SU06", "SI06", "2024-05-01", "10", None, 6, None, None, None, None, None, None),
    (STHLM, "SU07", "SI08", "2024-06-01", "1|4", None, 5, None, None, None, None, None, None),
    (STHLM, "SU08", "SI10", "2024-12-01", "1", None, None, None, None, None, None, None, None),
    (STHLM, "SU09", "SI12", "2024-03-15", "12", None, 1, None, None, None, None, None, None),
    (VASBY, "VU01", "VI01", "2024-04-15", "1|2", None, 1, None, None, None, None, None, None),
    # after the intervention's end: not its last assessed goal attainment
    (VASBY, "VU02", "VI01", "2024-07-01", "3", None, 5, None, None, None, None, None, None),
    (GBG, "GU01", "GI01", "2024-06-01", "1", None, 2, None, None, None, None, None, None),
    (GBG, "GU02", "GI03", "2023-09-01", "5|6", None, 4, None, None, None, None, None, None),
    (GBG, "GU03", "GI03", "2024-02-29", None, None, 3, None, None, None, None, None, None),
    # before implementation (2024-02-01): not the first follow-up after it
    (GBG, "GU04", "GI02", "2024-01-30", "10", None, 1, None, None, None, None, None, None),
    (GBG, "GU05", "GI02", "2024-03-01", None, None, None, None, None, None, None, None, None),
]  # fmt: skip


def build_raw(
    path: Path,
    arende: list[tuple] | None = None,
    insats: list[tuple] | None = None,
    uppfoljning: list[tuple] | None = None,
    kommungrupp: list[tuple] | None = None,
) -> None:
    """Create the raw schema in a DuckDB file and insert fixture rows (all current versions): this
    module's rows unless others are given (the columns of ARENDE_COLUMNS, INSATS_COLUMNS and
    UPPFOLJNING_COLUMNS), and optional municipality groups (kommun_kod, gruppkod, gruppnamn)."""
    con = duckdb.connect(str(path))
    try:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        for ddl in DDL.values():
            con.execute(ddl)
        meta_cols = ("load_id", "kalla_fil", "kalla_rad", "rad_hash", "giltig_fran", "giltig_till",
                     "giltig_till_load_id")  # fmt: skip
        for table, columns, current in (
            ("arende", ARENDE_COLUMNS, ARENDE if arende is None else arende),
            ("insats", INSATS_COLUMNS, INSATS if insats is None else insats),
            ("uppfoljning", UPPFOLJNING_COLUMNS, UPPFOLJNING if uppfoljning is None else uppfoljning),
        ):
            cols = (*columns, *meta_cols)
            sql = (f"insert into {RAW_SCHEMA}.{table} ({', '.join(cols)}) "
                   f"values ({', '.join('?' * len(cols))})")  # fmt: skip
            rows = [
                (*row, 1, f"{table}.csv", i, f"h{i}", datetime(2025, 4, 1), None, None)
                for i, row in enumerate(current, start=1)
            ]
            con.executemany(sql, rows)
        if kommungrupp:
            con.executemany(f"insert into {RAW_SCHEMA}.kommungrupp values (?, ?, ?)", kommungrupp)
    finally:
        con.close()


def run_dbt_build(warehouse: Path, work: Path, dbt_vars: dict | None = None) -> None:
    """`dbt build` of the whole project on `warehouse`; target and logs under `work`; `dbt_vars`
    overrides project variables (e.g. the small-count thresholds)."""
    args = ["build"] + (["--vars", json.dumps(dbt_vars)] if dbt_vars else [])
    result = run_dbt(args, warehouse, target_path=work / "target")
    assert result.clean, f"dbt build failed: {result.counts}\n" + "\n".join(result.failures)


_BUILT: dict[str, Path] = {}

# project variables that switch small-count protection off: every count and value shown
UTAN_SKYDD = {"isu_max_maskerat_antal": 0, "isu_min_namnare": 0}


def built_warehouse(tmp_path_factory, skyddad: bool = True) -> Path:
    """The fixture warehouse, built once per pytest session (tmp_path_factory is session-wide):
    with small-count protection (the project's thresholds), or without (UTAN_SKYDD) for exact
    comparisons of every cell."""
    key = "skyddad" if skyddad else "oskyddad"
    if key not in _BUILT:
        work = tmp_path_factory.mktemp(f"marts_aggregates_{key}")
        warehouse = work / "warehouse.duckdb"
        build_raw(warehouse)
        run_dbt_build(warehouse, work, None if skyddad else UTAN_SKYDD)
        _BUILT[key] = warehouse
    return _BUILT[key]
