"""A generated extract with defects of every kind, through the real loader.

The generator computes, independently of the loader, which rows must be quarantined (the injected
defects and their cascades); the load must agree row for row.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from conftest import load
from isu.generate import generate_extract


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ";"), ("csv", ","), ("parquet", ";")])
def test_generated_defects_are_quarantined_exactly(tmp_path: Path, fmt: str, delimiter: str) -> None:
    extract = tmp_path / "extract"
    generate_extract(extract, kommuner=3, arenden=4_000, seed=11, defect_rate=0.05, fmt=fmt, delimiter=delimiter)
    manifest = json.loads((extract / "_manifest.json").read_text(encoding="utf-8"))
    warehouse = tmp_path / "isu.duckdb"
    report = load(extract, warehouse)
    for f in report.files:
        assert f.rader_lasta == f.rader_godkanda + f.rader_karantan  # nothing lost
        assert f.rader_lasta == manifest["rows"][f.tabell]
        assert f.rader_godkanda == manifest["expected_accepted_rows"][f.tabell]
        assert f.rader_karantan == manifest["expected_quarantined_rows"][f.tabell]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        found = set(con.execute("select tabell, rad, regel from raw.karantan").fetchall())
        current = {
            t: con.execute(f"select count(*) from raw.{t} where giltig_till is null").fetchone()[0]
            for t in ("arende", "insats", "uppfoljning")
        }
    finally:
        con.close()
    with (extract / "_defekter.csv").open(encoding="utf-8") as fh:
        # _defekter.csv numbers lines as the CSV would (header = 1); Parquet rows are numbered from 1.
        offset = 1 if fmt == "parquet" else 0
        injected = [(r["tabell"], int(r["rad"]) - offset, r["regel"]) for r in csv.DictReader(fh)]
    assert len({r[2] for r in injected}) >= 17  # every kind of defect is in the extract
    # A row whose parent is itself quarantined cannot be checked against the parent's dates: it is
    # quarantined as an orphan instead of for its injected date defect. Every other injected defect
    # is reported with its own rule.
    missing = [d for d in injected if d not in found and (d[0], d[1], "saknad_foralder") not in found]
    assert not missing, f"injected defects not quarantined with their rule: {missing[:5]}"
    as_orphan = [d for d in injected if d not in found]
    assert all(d[2] == "datumordning" for d in as_orphan) and len(as_orphan) <= len(injected) // 50
    assert current == manifest["expected_accepted_rows"]
