"""Tests of the Great Expectations layer (isu.gx_validation).

Small hand-made frames where every defect is known, so each expectation's unexpected_count can be
asserted exactly. The 200k-row benchmark runs only with ISU_GX_BENCH=1:

    ISU_GX_BENCH=1 .venv/bin/pytest tests/python/test_gx_validation.py -k benchmark -s
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import socket
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import HANDGJORD, load, query, table_dump
from isu import contract, paths
from isu.contract import Kind, Rule
from isu.gx_background import BackgroundValidator
from isu.gx_validation import (
    CODES_FORMAT_REGEX,
    DATE_CALENDAR_REGEX,
    DATE_FORMAT_REGEX,
    PERSONNUMMER_REGEX,
    ContractValidator,
    _codes_regex,
    _exclusive_codes_regex,
    build_data_docs,
    build_suite,
    save_results,
)

# --- hand-made frames ----------------------------------------------------------------------------
ARENDE_DEFAULT = {
    "kommun_kod": "0180",
    "arende_id": "A0",
    "verksamhetsomrade": "BOU",
    "personnummer": "",
    "juridiskt_kon": "1",
    "alder": "34",
    "datum_aktualisering": "2024-01-01",
    "aktualiseringsorsak": "2|6",
    "ursprung": "1",
    "hushallstyp": "2",
    "tidigare_kontakt": "4",
    "problematik": "3",
    "datum_beslut": "2024-02-01",
    "datum_avslut": "2024-06-01",
}
INSATS_DEFAULT = {
    "kommun_kod": "0180",
    "insats_id": "I0",
    "arende_id": "A0",
    "insatstyp": "12",
    "datum_beslut": "2024-02-01",
    "datum_verkstallighet": "2024-03-01",
    "parallella_insatser": "1",
    "datum_avslut": "2024-06-01",
    "genomforande": "2",
    "avslutsorsak": "3",
}
UPPFOLJNING_DEFAULT = {
    "kommun_kod": "0180",
    "uppfoljning_id": "U0",
    "insats_id": "I0",
    "datum_uppfoljning": "2024-05-01",
    "samverkan": "1|3",
    "sip": "1",
    "maluppfyllelse": "2",
    "b1a_situation": "1",
    "b1b_livskvalitet": "1",
    "b2_betydelse": "1",
    "b3_nojdhet": "1",
    "b4_bemotande": "1",
    "b5_delaktighet": "1",
}
DEFAULTS = {"arende": ARENDE_DEFAULT, "insats": INSATS_DEFAULT, "uppfoljning": UPPFOLJNING_DEFAULT}


def frame(table: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows over the table's defaults, every column text (as the loader reads a CSV)."""
    return pd.DataFrame([{**DEFAULTS[table], **r} for r in rows]).astype(str)


def clean_frame(table: str, n: int = 3) -> pd.DataFrame:
    id_column = contract.TABLES_BY_NAME[table].id_column
    return frame(table, [{id_column: f"X{i}"} for i in range(n)])


# arende: one defect (or a known set of defects) per row.
ARENDE_ROWS = [
    {"arende_id": "A0"},  # clean
    # invalid calendar date (format fine); beslut/avslut empty so no date order is involved
    {
        "arende_id": "A1",
        "datum_aktualisering": "2024-13-01",
        "datum_beslut": "",
        "datum_avslut": "",
        "personnummer": "19800101 1234",  # wrong format
    },
    {"arende_id": "A2", "datum_beslut": "2024/01/05", "ursprung": "6", "verksamhetsomrade": "XYZ"},
    {"arende_id": "A3", "aktualiseringsorsak": "", "problematik": "1,2", "alder": "abc"},
    {"arende_id": "A4", "alder": "121", "juridiskt_kon": "3", "kommun_kod": "180"},
    {"arende_id": "A0", "datum_beslut": "2023-12-31", "problematik": "15"},  # duplicate key of row 0
    {"arende_id": "A6", "ursprung": "", "hushallstyp": "", "personnummer": "", "alder": ""},  # empty ok
    {"arende_id": "A7", "datum_avslut": "2024-02-30"},
]
# (column, check) -> unexpected_count; every other expectation must have 0 unexpected.
ARENDE_EXPECTED = {
    ("datum_aktualisering", "existing calendar date"): 1,
    ("datum_beslut", "date format YYYY-MM-DD, date-time or YYYYMMDD"): 1,
    ("datum_beslut", "existing calendar date"): 1,
    ("datum_beslut", ">= datum_aktualisering"): 1,
    ("datum_avslut", "existing calendar date"): 1,
    ("personnummer", "personnummer format"): 1,
    ("verksamhetsomrade", "allowed text"): 1,
    ("ursprung", "code in value set"): 1,
    ("aktualiseringsorsak", "not empty"): 1,
    ("problematik", "codes separated by |"): 1,
    ("problematik", "every code in value set"): 2,
    ("alder", "integer"): 1,
    ("alder", "in range"): 1,
    ("juridiskt_kon", "code in value set"): 1,
    ("kommun_kod", "four digits"): 1,
    ("kommun_kod+arende_id", "unique key"): 2,
}

