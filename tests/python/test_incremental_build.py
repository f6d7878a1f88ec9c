"""Incremental builds by municipality: after a monthly extract of one municipality, `isu build`
rebuilds the row-level models for that municipality only, and every table of the warehouse is then
identical to a full rebuild (`isu build --full-refresh`)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from conftest import load, raw_arende, raw_laddlogg
from isu.build_plan import log_build, plan_build, write_build_municipalities
from isu.cli import app, do_build
from isu.dbt_runner import ensure_raw, run_dbt
from isu.generate import generate_extract
from isu.warehouse import connect

SCHEMAS = ("intermediate", "marts", "fakta", "restricted", "indikator")


def _tables(warehouse: Path) -> list[str]:
    con = connect(warehouse)
    try:
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in "
            f"({', '.join(repr(s) for s in SCHEMAS)}) order by 1, 2"
        ).fetchall()
        return [f'"{s}"."{t}"' for s, t in rows]
    finally:
        con.close()


def _snapshot(warehouse: Path, to: Path) -> Path:
    """A copy of the (closed) warehouse file, to compare with later."""
    shutil.copyfile(warehouse, to)
    return to


def _differences(warehouse: Path, other: Path) -> dict[str, tuple[int, int]]:
    """table -> (rows only in `warehouse`, rows only in `other`), as multisets (EXCEPT ALL), for
    every table of SCHEMAS that differs."""
    con = connect(warehouse)
    try:
        con.execute(f"attach '{other}' as andra (read_only)")
        out = {}
        for t in _tables(warehouse):
            mine, theirs = f"{warehouse.stem}.{t}", f"andra.{t}"
            a = con.execute(
                f"select count(*) from (select * from {mine} except all select * from {theirs})"
            ).fetchone()[0]
            b = con.execute(
                f"select count(*) from (select * from {theirs} except all select * from {mine})"
            ).fetchone()[0]
            if a or b:
                out[t] = (a, b)
        return out
    finally:
        con.close()


def _log(warehouse: Path) -> list[tuple]:
    con = connect(warehouse)
    try:
        return con.execute("select bygg_id, inkrementell, kommuner, lyckad from raw.bygglogg order by 1").fetchall()
    finally:
        con.close()


def test_incremental_build_equals_a_full_rebuild(tmp_path: Path) -> None:
    first = tmp_path / "x1"
    generate_extract(first, arenden=1500, kommuner=3, seed=5, defect_rate=0.02, end=date(2025, 6, 30))
    kommuner = [k["kommun_kod"] for k in json.loads((first / "_manifest.json").read_text())["kommuner"]]
    # The next month of one municipality: the same case ids written again (changed rows) and new ones.
    monthly = tmp_path / "x2"
    generate_extract(monthly, arenden=700, kommuner=1, seed=6, kommun_koder=[kommuner[0]], end=date(2025, 7, 31))
    w = tmp_path / "isu.duckdb"
    load(first, w, today=date(2025, 7, 1))
    assert do_build(w)
    before = _snapshot(w, tmp_path / "fore.duckdb")
    report = load(monthly, w, today=date(2025, 8, 1))
    assert sum(f.rader_andrade for f in report.files) > 0  # the extract changes rows already there
    assert sum(f.rader_nya for f in report.files) > 0
    assert do_build(w)
    incremental = _snapshot(w, tmp_path / "inkrementell.duckdb")
    assert do_build(w, full_refresh=True)

    log = _log(w)
    assert [(r[1], r[2], r[3]) for r in log] == [
        (False, None, True),
        (True, json.dumps([kommuner[0]]), True),
        (False, None, True),
    ]
    assert _tables(incremental) == _tables(w) and len(_tables(w)) > 30
    assert _differences(w, incremental) == {}
    assert '"fakta"."fct_arende"' in _differences(w, before)  # the comparison sees a change
    # The monthly extract changed the facts of that municipality, and only of that one.
    con = connect(w)
    try:
        con.execute(f"attach '{before}' as fore (read_only)")
        changed = con.execute(
            "select distinct kommun_kod from ("
            "(select * from isu.fakta.fct_arende except all select * from fore.fakta.fct_arende) union all "
            "(select * from fore.fakta.fct_arende except all select * from isu.fakta.fct_arende))"
        ).fetchall()
    finally:
        con.close()
    assert changed == [(kommuner[0],)]


def test_when_a_build_is_incremental(tmp_path: Path) -> None:
    """The plan alone (no dbt): full after nothing, after an as-of build, after another ISU version
    and on request; else the municipalities with rows inserted or closed since the last build."""
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "handgjord" / "extrakt1", tmp_path / "x1")
    w = tmp_path / "isu.duckdb"
    load(tmp_path / "x1", w, today=date(2025, 6, 1))
    con = connect(w)
    try:
        first = plan_build(con, None, False)
        assert (first.kommuner, first.till_load_id) == (None, 1)
        log_build(con, first, success=False)
        assert plan_build(con, None, False).kommuner is None  # a failed build does not count
        log_build(con, first, success=True)
        assert plan_build(con, None, False).kommuner == ()  # nothing loaded since
        assert plan_build(con, None, True).kommuner is None  # --full-refresh
        as_of = plan_build(con, 1, False)
        assert (as_of.kommuner, as_of.dbt_vars()) == (None, {"isu_byggkommun": True, "per_laddning": 1})
        log_build(con, as_of, success=True)
        assert plan_build(con, None, False).kommuner is None  # back from an as-of build: full
        log_build(con, first, success=True)
        # A later load that closes one row of municipality 0180 and inserts one of 1480.
        con.execute("update raw.arende set giltig_till = now(), giltig_till_load_id = 2 "
                    "where kommun_kod = '0180' and giltig_till is null and arende_id = "
                    "(select min(arende_id) from raw.arende where kommun_kod = '0180')")  # fmt: skip
        con.execute(
            "insert into raw.insats select * replace (2 as load_id, '1480' as kommun_kod) from raw.insats limit 1"
        )
        plan = plan_build(con, None, False)
        assert plan.kommuner == ("0180", "1480")
        # the same dbt variables for an incremental and a full build (a changed variable makes dbt
        # parse the whole project again); the municipalities go through raw.byggkommun
        assert plan.dbt_vars() == first.dbt_vars() == {"isu_byggkommun": True}
        write_build_municipalities(con, plan.kommuner)
        assert con.execute("select kommun_kod from raw.byggkommun order by 1").fetchall() == [("0180",), ("1480",)]
        write_build_municipalities(con, None)
        assert con.execute("select count(*) from raw.byggkommun").fetchone()[0] == 0
        con.execute("update raw.bygglogg set isu_version = '0.0.1'")
        assert "0.0.1" in plan_build(con, None, False).why
        assert plan_build(con, None, False).kommuner is None
    finally:
        con.close()


def test_an_incremental_build_tests_the_rows_it_rebuilt(tmp_path: Path) -> None:
    """The generic tests of an incremental build that read only incremental models test the rebuilt
    municipalities (get_where_subquery in macros/isu_inkrementell.sql); tests that read anything
    rebuilt whole still test every row. Planted: in 1480, which the build does not rebuild, a
    duplicate fact row and a decision date outside the calendar; in 0180, which it rebuilds, a case
    decided before it was actualised."""
    w = tmp_path / "isu.duckdb"
    ensure_raw(w)
    con = connect(w)
    for statement in (raw_arende("A1", "2024-05-10"), raw_arende("B1", "2024-05-10", kommun="1480"), raw_laddlogg()):
        con.execute(statement)
    con.close()
    assert do_build(w)

    con = connect(w)
    con.execute("insert into fakta.fct_arende select * from fakta.fct_arende where kommun_kod = '1480'")
    con.execute("update fakta.fct_arende set datum_beslut = '1901-01-01' where kommun_kod = '1480'")
    for statement in (raw_arende("A2", "2024-04-01", load_id=2), raw_laddlogg(2)):
        con.execute(statement)
    con.close()
    result = CliRunner().invoke(app, ["build", "--warehouse", str(w)])
    assert result.exit_code == 1
    assert "municipalities changed since load 1: 0180" in result.output
    # 0180 was rebuilt: its negative lead time is found by a test on the (incremental) fact
    assert "isu_not_negative_fct_arende_dagar_aktualisering_till_beslut" in result.output
    # 1480 was not: the key test of the fact and its reconciliation with the raw layer (which reads
    # only raw rows and staging) do not read its rows ...
    assert "unique_combination_fct_arende" not in result.output
    assert "isu_reconciles_with_raw_fct_arende" not in result.output
    # ... but a test that reads a model rebuilt whole (the calendar) tests every row
    assert "relationships_fct_arende_datum_beslut__datum__ref_dim_datum_" in result.output

    # The key test alone, by the municipalities in raw.byggkommun: only 1480's rows hold the duplicate.
    def key_test_passes(kommuner: tuple[str, ...] | None, *command: str) -> bool:
        con = connect(w)
        write_build_municipalities(con, kommuner)
        con.close()
        args = [*(command or ["test"]), "--select", "fct_arende,test_name:unique_combination"]
        args += ["--vars", '{"isu_byggkommun": true}']
        return run_dbt(args, w, target_path=tmp_path / "target").success

    assert key_test_passes(("0180",))
    assert not key_test_passes(("1480",))
    assert not key_test_passes(None)  # nothing listed: every row
    # a full build (the test alone, selected by the intersection) tests every row whatever is listed
    assert not key_test_passes(("0180",), "build", "--full-refresh")
