"""Benchmark `isu load`: generate an extract of N cases, load it, report time, rows/s and peak memory.

    .venv/bin/python scripts/bench_load.py --arenden 1000000 [--defect-rate 0.01] [--no-gx] [--keep DIR]

Runs in a temporary folder (deleted afterwards unless --keep). Not part of the default test run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from isu.generate import generate_extract
from isu.gx_validation import ContractValidator
from isu.loader import load_extract
from isu.paths import kommun_koder
from isu.pseudonym import load_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arenden", type=int, default=1_000_000)
    parser.add_argument("--kommuner", type=int, default=3)
    parser.add_argument("--defect-rate", type=float, default=0.01)
    parser.add_argument("--no-gx", action="store_true", help="skip the Great Expectations validation")
    parser.add_argument("--keep", type=Path, help="keep the extract and warehouse in this folder")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="isu_bench_load_"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        gen = generate_extract(
            work / "extract", kommuner=args.kommuner, arenden=args.arenden, defect_rate=args.defect_rate
        )
        print(f"generated {gen.rows} in {time.perf_counter() - started:.1f} s")
        validator = None if args.no_gx else ContractValidator(set(kommun_koder()))
        started = time.perf_counter()
        report = load_extract(work / "extract", work / "isu.duckdb", load_key(demo=True), validator=validator)
        seconds = time.perf_counter() - started
        rows = sum(f.rader_lasta for f in report.files)
        for f in report.files:
            print(
                f"{f.fil:18} read {f.rader_lasta:>11,} accepted {f.rader_godkanda:>11,} "
                f"quarantined {f.rader_karantan:>8,}"
            )
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size_mib = (work / "isu.duckdb").stat().st_size / 2**20
        print(
            f"load: {seconds:.1f} s, {rows / seconds:,.0f} rows/s, GX {'off' if args.no_gx else 'on'}, "
            f"peak RSS {peak_mib:,.0f} MiB, warehouse {size_mib:,.0f} MiB"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