INSATS_ROWS = [
    {"insats_id": "I0"},  # clean
    {"insats_id": "I1", "datum_avslut": "", "genomforande": "1", "avslutsorsak": "2"},  # only with avslut
    {"insats_id": "I2", "datum_verkstallighet": "", "datum_avslut": "2024-01-15"},  # avslut < beslut
    {"insats_id": "I3", "datum_verkstallighet": "2024-01-20"},  # verkstallighet < beslut
    {"insats_id": "I4", "insatstyp": "36", "parallella_insatser": "0"},
    {"insats_id": "I5", "insatstyp": "", "arende_id": ""},
    {"insats_id": "I6", "datum_verkstallighet": "2024-05-15", "datum_avslut": "2024-05-01"},
]
INSATS_EXPECTED = {
    ("genomforande", "only with datum_avslut"): 1,
    ("avslutsorsak", "only with datum_avslut"): 1,
    ("datum_verkstallighet", ">= datum_beslut"): 1,
    ("datum_avslut", ">= datum_verkstallighet"): 1,
    ("datum_avslut", ">= datum_beslut when datum_verkstallighet is empty"): 1,
    ("insatstyp", "code in value set"): 1,
    ("insatstyp", "not empty"): 1,
    ("arende_id", "not empty"): 1,
    ("parallella_insatser", "code in value set"): 1,
}

UPPFOLJNING_ROWS = [
    {"uppfoljning_id": "U0"},
    {"uppfoljning_id": "U1", "samverkan": "11|3"},  # 11 with another code
    {"uppfoljning_id": "U2", "samverkan": "11|11"},  # duplicates are ignored: fine
    {"uppfoljning_id": "U3", "samverkan": "12|11"},  # 11 and 12 exclude each other
    {"uppfoljning_id": "U4", "samverkan": "11"},
    {"uppfoljning_id": "U5", "samverkan": "3|12"},
    {"uppfoljning_id": "U6", "samverkan": "13"},  # unknown code
    {"uppfoljning_id": "U7", "samverkan": "1;2"},  # wrong separator
    {"uppfoljning_id": "U8", "b2_betydelse": "6", "b1a_situation": "6"},  # B2 is 1-5, B1a 1-6
    {"uppfoljning_id": "U9", "datum_uppfoljning": ""},
    {"uppfoljning_id": "U10", "sip": "", "maluppfyllelse": "7"},
]
UPPFOLJNING_EXPECTED = {
    ("samverkan", "11/12 alone"): 3,
    ("samverkan", "every code in value set"): 2,
    ("samverkan", "codes separated by |"): 1,
    ("b2_betydelse", "code in value set"): 1,
    ("datum_uppfoljning", "not empty"): 1,
    ("maluppfyllelse", "code in value set"): 1,
}

CASES = [
    ("arende", ARENDE_ROWS, ARENDE_EXPECTED),
    ("insats", INSATS_ROWS, INSATS_EXPECTED),
    ("uppfoljning", UPPFOLJNING_ROWS, UPPFOLJNING_EXPECTED),
]


def counts(summary: dict) -> dict[tuple[str, str], int | None]:
    out = {}
    for e in summary["expectations"]:
        key = (e["column"], e["check"])
        assert key not in out, f"two expectations share {key}"
        out[key] = e["unexpected_count"]
    return out


def entry(summary: dict, column: str | None, check: str) -> dict:
    return next(e for e in summary["expectations"] if e["column"] == column and e["check"] == check)


