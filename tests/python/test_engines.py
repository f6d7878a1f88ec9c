"""The same dbt project on PostgreSQL: the raw copy, the build, every published table equal to
DuckDB's, and the roles that may and may not read each schema.

Needs a PostgreSQL server: `eval "$(bash scripts/postgres.sh)"` starts one on the loopback interface
and sets ISU_PG_*; scripts/test.sh does so. Without ISU_PG_HOST the tests skip, saying why. Each
test session works in a database of its own, dropped at the end."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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

psycopg2 = pytest.importorskip("psycopg2", reason="dbt-postgres is not installed (bash scripts/install.sh postgres)")


def _connect(database: str, user: str | None = None):
    return psycopg2.connect(
        host=os.environ["ISU_PG_HOST"],
        port=int(os.environ.get("ISU_PG_PORT", "5432")),
        user=user or os.environ.get("ISU_PG_USER", "isu"),
        password=os.environ.get("ISU_PG_PASSWORD") or None,
        dbname=database,
    )


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    """A fresh database on the server of ISU_PG_*, and ISU_PG_DATABASE pointing at it."""
    if not os.environ.get("ISU_PG_HOST"):
        pytest.skip('no PostgreSQL server: run eval "$(bash scripts/postgres.sh)" first (scripts/test.sh does)')
    name = f"isu_test_{uuid.uuid4().hex[:8]}"
    admin = _connect(os.environ.get("ISU_PG_DATABASE", "isu"))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"create database {name}")
    old = os.environ.get("ISU_PG_DATABASE")
    os.environ["ISU_PG_DATABASE"] = name
    try:
        yield name
    finally:
        if old is None:
            os.environ.pop("ISU_PG_DATABASE", None)
        else:
            os.environ["ISU_PG_DATABASE"] = old
        with admin.cursor() as cur:
            cur.execute("select usename, state, left(query, 80) from pg_stat_activity where datname = %s", [name])
            left_open = cur.fetchall()
            cur.execute(f"drop database if exists {name} with (force)")
        admin.close()
        assert left_open == [], f"connections left open on the test database: {left_open}"


@pytest.fixture(scope="module")
def pg_demo(demo: tuple[Path, str], pg_database: str) -> tuple[Path, str, str]:
    """The demo warehouse built again on PostgreSQL with `isu build --target postgres`."""
    folder, _ = demo
    result = CliRunner().invoke(app, ["build", "-w", str(folder / "isu.duckdb"), "--target", "postgres"])
    assert result.exit_code == 0, result.output
    return folder, pg_database, result.output


def test_every_published_table_on_postgres_equals_duckdb(pg_demo: tuple[Path, str, str]) -> None:
    """Every table of marts, fakta, restricted and kodverk: the same columns and, after sorting, the
    same rows; floats equal to 9 significant digits (the engines sum and divide in different orders)."""
    folder, database, output = pg_demo
    assert "dbt build lyckades (succeeded)" in output
    duck = duckdb.connect(str(folder / "isu.duckdb"), read_only=True)
    pg = _connect(database)
    try:
        tables = duckdb_published_tables(duck)
        assert ("marts", "mart_indikator") in tables and ("fakta", "fct_arende") in tables
        assert len(tables) >= 25
        with pg.cursor() as cur:
            cur.execute(
                "select table_schema, table_name from information_schema.tables where table_schema = any(%s) "
                "and table_type = 'BASE TABLE' order by 1, 2",
                [list(PUBLISHED)],
            )
            assert sorted(cur.fetchall()) == sorted(tables)

            def fetch(schema: str, table: str, columns: list[str]) -> list[tuple]:
                cur.execute(f"select {', '.join(columns)} from {schema}.{table}")
                return cur.fetchall()

            assert_same_tables(duck, tables, fetch)
    finally:
        duck.close()
        pg.close()


def _refused(database: str, user: str, sql: str) -> bool:
    """True if `user` is refused `sql` for want of privilege; False if it runs."""
    con = _connect(database, user)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            cur.fetchall()
        return False
    except psycopg2.errors.InsufficientPrivilege:
        return True
    finally:
        con.close()


def test_the_analyst_reads_the_aggregates_only_and_the_investigator_also_the_facts(
    pg_demo: tuple[Path, str, str],
) -> None:
    """Two people with a login, one in isu_analytiker, one in isu_utredare (the roles the build's
    grants name): each may read what the README says, and is refused the rest."""
    _, database, _ = pg_demo
    anna, ulf = f"{database}_anna", f"{database}_ulf"
    admin = _connect(database)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f"create role {anna} login in role isu_analytiker")
        cur.execute(f"create role {ulf} login in role isu_utredare")
    try:
        published = [
            "select * from marts.mart_indikator limit 1",
            "select * from marts.mart_ledtid limit 1",
            "select * from marts.dim_kommun limit 1",
            "select * from kodverk.kodverk limit 1",
        ]
        row_level = [
            "select * from fakta.fct_arende limit 1",
            "select * from fakta.brg_arende_problematik limit 1",
            "select * from indikator.ind_nojd limit 1",
        ]
        nobody = [
            "select * from raw.arende limit 1",
            "select * from raw.karantan limit 1",
            "select * from staging.stg_arende limit 1",
            "select * from intermediate.int_arende_person limit 1",
            "select * from restricted.dim_person limit 1",
        ]
        for sql in published:
            assert not _refused(database, anna, sql), sql
            assert not _refused(database, ulf, sql), sql
        for sql in row_level:
            assert _refused(database, anna, sql), sql
            assert not _refused(database, ulf, sql), sql
        for sql in nobody:
            assert _refused(database, anna, sql), sql
            assert _refused(database, ulf, sql), sql
    finally:
        with admin.cursor() as cur:
            cur.execute(f"drop role {anna}")
            cur.execute(f"drop role {ulf}")
        admin.close()


def _pg_leaks(cur, wanted: set[str]) -> dict[str, int]:
    """(schema.table.column) -> how many of the wanted ten-digit numbers its values hold, over every
    text column of every table of the database (system schemas aside)."""
    cur.execute(
        "select c.table_schema, c.table_name, c.column_name from information_schema.columns c "
        "join information_schema.tables t using (table_schema, table_name) "
        "where t.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema') "
        "and c.data_type in ('text', 'character varying')"
    )
    found = {}
    for schema, table, column in cur.fetchall():
        # every run of ten or twelve digits with no digit beside it (a 39-digit cell key is none),
        # also written with '-', '+' or a space before the last four: its last ten digits
        cur.execute(
            f"select distinct right(regexp_replace(m[1], '[^0-9]', '', 'g'), 10) "
            f'from {schema}.{table}, regexp_matches("{column}", '
            "'(?<![0-9])([0-9]{6}(?:[0-9]{2})?[-+ ]?[0-9]{4})(?![0-9])', 'g') as m"
        )
        hits = wanted & {r[0] for r in cur.fetchall()}
        if hits:
            found[f"{schema}.{table}.{column}"] = len(hits)
    return found


def test_no_personnummer_reaches_postgres(pg_demo: tuple[Path, str, str]) -> None:
    """Every text column of every table of every schema of the server, scanned for the demo's
    numbers; the scan itself finds one planted in a table, in each way it can be written."""
    folder, database, output = pg_demo
    wanted = demo_personnummer(folder)
    assert len(wanted) > 2000
    planted = sorted(wanted)[0]
    pg = _connect(database)
    try:
        with pg.cursor() as cur:
            cur.execute("create table public.planterad (v text)")
            for text in (f"19{planted}", f"{planted[:6]}-{planted[6:]}", f"pnr: 20{planted[:6]} {planted[6:]}/1"):
                cur.execute("insert into public.planterad values (%s)", [text])
            assert _pg_leaks(cur, wanted) == {"public.planterad.v": 1}
            pg.rollback()
            assert _pg_leaks(cur, wanted) == {}
    finally:
        pg.close()
    assert not any(w in output for w in wanted)


def test_load_to_postgres_copies_the_raw_layer_whole_and_only_when_it_changed(
    pg_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`isu load --target postgres`: the raw tables (versions, quarantine, load log) arrive row for
    row; a second copy of the same layer does nothing; a copy that fails half way leaves the server
    as it was."""
    from isu import pg_sync
    from isu.targets import resolve_target, sync_raw

    warehouse = tmp_path / "isu.duckdb"
    runner = CliRunner()
    extract = str(HANDGJORD / "extrakt1")
    args = ["load", extract, "-w", str(warehouse), "--demo-key", "--no-gx", "--target", "postgres"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 3), result.output
    assert "Kopierat (copied): arende" in result.output

    def counts() -> dict[str, int]:
        pg = _connect(pg_database)
        try:
            with pg.cursor() as cur:
                out = {}
                for table in RAW_TABLES:
                    cur.execute(f"select count(*) from raw.{table}")
                    out[table] = cur.fetchone()[0]
                return out
        finally:
            pg.close()

    expected = duckdb_raw_counts(warehouse)
    assert counts() == expected and expected["karantan"] > 0
    pg = _connect(pg_database)
    with pg.cursor() as cur:
        cur.execute(QUARANTINE.format("raw.karantan"))
        assert sorted_rows(cur.fetchall()) == duckdb_quarantine(warehouse)
    pg.close()

    target = resolve_target("postgres")
    assert sync_raw(warehouse, target).unchanged

    # a second extract changes the raw layer; the copy fails after its first table: nothing changes
    result = runner.invoke(app, ["load", str(HANDGJORD / "extrakt2"), "-w", str(warehouse), "--demo-key",
                                 "--no-gx"])  # fmt: skip
    assert result.exit_code in (0, 3), result.output
    real = pg_sync._replace_table
    calls = []

    def failing(cur, table, columns, csv_file):
        calls.append(table)
        if len(calls) == 2:
            raise psycopg2.errors.DiskFull("planned failure")
        real(cur, table, columns, csv_file)

    monkeypatch.setattr(pg_sync, "_replace_table", failing)
    with pytest.raises(Exception, match="rolled back"):
        sync_raw(warehouse, target)
    assert counts() == expected
    assert not list(tmp_path.glob(".isu-pg-*"))  # the CSV files are gone
    monkeypatch.setattr(pg_sync, "_replace_table", real)
    assert not sync_raw(warehouse, target).unchanged
    assert counts() == duckdb_raw_counts(warehouse)
