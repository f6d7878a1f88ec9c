"""`isu export`: CSV as Swedish Excel reads it, worked out by hand on a small frame. The export of a
whole built warehouse is checked against its marts in test_demo.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
from typer.testing import CliRunner

from isu.cli import app
from isu.export import safe_text, write_excel_csv


def test_formula_like_text_gets_an_apostrophe_and_nothing_else_does() -> None:
    assert safe_text('=HYPERLINK("http://x","klicka")') == '\'=HYPERLINK("http://x","klicka")'
    assert [safe_text(t) for t in ("+46", "-5", "@SUM(A1)", "\tx", "\rx")] == ["'+46", "'-5", "'@SUM(A1)", "'\tx",
                                                                              "'\rx"]  # fmt: skip
    assert [safe_text(v) for v in ("A-1", "0180", -1.5, None, 3)] == ["A-1", "0180", -1.5, None, 3]


def test_csv_for_swedish_excel_worked_by_hand(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "kommun_kod": ["0180", "1480"],
            "namn": ['=HYPERLINK("http://x")', "Göteborg; centrum"],
            "andel": [0.25, None],
            "diff": [-1.5, 2.0],
            "antal": pd.array([3, None], dtype="Int64"),
            "datum": pd.to_datetime([date(2024, 3, 1), None]),
            "undertryckt": [False, True],
        }
    )
    out = tmp_path / "x.csv"
    assert write_excel_csv(df, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark: Excel reads å, ä, ö right
    assert raw.decode("utf-8-sig") == (
        "kommun_kod;namn;andel;diff;antal;datum;undertryckt\r\n"
        '0180;"\'=HYPERLINK(""http://x"")";0,25;-1,5;3;2024-03-01;0\r\n'
        '1480;"Göteborg; centrum";;2,0;;;1\r\n'
    )


def test_export_of_a_missing_or_unbuilt_warehouse_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "ut"), "-w", str(tmp_path / "saknas.duckdb")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_export_refuses_a_warehouse_without_marts(tmp_path: Path) -> None:
    warehouse = tmp_path / "isu.duckdb"
    duckdb.connect(str(warehouse)).close()
    result = CliRunner().invoke(app, ["export", str(tmp_path / "ut"), "-w", str(warehouse)])
    assert result.exit_code == 2
    assert "isu build" in result.output


def test_workbook_types_and_first_sheet_worked_by_hand(tmp_path: Path) -> None:
    import openpyxl

    from conftest import ROOT
    from isu.export import write_workbook

    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.mart_ledtid as select * from (values "
        "('0180', 0.25, cast(3 as hugeint), '=HYPERLINK(\"http://x\")', date '2024-03-01', true, 1.5), "
        "('1480', null, null, 'Göteborg', null, false, null)) "
        "as t(kommun_kod, andel_inom_grans, antal, ledtid, datum, undertryckt, median_dagar)"
    )
    written = write_workbook(con, ["mart_ledtid"], tmp_path / "isu.xlsx", ROOT)
    assert written == {"mart_ledtid": 2}
    book = openpyxl.load_workbook(tmp_path / "isu.xlsx")
    assert book.sheetnames == ["Kolumner", "mart_ledtid"]
    om = [tuple(r) for r in book["Kolumner"].iter_rows(values_only=True)]
    assert [r[:2] for r in om[1:]] == [("mart_ledtid", c) for c in
                                       ("kommun_kod", "andel_inom_grans", "antal", "ledtid", "datum", "undertryckt",
                                        "median_dagar")]  # fmt: skip
    # the descriptions come from the project's doc blocks: Swedish term, then English
    described = dict((r[1], r[2]) for r in om[1:])
    assert described["kommun_kod"].startswith("Kommunkod (municipality code)")
    assert described["andel_inom_grans"].startswith("Andel inom lagstadgad gräns (share within the legal limit)")
    sheet = book["mart_ledtid"]
    first = [c for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[0].value == "0180" and first[0].data_type == "s"  # a code stays text with its zero
    assert first[1].value == 0.25 and first[1].number_format == "0.0%"  # a share shown as a percentage
    assert first[2].value == 3 and first[2].data_type == "n"  # a 128-bit sum as a plain number
    assert first[3].value == '=HYPERLINK("http://x")' and first[3].data_type == "s"  # text, never a formula
    assert first[4].value.date() == date(2024, 3, 1) and first[4].number_format == "yyyy-mm-dd"
    assert first[5].value is True and first[6].value == 1.5
    second = [c.value for c in next(sheet.iter_rows(min_row=3, max_row=3))]
    assert second == ["1480", None, None, "Göteborg", None, False, None]  # nulls stay empty