@pytest.fixture(scope="module")
def kommun_koder() -> set[str]:
    return set(paths.kommun_koder())


# --- suites ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", contract.TABLES, ids=lambda t: t.name)
def test_suite_is_generated_from_the_contract(table: contract.Table) -> None:
    suite = build_suite(table)
    assert suite.name == f"isu_{table.name}"
    exps = suite.expectations
    rules = {r.value for r in Rule}
    assert all(e.meta["rule"] in rules for e in exps)
    assert all(e.meta["table"] == table.name for e in exps)

    def of(type_: str, rule: Rule) -> list:
        return [e for e in exps if e.expectation_type == type_ and e.meta["rule"] == rule.value]

    code_columns = [c for c in table.columns if c.kind is Kind.CODE]
    in_set = of("expect_column_values_to_be_in_set", Rule.OKAND_KOD)
    assert len(in_set) == len(code_columns)
    for exp in in_set:
        assert set(exp.value_set) == {str(c) for c in table.column(exp.column).codes}

    not_null = of("expect_column_values_to_not_be_null", Rule.OBLIGATORISKT_FALT)
    assert sorted(e.column for e in not_null) == sorted(table.required_columns)
    exist = of("expect_column_to_exist", Rule.SAKNAD_KOLUMN)
    assert sorted(e.column for e in exist) == sorted(table.required_columns)

    date_columns = [c.name for c in table.columns if c.kind is Kind.DATE]
    date_checks = of("expect_column_values_to_match_regex", Rule.OGILTIGT_DATUM)
    assert sorted(e.column for e in date_checks) == sorted(date_columns * 2)

    (unique,) = of("expect_compound_columns_to_be_unique", Rule.DUBBLETT)
    assert unique.column_list == ["kommun_kod", table.id_column]
    (columns,) = of("expect_table_columns_to_match_set", Rule.SAKNAD_KOLUMN)
    assert set(columns.column_set) == set(table.required_columns)
    assert columns.exact_match is False


def test_value_sets_and_regexes_follow_the_contract(kommun_koder: set[str]) -> None:
    arende = build_suite(contract.ARENDE)
    (ursprung,) = [
        e for e in arende.expectations if e.meta["column"] == "ursprung" and e.meta["rule"] == Rule.OKAND_KOD.value
    ]
    assert set(ursprung.value_set) == {"1", "2", "3", "4", "5"}
    (omrade,) = [e for e in arende.expectations if e.meta["rule"] == Rule.OKANT_OMRADE.value]
    assert set(omrade.value_set) == set(contract.VERKSAMHETSOMRADEN)
    (alder,) = [e for e in arende.expectations if e.meta["rule"] == Rule.UTANFOR_INTERVALL.value]
    assert (alder.min_value, alder.max_value) == (0, 120)
    pnr = [e for e in arende.expectations if e.meta["column"] == "personnummer"]
    assert [e.meta["rule"] for e in pnr] == [Rule.PNR_FORMAT.value, Rule.PNR_FODELSENUMMER.value]

    # kommun_kod: format only, plus the value set when the codes are given
    without = [e for e in arende.expectations if e.meta["rule"] == Rule.OKAND_KOMMUN.value]
    assert [e.expectation_type for e in without] == ["expect_column_values_to_match_regex"]
    with_codes = build_suite(contract.ARENDE, kommun_koder)
    in_set = [
        e
        for e in with_codes.expectations
        if e.meta["rule"] == Rule.OKAND_KOMMUN.value and e.expectation_type.endswith("in_set")
    ]
    assert len(in_set) == 1 and set(in_set[0].value_set) == kommun_koder
    assert len(kommun_koder) == 290 and "0180" in kommun_koder


def test_date_regexes_agree_with_the_calendar() -> None:
    fmt, cal = re.compile(DATE_FORMAT_REGEX), re.compile(DATE_CALENDAR_REGEX)
    years = ["0000", "0001", "0004", "0100", "0400", "1900", "2000", "2023", "2024", "2100", "9999"]
    for year, month, day in itertools.product(years, range(14), range(33)):
        text = f"{year}-{month:02d}-{day:02d}"
        try:
            dt.date.fromisoformat(text)
            valid = True
        except ValueError:
            valid = False
        assert bool(cal.match(text)) == valid, text
        assert fmt.match(text)
        compact = text.replace("-", "")
        assert bool(cal.match(compact)) == valid, compact
        assert bool(cal.match(text + " 13:45")) == bool(cal.match(text + "T13:45:59")) == valid, text
    for bad in ["2024-1-01", "2024-01-01 ", "24-01-01", "2024-01-0a", "٢٠٢٤-01-01", "2024-01-01 24:00", "2024-0101"]:
        assert not cal.match(bad) and not fmt.match(bad), bad


