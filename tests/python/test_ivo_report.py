"""`isu report ej-verkstallda --kvartal ...`: the list behind mart_ej_verkstallda_beslut, on the
hand-made indicator fixture (indikator_fixture.py), checked by hand and against the plain-Python
second implementation (indikator_python.py). That the report holds no personnummer is tested on the
demo warehouse (test_demo.py), whose extract has them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import indikator_python as py
from indikator_fixture import STHLM, VASBY, built_warehouse
from isu.cli import app


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return built_warehouse(tmp_path_factory)


def report(warehouse: Path, out: Path, *args: str) -> tuple[int, str, list[dict]]:
    result = CliRunner().invoke(app, ["report", "ej-verkstallda", *args, "-w", str(warehouse), "-o", str(out)])
    rows = []
    if out.exists():
        with out.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    return result.exit_code, result.output, rows


def pseudonym(warehouse: Path, insats_id: str) -> str:
    con = duckdb.connect(str(warehouse))
    try:
        return con.execute("select person_pseudonym from fakta.fct_insats where insats_id = ?", [insats_id]).fetchone()[
            0
        ]
    finally:
        con.close()


def test_the_list_by_hand(warehouse: Path, tmp_path: Path) -> None:
    # IK1 and IK2 (Stockholm, decided 2024-03-20) are on the list from 2024-06-21; IK1 is implemented
    # on 2024-09-01, IK2 ends 2024-12-15; IL1 (Upplands Väsby, decided 2024-06-30) is on it
    # from 2024-10-01 (three months exactly on 09-30 is not more than three) until 2025-01-15.
    code, output, rows = report(warehouse, tmp_path / "q2.csv", "--kvartal", "2024Q2")
    assert code == 0, output
    assert [
        (r["kommun_kod"], r["insats_id"], r["datum_beslut"], r["dagar_sedan_beslut"], r["insatstyp"]) for r in rows
    ] == [
        (STHLM, "IK1", "2024-03-20", "102", "32"),
        (STHLM, "IK2", "2024-03-20", "102", "20"),
    ]
    assert rows[0]["kvartal"] == "2024Q2" and rows[0]["kvartalsslut"] == "2024-06-30"
    assert rows[0]["insatstyp_text"] == "Särskilt boende (permanent)"
    assert rows[0]["person_pseudonym"] == pseudonym(warehouse, "IK1")
    assert "2 beslut" in output

    _, _, q3 = report(warehouse, tmp_path / "q3.csv", "--kvartal", "2024Q3")
    assert [(r["insats_id"], r["dagar_sedan_beslut"]) for r in q3] == [
        ("IK2", str((date(2024, 9, 30) - date(2024, 3, 20)).days))
    ]
    _, _, q4 = report(warehouse, tmp_path / "q4.csv", "--kvartal", "2024q4")
    assert [(r["kommun_kod"], r["insats_id"], r["dagar_sedan_beslut"]) for r in q4] == [(VASBY, "IL1", "184")]
    # one municipality only
    _, _, only = report(warehouse, tmp_path / "sthlm.csv", "--kvartal", "2024Q4", "--kommun", STHLM)
    assert only == []


def test_every_quarter_equals_the_python_implementation_and_the_mart(warehouse: Path, tmp_path: Path) -> None:
    waiting = [r for r in py.rows() if r["indikator_id"] == "EJ_VERKST_3M"]
    con = duckdb.connect(str(warehouse))
    try:
        mart = dict(
            con.execute(
                "select kvartal, antal from marts.mart_ej_verkstallda_beslut where niva = 'riket' "
                "and verksamhetsomrade = 'ALLA' and insatstyp is null"
            ).fetchall()
        )
    finally:
        con.close()
    seen = 0
    for year in (2023, 2024, 2025):
        for q in (1, 2, 3, 4):
            end = date(year, q * 3, 31 if q in (1, 4) else 30)
            expected = sorted(
                r["enhet_id"] for r in waiting if r["datum"] <= end and (r["slut"] is None or r["slut"] > end)
            )
            _, _, rows = report(warehouse, tmp_path / f"{year}{q}.csv", "--kvartal", f"{year}Q{q}")
            assert sorted(r["insats_id"] for r in rows) == expected, (year, q)
            if end <= date(2025, 6, 30):  # the mart lists the quarters that end in the data
                assert mart.get(f"{year}Q{q}", 0) == len(expected), (year, q)
            seen += len(expected)
    assert seen >= 4


def test_clear_errors(warehouse: Path, tmp_path: Path) -> None:
    code, output, _ = report(warehouse, tmp_path / "x.csv", "--kvartal", "2024-5")
    assert code == 2 and "2024-5" in output and "2024Q3" in output and "Traceback" not in output
    code, output, _ = report(tmp_path / "saknas.duckdb", tmp_path / "y.csv", "--kvartal", "2024Q3")
    assert code == 2 and "isu load" in output and "Traceback" not in output
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "y.csv").exists()
