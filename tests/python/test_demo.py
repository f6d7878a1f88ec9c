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
    # every model and every column it really has (the catalog, read from the warehouse) is documented
    models = {u: n for u, n in manifest["nodes"].items() if n["resource_type"] in ("model", "seed")}
    assert len(models) > 60
    undocumented = []
    for uid, node in models.items():
        if not node["description"].strip():
            undocumented.append(uid)
        described = {c.lower() for c, col in node["columns"].items() if col["description"].strip()}
        actual = {c.lower() for c in catalog["nodes"].get(uid, catalog["sources"].get(uid, {})).get("columns", {})}
        assert actual or node["config"]["materialized"] == "ephemeral", uid
        undocumented += [f"{uid}.{c}" for c in sorted(actual - described)]
    assert undocumented == []


def test_every_example_query_answers_on_the_demo_warehouse(demo: tuple[Path, str]) -> None:
    from test_example_queries import QUERIES

    folder, _ = demo
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        empty = [question for question, sql in QUERIES.items() if not con.execute(sql).fetchall()]
    finally:
        con.close()
    assert len(QUERIES) == 12 and empty == []


def test_demo_prints_indicators_beside_county_and_nation(demo: tuple[Path, str]) -> None:
    folder, output = demo
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        kommun, kommun_namn, lan_namn = con.execute(
            "select a.kommun_kod, d.kommun_namn, d.lan_namn from marts.fct_arende a "
            "join marts.dim_kommun d using (kommun_kod) group by all order by count(*) desc, 1 limit 1"
        ).fetchone()
        year = con.execute(
            "select max(period) from marts.mart_indikator where period_typ = 'ar' and period || '-12' <= "
            "(select max(period) from marts.mart_indikator where period_typ = 'manad')"
        ).fetchone()[0]
        riket = con.execute(
            "select varde from marts.mart_indikator where indikator_id = 'VERKST_3M' and period_typ = 'ar' "
            "and period = ? and niva = 'riket' and verksamhetsomrade = 'ALLA' and grupp_typ = 'alla'",
            [year],
        ).fetchone()[0]
    finally:
        con.close()
    assert f"Indicators {year} (mart_indikator): {kommun_namn} beside its county and the nation" in output
    line = next(ln for ln in output.splitlines() if "VERKST_3M" in ln)
    assert f"{riket:.0%}" in line.split("│")[-2]  # the nation's column
    assert lan_namn in output and kommun != ""
    for ind in ("UTREDNING_4M", "MAL_UPPNADDA", "GENOMFORD_SOM_PLANERAT", "NOJD"):
        assert ind in output


def test_ivo_report_on_the_demo_holds_no_personnummer_and_matches_the_mart(
    demo: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _ = demo
    with (folder / "extrakt" / "arende.csv").open(encoding="utf-8") as fh:
        wanted = {core(r["personnummer"]) for r in csv.DictReader(fh, delimiter=";") if r["personnummer"]}
    wanted = {w for w in wanted if len(w) == 10}
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        shown = con.execute(
            "select kvartal, kommun_kod, antal from marts.mart_ej_verkstallda_beslut where niva = 'kommun' "
            "and verksamhetsomrade = 'ALLA' and insatstyp is null and antal is not null order by antal desc limit 3"
        ).fetchall()
    finally:
        con.close()
    assert shown
    for kvartal, kommun, antal in shown:
        out = tmp_path / f"{kvartal}_{kommun}.csv"
        result = CliRunner().invoke(
            app, ["report", "ej-verkstallda", "--kvartal", kvartal, "--kommun", kommun,
                  "-w", str(folder / "isu.duckdb"), "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        with out.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == antal
        assert all(int(r["dagar_sedan_beslut"]) > 89 for r in rows)
        assert leaks_in_files([out], wanted) == {} and leaks_in_text(result.output, wanted) == set()


def test_visible_goal_attainment_column_totals_leave_cannot_assess_out(demo: tuple[Path, str]) -> None:
    """Every visible column total of the goal-attainment by sex cross-tab (nation, years) is the
    number of ended interventions of that sex and year whose last goal attainment is 1-5, counted
    from fct_insats: "kan inte bedöma" (6) is left out. Some of those columns do have a 6 (so a
    total that counted it would differ), which the small hand-made fixture cannot show visibly."""
    folder, _ = demo
    con = duckdb.connect(str(folder / "isu.duckdb"))
    try:
        shown = con.execute(
            "select period, kolumn_kod, max(kolumn_namnare) from marts.mart_korstabell "
            "where tabell = 'maluppfyllelse_kon' and period_typ = 'ar' and niva = 'riket' "
            "and kolumn_namnare is not null group by all order by all"
        ).fetchall()
        counted = dict(
            ((str(y), str(k)), (n, six))
            for y, k, n, six in con.execute(
                "select year(datum_avslut), juridiskt_kon, count(*) filter (where senaste_maluppfyllelse <= 5), "
                "count(*) filter (where senaste_maluppfyllelse = 6) from marts.fct_insats "
                "where datum_avslut is not null and senaste_maluppfyllelse is not null and juridiskt_kon is not null "
                "group by all"
            ).fetchall()
        )
    finally:
        con.close()
    assert len(shown) >= 4
    for period, kolumn, total in shown:
        assert total == counted[(period, kolumn)][0], (period, kolumn)
    assert any(counted[(p, k)][1] > 0 for p, k, _ in shown)