def test_multi_code_regexes() -> None:
    codes = contract.UPPFOLJNING.column("samverkan").codes
    fmt, known = re.compile(CODES_FORMAT_REGEX), re.compile(_codes_regex(codes))
    conflict = re.compile(_exclusive_codes_regex(contract.SAMVERKAN_INGEN, codes))
    for n in (1, 2, 3):
        for combo in itertools.product(codes, repeat=n):
            text = "|".join(map(str, combo))
            assert fmt.match(text) and known.match(text)
            distinct = set(combo)
            expected = bool(distinct & contract.SAMVERKAN_INGEN) and len(distinct) > 1
            assert bool(conflict.search(text)) == expected, text
    for bad in ["1,2", "1|", "|1", "1||2", " 1", "a"]:
        assert not fmt.match(bad), bad
    assert not known.match("13") and not known.match("0") and not known.match("1|13")


def test_personnummer_regex() -> None:
    ok = ["19800101-1234", "198001011234", "800101-1234", "800101+1234"]
    bad = ["8001011234", "1980-01-01-1234", "19800101+1234", "800101 1234", "19800101-123", "x"]
    rx = re.compile(PERSONNUMMER_REGEX)
    assert all(rx.match(v) for v in ok)
    assert not any(rx.match(v) for v in bad)


# --- validation -----------------------------------------------------------------------------------
@pytest.mark.parametrize("table", [t.name for t in contract.TABLES])
def test_clean_frame_passes(table: str, kommun_koder: set[str]) -> None:
    validator = ContractValidator(kommun_koder)
    validator.validate_chunk(table, clean_frame(table))
    summary = validator.summary(table)
    assert summary["success"], [e for e in summary["expectations"] if not e["success"]]
    assert summary["rows"] == 3 and summary["chunks"] == 1
    assert summary["evaluated_expectations"] == summary["successful_expectations"] > 0
    json.dumps(summary)


@pytest.mark.parametrize(("table", "rows", "expected"), CASES, ids=[c[0] for c in CASES])
def test_unexpected_counts_match_hand_counts(table: str, rows: list, expected: dict) -> None:
    validator = ContractValidator()
    validator.validate_chunk(table, frame(table, rows))
    summary = validator.summary(table)
    got = counts(summary)
    for key in expected:
        assert key in got, f"no expectation {key}"
    mismatches = {k: (got[k], expected.get(k, 0)) for k in got if (got[k] or 0) != expected.get(k, 0)}
    assert not mismatches, mismatches
    assert summary["success"] is False
    assert summary["rows"] == len(rows)
    for e in summary["expectations"]:
        assert e["success"] == ((e["unexpected_count"] or 0) == 0), e
        assert "error" not in e
    # the rule codes link the failures to the quarantine reasons
    failed_rules = {e["rule"] for e in summary["expectations"] if not e["success"]}
    assert failed_rules <= {r.value for r in Rule}


def test_percent_is_of_non_missing_values() -> None:
    validator = ContractValidator()
    validator.validate_chunk("arende", frame("arende", ARENDE_ROWS))
    summary = validator.summary("arende")
    pnr = entry(summary, "personnummer", "personnummer format")
    # 8 rows, 1 with a personnummer -> that one is wrong: 100 % of the non-missing values
    assert (pnr["element_count"], pnr["missing_count"], pnr["unexpected_count"]) == (8, 7, 1)
    assert pnr["unexpected_percent"] == pytest.approx(100.0)


