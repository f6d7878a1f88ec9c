"""The same dbt project on Spark (dbt-spark in session mode, local[*]): the demo built with
`isu build --target spark` equals DuckDB's build table by table, nothing Spark wrote holds a
personnummer, and `isu load --target spark` writes the raw layer as Parquet that Spark's metastore
reads, only when it changed, and never half.

`isu` runs here as a process of its own, as a user runs it: a process holds one Spark (one JVM, with
its metastore where it started), and the tests use two warehouses. The tables are read back from
the Parquet files Spark wrote, with DuckDB. Skips without pyspark (`bash scripts/install.sh spark`)
or Java (`bash scripts/java.sh`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import HANDGJORD, demo_personnummer
from engine_compare import (
    PUBLISHED,
    QUARANTINE,
    RAW_TABLES,
    assert_same_tables,
    duckdb_published_tables,
    duckdb_quarantine,
    duckdb_raw_counts,
    sorted_rows,
)
from isu.cli import app
from privacy import leaks_in_files, leaks_in_warehouse

pytest.importorskip("pyspark", reason="pyspark is not installed (bash scripts/install.sh spark)")
if shutil.which("java") is None:
    pytest.skip("no Java: Spark needs Java 17 or newer (bash scripts/java.sh)", allow_module_level=True)


def _isu(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "isu", *map(str, args)], capture_output=True, text=True, timeout=1800, check=False
    )


def _parquet_tables(root: Path) -> dict[tuple[str, str], Path]:
    """(schema, table) -> folder, for the tables Spark keeps under `root` (`<schema>.db/<table>/`)."""
    return {
        (schema_dir.name.removesuffix(".db"), table_dir.name): table_dir
        for schema_dir in sorted(root.glob("*.db"))
        for table_dir in sorted(schema_dir.iterdir())
        if table_dir.is_dir()
    }


def _reader() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")  # Spark stores timestamps as instants; its session runs in UTC
    return con


@pytest.fixture(scope="module")
def spark_demo(demo: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo warehouse (a copy) built again on Spark: (its folder, the command's output)."""
    folder, _ = demo
    work = tmp_path_factory.mktemp("spark")
    shutil.copy(folder / "isu.duckdb", work / "isu.duckdb")
    result = _isu("build", "-w", work / "isu.duckdb", "--target", "spark")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return work, output


def test_every_published_table_on_spark_equals_duckdb(spark_demo: tuple[Path, str], demo: tuple[Path, str]) -> None:
    """Every table of marts, fakta, restricted and kodverk: the same columns and, after sorting, the
    same rows; floats equal to 9 significant digits (see engine_compare)."""
    work, output = spark_demo
    assert "dbt build lyckades (succeeded)" in output and "Kopierat (copied): arende" in output
    spark = {k: v for k, v in _parquet_tables(work / "spark-warehouse").items() if k[0] in PUBLISHED}
    duck = duckdb.connect(str(demo[0] / "isu.duckdb"), read_only=True)
    reader = _reader()
    try:
        tables = duckdb_published_tables(duck)
        assert ("marts", "mart_indikator") in tables and ("fakta", "fct_arende") in tables
        assert sorted(spark) == sorted(tables)

        def fetch(schema: str, table: str, columns: list[str]) -> list[tuple]:
            files = f"{spark[(schema, table)]}/*.parquet"
            written = [c[0] for c in reader.execute(f"describe select * from read_parquet('{files}')").fetchall()]
            assert sorted(written) == sorted(columns), (schema, table)
            return reader.execute(f"select {', '.join(columns)} from read_parquet('{files}')").fetchall()

        assert_same_tables(duck, tables, fetch)
    finally:
        duck.close()
        reader.close()


