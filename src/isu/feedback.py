"""Feedback files of a load: what each municipality sends back to its case-system vendor.

For every municipality of a load, one Excel workbook (a summary by rule, then one sheet per table)
and one CSV (all findings), with file, line, key, column, rule, severity and the message in Swedish
and English. Values come from the quarantine and warning tables, which are already masked: no
personnummer is written, whatever column it arrived in. Rows whose municipality code is not one
of the extract's known municipalities (a mistyped code, a line that could not be read) go to the
files named `okand_kommun`.
"""

from __future__ import annotations

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


def findings(con: duckdb.DuckDBPyConnection, load_id: int) -> pd.DataFrame:
    """Errors (quarantined rows) and warnings (loaded rows) of one load, in file and line order."""
    frame = con.execute(
        f"""
        select kommun_kod, tabell, fil, rad, nyckel, kolumn, regel, 'fel' as allvarlighet,
               meddelande, meddelande_en, varde
        from {RAW_SCHEMA}.karantan where load_id = ?
        union all
        select kommun_kod, tabell, fil, rad, nyckel, kolumn, regel, 'varning',
               meddelande, meddelande_en, varde
        from {RAW_SCHEMA}.varning where load_id = ?
        order by tabell, fil, rad, regel, kolumn
        """,
        [load_id, load_id],
    ).df()
    return frame


def write_feedback(con: duckdb.DuckDBPyConnection, load_id: int, folder: Path, kommuner: set[str]) -> list[Path]:
    """Write the feedback files of a load into `folder`; returns the files written."""
    frame = findings(con, load_id)
    if frame.empty:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    frame = frame.map(_clean)
    owner = frame["kommun_kod"].where(frame["kommun_kod"].isin(kommuner), UNKNOWN).fillna(UNKNOWN)
    written: list[Path] = []
    for kommun in sorted(owner.unique()):
        part = frame[owner == kommun]
        csv_path = folder / f"aterkoppling_{kommun}.csv"
        part[["tabell", *COLUMNS]].to_csv(csv_path, sep=";", index=False, encoding="utf-8-sig")
        xlsx_path = folder / f"aterkoppling_{kommun}.xlsx"
        with pd.ExcelWriter(xlsx_path, engine="openpyxl") as xl:
            _summary(part).to_excel(xl, sheet_name="sammanfattning", index=False)
            for tabell, rows in part.groupby("tabell", sort=True):
                rows[COLUMNS].to_excel(xl, sheet_name=str(tabell), index=False)
        written += [xlsx_path, csv_path]
    return written


def _summary(part: pd.DataFrame) -> pd.DataFrame:
    """One row per table and rule: how many rows, severity and what the rule says."""
    counts = part.groupby(["tabell", "regel", "allvarlighet"], as_index=False).agg(rader=("rad", "nunique"))
    counts["regeltext"] = counts["regel"].map(lambda r: RULES_BY_CODE[r].sv if r in RULES_BY_CODE else "")
    counts["rule_text"] = counts["regel"].map(lambda r: RULES_BY_CODE[r].en if r in RULES_BY_CODE else "")
    return counts.sort_values(["allvarlighet", "tabell", "rader"], ascending=[True, True, False])