def test_two_chunks_give_the_same_totals_as_one() -> None:
    df = frame("arende", ARENDE_ROWS)
    one = ContractValidator()
    one.validate_chunk("arende", df)
    two = ContractValidator()
    # the duplicate key (rows 0 and 5) straddles the chunk boundary
    two.validate_chunk("arende", df.iloc[:3])
    two.validate_chunk("arende", df.iloc[3:])
    a, b = one.summary("arende"), two.summary("arende")
    assert (a["chunks"], b["chunks"]) == (1, 2)
    assert a["rows"] == b["rows"] == len(df)

    def strip(s: dict) -> list[dict]:
        return [{k: v for k, v in e.items() if k != "gx_within_chunk_unexpected_count"} for e in s["expectations"]]

    assert strip(a) == strip(b)
    for key in ("success", "evaluated_expectations", "successful_expectations"):
        assert a[key] == b[key]
    # what GX itself saw per chunk: the duplicate is only visible within one chunk
    assert entry(a, "kommun_kod+arende_id", "unique key")["gx_within_chunk_unexpected_count"] == 2
    assert entry(b, "kommun_kod+arende_id", "unique key")["gx_within_chunk_unexpected_count"] == 0
    assert entry(b, "kommun_kod+arende_id", "unique key")["unexpected_count"] == 2


def test_reset_starts_again() -> None:
    validator = ContractValidator()
    validator.validate_chunk("arende", frame("arende", ARENDE_ROWS))
    first = validator.summary("arende")
    validator.validate_chunk("arende", frame("arende", ARENDE_ROWS))
    assert entry(validator.summary("arende"), "kommun_kod+arende_id", "unique key")["unexpected_count"] == 16
    validator.reset("arende")
    validator.validate_chunk("arende", frame("arende", ARENDE_ROWS))
    assert validator.summary("arende")["expectations"] == first["expectations"]
    assert validator.summary("arende")["chunks"] == 1


def test_missing_required_column_is_a_failed_expectation_not_an_exception() -> None:
    df = clean_frame("insats").drop(columns=["datum_beslut", "parallella_insatser"])
    validator = ContractValidator()
    validator.validate_chunk("insats", df)
    summary = validator.summary("insats")
    assert summary["success"] is False
    columns = entry(summary, None, "required columns present")
    assert columns["success"] is False and columns["missing_columns"] == ["datum_beslut"]
    assert entry(summary, "datum_beslut", "column present")["success"] is False
    not_null = entry(summary, "datum_beslut", "not empty")
    assert not_null["success"] is False and "does not exist" in not_null["error"]
    # an absent optional column is allowed: all its values are missing
    assert entry(summary, "parallella_insatser", "code in value set")["success"] is True
    failed = {e["column"] for e in summary["expectations"] if not e["success"]}
    assert failed <= {None, "datum_beslut", "datum_verkstallighet", "datum_avslut"}


def test_column_names_empty_strings_and_extra_columns() -> None:
    df = clean_frame("uppfoljning")
    df.loc[0, "sip"] = ""
    df.loc[1, "insats_id"] = ""
    df["extra"] = "whatever"
    df = df.rename(columns={"kommun_kod": "\ufeffKOMMUN_KOD", "sip": " Sip "})
    validator = ContractValidator()
    validator.validate_chunk("uppfoljning", df)
    summary = validator.summary("uppfoljning")
    assert entry(summary, "insats_id", "not empty")["unexpected_count"] == 1
    assert entry(summary, "sip", "code in value set")["unexpected_count"] == 0
    assert entry(summary, "sip", "code in value set")["missing_count"] == 1
    assert entry(summary, "kommun_kod", "four digits")["missing_count"] == 0
    assert "extra" not in json.dumps(summary)


def test_object_and_string_dtypes_give_the_same_counts() -> None:
    base = frame("arende", ARENDE_ROWS)
    results = []
    for dtype in (object, "string", "str"):
        df = base.astype(dtype)
        if dtype is object:
            df = df.replace({"": None})
        validator = ContractValidator()
        validator.validate_chunk("arende", df)
        results.append(counts(validator.summary("arende")))
    assert results[0] == results[1] == results[2]


def test_unknown_table_and_unvalidated_table() -> None:
    validator = ContractValidator()
    with pytest.raises(KeyError):
        validator.validate_chunk("nope", clean_frame("arende"))
    with pytest.raises(KeyError):
        validator.summary("arende")
    assert validator.summaries() == []


