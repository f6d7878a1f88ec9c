"""The rule catalogue (isu.rules): complete, and every rule caught by its own hand-worked case.

Each case is the minimal valid extract of `BASE_ROWS` with one change, loaded for real; the test
checks the finding it must give (rule, table, line, column, severity) and that nothing else is
found on that row's table: a change to a rule's check, its column or its severity fails here.
"""

from __future__ import annotations

import importlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from isu.contract import TABLES, Rule
from isu.errors import IsuError
from isu.generate import generate_extract
from isu.loader import load_extract
from isu.pseudonym import load_key
from isu.rules import BASE_ROWS, CONTRACT_VERSION, RULES, Case, Severity, defect_rules, rules_markdown

TODAY = date(2025, 6, 1)  # the load date of the cases: 2025-02-01 is plausible, 2204 is not
COLUMNS = {t.name: [c.name for c in t.columns] for t in TABLES}


def write_extract(folder: Path, case: Case | None = None) -> Path:
    """The base extract with the case's change, as three ';'-separated CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in COLUMNS:
        row = dict(BASE_ROWS[table])
        if case is not None:
            row.update(case.other.get(table, {}))
            if case.table == table:
                row.update(case.cells)
        cols = [c for c in COLUMNS[table] if not (case and case.table == table and c == case.drop_column)]
        lines = [";".join(cols), ";".join(_quote(row[c]) for c in cols)]
        if case is not None and case.table == table:
            if case.line is not None:
                lines[1] = case.line.format(**row)
            if case.duplicate:
                lines.append(lines[1])
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ';"') else value


def _load(folder: Path, warehouse: Path):
    return load_extract(folder, warehouse, load_key(demo=True), today=TODAY)


def _findings(warehouse: Path) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "select tabell, rad, kolumn, regel, 'fel' from raw.karantan union all "
            "select tabell, rad, kolumn, regel, 'varning' from raw.varning order by all"
        ).fetchall()
    finally:
        con.close()


def test_every_code_has_one_rule_object_with_texts_cases_and_a_defect() -> None:
    codes = [r.code for r in RULES]
    assert sorted(codes) == sorted(Rule), "every Rule code has exactly one RuleDef"
    for r in RULES:
        assert r.sv.strip() and r.en.strip() and r.sv != r.en, r.code
        assert r.cases, f"{r.code}: no hand-worked case"
        assert bool(r.defect_tables) != bool(r.no_defect_because), f"{r.code}: a defect, or why there is none"
        assert set(r.defect_tables) <= set(COLUMNS), r.code
        assert r.sedan == CONTRACT_VERSION
        module, _, qualname = r.check.partition(":")
        target = importlib.import_module(module)
        for part in qualname.split("."):
            target = getattr(target, part)  # the check exists
        assert callable(target), r.code
        for case in r.cases:
            assert case.table in COLUMNS
            assert case.column is None or case.column in COLUMNS[case.table], (r.code, case.column)


def test_the_base_extract_is_clean(tmp_path: Path) -> None:
    report = _load(write_extract(tmp_path / "x"), tmp_path / "w.duckdb")
    assert [(f.rader_lasta, f.rader_godkanda, f.rader_karantan, f.rader_varning) for f in report.files] == [
        (1, 1, 0, 0)
    ] * 3
    assert _findings(tmp_path / "w.duckdb") == []


CASES = [(r, c) for r in RULES for c in r.cases]


@pytest.mark.parametrize(("rule", "case"), CASES, ids=[f"{r.code.value}-{i}" for i, (r, _) in enumerate(CASES)])
def test_each_rule_is_caught_by_its_hand_worked_case(tmp_path: Path, rule, case: Case) -> None:
    folder = write_extract(tmp_path / "x", case)
    warehouse = tmp_path / "w.duckdb"
    if rule.severity is Severity.FIL:
        with pytest.raises(IsuError) as err:
            _load(folder, warehouse)
        assert case.column in err.value.sv and rule.code.value in err.value.en
        assert not warehouse.exists()
        return
    report = _load(folder, warehouse)
    lines = [2, 3] if case.duplicate else [2]
    expected = {(case.table, line, case.column, rule.code.value, rule.severity.value) for line in lines}
    found = _findings(warehouse)
    assert expected <= set(found), found
    # Nothing else on that table (a child left without its parent is that rule's consequence).
    assert {f for f in found if f[0] == case.table} == expected
    by_table = {f.tabell: f for f in report.files}
    if rule.severity is Severity.FEL:
        assert by_table[case.table].rader_karantan == len(lines)
        assert by_table[case.table].rader_godkanda == 0
    else:
        assert (by_table[case.table].rader_godkanda, by_table[case.table].rader_varning) == (1, 1)


def test_the_generator_injects_every_defect_the_catalogue_names(tmp_path: Path) -> None:
    """Each rule with defect tables is injected there, and the loader reports it there."""
    extract = tmp_path / "x"
    generate_extract(extract, kommuner=2, arenden=4000, seed=5, defect_rate=0.12)
    manifest = json.loads((extract / "_manifest.json").read_text(encoding="utf-8"))
    report = load_extract(extract, tmp_path / "w.duckdb", load_key(demo=True))
    reported = {(t, r) for t, r, _ in report.rules}
    for table in COLUMNS:
        injected = manifest["defects_injected"][table]["by_rule"]
        for rule in defect_rules(table):
            assert injected.get(rule.value, 0) > 0, (table, rule)
            assert (table, rule.value) in reported, (table, rule)


def test_the_rules_document_is_generated_from_the_catalogue() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "regler.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(), "run: isu rules --markdown > docs/regler.md"


def test_each_rule_with_an_expectation_has_it_in_the_great_expectations_suites() -> None:
    from isu.gx_validation import build_suite

    found: set[tuple[str, str]] = set()
    for table in TABLES:
        for exp in build_suite(table, {"0180"}).expectations:
            found.add((exp.meta["rule"], type(exp).__name__))
    for r in RULES:
        if r.gx:
            assert (r.code.value, r.gx) in found, r.code
    assert {rule for rule, _ in found} <= {r.code.value for r in RULES}
