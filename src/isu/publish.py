"""`isu publish`: the published marts in a folder of their own, for BI tools that read while ISU
loads and builds.

- `parquet/<table>.parquet`: one Parquet file per table of the schemas `marts` (dimensions,
  aggregates, indicators) and `fakta` (the row-level facts and bridges). The schema `restricted`
  (birth dates) is never published.
- `isu.duckdb`: the same tables, all in its schema `main`, in a DuckDB file written in DuckDB's
  storage version v1.0.0, which DuckDB 1.x clients (the driver bundled in many BI tools) open; the
  warehouse itself is in DuckDB 2's format, which they refuse.
- `publicering.json`: what was published: the tables with their rows, ISU's version, the time.

Every file is first written into a temporary folder beside them and then moved into place with a
rename, one file at a time: a reader sees a file either whole as it was or whole as it is now, never
half written, and a failed publish leaves the folder as it was. The warehouse is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from isu import __version__
from isu.warehouse import check_built, connect, sql_literal

SCHEMAS = ("marts", "fakta")  # table names are unique across them
STORAGE_VERSION = "v1.0.0"  # the oldest storage format DuckDB 2 writes; every DuckDB 1.x reads it


@dataclass
class PublishResult:
    folder: Path
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows


def published_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The published tables of the warehouse open in `con`: table -> its schema, by name."""
    return dict(
        con.execute(
            "select table_name, table_schema from information_schema.tables where table_catalog = current_database() "
            f"and table_schema in ({', '.join('?' for _ in SCHEMAS)}) and table_type = 'BASE TABLE' order by 1",
            list(SCHEMAS),
        ).fetchall()
    )


def _write(con: duckdb.DuckDBPyConnection, tables: dict[str, str], tmp: Path) -> dict[str, int]:
    """Write the Parquet files, the DuckDB file and the manifest into `tmp`; returns rows per table."""
    (tmp / "parquet").mkdir()
    rows: dict[str, int] = {}
    for table, schema in tables.items():
        target = sql_literal(str(tmp / "parquet" / f"{table}.parquet"))
        # COPY returns how many rows it wrote
        rows[table] = con.execute(
            f'copy (select * from {schema}."{table}") to {target} (format parquet, compression zstd)'
        ).fetchone()[0]
    database = sql_literal(str(tmp / "isu.duckdb"))
    # read_write: the warehouse is open read-only, and an attached database would be too
    con.execute(f"attach {database} as isu_publicering (storage_version '{STORAGE_VERSION}', read_write)")
    try:
        for table, schema in tables.items():
            con.execute(f'create table isu_publicering.main."{table}" as select * from {schema}."{table}"')
    finally:
        con.execute("detach isu_publicering")
    manifest = {
        "isu_version": __version__,
        "publicerad": datetime.now().astimezone().isoformat(timespec="seconds"),
        "duckdb_storage_version": STORAGE_VERSION,
        "tabeller": rows,
        "scheman": tables,
    }
    (tmp / "publicering.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return rows


def _move_into_place(tmp: Path, folder: Path, tables: dict[str, str]) -> None:
    """Rename each new file over the old one (atomic per file), then drop tables no longer published."""
    (folder / "parquet").mkdir(exist_ok=True)
    for table in tables:
        os.replace(tmp / "parquet" / f"{table}.parquet", folder / "parquet" / f"{table}.parquet")
    os.replace(tmp / "isu.duckdb", folder / "isu.duckdb")
    os.replace(tmp / "publicering.json", folder / "publicering.json")
    for old in (folder / "parquet").glob("*.parquet"):
        if old.stem not in tables:
            old.unlink()


def publish(warehouse: Path, folder: Path) -> PublishResult:
    """Publish the marts of a built warehouse into `folder` (created; earlier files replaced)."""
    con = connect(warehouse, read_only=True)
    try:
        check_built(con, warehouse)
        tables = published_tables(con)
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".isu-publish-", dir=folder))
        try:
            rows = _write(con, tables, tmp)
            _move_into_place(tmp, folder, tables)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return PublishResult(folder, rows)
    finally:
        con.close()
