"""Feedback files of a load: what each municipality sends back to its case-system vendor.

For every municipality of a load, one Excel workbook (a summary by rule, then one sheet per table)
and one CSV (all findings), with file, line, key, column, rule, severity and the message in Swedish
and English. Values come from the quarantine and warning tables, which are already masked: no
personnummer is written, whatever column it arrived in. Rows whose municipality code is not one
of the extract's known municipalities (a mistyped code, a line that could not be read) go to the
files named `okand_kommun`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pandas as pd

from isu.rules import RULES_BY_CODE
from isu.schema import RAW_SCHEMA

COLUMNS = ["fil", "rad", "nyckel", "kolumn", "regel", "allvarlighet", "meddelande", "meddelande_en", "varde"]
UNKNOWN = "okand_kommun"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in a workbook


def _clean(value: object) -> object:
    return _CONTROL.sub("\N{REPLACEMENT CHARACTER}", value) if isinstance(value, str) else value


# An Excel sheet is for reading, not for 300,000 findings: each table's sheet holds the first rows,
# the CSV holds every finding (and says so in the summary).
EXCEL_MAX_ROWS = 10_000

_FINDINGS = f"""
    select kommun_kod, tabell, fil, rad, nyckel, kolumn, regel, 'fel' as allvarlighet,
           meddelande, meddelande_en, varde
    from {RAW_SCHEMA}.karantan where load_id = $load_id
    union all
    select kommun_kod, tabell, fil, rad, nyckel, kolumn, regel, 'varning',
           meddelande, meddelande_en, varde
    from {RAW_SCHEMA}.varning where load_id = $load_id
"""
_ORDER = "order by tabell, fil, rad, regel, kolumn"


def findings(con: duckdb.DuckDBPyConnection, load_id: int) -> pd.DataFrame:
    """Errors (quarantined rows) and warnings (loaded rows) of one load, in file and line order."""
    return con.execute(f"{_FINDINGS} {_ORDER}", {"load_id": load_id}).df()


def write_feedback(con: duckdb.DuckDBPyConnection, load_id: int, folder: Path, kommuner: set[str]) -> list[Path]:
    """Write the feedback files of a load into `folder`; returns the files written. The findings are
    streamed from DuckDB (a national load may have hundreds of thousands)."""
    known = ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(kommuner)) or "null"
    con.execute(
        "create or replace temp table _feedback as select case when kommun_kod in "
        f"({known}) then kommun_kod else '{UNKNOWN}' end as agare, * from ({_FINDINGS})",
        {"load_id": load_id},
    )
    owners = [r[0] for r in con.execute("select distinct agare from _feedback order by 1").fetchall()]
    if owners:
        folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    cols = ", ".join(["tabell", *COLUMNS])
    for owner in owners:
        csv_path = folder / f"aterkoppling_{owner}.csv"
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            out = csv.writer(fh, delimiter=";")
            out.writerow(["tabell", *COLUMNS])
            result = con.execute(f"select {cols} from _feedback where agare = ? {_ORDER}", [owner])
            while batch := result.fetchmany(50_000):
                out.writerows([["" if v is None else v for v in row] for row in batch])
        xlsx_path = folder / f"aterkoppling_{owner}.xlsx"
        with pd.ExcelWriter(xlsx_path, engine="openpyxl") as xl:
            summary = _summary(con, owner)
            summary.to_excel(xl, sheet_name="sammanfattning", index=False)
            for (tabell,) in con.execute(
                "select distinct tabell from _feedback where agare = ? order by 1", [owner]
            ).fetchall():
                rows = con.execute(
                    f"select {', '.join(COLUMNS)} from _feedback where agare = ? and tabell = ? {_ORDER} "
                    f"limit {EXCEL_MAX_ROWS}",
                    [owner, tabell],
                ).df()
                rows.map(_clean).to_excel(xl, sheet_name=str(tabell), index=False)
        written += [xlsx_path, csv_path]
    con.execute("drop table _feedback")
    return written


def _summary(con: duckdb.DuckDBPyConnection, owner: str) -> pd.DataFrame:
    """One row per table and rule: how many rows, severity and what the rule says (and, when a
    table has more findings than its sheet shows, that the CSV has them all)."""
    counts = con.execute(
        "select tabell, regel, allvarlighet, count(distinct rad) as rader from _feedback where agare = ? "
        "group by all order by allvarlighet, tabell, rader desc, regel",
        [owner],
    ).df()
    counts["regeltext"] = counts["regel"].map(lambda r: RULES_BY_CODE[r].sv if r in RULES_BY_CODE else "")
    counts["rule_text"] = counts["regel"].map(lambda r: RULES_BY_CODE[r].en if r in RULES_BY_CODE else "")
    cut = con.execute(
        "select tabell, count(*) from _feedback where agare = ? group by 1 having count(*) > ? order by 1",
        [owner, EXCEL_MAX_ROWS],
    ).fetchall()
    notes = [
        {"tabell": t, "regel": "", "allvarlighet": "", "rader": n,
         "regeltext": f"bladet {t} visar de första {EXCEL_MAX_ROWS} av {n} fynden; alla finns i CSV-filen",
         "rule_text": f"the sheet {t} shows the first {EXCEL_MAX_ROWS} of {n} findings; the CSV file has them all"}
        for t, n in cut
    ]  # fmt: skip
    return pd.concat([counts, pd.DataFrame(notes)], ignore_index=True) if notes else counts
