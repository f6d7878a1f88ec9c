"""No plain personnummer anywhere: warehouse tables, quarantine, load log, log file, GX results, output."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from conftest import FIXTURE_PERSONNUMMER, HANDGJORD
from isu.cli import app
from privacy import core, cores_in_text, leaks_in_files, leaks_in_text, leaks_in_warehouse

# The ten-digit cores of the well-formed numbers, and the badly formed ones as they are written.
WANTED = {core(p) for p in FIXTURE_PERSONNUMMER} | {"19850101-12"}


def test_the_scanner_finds_every_form() -> None:
    assert len(WANTED) == len(FIXTURE_PERSONNUMMER) + 1 - 1  # A1's person is there in two forms
    assert leaks_in_text("x19850101-12", WANTED) == {"19850101-12"}
    for text in ("x 20150312-9809 y", "201503129809", "150312-9809", "150312+9809", "a:1503129809;"):
        assert leaks_in_text(text, WANTED) == {"1503129809"}
    assert cores_in_text("2024-01-05") == set()


def test_the_warehouse_scan_can_fail(tmp_path: Path) -> None:
    db = tmp_path / "x.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema s; create table s.t (a varchar, b bigint); insert into s.t values ('ok', 201503129809)")
    con.execute("create table s.u (c varchar); insert into s.u values ('saw x19850101-12y'), ('2024-01-05')")
    con.close()
    assert leaks_in_warehouse(db, WANTED) == {"s.t.b": 1, "s.u.c": 1}


def test_no_personnummer_after_load_build_and_gx_docs(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh" / "isu.duckdb"
    runner = CliRunner()
    outputs = []
    for extract in ("extrakt1", "extrakt2"):
        result = runner.invoke(
            app, ["load", str(HANDGJORD / extract), "--warehouse", str(warehouse), "--demo-key", "--max-karantan", "1"]
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    result = runner.invoke(app, ["gx-docs", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    outputs.append(result.output)
    # The quarantine really holds the rows with bad personnummer (so the scan below means something).
    con = duckdb.connect(str(warehouse), read_only=True)
    bad = con.execute("select count(*) from raw.karantan where regel like 'personnummer%'").fetchone()[0]
    con.close()
    assert bad == 5
    assert leaks_in_warehouse(warehouse, WANTED) == {}
    assert leaks_in_text("\n".join(outputs), WANTED) == set()
    files = [warehouse.parent / "isu.log", *(warehouse.parent / "gx").rglob("*")]
    feedback = list((warehouse.parent / "aterkoppling").rglob("aterkoppling_*"))
    assert len(files) > 5 and len(feedback) >= 4
    files += feedback
    assert leaks_in_files(files, WANTED) == {}


def test_an_unreadable_line_with_a_personnummer_is_not_copied(tmp_path: Path) -> None:
    extract = tmp_path / "ex"
    shutil.copytree(HANDGJORD / "extrakt1", extract)
    warehouse = tmp_path / "isu.duckdb"
    result = CliRunner().invoke(
        app, ["load", str(extract), "--warehouse", str(warehouse), "--demo-key", "--no-gx", "--max-karantan", "1"]
    )
    assert result.exit_code == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select radinnehall, varde, nyckel from raw.karantan where regel like 'personnummer%'"
    ).fetchall()
    con.close()
    assert rows and all(leaks_in_text(" ".join(str(v) for v in r), WANTED) == set() for r in rows)
