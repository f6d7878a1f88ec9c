"""History: two extracts loaded in sequence, the second replacing rows of the first (same keys, new
content) and adding others. Building "as of" the first load (`isu build --per-laddning 1`) gives
the same marts as a warehouse that only ever saw the first extract."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from isu.cli import app
from isu.generate import generate_extract

LINEAGE = {"load_id", "kalla_fil", "kalla_rad", "giltig_fran", "rad_hash"}


def _marts(warehouse: Path) -> dict[str, list[tuple]]:
    # read-write, as dbt (run in this process) keeps such a connection to the file open
    con = duckdb.connect(str(warehouse))
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema not in ('raw', 'main') and (table_name like 'mart_%' or table_name like 'fct_%' "
            "or table_name like 'ind_%') order by 1, 2"
        ).fetchall()
        out = {}
        for schema, name in tables:
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [schema, name],
                ).fetchall()
                if c not in LINEAGE
            ]
            rows = con.execute(f'select {", ".join(cols)} from "{schema}"."{name}"').fetchall()
            out[f"{schema}.{name}"] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


@pytest.mark.slow
def test_as_of_an_earlier_load_equals_the_warehouse_of_the_extracts_up_to_then(tmp_path: Path) -> None:
    first, second = tmp_path / "jan", tmp_path / "feb"
    kommuner = ["0180", "1480"]  # the same municipalities: the same keys A000000001, ... in both
    generate_extract(first, kommuner=2, kommun_koder=kommuner, arenden=1_500, seed=31, defect_rate=0.02)
    generate_extract(second, kommuner=2, kommun_koder=kommuner, arenden=2_500, seed=32, defect_rate=0.02)
    runner = CliRunner()
    both, only_first = tmp_path / "both" / "isu.duckdb", tmp_path / "first" / "isu.duckdb"
    for extract, warehouse in ((first, both), (second, both), (first, only_first)):
        result = runner.invoke(app, ["load", str(extract), "-w", str(warehouse), "--demo-key", "--no-gx",
                                     "--max-karantan", "1"])  # fmt: skip
        assert result.exit_code == 0, result.output
    con = duckdb.connect(str(both), read_only=True)
    changed = con.execute("select sum(rader_andrade) from raw.laddlogg where load_id = 2").fetchone()[0]
    con.close()
    assert changed > 500  # the second extract really replaces rows of the first
    assert runner.invoke(app, ["build", "-w", str(both), "--per-laddning", "3"]).exit_code == 2  # no such load
    result = runner.invoke(app, ["build", "-w", str(both), "--per-laddning", "1"])
    assert result.exit_code == 0, result.output
    as_of = _marts(both)
    result = runner.invoke(app, ["build", "-w", str(only_first)])
    assert result.exit_code == 0, result.output
    reference = _marts(only_first)
    assert len(reference) > 20 and sum(map(len, reference.values())) > 10_000
    assert as_of.keys() == reference.keys()
    for name in reference:
        assert as_of[name] == reference[name], name


def test_row_hash_is_the_md5_of_the_values_joined_as_in_earlier_versions(tmp_path: Path) -> None:
    # A warehouse keeps the row hash of every version: a load compares the new rows with it. Were it
    # computed differently after an upgrade, the next load would close and re-insert every row. The
    # hash is md5 of the business values as text, '|' between them and '<null>' for a null: here
    # worked out in Python from the values as loaded.
    import hashlib
    from datetime import date

    from isu.loader import load_extract
    from isu.pseudonym import load_key
    from test_rules import TODAY, write_extract

    warehouse = tmp_path / "w.duckdb"
    load_extract(write_extract(tmp_path / "x"), warehouse, load_key(demo=True), today=TODAY)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in ("arende", "insats", "uppfoljning"):
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
                    "order by ordinal_position",
                    [table],
                ).fetchall()
                if c not in LINEAGE | {"giltig_till", "giltig_till_load_id"}
            ]
            rows = con.execute(f"select rad_hash, {', '.join(cols)} from raw.{table}").fetchall()
            assert len(rows) == 1

            def text(v: object) -> str:
                if v is None:
                    return "<null>"
                if isinstance(v, bool):
                    return "true" if v else "false"
                return v.isoformat() if isinstance(v, date) else str(v)

            stored, *values = rows[0]
            assert stored == hashlib.md5("|".join(text(v) for v in values).encode()).hexdigest(), table
    finally:
        con.close()
