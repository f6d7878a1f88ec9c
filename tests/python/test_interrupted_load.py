"""Interrupted loads: `isu load` killed with SIGKILL at a random moment, into a warehouse that holds an
earlier load. Afterwards the warehouse is exactly as before (every table compared, checksummed) and
the next load succeeds. A few trials in the default run; `pytest -m long` runs 50."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import query, table_dump
from isu.generate import generate_extract
from isu.loader import load_extract
from isu.pseudonym import load_key


def _checksum(warehouse: Path) -> str:
    return hashlib.sha256(repr(table_dump(warehouse)).encode()).hexdigest()


@pytest.fixture(scope="module")
def extracts(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("kill")
    first, second = base / "first", base / "second"
    generate_extract(first, kommuner=2, arenden=3_000, seed=21, defect_rate=0.03)
    generate_extract(second, kommuner=2, arenden=12_000, seed=22, defect_rate=0.03)
    return first, second


def _loads(warehouse: Path) -> list[tuple]:
    """What the loads left, without their times and key fingerprints: per load and file the counts of
    the load log, and the rows of each raw table and the quarantine."""
    return query(
        warehouse,
        "select load_id, tabell, rader_lasta, rader_godkanda, rader_karantan, "
        "(select count(*) from raw.arende), (select count(*) from raw.insats), "
        "(select count(*) from raw.uppfoljning), (select count(*) from raw.karantan) "
        "from raw.laddlogg order by load_id, tabell",
    )


def _trials(extracts: tuple[Path, Path], tmp_path: Path, n: int, seed: int) -> None:
    first, second = extracts
    warehouse = tmp_path / "isu.duckdb"
    load_extract(first, warehouse, load_key(demo=True))
    before = _checksum(warehouse)
    rng = random.Random(seed)
    # How long a whole load takes here, to spread the kills over it.
    started = time.perf_counter()
    probe = tmp_path / "probe.duckdb"
    load_extract(first, probe, load_key(demo=True))
    load_extract(second, probe, load_key(demo=True))
    full = time.perf_counter() - started
    cmd = [sys.executable, "-m", "isu.cli", "load", str(second), "-w", str(warehouse), "--demo-key", "--no-gx"]
    killed = 0
    for _ in range(n):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
        time.sleep(rng.uniform(0.3, max(0.4, full * 1.5)))  # from start-up to the commit
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        committed = proc.returncode != -signal.SIGKILL or query(
            warehouse, "select count(*) from raw.laddlogg where load_id = 2"
        ) != [(0,)]
        if not committed:
            assert _checksum(warehouse) == before  # nothing of the killed load is left
        else:  # it committed before the kill (killed while writing its feedback files, or it finished):
            # the load is there whole; undo by starting again from the earlier state
            assert proc.returncode in (0, 3, -signal.SIGKILL)
            assert _loads(warehouse) == _loads(probe)
            warehouse.unlink()
            for extra in warehouse.parent.glob("isu.duckdb.wal"):
                extra.unlink()
            load_extract(first, warehouse, load_key(demo=True))
            before = _checksum(warehouse)
    assert killed >= n // 2, "the kills should mostly land during the load"
    report = load_extract(second, warehouse, load_key(demo=True))  # the next load succeeds
    assert report.load_id == 2
    assert all(f.rader_lasta == f.rader_godkanda + f.rader_karantan for f in report.files)


def test_a_killed_load_leaves_the_warehouse_as_it_was(extracts, tmp_path: Path) -> None:
    _trials(extracts, tmp_path, n=3, seed=1)


@pytest.mark.long
def test_fifty_killed_loads(extracts, tmp_path: Path) -> None:
    _trials(extracts, tmp_path, n=50, seed=2)
