"""The SQL loader (row rules inside DuckDB) against the pandas reference implementation (isu.validate):
the same quarantine, row for row (rule, line, column, message, value; the row content compared as
JSON), the same warnings and the same raw rows, on the hand-made fixtures and on generated extracts
with every defect, in CSV with either delimiter, in Windows-1252 and in Parquet."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import HANDGJORD
from isu.generate import generate_extract
from isu.loader import load_extract
from isu.pseudonym import load_key

TODAY = date(2025, 6, 1)
KARANTAN = "tabell, fil, rad, kommun_kod, nyckel, kolumn, regel, meddelande, meddelande_en, varde, status"
VARNING = "tabell, fil, rad, kommun_kod, nyckel, kolumn, regel, meddelande, meddelande_en, varde"
RAW = "* exclude (load_id, giltig_fran, giltig_till)"


def _load_both(extracts: list[Path], tmp: Path, **kwargs) -> duckdb.DuckDBPyConnection:
    key = load_key(demo=True)
    con = duckdb.connect()
    for engine in ("pandas", "sql"):
        w = tmp / f"{engine}.duckdb"
        for ex in extracts:
            load_extract(ex, w, key, today=TODAY, engine=engine, **kwargs)
        con.execute(f"attach '{w}' as {engine} (read_only)")
    return con


def _content(text: str | None) -> object:
    """The row content as data (JSON of the fields; a broken line is kept as written)."""
    if text is None or not text.startswith("{"):
        return text
    return json.loads(text)


def _assert_same(con: duckdb.DuckDBPyConnection) -> int:
    """Asserts the two warehouses agree; returns the quarantine rows compared."""
    counts = "tabell, rader_lasta, rader_godkanda, rader_karantan, rader_nya, rader_andrade, rader_varning"
    for table, cols in (("karantan", KARANTAN), ("varning", VARNING), ("laddlogg", counts)):
        for a, b in (("pandas", "sql"), ("sql", "pandas")):
            diff = con.execute(
                f"select {cols} from {a}.raw.{table} except all select {cols} from {b}.raw.{table} limit 5"
            ).fetchall()
            assert diff == [], f"raw.{table}: rows of {a} not in {b}: {diff}"
    for table in ("arende", "insats", "uppfoljning", "vantande_insats", "vantande_uppfoljning"):
        cols = RAW if not table.startswith("vantande") else "* exclude (load_id)"
        for a, b in (("pandas", "sql"), ("sql", "pandas")):
            diff = f"select {cols} from {a}.raw.{table} except all select {cols} from {b}.raw.{table}"
            n = con.execute(f"select count(*) from ({diff})").fetchone()[0]
            assert n == 0, f"raw.{table}: {n} rows of {a} not in {b}"
    order = "order by tabell, fil, rad, regel, kolumn, load_id"
    content = {
        engine: [
            (r[:4], _content(r[4]))
            for r in con.execute(
                f"select tabell, rad, regel, kolumn, radinnehall from {engine}.raw.karantan {order}"
            ).fetchall()
        ]
        for engine in ("pandas", "sql")
    }
    assert content["pandas"] == content["sql"]
    return len(content["sql"])


def test_hand_made_fixtures_give_the_same_rows(tmp_path: Path) -> None:
    con = _load_both([HANDGJORD / "extrakt1", HANDGJORD / "extrakt2"], tmp_path)
    assert _assert_same(con) > 20


@pytest.mark.parametrize(
    ("fmt", "delimiter", "encoding"),
    [("csv", ";", "utf-8"), ("csv", ",", "utf-8"), ("csv", ";", "cp1252"), ("parquet", ";", "utf-8")],
)
def test_generated_extract_with_every_defect(tmp_path: Path, fmt: str, delimiter: str, encoding: str) -> None:
    ex = tmp_path / "x"
    generate_extract(ex, arenden=4000, kommuner=3, seed=11, defect_rate=0.2, fmt=fmt, delimiter=delimiter)
    if encoding != "utf-8":
        for f in ex.glob("*.csv"):
            if not f.name.startswith("_"):
                f.write_bytes(f.read_text(encoding="utf-8").encode(encoding, errors="replace"))
    manifest = json.loads((ex / "_manifest.json").read_text(encoding="utf-8"))
    con = _load_both([ex], tmp_path, encoding=encoding)
    n = _assert_same(con)
    assert n > 1000
    # Every defect the generator injected was found (the reference's findings, now the same).
    rules = {r[0] for r in con.execute("select distinct regel from sql.raw.karantan").fetchall()}
    injected = {r for t in manifest["defects_injected"].values() for r in t["by_rule"]}
    assert len(injected) > 15
    assert injected <= rules, injected - rules
