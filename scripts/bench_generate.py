"""Benchmark of the synthetic extract generator.

    .venv/bin/python scripts/bench_generate.py --arenden 1000000 [--fmt csv] [--defect-rate 0.0]
        [--kommuner 3] [--out DIR] [--keep]

Runs `isu.generate.generate_extract` into a temporary folder (or --out), prints cases per second,
rows and bytes per table, wall time and the peak resident memory of the process
(resource.getrusage), and removes the output unless --keep is given.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from isu.generate import generate_extract


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arenden", type=int, default=1_000_000)
    ap.add_argument("--kommuner", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--defect-rate", type=float, default=0.0)
    ap.add_argument("--fmt", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: a temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the output")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="isu_bench_"))
    last = [time.perf_counter(), 0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if not args.quiet and (now - last[0] > 30 or done == args.arenden):
            print(f"  {done:>12,} cases  {done / (now - t0):>10,.0f} cases/s", file=sys.stderr, flush=True)
            last[0] = now

    t0 = time.perf_counter()
    try:
        res = generate_extract(
            out,
            kommuner=args.kommuner,
            arenden=args.arenden,
            seed=args.seed,
            defect_rate=args.defect_rate,
            fmt=args.fmt,
            progress=progress,
        )
        seconds = time.perf_counter() - t0
        sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    report = {
        "arenden": args.arenden,
        "kommuner": args.kommuner,
        "fmt": args.fmt,
        "defect_rate": args.defect_rate,
        "seconds": round(seconds, 1),
        "cases_per_second": round(args.arenden / seconds) if seconds else None,
        "rows": res.rows,
        "rows_total": sum(res.rows.values()),
        "rows_per_second": round(sum(res.rows.values()) / seconds) if seconds else None,
        "bytes": sizes,
        "bytes_total": sum(sizes.values()),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "output": str(out) if args.keep else "(removed)",
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
