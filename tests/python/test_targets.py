"""`--target`: the engine is a target of profiles.yml; a mistake in it is a message, not a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import HANDGJORD
from isu.cli import app
from isu.targets import resolve_target


def _said(result) -> str:
    """The command's output with its line breaks (the console wraps at 140 columns) as spaces."""
    return " ".join(result.output.split())


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("targets") / "isu.duckdb"
    result = CliRunner().invoke(
        app, ["load", str(HANDGJORD / "extrakt1"), "-w", str(warehouse), "--demo-key", "--no-gx"]
    )
    assert result.exit_code in (0, 3), result.output
    return warehouse


def test_targets_are_read_from_the_profile_with_their_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ISU_PG_HOST", "db.example.se")
    monkeypatch.setenv("ISU_PG_PORT", "6543")
    target = resolve_target("postgres")
    assert (target.type, target.settings["host"], target.settings["port"]) == ("postgres", "db.example.se", 6543)
    assert resolve_target(None).is_duckdb


def test_an_unknown_target_is_refused_with_the_known_ones(loaded: Path) -> None:
    result = CliRunner().invoke(app, ["build", "-w", str(loaded), "--target", "oracle"])
    assert result.exit_code == 2
    assert "The target 'oracle' is not in profiles.yml (there: duckdb, postgres, spark)" in _said(result)
    assert "Traceback" not in _said(result)


def test_an_unreachable_server_names_the_settings_to_check(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psycopg2", reason="dbt-postgres is not installed (bash scripts/install.sh postgres)")
    monkeypatch.setenv("ISU_PG_HOST", "127.0.0.1")
    monkeypatch.setenv("ISU_PG_PORT", "9")  # discard: nothing listens there
    result = CliRunner().invoke(app, ["build", "-w", str(loaded), "--target", "postgres"])
    assert result.exit_code == 2, result.output
    assert "PostgreSQL (isu@127.0.0.1:9/" in _said(result) and "cannot be reached" in _said(result)
    assert "Check ISU_PG_HOST, ISU_PG_PORT" in _said(result)
    assert "Traceback" not in _said(result)


def test_spark_without_pyspark_says_how_to_install_it(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # `import pyspark` fails, as without the package
    result = CliRunner().invoke(app, ["build", "-w", str(loaded), "--target", "spark"])
    assert result.exit_code == 2, result.output
    assert "Spark support is not installed: run `bash scripts/install.sh spark`." in _said(result)
    assert not (loaded.parent / "spark-raw").exists()  # nothing written before the check