def _spark_leaks(tables: dict[tuple[str, str], Path], wanted: set[str], scratch: Path) -> dict[str, int]:
    """The personnummer scan of privacy.leaks_in_warehouse over Parquet tables ((schema, table) ->
    folder), each seen as a view of a scratch DuckDB file."""
    views = scratch / "spark_views.duckdb"
    views.unlink(missing_ok=True)
    con = duckdb.connect(str(views))
    for schema in {s for s, _ in tables}:
        con.execute(f'create schema "{schema}"')
    for (schema, table), folder in tables.items():
        con.execute(f'create view "{schema}"."{table}" as select * from read_parquet(\'{folder}/*.parquet\')')
    con.close()
    return leaks_in_warehouse(views, wanted)


def test_no_personnummer_in_what_spark_wrote(
    spark_demo: tuple[Path, str], demo: tuple[Path, str], tmp_path: Path
) -> None:
    """Every table Spark wrote or reads (the built tables and the raw Parquet copy, every column as
    text), the text files in the folder and the command's output: none of the demo's numbers. The
    scan finds one planted in a table of its own."""
    work, output = spark_demo
    wanted = demo_personnummer(demo[0])
    assert len(wanted) > 2000
    tables = _parquet_tables(work / "spark-warehouse")
    (raw_version,) = (work / "spark-raw").glob("v*")  # spark-raw/v<N>/<table>/
    tables |= {("raw_kopia", t.name): t for t in raw_version.iterdir() if t.is_dir()}
    assert ("fakta", "fct_arende") in tables and ("raw_kopia", "arende") in tables and len(tables) > 40
    assert _spark_leaks(tables, wanted, tmp_path) == {}

    planted = tmp_path / "planted"
    planted.mkdir()
    number = sorted(wanted)[0]
    duckdb.sql(f"copy (select 'pnr {number[:6]}-{number[6:]}' as v) to '{planted}/x.parquet'")
    assert _spark_leaks({**tables, ("planterad", "t"): planted}, wanted, tmp_path) == {"planterad.t.v": 1}

    text_files = [p for p in work.rglob("*") if p.is_file() and p.suffix in (".log", ".txt", ".properties", "")]
    assert leaks_in_files(text_files, wanted) == {}
    assert not any(w in output for w in wanted)


def _copied_counts(folder: Path) -> dict[str, int]:
    """Rows per table of the one version of the raw copy under spark-raw/ (there must be one)."""
    (version,) = (folder / "spark-raw").glob("v*")
    reader = _reader()
    try:
        return {t: reader.execute(f"select count(*) from read_parquet('{version / t}/*.parquet')").fetchone()[0]
                for t in RAW_TABLES}  # fmt: skip
    finally:
        reader.close()


_METASTORE_COUNTS = """
import json, os, sys
from pyspark.sql import SparkSession
os.chdir(sys.argv[1])
spark = SparkSession.builder.enableHiveSupport().config("spark.ui.enabled", "false").getOrCreate()
print(json.dumps({t: spark.table("raw." + t).count() for t in sys.argv[2:]}))
"""


