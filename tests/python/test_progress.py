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