def test_kommun_koder_value_set() -> None:
    validator = ContractValidator({"0180", "1480"})
    validator.validate_chunk("arende", frame("arende", [{"arende_id": "a"}, {"arende_id": "b", "kommun_kod": "9999"}]))
    summary = validator.summary("arende")
    assert entry(summary, "kommun_kod", "known municipality code")["unexpected_count"] == 1
    assert entry(summary, "kommun_kod", "four digits")["unexpected_count"] == 0


# --- persistence, Data Docs, privacy, network ---------------------------------------------------
def _validated() -> ContractValidator:
    validator = ContractValidator()
    for table, rows, _ in CASES:
        validator.validate_chunk(table, frame(table, rows))
    return validator


def test_data_docs_show_every_suite(tmp_path: Path) -> None:
    validator = _validated()
    # a summary as the load would write it to its report (JSON) and read back later
    summaries = json.loads(json.dumps(validator.summaries()))
    keys = save_results(summaries, tmp_path, run_name="load-1")
    assert len(keys) == 3
    # persisted in the file context: suites and validation results
    assert sorted(p.name for p in (tmp_path / "gx" / "expectations").glob("*.json")) == [
        "isu_arende.json",
        "isu_insats.json",
        "isu_uppfoljning.json",
    ]
    assert len(list((tmp_path / "gx" / "uncommitted" / "validations").rglob("*.json"))) == 3

    index = build_data_docs(tmp_path)  # a separate step: a fresh context reads what was saved
    assert index == tmp_path / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    html = index.read_text(encoding="utf-8")
    for name in ("isu_arende", "isu_insats", "isu_uppfoljning"):
        assert name in html
    pages = list((index.parent / "validations").rglob("*.html"))
    assert len(pages) == 3
    arende_page = next(p for p in pages if "isu_arende" in str(p)).read_text(encoding="utf-8")
    assert "load-1" in arende_page
    assert "unexpected" in arende_page

    # the validator keeps working after a file context was opened (GX keeps a global "project")
    validator.validate_chunk("insats", clean_frame("insats"))
    assert validator.summary("insats")["chunks"] == 2
    # GX result objects are accepted too, and a second run adds to the site
    save_results([validator.results("insats")], tmp_path, run_name="load-2")
    build_data_docs(tmp_path)
    assert len(list((index.parent / "validations").rglob("*.html"))) == 4


def test_data_docs_open_offline_with_every_script_and_style_sheet_local(tmp_path: Path) -> None:
    from browser import SCREENSHOTS, offline_browser

    save_results(_validated(), tmp_path, run_name="load-1")
    index = build_data_docs(tmp_path)
    site = index.parent
    pages = sorted(p for p in site.rglob("*.html") if "isu-offline" not in p.parts)
    assert len(pages) == 7  # the index, three suites, three validation results
    element = re.compile(r"<(script|link|img)\b[^>]*\b(?:src|href)=[\"']([^\"']+)", re.IGNORECASE)
    local = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*[\"']?(https?:)?//", text), page.name  # no style's image elsewhere
        for tag, target in element.findall(text):
            assert not re.match(r"(https?:)?//", target), f"{page.name}: <{tag}> {target}"
            assert (page.parent / target).resolve().is_file(), f"{page.name}: {target} is missing"
            local += tag in ("script", "link")
    assert local >= 7 * 10

    with offline_browser() as watch:
        tab = watch.open(index)
        rows = tab.locator("#section-1-content-block-2-1-body-table tbody tr")
        assert rows.count() == 3  # bootstrap-table drew the validation results: one row per table
        assert sorted(rows.nth(i).locator("td").last.inner_text() for i in range(3)) == [
            "isu_arende",
            "isu_insats",
            "isu_uppfoljning",
        ]
        assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("-apple-system")  # Bootstrap's
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SCREENSHOTS / "gx_data_docs_index.png"), full_page=True)
        result = watch.open(next(p for p in pages if "validations" in p.parts and "isu_arende" in p.parts))
        assert result.locator("table").count() >= 3
        result.screenshot(path=str(SCREENSHOTS / "gx_data_docs_arende.png"), full_page=True)
    assert watch.problems == [] and watch.remote_requests() == []
    assert len(watch.requests) >= 20  # the pages and every local script, style sheet and font


PNR_BAD = [
    "19370513 4821",  # wrong separator
    "193705134821X",
    "3705134821",  # ten digits without separator: not an allowed format
    "19370513-482",
    "370513*4821",
]
PNR_FORMAT_OK = ["19370513-4829", "370513-4827", "193705134826", "370513+4823"]