def test_load_to_spark_writes_the_raw_layer_that_spark_reads_and_only_when_it_changed(tmp_path: Path) -> None:
    """`isu load --target spark` on the hand-made fixture: the raw tables as Parquet, row for row
    (the quarantine with its messages); the same extract again copies nothing; a second extract
    makes a new version and removes the old; Spark's metastore then reads the new rows."""
    warehouse = tmp_path / "isu.duckdb"
    load = ("load", "-w", warehouse, "--demo-key", "--no-gx", "--target", "spark")
    first = _isu(load[0], HANDGJORD / "extrakt1", *load[1:])
    assert first.returncode in (0, 3), first.stderr[-3000:]
    assert "Kopierat (copied): arende" in first.stderr
    expected = duckdb_raw_counts(warehouse)
    assert _copied_counts(tmp_path) == expected and expected["karantan"] > 0
    (version,) = (tmp_path / "spark-raw").glob("v*")
    reader = _reader()
    copied = sorted_rows(reader.execute(QUARANTINE.format(f"read_parquet('{version}/karantan/*.parquet')")).fetchall())
    reader.close()
    assert copied == duckdb_quarantine(warehouse)

    again = _isu(load[0], HANDGJORD / "extrakt1", *load[1:])
    assert again.returncode in (0, 3), again.stderr[-3000:]
    assert "already holds these raw tables" in " ".join(again.stderr.split())
    assert list((tmp_path / "spark-raw").glob("v*")) == [version]

    second = _isu(load[0], HANDGJORD / "extrakt2", *load[1:])
    assert second.returncode in (0, 3), second.stderr[-3000:]
    expected = duckdb_raw_counts(warehouse)
    assert _copied_counts(tmp_path) == expected
    assert not version.exists()

    counts = subprocess.run(
        [sys.executable, "-c", _METASTORE_COUNTS, str(tmp_path), *RAW_TABLES],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(counts.stdout.strip().splitlines()[-1]) == expected


class _FakeSpark:
    """Records the statements; fails the n-th `create table` when asked (a metastore error)."""

    def __init__(self, fail_at: int | None = None) -> None:
        self.statements: list[str] = []
        self.fail_at = fail_at

    def sql(self, statement: str) -> None:
        self.statements.append(statement)
        creates = [s for s in self.statements if s.startswith("create table")]
        if statement.startswith("create table") and self.fail_at is not None and len(creates) == self.fail_at:
            raise RuntimeError("planned metastore failure")


def test_a_failed_spark_copy_leaves_spark_on_the_last_complete_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second table fails to move to the new version: the first is pointed back at the old files,
    the new files are removed, and the next copy starts again (no JVM: a recorded session)."""
    from isu import spark_sync

    warehouse = tmp_path / "isu.duckdb"
    runner = CliRunner()

    def load(extract: str) -> None:
        result = runner.invoke(app, ["load", str(HANDGJORD / extract), "-w", str(warehouse), "--demo-key", "--no-gx"])
        assert result.exit_code in (0, 3), result.output

    load("extrakt1")
    good = _FakeSpark()
    monkeypatch.setattr(spark_sync, "spark_session", _session(good))
    assert not spark_sync.sync_raw_to_spark(warehouse, {"method": "session"}).unchanged
    (v1,) = (tmp_path / "spark-raw").glob("v*")
    fingerprint = (tmp_path / "spark-raw" / "fingeravtryck").read_text()
    load("extrakt2")

    failing = _FakeSpark(fail_at=2)
    monkeypatch.setattr(spark_sync, "spark_session", _session(failing))
    with pytest.raises(RuntimeError, match="planned metastore failure"):
        spark_sync.sync_raw_to_spark(warehouse, {"method": "session"})
    first, second = good.statements[1].split()[-1], good.statements[3].split()[-1]  # raw.<table>
    v2 = v1.with_name("v2")
    assert failing.statements[1:] == [
        f"drop table if exists {first}",
        f"create table {first} using parquet location '{v2 / first.split('.')[1]}'",
        f"drop table if exists {second}",
        f"create table {second} using parquet location '{v2 / second.split('.')[1]}'",
        # the way back: the first table on the old files again
        f"drop table if exists {first}",
        f"create table {first} using parquet location '{v1 / first.split('.')[1]}'",
    ]
    assert sorted(p.name for p in (tmp_path / "spark-raw").iterdir()) == ["fingeravtryck", "v1"]
    assert (tmp_path / "spark-raw" / "fingeravtryck").read_text() == fingerprint

    again = _FakeSpark()
    monkeypatch.setattr(spark_sync, "spark_session", _session(again))
    assert not spark_sync.sync_raw_to_spark(warehouse, {"method": "session"}).unchanged
    assert sorted(p.name for p in (tmp_path / "spark-raw").iterdir()) == ["fingeravtryck", "v2"]
    assert all(str(v1) not in s for s in again.statements)


def _session(fake: _FakeSpark):
    @contextmanager
    def session(warehouse: Path, settings: dict) -> Iterator[_FakeSpark]:
        yield fake

    return session


def test_python_m_isu_is_the_isu_command() -> None:
    result = _isu("--help")
    assert result.returncode == 0 and "Usage: isu" in result.stdout
