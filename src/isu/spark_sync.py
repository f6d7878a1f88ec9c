"""The raw layer of the DuckDB warehouse as Parquet tables of Spark.

Spark cannot run the loader's SQL (DuckDB's), so `isu load` checks into the warehouse file as
always, and with `--target spark` (or at `isu build --target spark`) the raw tables are written as
validated Parquet that Spark reads: one folder per table under `spark-raw/v<N>/` beside the
warehouse, and a table `raw.<name>` of Spark's metastore over each. A new version is written whole
before any table is pointed at it, and the older versions are removed only after every table points
at the new one; a failure removes the new files and points any table already moved back at the old
ones, so Spark reads the last complete copy. Nothing is copied when
the raw layer did not change since the last copy (the fingerprint in `spark-raw/fingeravtryck`).

In session mode (the profile's default) Spark runs in this process with its metastore and tables
in the warehouse's folder, where `isu` also runs dbt; the raw files must then be readable by
Spark under the same path, which a cluster needs on shared storage (ISU_SPARK_RAW_DIR).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from isu.errors import IsuError
from isu.schema import RAW_SCHEMA
from isu.targets import SyncReport
from isu.warehouse import connect, raw_fingerprint, raw_tables, sql_literal


def raw_dir(warehouse: Path) -> Path:
    return Path(os.environ.get("ISU_SPARK_RAW_DIR") or warehouse.parent / "spark-raw").resolve()


def _require_pyspark() -> None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise IsuError(
            "Spark-stödet är inte installerat: kör `bash scripts/install.sh spark`.",
            "Spark support is not installed: run `bash scripts/install.sh spark`.",
        ) from None


@contextmanager
def spark_session(warehouse: Path, settings: dict[str, Any]) -> Iterator[Any]:
    """The SparkSession that dbt-spark's session mode will use too (same settings, same process,
    the metastore in the warehouse's folder)."""
    _require_pyspark()
    from pyspark.sql import SparkSession

    cwd = Path.cwd()
    os.chdir(warehouse.parent)
    try:
        builder = SparkSession.builder.enableHiveSupport()
        for key, value in (settings.get("server_side_parameters") or {}).items():
            builder = builder.config(key, value)
        yield builder.getOrCreate()
    finally:
        os.chdir(cwd)


def sync_raw_to_spark(warehouse: Path, settings: dict[str, Any], *, force: bool = False) -> SyncReport:
    if settings.get("method") != "session":
        raise IsuError(
            "ISU kopierar råtabellerna bara till Spark i session-läge (method: session i profiles.yml).",
            "ISU copies the raw tables only to Spark in session mode (method: session in profiles.yml).",
        )
    _require_pyspark()
    report = SyncReport()
    base = raw_dir(warehouse)
    base.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse, read_only=True)
    try:
        tables = raw_tables(con)
        wanted = raw_fingerprint(con, tables)
        marker = base / "fingeravtryck"
        current = marker.read_text(encoding="utf-8") if marker.exists() else None
        if not force and current == wanted:
            report.unchanged = True
            return report
        versions = sorted(int(p.name[1:]) for p in base.glob("v*") if p.name[1:].isdigit())
        previous = base / f"v{versions[-1]}" if versions and current is not None else None
        new = base / f"v{(versions[-1] if versions else 0) + 1}"
        try:
            for table in tables:
                (new / table).mkdir(parents=True)
                # COPY returns how many rows it wrote
                report.tables[table] = con.execute(
                    f"copy {RAW_SCHEMA}.{table} to {sql_literal(str(new / table / 'data.parquet'))} (format parquet)"
                ).fetchone()[0]
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
    finally:
        con.close()
    # the warehouse file is closed before Spark starts (about 20 s), so that its lock is not held
    # meanwhile; hence a second clean-up of the new files here rather than one around both steps
    try:
        with spark_session(warehouse, settings) as spark:
            _point_tables(spark, tables, new, previous)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    marker.write_text(wanted, encoding="utf-8")
    for old in base.glob("v*"):
        if old != new:
            shutil.rmtree(old, ignore_errors=True)
    return report


def _point_tables(spark: Any, tables: list[str], new: Path, previous: Path | None) -> None:
    """Point each table raw.<name> of the metastore at its folder under `new`. Spark's metastore has
    no transactions: if one fails, the tables already moved are pointed back at `previous` (the
    version of the last complete copy; dropped if there was none), so Spark reads either the old
    raw layer or the new one, never a mix."""
    spark.sql(f"create database if not exists {RAW_SCHEMA}")
    moved: list[str] = []
    try:
        for table in tables:
            _point(spark, table, new / table)
            moved.append(table)
    except BaseException:
        for table in moved:
            if previous is not None and (previous / table).is_dir():
                _point(spark, table, previous / table)
            else:
                spark.sql(f"drop table if exists {RAW_SCHEMA}.{table}")
        raise


def _point(spark: Any, table: str, folder: Path) -> None:
    spark.sql(f"drop table if exists {RAW_SCHEMA}.{table}")
    # Spark's string literals escape with a backslash ('' would be two literals run together)
    location = str(folder).replace("\\", "\\\\").replace("'", "\\'")
    spark.sql(f"create table {RAW_SCHEMA}.{table} using parquet location '{location}'")
