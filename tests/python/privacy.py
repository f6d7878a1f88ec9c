"""Scanning for personnummer: every column of every table of a DuckDB file, and text files.

Any run of digits that could be a personnummer (YYMMDDNNNN with an optional century and an optional
'-' or '+') is reduced to its ten-digit core and compared with the cores of the numbers we look for,
so all four written forms of a number are found, wherever in a value they stand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb

_CANDIDATE = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})[-+]?(\d{4})(?!\d)")


def core(pnr: str) -> str:
    """The ten digits YYMMDDNNNC of a personnummer in any of its forms."""
    digits = "".join(ch for ch in pnr if ch.isdigit())
    return digits[-10:]


def cores_in_text(text: str) -> set[str]:
    return {m[1] + m[2] for m in _CANDIDATE.finditer(text)}


def leaks_in_text(text: str, wanted: set[str]) -> set[str]:
    """`wanted` holds ten-digit cores (found in any written form) and literal strings (found as written)."""
    literals = {w for w in wanted if not (w.isdigit() and len(w) == 10)}
    return (cores_in_text(text) & wanted) | {w for w in literals if w in text}


def leaks_in_files(paths: Iterable[Path], wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in paths:
        if path.is_file():
            hits = leaks_in_text(path.read_bytes().decode("utf-8", errors="replace"), wanted)
            if hits:
                found[str(path)] = len(hits)
    return found


def leaks_in_warehouse(warehouse: Path, wanted: set[str]) -> dict[str, int]:
    """(schema.table.column) -> number of wanted personnummer found in it, over every column cast to text."""
    con = duckdb.connect(str(warehouse))
    found: dict[str, int] = {}
    try:
        columns = con.execute(
            "select c.table_schema, c.table_name, c.column_name from information_schema.columns c "
            "join information_schema.tables t using (table_catalog, table_schema, table_name) "
            "where t.table_type in ('BASE TABLE', 'VIEW') order by 1, 2, 3"
        ).fetchall()
        for schema, table, column in columns:
            # Only values with ten digits in a row (optionally split by '-' or '+') can hold a number.
            values = con.execute(
                f'select distinct v from (select cast("{column}" as varchar) as v from "{schema}"."{table}") '
                r"where regexp_matches(v, '\d{6}[-+]?\d{4}') or len(list_filter(?, lambda w: contains(v, w))) > 0",
                [sorted(w for w in wanted if not w.isdigit())],
            ).fetchall()
            hits = set()
            for (value,) in values:
                hits |= leaks_in_text(value, wanted)
            if hits:
                found[f"{schema}.{table}.{column}"] = len(hits)
    finally:
        con.close()
    return found
