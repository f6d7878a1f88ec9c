"""The DuckDB warehouse file: where it is, opening it, creating the raw layer."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from isu.errors import IsuError
from isu.schema import DDL, RAW_SCHEMA

DEFAULT_WAREHOUSE = Path("warehouse") / "isu.duckdb"
HISTORY_COLUMNS = ("load_id", "kalla_fil", "kalla_rad", "rad_hash", "giltig_fran", "giltig_till", "giltig_till_load_id")


def warehouse_path(path: Path | None = None) -> Path:
    """The warehouse file: the given path, else ISU_WAREHOUSE, else ./warehouse/isu.duckdb."""
    chosen = path or Path(os.environ.get("ISU_WAREHOUSE", DEFAULT_WAREHOUSE))
    return chosen.expanduser().resolve()


def memory_limit() -> str:
    """DuckDB's memory limit for loads: ISU_DUCKDB_MEMORY_LIMIT, default 2GB (DuckDB spills beyond it)."""
    return os.environ.get("ISU_DUCKDB_MEMORY_LIMIT", "2GB")


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    elif not path.exists():
        raise IsuError(
            f"Lagret {path} finns inte ännu; kör `isu load` först.",
            f"The warehouse {path} does not exist yet; run `isu load` first.",
        )
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        raise IsuError(
            f"Lagret {path} kan inte öppnas ({exc}). Används det av ett annat program (t.ex. en BI-klient)?",
            f"The warehouse {path} cannot be opened ({exc}). Is another program using it?",
        ) from None


def init_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and its tables if they are missing (inside the caller's transaction)."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for ddl in DDL.values():
        con.execute(ddl)


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, type) of a raw table's columns, in order."""
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


def business_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [c for c in columns_of(con, table) if c[0] not in HISTORY_COLUMNS]
