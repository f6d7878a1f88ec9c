"""Every ```sql block of docs/queries.md runs on a warehouse built from the aggregate fixture.

Each block must be preceded by a "### " heading (the question) and return at least one row on the
protected warehouse; three of them are also checked against answers counted by hand from
tests/python/aggregates_fixture.py, on the build without small-count protection (where every
count is shown). The warehouses are the ones test_marts_aggregates.py uses (built once per session).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import duckdb
import pytest

from aggregates_fixture import ARENDE, ARENDE_COLUMNS, PROJECT_DIR, built_warehouse

QUERIES_MD = PROJECT_DIR / "docs" / "queries.md"
BLOCK = re.compile(r"^### (?P<question>[^\n]+)\n(?:(?!^### ).)*?^```sql\n(?P<sql>.*?)^```", re.M | re.S)


def example_queries() -> dict[str, str]:
    text = QUERIES_MD.read_text(encoding="utf-8")
    blocks = {m["question"].strip(): m["sql"] for m in BLOCK.finditer(text)}
    # every sql block in the file belongs to a question
    assert len(blocks) == text.count("```sql")
    return blocks


QUERIES = example_queries()


@pytest.fixture(scope="module")
def skyddad(tmp_path_factory):
    connection = duckdb.connect(str(built_warehouse(tmp_path_factory)))
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """The build without small-count protection, for answers counted by hand."""
    connection = duckdb.connect(str(built_warehouse(tmp_path_factory, skyddad=False)))
    yield connection
    connection.close()


def run(con, question: str) -> list[tuple]:
    return con.execute(QUERIES[question]).fetchall()


def test_every_question_of_indicators_md_has_a_query():
    # INDICATORS.md, "Questions from 003 that the marts must answer with one simple query each"
    assert len(QUERIES) == 12  # and one for the indicators
    for words in ("investigations and interventions last", "women and men?", "reason for actualisation",
                  "problem after investigation", "most common interventions", "problem x intervention",
                  "by month", "which interventions", "reach their goals", "collaborate",
                  "new, ongoing and ended"):  # fmt: skip
        assert any(words in q for q in QUERIES), words


@pytest.mark.parametrize("question", list(QUERIES))
def test_example_query_returns_rows(skyddad, question):
    assert len(run(skyddad, question)) >= 1


def test_actualisations_by_month_answer(con):
    got = dict(run(con, "How do actualisations spread over the year (by month)?"))
    actualised = [date.fromisoformat(dict(zip(ARENDE_COLUMNS, r, strict=True))["datum_aktualisering"]) for r in ARENDE]
    by_month = Counter(f"{d:%Y-%m}" for d in actualised)
    # every month from 2022-01 to 2025-03 is listed, with zeros
    assert len(got) == 39
    assert {m: n for m, n in got.items() if n} == dict(by_month)
    # January 2024: S01, S02 (both on the 31st) and G02 (the 15th)
    assert got["2024-01"] == 3


def test_new_ongoing_ended_answer(con):
    got = {(r[0], r[1]): r[2:] for r in run(con, "How many cases are new, ongoing and ended per period?")}
    # 2024: 14 actualised; ongoing also S03, S04 (actualised 2023-10-31) and G03 (closed
    # 2024-02-29); closed: S01 S03 S05 S09 S12 V01 G01 G03
    assert got[("ar", "2024")] == (14, 17, 8)
    # 2022: the 32 Göteborg cases, all actualised and open in 2022, 29 of them closed in 2022
    assert got[("ar", "2022")] == (32, 32, 29)


def test_most_common_reason_answer(con):
    rows = [r for r in run(con, "What is the most common reason for actualisation?") if r[0] == "2022"]
    # 2022: reason 10 in 9 EB + 5 MB + 2 BOU cases = 16; reason 12 in 7; reason 8 in 6; reason 1 in 3
    assert rows == [
        ("2022", "10", "Ej självförsörjande", 16),
        ("2022", "12", "Skolrelaterad problematik", 7),
        ("2022", "8", "Riskbruk/missbruk/beroende (alkohol, droger, spel etc.)", 6),
        ("2022", "1", "Brister i och/eller behov av omvårdnad/omsorg", 3),
    ]
