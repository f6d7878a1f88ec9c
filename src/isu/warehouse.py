"""The DuckDB warehouse file: where it is, opening it, creating the raw layer."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from isu.errors import IsuError
from isu.schema import ADDED_COLUMNS, DDL, RAW_SCHEMA

DEFAULT_WAREHOUSE = Path("warehouse") / "isu.duckdb"
HISTORY_COLUMNS = ("load_id", "kalla_fil", "kalla_rad", "rad_hash", "giltig_fran", "giltig_till", "giltig_till_load_id")


def warehouse_path(path: Path | None = None) -> Path:
    """The warehouse file: the given path, else ISU_WAREHOUSE, else ./warehouse/isu.duckdb."""
    chosen = path or Path(os.environ.get("ISU_WAREHOUSE", DEFAULT_WAREHOUSE))
    return chosen.expanduser().resolve()


def memory_limit() -> str:
    """DuckDB's memory limit for loads: ISU_DUCKDB_MEMORY_LIMIT, default 2GB (DuckDB spills beyond it)."""
    return os.environ.get("ISU_DUCKDB_MEMORY_LIMIT", "2GB")


def check_warehouse_path(path: Path) -> None:
    """An IsuError unless the warehouse file can be created or opened at `path`."""
    parent = path.parent
    blocker = next((p for p in (path, *path.parents) if p.exists()), None)
    if path.is_dir():
        raise IsuError(f"Lagret {path} är en mapp; ange en fil, t.ex. {path / 'isu.duckdb'}.",
                       f"The warehouse {path} is a folder; name a file, e.g. {path / 'isu.duckdb'}.")  # fmt: skip
    if blocker is not None and blocker != path and not blocker.is_dir():
        raise IsuError(f"Lagret {path} kan inte skapas: {blocker} är en fil, inte en mapp.",
                       f"The warehouse {path} cannot be created: {blocker} is a file, not a folder.")  # fmt: skip
    target = path if path.exists() else (parent if parent.exists() else blocker)
    if target is not None and not os.access(target, os.W_OK):
        raise IsuError(f"Lagret {path} kan inte skrivas: ingen skrivbehörighet till {target}.",
                       f"The warehouse {path} cannot be written: no write permission on {target}.")  # fmt: skip


def check_loaded(path: Path) -> list[int]:
    """The load ids of the warehouse; an IsuError unless `isu load` has loaded it at least once."""
    if not path.is_file():
        raise IsuError(
            f"Lagret {path} finns inte; kontrollera sökvägen eller kör `isu load` först.",
            f"The warehouse {path} does not exist; check the path or run `isu load` first.",
        )
    try:
        # As the builds open it (read-write), so that a process that built before (dbt keeps its
        # DuckDB instance) can check again; read-only where the file cannot be written.
        con = duckdb.connect(str(path)) if os.access(path, os.W_OK) else duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise IsuError(f"{path} kan inte öppnas som ett ISU-lager ({exc}).",
                       f"{path} cannot be opened as an ISU warehouse ({exc}).") from None  # fmt: skip
    try:
        loads = [r[0] for r in con.execute(f"select distinct load_id from {RAW_SCHEMA}.laddlogg order by 1").fetchall()]
    except duckdb.Error:
        loads = []
    finally:
        con.close()
    if not loads:
        raise IsuError(
            f"Lagret {path} har aldrig laddats; kör `isu load` först.",
            f"The warehouse {path} was never loaded; run `isu load` first.",
        )
    return loads


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        check_warehouse_path(path)
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


def check_built(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """An IsuError unless `isu build` has built the warehouse open in `con` (it has marts.mart_indikator)."""
    built = con.execute(
        "select count(*) from information_schema.tables where table_catalog = current_database() "
        "and table_schema = 'marts' and table_name = 'mart_indikator'"
    ).fetchone()[0]
    if not built:
        raise IsuError(
            f"Lagret {path} är inte byggt: kör `isu build` först.",
            f"The warehouse {path} is not built: run `isu build` first.",
        )


def init_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and its tables if they are missing (inside the caller's transaction)."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for ddl in DDL.values():
        con.execute(ddl)
    for table, added in ADDED_COLUMNS.items():
        for name, typ in added:
            con.execute(f"alter table {RAW_SCHEMA}.{table} add column if not exists {name} {typ}")


def sql_literal(text: str) -> str:
    """A plain SQL string literal (ATTACH and COPY take a literal path, not an expression)."""
    return "'" + text.replace("'", "''") + "'"


def raw_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of the raw layer, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
        "order by 1",
        [RAW_SCHEMA],
    ).fetchall()
    return [r[0] for r in rows]


def raw_fingerprint(con: duckdb.DuckDBPyConnection, tables: list[str]) -> str:
    """Rows and a hash of every raw table: equal fingerprints, equal raw layers (for all a copy of
    the layer to another engine needs to know)."""
    parts = []
    for table in tables:
        rows, total = con.execute(f"select count(*), sum(hash(t)) from {RAW_SCHEMA}.{table} as t").fetchone()
        parts.append(f"{table}:{rows}:{total}")
    return ";".join(parts)


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
