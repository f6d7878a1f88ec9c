"""The console's language: `isu --lang sv|en` or ISU_LANG; both languages by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from isu.cli import app
from isu.sprak import ENV, rubrik, text


@pytest.fixture(autouse=True)
def no_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without a choice, and what `--lang` sets is undone after it (setenv records the
    variable's state for the undo; delenv of a missing variable would not)."""
    monkeypatch.setenv(ENV, "")
    monkeypatch.delenv(ENV)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


def test_text_and_heading_in_each_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert text("Lagret", "Warehouse") == "Lagret (Warehouse)"
    assert rubrik("rader", "rows") == "rader / rows" and rubrik("rader", "rows", "\n") == "rader\nrows"
    assert text("GX", "GX") == "GX" and rubrik("GX", "GX") == "GX"
    for lang, want in (("sv", "Lagret"), ("en", "Warehouse"), (" EN ", "Warehouse"), ("fr", "Lagret (Warehouse)")):
        monkeypatch.setenv(ENV, lang)
        assert text("Lagret", "Warehouse") == want, lang


def test_rules_table_in_swedish_english_and_both() -> None:
    code, both = run("rules")
    assert code == 0 and "Kontraktets regler" in both and "Contract rules" in both
    assert "Obligatoriskt fält är tomt" in both and "A required field is empty" in both

    code, sv = run("--lang", "sv", "rules")
    assert code == 0 and "Kontraktets regler" in sv and "Obligatoriskt fält är tomt" in sv
    assert "Contract rules" not in sv and "A required field is empty" not in sv and "message" not in sv

    code, en = run("--lang", "en", "rules")
    assert code == 0 and "Contract rules" in en and "A required field is empty" in en
    assert "Kontraktets regler" not in en and "Obligatoriskt fält är tomt" not in en and "meddelande" not in en


def test_errors_in_the_chosen_language_from_the_option_or_the_environment(tmp_path: Path) -> None:
    missing = str(tmp_path / "saknas.duckdb")
    code, both = run("build", "-w", missing)
    assert code == 2 and "Fel:" in both and "Error:" in both

    code, sv = run("--lang", "sv", "build", "-w", missing)
    assert code == 2 and "Fel:" in sv and "Error:" not in sv and "finns inte" in sv

    code, en = run("build", "-w", missing, env={ENV: "en"})
    assert code == 2 and "Error:" in en and "Fel:" not in en and "does not exist" in en


def test_an_unknown_language_is_refused_with_a_message() -> None:
    code, out = run("--lang", "fi", "rules")
    assert code == 2 and "'fi'" in out and "sv" in out and "en" in out and "Traceback" not in out
