"""The interval macros against a second computation: isu_wilson (95 % Wilson score interval of a
share) against statsmodels' proportion_confint(method="wilson"), and isu_newcombe (Newcombe's hybrid
score interval of a difference of two shares) against statsmodels' confint_proportions_2indep(
method="newcomb"). The macros are compiled by dbt and run on DuckDB over a grid of counts that
includes the edges (0 of n, n of n, n = 1)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import duckdb
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

ROOT = Path(__file__).resolve().parents[2]
GRID = [(x, n) for n in (1, 2, 3, 5, 7, 12, 40, 250, 10_000) for x in sorted({0, 1, n // 3, n // 2, n - 1, n})]

SQL = """
select x1, n1, x2, n2,
       {{ isu_wilson('x1', 'n1', 'lag') }} as w_lag,
       {{ isu_wilson('x1', 'n1', 'hog') }} as w_hog,
       {{ isu_newcombe('x1', 'n1', 'x2', 'n2', 'lag') }} as d_lag,
       {{ isu_newcombe('x1', 'n1', 'x2', 'n2', 'hog') }} as d_hog
from par
"""


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> str:
    from dbt.cli.main import dbtRunner

    work = tmp_path_factory.mktemp("intervals")
    old = os.environ.get("ISU_WAREHOUSE")
    os.environ["ISU_WAREHOUSE"] = str(work / "w.duckdb")
    try:
        res = dbtRunner().invoke(
            ["compile", "--inline", SQL, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
             "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"]
        )  # fmt: skip
    finally:
        if old is None:
            os.environ.pop("ISU_WAREHOUSE", None)
        else:
            os.environ["ISU_WAREHOUSE"] = old
    assert res.success, res.exception
    return res.result.results[0].node.compiled_code


@pytest.fixture(scope="module")
def rows(compiled: str) -> list[tuple]:
    con = duckdb.connect()
    pairs = [(x1, n1, x2, n2) for (x1, n1), (x2, n2) in itertools.product(GRID, GRID)]
    con.execute("create table par (x1 integer, n1 integer, x2 integer, n2 integer)")
    con.executemany("insert into par values (?, ?, ?, ?)", pairs)
    return con.execute(compiled).fetchall()


def test_wilson_equals_statsmodels(rows: list[tuple]) -> None:
    seen = set()
    for x1, n1, _, _, lo, hi, _, _ in rows:
        if (x1, n1) in seen:
            continue
        seen.add((x1, n1))
        want_lo, want_hi = proportion_confint(x1, n1, alpha=0.05, method="wilson")
        assert lo == pytest.approx(want_lo, abs=1e-12), (x1, n1)
        assert hi == pytest.approx(want_hi, abs=1e-12), (x1, n1)
    assert len(seen) == len(set(GRID))


def test_newcombe_equals_statsmodels(rows: list[tuple]) -> None:
    for x1, n1, x2, n2, _, _, lo, hi in rows:
        want_lo, want_hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=0.05)
        assert lo == pytest.approx(want_lo, abs=1e-12), (x1, n1, x2, n2)
        assert hi == pytest.approx(want_hi, abs=1e-12), (x1, n1, x2, n2)
    assert len(rows) == len(GRID) ** 2


def test_a_worked_example(compiled: str) -> None:
    # Newcombe (1998), table II, example (a): 56/70 - 48/80 = 0.2, interval 0.0524 to 0.3339. The
    # Wilson interval of 56/70 by hand: centre (0.8 + z²/140) / (1 + z²/70) = 0.78439, half-width
    # z * sqrt(0.8 * 0.2 / 70 + z² / 19600) / (1 + z²/70) = 0.09256: 0.6918 to 0.8770
    con = duckdb.connect()
    con.execute("create table par as select 56 as x1, 70 as n1, 48 as x2, 80 as n2")
    _, _, _, _, w_lo, w_hi, lo, hi = con.execute(compiled).fetchone()
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)
    assert (round(w_lo, 4), round(w_hi, 4)) == (0.6918, 0.877)
