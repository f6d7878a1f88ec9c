"""Benchmark `isu build`: generate N synthetic cases, load them, run the full build (every model,
seed and test), and print the build's wall time and peak memory.

    .venv/bin/python scripts/bench_build.py                       # 1,000,000 cases, 3 municipalities
    .venv/bin/python scripts/bench_build.py --arenden 250000,500000,1000000   # how memory grows
    .venv/bin/python scripts/bench_build.py --work /tmp/bench     # keep (and reuse) extract + warehouse

Each size runs in its own folder under --work (a temporary folder by default, removed afterwards):
the extract is generated and loaded once (reused when the folder already holds them), then
`isu build --full-refresh` (every municipality, as the first build) runs as a child process. Its
wall time and peak resident memory (the child's
ru_maxrss from wait4: dbt and DuckDB run inside that one process) are what is reported, with the
memory limit DuckDB was given (ISU_DUCKDB_MEMORY_LIMIT, default 3GB). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ISU = [sys.executable, "-m", "isu.cli"]


def _steal_seconds() -> float:
    """CPU time the hypervisor gave to others so far (the 'steal' column of /proc/stat), in seconds."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _run(cmd: list[str], env: dict[str, str], log: Path) -> tuple[int, float, float, float, float]:
    """Run a child process; return (exit code, wall seconds, peak RSS in MiB, CPU seconds, steal seconds).

    CPU seconds (user + system of the child) vary less between runs than wall time; steal is the
    machine's CPU time taken by other guests meanwhile (a busy host makes the wall time longer)."""
    started, steal = time.perf_counter(), _steal_seconds()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    # ru_maxrss is in KiB on Linux
    return os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss / 1024, cpu, _steal_seconds() - steal


def bench_one(arenden: int, kommuner: int, seed: int, folder: Path, env: dict[str, str]) -> dict:
    extract, warehouse = folder / "extrakt", folder / "isu.duckdb"
    folder.mkdir(parents=True, exist_ok=True)
    result: dict = {"arenden": arenden, "kommuner": kommuner}
    if not (extract / "arende.csv").exists():
        code, secs, *_ = _run(
            [*ISU, "generate", str(extract), "--arenden", str(arenden), "--kommuner", str(kommuner),
             "--seed", str(seed), "--defect-rate", "0"],
            env, folder / "generate.log",
        )  # fmt: skip
        if code:
            raise SystemExit(f"generate failed: see {folder / 'generate.log'}")
        result["generate_s"] = round(secs, 1)
    if not warehouse.exists():
        code, secs, rss, *_ = _run(
            [*ISU, "load", str(extract), "--warehouse", str(warehouse), "--demo-key", "--no-gx"],
            env, folder / "load.log",
        )  # fmt: skip
        if code:
            raise SystemExit(f"load failed: see {folder / 'load.log'}")
        result["load_s"], result["load_peak_mib"] = round(secs, 1), round(rss)
    # --full-refresh: a reused warehouse was built before, and the measure is the full build
    code, secs, rss, cpu, steal = _run(
        [*ISU, "build", "--warehouse", str(warehouse), "--full-refresh"], env, folder / "build.log"
    )
    # dbt's result at the end of the log, without the progress lines (isu.cli.NodeLines) before it
    lines = (folder / "build.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    tail = [line for line in lines if "noder (nodes) klara" not in line][-3:]
    result.update(
        build_ok=code == 0,
        build_s=round(secs, 1),
        build_peak_mib=round(rss),
        build_cpu_s=round(cpu, 1),
        build_steal_s=round(steal, 1),
        build_summary=" / ".join(tail),
        warehouse_mib=round(warehouse.stat().st_size / 2**20),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arenden", default="1000000", help="number of cases; several sizes comma-separated")
    ap.add_argument("--kommuner", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--work", type=Path, default=None, help="keep extracts and warehouses here (reused)")
    args = ap.parse_args(argv)

    sizes = [int(s.replace("_", "")) for s in args.arenden.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="isu_bench_build_"))
    env = {**os.environ, "ISU_DUCKDB_MEMORY_LIMIT": os.environ.get("ISU_DUCKDB_MEMORY_LIMIT", "3GB")}
    results = []
    try:
        for n in sizes:
            print(f"{n:,} cases ...", file=sys.stderr, flush=True)
            r = bench_one(n, args.kommuner, args.seed, work / f"a{n}_k{args.kommuner}_s{args.seed}", env)
            results.append(r)
            print(
                f"  build {'ok' if r['build_ok'] else 'FAILED'}: {r['build_s']} s wall, "
                f"peak {r['build_peak_mib']:,} MiB, CPU {r['build_cpu_s']} s, steal {r['build_steal_s']} s",
                file=sys.stderr,
                flush=True,
            )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({"memory_limit": env["ISU_DUCKDB_MEMORY_LIMIT"], "cpus": os.cpu_count(), "runs": results},
                     indent=2))  # fmt: skip
    return 0 if all(r["build_ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
