"""`isu build`: dbt's tests guard the marts; a failing test makes the command fail and says which."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from isu.cli import app
from isu.dbt_runner import ensure_raw


def test_a_failing_dbt_test_fails_the_build_and_names_the_test(tmp_path: Path) -> None:
    warehouse = tmp_path / "isu.duckdb"
    ensure_raw(warehouse)
    con = duckdb.connect(str(warehouse))
    # A row written past the loader (which would have quarantined it): decided before it was actualised.
    con.execute(
        "insert into raw.arende (kommun_kod, arende_id, verksamhetsomrade, juridiskt_kon, datum_aktualisering, "
        "aktualiseringsorsak, datum_beslut, load_id, kalla_fil, kalla_rad, rad_hash, giltig_fran) values "
        "('0180', 'X1', 'EB', 1, '2024-05-01', '10', '2024-04-01', 1, 'hand', 2, 'h', now())"
    )
    # ... and the load-log row of that (simulated) load: `isu build` refuses a never-loaded warehouse
    con.execute(
        "insert into raw.laddlogg (load_id, tidpunkt, extrakt_sokvag, extrakt_checksumma, tabell, fil, "
        "fil_checksumma, rader_lasta, rader_godkanda, rader_karantan, rader_nya, rader_andrade, rader_oforandrade, "
        "rader_sent_laddade, nyckel_id, isu_version) values (1, now(), 'hand', 'x', 'arende', 'hand', 'x', "
        "1, 1, 0, 1, 0, 0, 0, 'k', 'test')"
    )
    con.close()
    result = CliRunner().invoke(app, ["build", "--warehouse", str(warehouse)])
    assert result.exit_code == 1
    assert "dbt build FAILED" in result.output
    assert "isu_not_negative_fct_arende_dagar_aktualisering_till_beslut" in result.output


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
