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


def _literals(wanted: set[str]) -> set[str]:
    """The entries of `wanted` that are not ten-digit cores: found as written."""
    return {w for w in wanted if not (w.isdigit() and len(w) == 10)}


def _leaks(text: str, wanted: set[str], literals: set[str]) -> set[str]:
    return (cores_in_text(text) & wanted) | {w for w in literals if w in text}


def leaks_in_text(text: str, wanted: set[str]) -> set[str]:
    """`wanted` holds ten-digit cores (found in any written form) and literal strings (found as written)."""
    return _leaks(text, wanted, _literals(wanted))


def leaks_in_files(paths: Iterable[Path], wanted: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for path in paths:
        if path.is_file():
            hits = leaks_in_text(path.read_bytes().decode("utf-8", errors="replace"), wanted)
            if hits:
                found[str(path)] = len(hits)
    return found


_INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
             "UHUGEINT"}  # fmt: skip


def _as_text(column: str, data_type: str) -> str:
    """The column as text for the scan. An integer can hold a personnummer only with 10 or 12 digits,
    so only those are cast (casting every hashed 128-bit key costs most of the scan)."""
    if data_type.upper() in _INTEGERS:
        c = f'"{column}"'
        negative = "" if data_type.upper().startswith("U") else f" or {c} between -999999999999 and -1000000000"
        return f"case when {c} between 1000000000 and 999999999999{negative} then cast({c} as varchar) end"
    return f'cast("{column}" as varchar)'


def leaks_in_warehouse(warehouse: Path, wanted: set[str]) -> dict[str, int]:
    """(schema.table.column) -> number of wanted personnummer found in it, over every column cast to text.

    One pass per table or view (a view is computed once, not once per column): every column is cast
    to text and unnested beside its name; only values with a candidate (ten or twelve digits with no
    digit before or after them, optionally split by '-' or '+') or one of the literal strings
    sought can hold a number. (Without the boundaries every hashed cell key, a 39-digit number,
    was a candidate: half a million values for the demo's protection relations.)"""
    con = duckdb.connect(str(warehouse))
    found: dict[str, int] = {}
    literals = sorted(w for w in wanted if not w.isdigit())
    as_written = _literals(wanted)  # once, not once per value (thousands of values, thousands sought)
    try:
        columns = con.execute(
            "select c.table_schema, c.table_name, c.column_name, c.data_type from information_schema.columns c "
            "join information_schema.tables t using (table_catalog, table_schema, table_name) "
            "where t.table_type in ('BASE TABLE', 'VIEW') order by 1, 2, c.ordinal_position"
        ).fetchall()
        by_table: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, data_type in columns:
            by_table.setdefault((schema, table), []).append((column, data_type))
        for (schema, table), cols in by_table.items():
            names = ", ".join("'" + c.replace("'", "''") + "'" for c, _ in cols)
            texts = ", ".join(_as_text(c, t) for c, t in cols)
            values = con.execute(
                f"select distinct k, v from (select unnest([{names}]) as k, unnest([{texts}]) as v "
                f'from "{schema}"."{table}") '
                # the candidate pattern of cores_in_text: no digit right before or after the number
                r"where regexp_matches(v, '(^|[^0-9])(\d{2})?\d{6}[-+]?\d{4}([^0-9]|$)') "
                "or len(list_filter(?, lambda w: contains(v, w))) > 0",
                [literals],
            ).fetchall()
            hits: dict[str, set[str]] = {}
            for column, value in values:
                hits.setdefault(column, set()).update(_leaks(value, wanted, as_written))
            for column, h in hits.items():
                if h:
                    found[f"{schema}.{table}.{column}"] = len(h)
    finally:
        con.close()
    return found