def _pnr_needles() -> set[str]:
    needles = set()
    for value in PNR_BAD + PNR_FORMAT_OK:
        needles.add(value)
        digits = re.sub(r"[^0-9]", "", value)
        needles.add(digits)
        needles.add(digits[-10:])  # without the century
    return needles


def test_no_personnummer_in_results_summary_or_data_docs(tmp_path: Path) -> None:
    rows = [{"arende_id": f"P{i}", "personnummer": value} for i, value in enumerate(PNR_BAD + PNR_FORMAT_OK)]
    # personal numbers where they do not belong either: as a key and as a municipality code
    rows.append({"arende_id": "19370513-4829", "kommun_kod": "193705134826"})
    rows.append({"arende_id": "19370513-4829", "kommun_kod": "193705134826"})
    validator = ContractValidator()
    validator.validate_chunk("arende", frame("arende", rows))
    summary = validator.summary("arende")
    assert entry(summary, "personnummer", "personnummer format")["unexpected_count"] == len(PNR_BAD)
    assert entry(summary, "kommun_kod", "four digits")["unexpected_count"] == 2
    assert entry(summary, "kommun_kod+arende_id", "unique key")["unexpected_count"] == 2

    gx_dir = tmp_path / "gx_dir"
    save_results(validator, gx_dir)
    save_results([validator.results("arende")], gx_dir, run_name="again")
    build_data_docs(gx_dir)

    texts = {"summary": json.dumps(summary, ensure_ascii=False), "results": str(validator.results("arende"))}
    for path in gx_dir.rglob("*"):
        if path.is_file():
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    assert len(texts) > 10
    needles = _pnr_needles()
    leaks = [(where, n) for where, text in texts.items() for n in needles if n in text]
    assert not leaks, leaks


def test_nothing_phones_home_and_nothing_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    validator = _validated()
    save_results(validator, tmp_path)
    build_data_docs(tmp_path)
    assert attempts == []
    assert os.environ.get("GX_ANALYTICS_ENABLED", "").lower() == "false"
    config = (tmp_path / "gx" / "great_expectations.yml").read_text(encoding="utf-8")
    assert "analytics_enabled: false" in config
    out, err = capfd.readouterr()
    assert "Calculating Metrics" not in out + err
    assert out == "" and err == ""


# --- benchmark (opt-in) ---------------------------------------------------------------------------
def synthetic(table: contract.Table, n: int, seed: int = 0) -> pd.DataFrame:
    """n clean rows of text, like a CSV chunk (dates in contract order, a tenth of optionals empty)."""
    rng = np.random.default_rng(seed)
    data: dict[str, np.ndarray] = {}
    day = np.datetime64("2020-01-01") + rng.integers(0, 1500, n)
    for col in table.columns:
        if col.name == "kommun_kod":
            values = rng.choice(["0180", "1480", "0114", "2480"], n)
        elif col.name == table.id_column:
            values = np.char.add(f"{table.name[0]}", np.arange(n).astype(str))
        elif col.kind is Kind.TEXT and col.allowed_text:
            values = rng.choice(list(col.allowed_text), n)
        elif col.kind is Kind.TEXT:
            values = np.char.add("p", rng.integers(0, n, n).astype(str))
        elif col.kind is Kind.DATE:  # every date column on or after the previous one
            day = day + rng.integers(0, 60, n)
            values = day.astype(str)
        elif col.kind is Kind.INT:
            values = rng.integers(0, 100, n).astype(str)
        elif col.kind is Kind.CODE:
            values = rng.choice(col.codes, n).astype(str)
        elif col.kind is Kind.CODES:
            first = rng.choice(col.codes[:10], n).astype(str)
            values = np.char.add(np.char.add(first, "|"), rng.choice(col.codes[:10], n).astype(str))
        else:  # PERSONNUMMER
            values = np.char.add("19800101-", rng.integers(1000, 9999, n).astype(str))
        data[col.name] = values
    df = pd.DataFrame(data).astype(str)
    for col in table.columns:
        if not col.required and col.kind is not Kind.DATE:
            df.loc[rng.random(n) < 0.1, col.name] = ""
    return df


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("ISU_GX_BENCH"), reason="set ISU_GX_BENCH=1 to run the benchmark")
def test_benchmark_200k_rows_per_table(kommun_koder: set[str]) -> None:
    n = int(os.environ.get("ISU_GX_BENCH_ROWS", "200000"))
    timings = {}
    # object: what isu.reader hands the loader; str: the pandas 3 default (pyarrow-backed)
    for dtype in (object, "str"):
        validator = ContractValidator(kommun_koder)
        for table in contract.TABLES:
            df = synthetic(table, n).astype(dtype)
            start = time.perf_counter()
            validator.validate_chunk(table.name, df)
            validate = time.perf_counter() - start
            start = time.perf_counter()
            summary = validator.summary(table.name)
            took = time.perf_counter() - start
            timings[(table.name, str(dtype))] = validate
            print(
                f"{table.name} ({dtype!s} columns): {n} rows, {summary['evaluated_expectations']} "
                f"expectations, validate_chunk {validate:.2f} s, summary {took:.3f} s"
            )
    assert all(t < 10 for t in timings.values()), timings


