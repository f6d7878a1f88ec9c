"""Shared test helpers: paths, the demo key, loading the hand-made fixture."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from isu.loader import LoadReport, load_extract
from isu.pseudonym import load_key

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
HANDGJORD = FIXTURES / "handgjord"

# Every personnummer written in the hand-made fixture (valid or not), for the leak scans.
FIXTURE_PERSONNUMMER = [
    "20150312-9809",
    "201503129809",
    "850101-9817",
    "220505+9823",
    "19900171-9831",
    "19930815-9849",
    "19930815-9848",
    "19850101-12",
    "19851301-9862",
    "20250101-9877",
    "200107-9892",
    "19870623-9855",
]


def digits_only(pnr: str) -> str:
    return "".join(ch for ch in pnr if ch.isdigit())


def shared_dir() -> Path:
    return Path(os.environ.get("ISU_SHARED_DIR", ROOT.parent / "shared"))


def raw_arende(
    arende_id: str, datum_beslut: str | None, orsak: str = "10", *, kommun: str = "0180", load_id: int = 1
) -> str:
    """An insert of a case into raw.arende, written past the loader (which checks what dbt's tests
    check again)."""
    beslut = f"'{datum_beslut}'" if datum_beslut else "null"
    return (
        "insert into raw.arende (kommun_kod, arende_id, verksamhetsomrade, juridiskt_kon, datum_aktualisering, "
        "aktualiseringsorsak, datum_beslut, load_id, kalla_fil, kalla_rad, rad_hash, giltig_fran) values "
        f"('{kommun}', '{arende_id}', 'EB', 1, '2024-05-01', '{orsak}', {beslut}, {load_id}, 'hand', 2, 'h', now())"
    )


def raw_laddlogg(load_id: int = 1) -> str:
    """The load-log row of a simulated load (`isu build` refuses a never-loaded warehouse)."""
    return (
        "insert into raw.laddlogg (load_id, tidpunkt, extrakt_sokvag, extrakt_checksumma, tabell, fil, "
        "fil_checksumma, rader_lasta, rader_godkanda, rader_karantan, rader_nya, rader_andrade, rader_oforandrade, "
        f"rader_sent_laddade, nyckel_id, isu_version) values ({load_id}, now(), 'hand', 'x', 'arende', 'hand', 'x', "
        "1, 1, 0, 1, 0, 0, 0, 'k', 'test')"
    )


def load(extract: Path, warehouse: Path, **kwargs) -> LoadReport:
    return load_extract(extract, warehouse, load_key(demo=True), **kwargs)


def query(warehouse: Path, sql: str) -> list[tuple]:
    """The rows of one query on a warehouse file (read-only)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def table_dump(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table in the warehouse file, sorted: to compare states."""
    if not warehouse.exists():
        return {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "order by 1, 2"
        ).fetchall()
        return {f"{s}.{t}": sorted(con.execute(f'select * from "{s}"."{t}"').fetchall(), key=repr) for s, t in tables}
    finally:
        con.close()


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "isu.duckdb"


@pytest.fixture
def extract_copy(tmp_path: Path):
    """A copy of a fixture extract that a test may edit."""

    def _copy(name: str = "extrakt1") -> Path:
        dest = tmp_path / f"copy_{name}"
        shutil.copytree(HANDGJORD / name, dest)
        return dest

    return _copy


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """`isu demo` with 3,000 cases in 2 municipalities, built on DuckDB: (its folder, its output).
    Shared by the modules that read it (test_demo, test_engines); none of them changes it."""
    from typer.testing import CliRunner

    from isu.cli import app

    folder = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(app, ["demo", "--folder", str(folder), "--arenden", "3000", "--kommuner", "2"])
    assert result.exit_code == 0, result.output
    return folder, result.output


def demo_personnummer(folder: Path) -> set[str]:
    """The ten-digit cores of the demo extract's personnummer: what no file or table may hold."""
    import csv

    from privacy import core

    with (folder / "extrakt" / "arende.csv").open(encoding="utf-8") as fh:
        wanted = {core(r["personnummer"]) for r in csv.DictReader(fh, delimiter=";") if r["personnummer"]}
    return {w for w in wanted if len(w) == 10}
