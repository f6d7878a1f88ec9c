"""`isu demo` end to end (generate -> load -> dbt build -> summary), and what it leaves behind."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from isu.cli import app
from privacy import core, leaks_in_files, leaks_in_text, leaks_in_warehouse


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--folder", str(folder), "--arenden", "3000", "--kommuner", "2"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def test_demo_runs_the_whole_chain(demo: tuple[Path, str]) -> None:
    folder, output = demo
    assert "dbt build succeeded" in output
    assert "Median days actualisation -> decision" in output
    assert "Top three problems after investigation" in output
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        log = con.execute("select tabell, rader_lasta, rader_godkanda, rader_karantan from raw.laddlogg").fetchall()
        cases = con.execute("select count(*) from marts.fct_arende").fetchone()[0]
        current = con.execute("select count(*) from raw.arende where giltig_till is null").fetchone()[0]
        birth_columns = con.execute(
            "select count(*) from information_schema.columns where table_schema = 'marts' "
            "and column_name in ('fodelsedatum', 'personnummer')"
        ).fetchone()[0]
    finally:
        con.close()
    with (folder / "extrakt" / "arende.csv").open(encoding="utf-8") as fh:
        lines = sum(1 for _ in fh) - 1
    arende = next(r for r in log if r[0] == "arende")
    assert arende[1] == lines == 3000  # every line read ...
    assert arende[1] == arende[2] + arende[3]  # ... and accounted for
    assert arende[3] > 0  # the demo extract carries deliberate defects
    assert cases == current == arende[2]  # no case lost between raw and marts
    assert birth_columns == 0  # marts hold ages, never birth dates


def test_demo_writes_no_personnummer_anywhere(demo: tuple[Path, str]) -> None:
    folder, output = demo
    with (folder / "extrakt" / "arende.csv").open(encoding="utf-8") as fh:
        wanted = {core(r["personnummer"]) for r in csv.DictReader(fh, delimiter=";") if r["personnummer"]}
    wanted = {w for w in wanted if len(w) == 10}
    assert len(wanted) > 2000
    assert leaks_in_warehouse(folder / "isu.duckdb", wanted) == {}
    assert leaks_in_text(output, wanted) == set()
    files = [folder / "isu.log", *(folder / "gx").rglob("*"), *(ROOT / "logs").rglob("*.log")]
    assert leaks_in_files(files, wanted) == {}


def test_dbt_docs_generate_works_on_the_demo_warehouse(demo: tuple[Path, str], tmp_path: Path) -> None:
    import json

    from isu.dbt_runner import run_dbt

    folder, _ = demo
    result = run_dbt(["docs", "generate"], folder / "isu.duckdb", target_path=tmp_path / "target")
    assert result.success
    catalog = json.loads((tmp_path / "target" / "catalog.json").read_text(encoding="utf-8"))
    assert "model.isu.fct_arende" in catalog["nodes"]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text(encoding="utf-8"))
    fct = manifest["nodes"]["model.isu.fct_arende"]
    assert fct["description"] and all(c["description"] for c in fct["columns"].values())


def test_every_example_query_answers_on_the_demo_warehouse(demo: tuple[Path, str]) -> None:
    from test_example_queries import QUERIES

    folder, _ = demo
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        empty = [question for question, sql in QUERIES.items() if not con.execute(sql).fetchall()]
    finally:
        con.close()
    assert len(QUERIES) == 11 and empty == []