# --- GX beside the load (isu.gx_background) --------------------------------------------------------
def _without_run_time(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "run_time"}


def test_background_validator_gives_what_the_plain_one_gives() -> None:
    plain, background = ContractValidator(), BackgroundValidator()
    try:
        for validator in (plain, background):
            validator.validate_chunk("arende", frame("arende", ARENDE_ROWS[:3]))
            validator.validate_chunk("arende", frame("arende", ARENDE_ROWS[3:]))
            validator.validate_chunk("insats", frame("insats", [{}]))
        assert [_without_run_time(s) for s in background.summaries()] == [
            _without_run_time(s) for s in plain.summaries()
        ]
        # the worked-out duplicate key (rows 0 and 5) across the two chunks
        assert entry(background.summary("arende"), "kommun_kod+arende_id", "unique key")["unexpected_count"] == 2
        assert background.summary("insats")["rows"] == 1
    finally:
        background.close()


def test_background_validator_raises_what_its_worker_raised() -> None:
    background = BackgroundValidator()
    try:
        background.validate_chunk("no_such_table", frame("arende", ARENDE_ROWS))  # returns at once
        with pytest.raises(KeyError, match="no_such_table"):
            background.summaries()
    finally:
        background.close()


def _gx_log(warehouse: Path) -> list[tuple]:
    rows = query(warehouse, "select tabell, gx_lyckad, gx_resultat, rader_lasta from raw.laddlogg order by tabell")
    return [(t, ok, _without_run_time(json.loads(res)), n) for t, ok, res, n in rows]


def test_load_logs_the_same_gx_results_with_gx_beside_it(tmp_path: Path) -> None:
    plain_w, background_w = tmp_path / "a" / "isu.duckdb", tmp_path / "b" / "isu.duckdb"
    plain_w.parent.mkdir()
    background_w.parent.mkdir()
    load(HANDGJORD / "extrakt1", plain_w, validator=ContractValidator(set(paths.kommun_koder())))
    background = BackgroundValidator(set(paths.kommun_koder()))
    try:
        load(HANDGJORD / "extrakt1", background_w, validator=background)
    finally:
        background.close()
    logged = _gx_log(background_w)
    assert logged == _gx_log(plain_w)
    # a small file is validated whole: the sample is every row that was read as a row
    assert [(t, res["urval"]["av"], res["rows"]) for t, _, res, _ in logged] == [
        (t, res["urval"]["rader"], res["urval"]["rader"]) for t, _, res, _ in logged
    ]
    assert [t for t, *_ in logged] == ["arende", "insats", "uppfoljning"]


def test_a_load_whose_gx_fails_beside_it_leaves_no_trace(tmp_path: Path, monkeypatch) -> None:
    def boom(self, table_name, df):
        raise RuntimeError("GX failed in its thread")

    monkeypatch.setattr(ContractValidator, "validate_chunk", boom)
    warehouse = tmp_path / "isu.duckdb"
    background = BackgroundValidator()
    try:
        with pytest.raises(RuntimeError, match="GX failed in its thread"):
            load(HANDGJORD / "extrakt1", warehouse, validator=background)
    finally:
        background.close()
    assert all(not rows for rows in table_dump(warehouse).values())
