"""dbt's progress where the output is not a terminal: plain lines, none for most tests."""

from __future__ import annotations

import io

from rich.console import Console

from isu.cli import NodeLines


def test_plain_lines_name_each_model_and_seed_and_every_hundredth_test() -> None:
    out = io.StringIO()
    lines = NodeLines(Console(file=out, width=200), "dbt build (postgres)")
    lines("seed.isu.kodverk", "success")
    for i in range(150):
        lines(f"test.isu.not_null_x_{i}.abc123", "pass")
    lines("model.isu.fct_arende", "success")
    lines("model.isu.mart_ledtid", "error")
    assert out.getvalue().splitlines() == [
        "dbt build (postgres): 1 noder (nodes) klara; seed kodverk: success",
        "dbt build (postgres): 101 noder (nodes) klara; 100 tester (tests): pass",
        "dbt build (postgres): 152 noder (nodes) klara; model fct_arende: success",
        "dbt build (postgres): 153 noder (nodes) klara; model mart_ledtid: error",
    ]


def test_plain_lines_in_one_language(monkeypatch) -> None:
    from isu.sprak import ENV

    for lang, first in (
        ("sv", "dbt build: 1 noder klara; seed kodverk: success"),
        ("en", "dbt build: 1 nodes done; seed kodverk: success"),
    ):
        monkeypatch.setenv(ENV, lang)
        out = io.StringIO()
        lines = NodeLines(Console(file=out, width=200), "dbt build")
        lines("seed.isu.kodverk", "success")
        assert out.getvalue().splitlines() == [first]


def test_isu_load_names_each_file_and_phase_in_plain_lines(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from conftest import FIXTURES
    from isu.cli import app
    from isu.loader import PHASES
    from isu.sprak import ENV

    monkeypatch.setenv(ENV, "en")
    extract = FIXTURES / "handgjord" / "extrakt1"
    result = CliRunner().invoke(
        app, ["load", str(extract), "-w", str(tmp_path / "isu.duckdb"), "--demo-key", "--no-gx"]
    )
    assert result.exit_code in (0, 3), result.output
    lines = [ln.split("s  ", 1)[1] for ln in result.output.splitlines() if ln.startswith("load ") and "s  " in ln]
    words = {
        "lasa": "reading and checking the rows",
        "dubbletter": "duplicates",
        "foraldrar": "parent rows and date order",
        "varningar": "warnings",
        "tidigare_barn": "earlier rows against replaced parents",
        "historik": "history: new, changed, unchanged",
    }
    assert set(words) == set(PHASES)
    parents = ("lasa", "dubbletter", "varningar", "historik")
    children = ("lasa", "dubbletter", "foraldrar", "varningar", "tidigare_barn", "historik")
    assert lines == [
        f"{name}: {words[p]}"
        for name, phases in (("arende.csv", parents), ("insats.csv", children), ("uppfoljning.csv", children))
        for p in phases
    ]


def test_isu_load_prints_no_library_log_lines_or_warnings(tmp_path) -> None:
    """dbt's tracking library configures the root logger when imported, GX logs at INFO and pyspark
    warns about pandas: none of that reaches the user; ISU's own log lines go to isu.log."""
    import subprocess
    import sys

    from conftest import FIXTURES

    warehouse = tmp_path / "isu.duckdb"
    run = subprocess.run(
        [sys.executable, "-m", "isu", "--lang", "sv", "load", str(FIXTURES / "handgjord" / "extrakt1"), "-w",
         str(warehouse), "--demo-key"],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert run.returncode in (0, 3), run.stderr
    output = run.stdout + run.stderr
    assert "läser och kontrollerar raderna" in output and "reading" not in output
    for noise in ("INFO:", "WARNING:", "FutureWarning", "Traceback"):
        assert noise not in output, noise
    assert "INFO isu.load: load 1 of" in (tmp_path / "isu.log").read_text(encoding="utf-8")
