"""Incremental builds by municipality: after a monthly extract of one municipality, `isu build`
rebuilds the row-level models for that municipality only, and every table of the warehouse is then
identical to a full rebuild (`isu build --full-refresh`)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from conftest import load
from isu.build_plan import log_build, plan_build
from isu.cli import do_build
from isu.generate import generate_extract
from isu.warehouse import connect

SCHEMAS = ("intermediate", "marts", "restricted", "indikator")


def _dump(warehouse: Path) -> dict[str, list[tuple]]:
    con = connect(warehouse)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in "
            f"({', '.join(repr(s) for s in SCHEMAS)}) order by 1, 2"
        ).fetchall()
        return {f"{s}.{t}": sorted(con.execute(f'select * from "{s}"."{t}"').fetchall(), key=repr) for s, t in tables}
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
    before = _dump(w)
    report = load(monthly, w, today=date(2025, 8, 1))
    assert sum(f.rader_andrade for f in report.files) > 0  # the extract changes rows already there
    assert sum(f.rader_nya for f in report.files) > 0
    assert do_build(w)
    incremental = _dump(w)
    assert do_build(w, full_refresh=True)
    full = _dump(w)

    log = _log(w)
    assert [(r[1], r[2], r[3]) for r in log] == [
        (False, None, True),
        (True, json.dumps([kommuner[0]]), True),
        (False, None, True),
    ]
    assert set(incremental) == set(full) and len(full) > 30
    for name in full:
        assert incremental[name] == full[name], f"{name} differs after the incremental build"
    # The monthly extract changed the facts of that municipality, and only of that one.
    fct = "marts.fct_arende"
    changed = {r[0] for r in set(full[fct]) ^ set(before[fct])}
    assert changed == {kommuner[0]}


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
        assert (as_of.kommuner, as_of.dbt_vars()) == (None, {"per_laddning": 1})
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
        assert plan.kommuner == ("0180", "1480") and plan.dbt_vars() == {"isu_kommuner": ["0180", "1480"]}
        con.execute("update raw.bygglogg set isu_version = '0.0.1'")
        assert "0.0.1" in plan_build(con, None, False).why
        assert plan_build(con, None, False).kommuner is None
    finally:
        con.close()
