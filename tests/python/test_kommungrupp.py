"""`isu kommungrupp`: the optional, user-supplied municipality groups."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from isu.cli import app


def _run(tmp_path: Path, text: str) -> tuple[int, str, Path]:
    mapping = tmp_path / "grupper.csv"
    mapping.write_text(text, encoding="utf-8")
    warehouse = tmp_path / "isu.duckdb"
    result = CliRunner().invoke(app, ["kommungrupp", str(mapping), "--warehouse", str(warehouse)])
    return result.exit_code, result.output, warehouse


def test_a_mapping_loads_and_replaces_the_previous_one(tmp_path: Path) -> None:
    code, output, warehouse = _run(tmp_path, "kommun_kod;gruppkod;gruppnamn\n0180;A1;Storstäder\n1480;A1;Storstäder\n")
    assert code == 0 and "2 municipalities" in output
    code, _, _ = _run(tmp_path, "Kommun_Kod,gruppkod,gruppnamn\n0114,B3,Pendlingskommun nära storstad\n")
    assert code == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select * from raw.kommungrupp").fetchall() == [("0114", "B3", "Pendlingskommun nära storstad")]
    con.close()


def test_bad_mappings_name_the_line(tmp_path: Path) -> None:
    code, output, _ = _run(tmp_path, "kommun_kod;gruppkod;gruppnamn\n0180;A1;X\n180;A1;X\n")
    assert code == 2 and "rad 3, kolumn kommun_kod: '180'" in output and "Traceback" not in output
    code, output, _ = _run(tmp_path, "kommun_kod;gruppkod;gruppnamn\n0180;A1;X\n0180;A2;Y\n")
    assert code == 2 and "rad 3: kommun 0180 förekommer två gånger" in output
    code, output, _ = _run(tmp_path, "kommun_kod;grupp\n0180;A1\n")
    assert code == 2 and "gruppkod" in output
