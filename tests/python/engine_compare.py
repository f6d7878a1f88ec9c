"""Comparing the published tables of two engines: the same columns and, after sorting, the same rows.

Floats must agree to 9 significant digits: the engines sum and divide in different orders, so the
last bits of a share or an interval may differ; every other value must be equal. Used by the
PostgreSQL and Spark tests against the DuckDB build of the same demo."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import duckdb

# the schemas a build publishes (and restricted, which must equal too), compared table by table
PUBLISHED = ("marts", "fakta", "restricted", "kodverk")

# the raw tables a copy to another engine carries (versions, quarantine, load log, warnings), and the
# quarantine's columns that must arrive row for row (its messages, lines and rules, not only its size)
RAW_TABLES = ("arende", "insats", "uppfoljning", "karantan", "laddlogg", "varning")
QUARANTINE = "select load_id, tabell, fil, rad, kolumn, regel, meddelande from {}"


def duckdb_raw_counts(warehouse: Path) -> dict[str, int]:
    """Rows per raw table of the DuckDB warehouse file."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}
    finally:
        con.close()


def duckdb_quarantine(warehouse: Path) -> list[tuple]:
    """The quarantine of the DuckDB warehouse file, sorted (QUARANTINE's columns)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return sorted_rows(con.execute(QUARANTINE.format("raw.karantan")).fetchall())
    finally:
        con.close()


def _value(v: object) -> object:
    """One cell in a form both engines give alike: Decimal -> float, a timestamp without time zone."""
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        return v.replace(tzinfo=None)
    return v


def sorted_rows(rows: list[tuple]) -> list[tuple]:
    """Rows in an order that does not depend on the last bits of a float: by every non-float column
    first, then by the floats rounded to 9 significant digits."""

    def key(row: tuple) -> tuple:
        exact = tuple((v is None, "" if v is None else str(v)) for v in row if not isinstance(v, float))
        approx = tuple(float(f"{v:.9g}") for v in row if isinstance(v, float))
        return exact + approx

    return sorted((tuple(_value(v) for v in r) for r in rows), key=key)


def same(a: object, b: object) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int) and float in (type(a), type(b)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def duckdb_published_tables(duck: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return duck.execute(
        "select table_schema, table_name from information_schema.tables where table_schema in "
        f"({', '.join(repr(s) for s in PUBLISHED)}) and table_type = 'BASE TABLE' order by 1, 2"
    ).fetchall()


def assert_same_tables(
    duck: duckdb.DuckDBPyConnection,
    tables: list[tuple[str, str]],
    fetch: Callable[[str, str, list[str]], list[tuple]],
) -> None:
    """Every (schema, table) of `tables` in the DuckDB warehouse `duck` equals what `fetch(schema,
    table, columns)` reads from the other engine (the columns in DuckDB's order)."""
    for schema, table in tables:
        d = duck.execute(f"select * from {schema}.{table}")
        columns = [c[0] for c in d.description]
        d_rows = sorted_rows(d.fetchall())
        o_rows = sorted_rows(fetch(schema, table, columns))
        assert len(o_rows) == len(d_rows), (schema, table, len(d_rows), len(o_rows))
        for d_row, o_row in zip(d_rows, o_rows, strict=True):
            assert all(same(a, b) for a, b in zip(d_row, o_row, strict=True)), (schema, table, d_row, o_row)
