"""`isu build`: dbt's tests guard the marts; a failing test makes the command fail and says which."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from conftest import raw_arende, raw_laddlogg
from isu.cli import app
from isu.dbt_runner import ensure_raw, run_dbt


def _build_with(tmp_path: Path, *statements: str) -> str:
    """`isu build` on a warehouse holding only what `statements` write (and the load-log row of that
    simulated load: `isu build` refuses a never-loaded warehouse); returns its output, asserting it failed."""
    warehouse = tmp_path / "isu.duckdb"
    ensure_raw(warehouse)
    con = duckdb.connect(str(warehouse))
    for statement in (*statements, raw_laddlogg()):
        con.execute(statement)
    con.close()
    result = CliRunner().invoke(app, ["build", "--warehouse", str(warehouse)])
    assert result.exit_code == 1
    assert "dbt build MISSLYCKADES (FAILED)" in result.output
    return result.output


def test_a_failing_dbt_test_fails_the_build_and_names_the_test(tmp_path: Path) -> None:
    # decided before it was actualised
    output = _build_with(tmp_path, raw_arende("X1", "2024-04-01"))
    assert "isu_not_negative_fct_arende_dagar_aktualisering_till_beslut" in output


def test_the_key_and_not_null_tests_catch_what_they_guard(tmp_path: Path) -> None:
    """isu_foreign_key (a set difference) and isu_not_null (one test over a model's columns) fail on a
    planted orphan and a planted null, and name the test; the valid case passes its own."""
    output = _build_with(
        tmp_path,
        raw_arende("A1", None),
        # a follow-up of an intervention that does not exist
        "insert into raw.uppfoljning (kommun_kod, uppfoljning_id, insats_id, datum_uppfoljning, load_id, "
        "kalla_fil, kalla_rad, rad_hash, giltig_fran) values ('0180', 'U1', 'FINNS_EJ', '2024-06-01', 1, 'hand', 2, "
        "'h', now())",
        # a municipality group without a name, past the table's own constraint
        "alter table raw.kommungrupp alter column gruppnamn drop not null",
        "insert into raw.kommungrupp values ('0180', 'G1', null)",
    )
    assert "isu_foreign_key_stg_uppfoljning_kommun_kod__insats_id__ref_stg_insats_" in output
    assert "isu_not_null_stg_kommungrupp_kommun_kod__kommungrupp_kod__kommungrupp_namn" in output
    assert "isu_not_null_stg_arende" not in output


def test_the_bridge_test_finds_a_lost_code_and_a_stray_bridge_row(tmp_path: Path) -> None:
    """assert_bridges_keep_every_code compares checksums per municipality first, then keys only where
    they differ: a bridge row removed and a bridge row without its case are both found, row by row."""
    warehouse = tmp_path / "isu.duckdb"
    ensure_raw(warehouse)
    con = duckdb.connect(str(warehouse))
    for statement in (raw_arende("A1", "2024-05-10", "10|11"), raw_arende("A2", None, "10"), raw_laddlogg()):
        con.execute(statement)
    con.close()
    assert CliRunner().invoke(app, ["build", "--warehouse", str(warehouse)]).exit_code == 0

    con = duckdb.connect(str(warehouse))
    con.execute("delete from fakta.brg_arende_aktualiseringsorsak where arende_id = 'A1' and aktualiseringsorsak = 11")
    con.execute("insert into fakta.brg_arende_problematik values ('0180', 'FINNS_EJ', 1, 'x')")
    con.close()
    result = run_dbt(["test", "--select", "assert_bridges_keep_every_code", "--store-failures",
                      "--vars", '{"isu_byggkommun": true}'], warehouse, target_path=tmp_path / "target")  # fmt: skip
    assert not result.success
    con = duckdb.connect(str(warehouse), read_only=True)
    schema = con.execute(
        "select table_schema from information_schema.tables where table_name = 'assert_bridges_keep_every_code'"
    ).fetchone()[0]
    rows = con.execute(f"select * from {schema}.assert_bridges_keep_every_code order by all").fetchall()
    con.close()
    # A1: 2 codes in staging and on the fact's counter, 1 bridge row; FINNS_EJ: 0 in staging, 1 bridge row
    assert rows == [
        ("0180", "A1", "aktualiseringsorsak", 2, 1),
        ("0180", "A1", "fct_arende.antal_aktualiseringsorsaker", 2, 1),
        ("0180", "FINNS_EJ", "problematik", 0, 1),
    ]


def test_help_and_version_options() -> None:
    from isu import __version__

    runner = CliRunner()
    version = runner.invoke(app, ["--version"])
    assert (version.exit_code, version.output.strip()) == (0, f"isu {__version__}")
    # CliRunner names the program "root"; the console script says "isu"
    for args in (["-h"], ["build", "-h"], ["key", "-h"], ["report", "ej-verkstallda", "-h"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, args
        assert "Usage: " in result.output and "--help" in result.output, args
