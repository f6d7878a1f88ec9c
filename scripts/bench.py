"""ISU's benchmark: every stage as a whole process, at the sizes users have, against two references.

    scripts/bench                          100k and 1M cases
    scripts/bench --sizes 100k,1M,10M      the national size too (1 M alone takes about 40 minutes)
    scripts/bench --smoke                  2,000 cases: the CI run that keeps this script alive
    scripts/bench --sizes 10M --keep       keep each size's built warehouse (before the monthly load)
    scripts/bench --sizes 10M --monthly-only
                                           only the monthly steps, on a copy of the kept warehouse

For each size: generate the extract (cached in --cache between runs, keyed by size and seed), then
in a fresh warehouse `isu load`, the dbt models and seeds (`dbt build` without tests), the dbt tests,
and a monthly extract of one municipality (41,700 new cases of one month, about 50,000 rows, the size
of issue 7's target: load, then the models and tests again). The extract is national: the cases are
spread over all 290 municipalities (--kommuner), each by a random weight (a log-normal, so a few are
large), and the monthly extract is one of the largest municipality's, whose history is in the
warehouse; its ids follow the size's, so its cases are new ones (not replacements).
In the same run, over the same files, two references compute the same three aggregates (mean days
from actualisation to decision and from decision to implementation per municipality, goal
attainment per municipality and code):
- the DuckDB floor: DuckDB reading the three CSV files and aggregating (what no loader can beat);
- the pandas analyst: pandas reading them and aggregating.
Each step is a child process; its wall time and peak memory (max RSS, from wait4) are recorded.
Writes `bench.md` and `bench.csv` to --out, with the machine's cores and memory, ISU's ratios to both
references, and the targets of issue 7 (met or not, by how much).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ISU = [PY, "-m", "isu.cli"]
SEED = 42
KOMMUNER = 290  # a national collection: every municipality
MONTHLY_CASES = 41_700  # about 50,000 rows: a one-month extract has about 1.2 rows per case

FLOOR = """
import duckdb, sys
x = sys.argv[1]
con = duckdb.connect()
con.execute("set threads = 2")
a = f"read_csv('{x}/arende.csv', delim=';', header=true, all_varchar=true)"
i = f"read_csv('{x}/insats.csv', delim=';', header=true, all_varchar=true)"
u = f"read_csv('{x}/uppfoljning.csv', delim=';', header=true, all_varchar=true)"
r1 = con.execute(f"select kommun_kod, avg(try_cast(datum_beslut as date) - try_cast(datum_aktualisering as date)) "
                 f"from {a} group by 1 order by 1").fetchall()
r2 = con.execute(f"select kommun_kod, avg(try_cast(datum_verkstallighet as date) - try_cast(datum_beslut as date)) "
                 f"from {i} group by 1 order by 1").fetchall()
r3 = con.execute(f"select kommun_kod, maluppfyllelse, count(*) from {u} group by 1, 2 order by 1, 2").fetchall()
print(len(r1), len(r2), len(r3))
"""

PANDAS = """
import pandas as pd, sys
x = sys.argv[1]
kw = dict(sep=";", dtype=str, keep_default_na=False)
a = pd.read_csv(f"{x}/arende.csv", usecols=["kommun_kod", "datum_aktualisering", "datum_beslut"], **kw)
i = pd.read_csv(f"{x}/insats.csv", usecols=["kommun_kod", "datum_beslut", "datum_verkstallighet"], **kw)
u = pd.read_csv(f"{x}/uppfoljning.csv", usecols=["kommun_kod", "maluppfyllelse"], **kw)
d = lambda s: pd.to_datetime(s, errors="coerce", format="%Y-%m-%d")
r1 = (d(a.datum_beslut) - d(a.datum_aktualisering)).dt.days.groupby(a.kommun_kod).mean()
r2 = (d(i.datum_verkstallighet) - d(i.datum_beslut)).dt.days.groupby(i.kommun_kod).mean()
r3 = u.groupby(["kommun_kod", "maluppfyllelse"]).size()
print(len(r1), len(r2), len(r3))
"""

MONTHLY = """
import sys
from datetime import date
from pathlib import Path
from isu.generate import generate_extract
out, cases, kod, first = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
generate_extract(out, arenden=cases, seed=43, defect_rate=0.01, kommun_koder=[kod], forsta_id=first,
                 start=date(2025, 12, 1), end=date(2025, 12, 31))
"""

DBT = """
import json, sys
from pathlib import Path
from isu.dbt_runner import run_dbt
what, w = sys.argv[1], Path(sys.argv[2])
args = ["build", "--exclude-resource-type", "test"] if what == "models" else ["test"]
# the variables `isu build` passes, so that these runs and the monthly `isu build` share dbt's parse
from isu.build_plan import BuildPlan
args += ["--vars", json.dumps(BuildPlan(None, None, None, "bench").dbt_vars())]
r = run_dbt(args, w)
print(r.counts)
if what == "tests" and r.success:  # log the full build as `isu build` does, so the next one is incremental
    from isu.build_plan import log_build, plan_build
    from isu.warehouse import connect
    con = connect(w)
    log_build(con, plan_build(con, None, True), True)
    con.close()
sys.exit(0 if r.success else 1)
"""


@dataclass
class Step:
    size: str
    stage: str
    seconds: float
    peak_mb: float
    rows: int | None = None
    note: str = ""


def parse_size(text: str) -> int:
    t = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1], 1)
    return int(float(t[:-1] if t[-1] in "km" else t) * mult)


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a child process; (wall seconds, peak RSS in MB, its output). Exits on failure."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 3):  # 3: loaded, more quarantined than --max-karantan (defects are injected)
        sys.exit(f"bench: {' '.join(cmd[:4])} ... failed ({code}):\n{out[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, out


def machine() -> str:
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) // 1024 // 1024
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {mem} GB memory"


def manifest(extract: Path) -> dict:
    return json.loads((extract / "_manifest.json").read_text(encoding="utf-8"))


def rows_of(extract: Path) -> int:
    return sum(manifest(extract)["rows"].values())


def extract_path(cache: Path, n: int, kommuner: int) -> Path:
    return cache / f"x_{n}_{kommuner}_{SEED}"


def monthly_municipality(extract: Path) -> tuple[str, int]:
    """The municipality of the monthly extract (the one with the most cases in `extract`) and the
    number of its first id (after every id of `extract`, so that its cases are new ones)."""
    m = manifest(extract)
    largest = max(m["kommuner"], key=lambda k: (k["arenden"], k["kommun_kod"]))
    return largest["kommun_kod"], max(m["rows"].values()) + 1


MONTHLY_LOAD = "monthly: load"
MONTHLY_BUILD = "monthly: isu build (incremental, models + tests)"


def remove_warehouse(work: Path, n: int) -> None:
    """The benchmark's warehouse of size `n` and its WAL (not the one --keep keeps)."""
    for f in work.glob(f"isu_{n}.duckdb*"):
        f.unlink()


def kept_path(work: Path, n: int) -> Path:
    """Where --keep stores the warehouse of size `n` as built (before the monthly extract)."""
    return work / f"isu_{n}.built.duckdb"


def bench_size(
    label: str,
    n: int,
    cache: Path,
    work: Path,
    gx: bool,
    steps: list[Step],
    monthly_cases: int = MONTHLY_CASES,
    *,
    kommuner: int = KOMMUNER,
    keep: bool = False,
    monthly_only: bool = False,
) -> None:
    w = work / f"isu_{n}.duckdb"
    extract = extract_path(cache, n, kommuner)
    remove_warehouse(work, n)
    if monthly_only:
        kept = kept_path(work, n)
        if not kept.exists() or not (extract / "_manifest.json").exists():
            sys.exit(f"bench: --monthly-only needs {kept} and {extract}: run this size once with --keep")
        shutil.copyfile(kept, w)
    else:
        full_build(label, n, kommuner, extract, gx, steps, w)
        if keep:
            shutil.copyfile(w, kept_path(work, n))
    # A monthly extract of one municipality (about 50,000 rows) into the warehouse that holds the size.
    kod, first_id = monthly_municipality(extract)
    monthly = cache / f"monthly_{kod}_{monthly_cases}_{first_id}_{SEED}"
    if not (monthly / "_manifest.json").exists():
        shutil.rmtree(monthly, ignore_errors=True)
        run([PY, "-c", MONTHLY, str(monthly), str(monthly_cases), kod, str(first_id)])
    m_rows = rows_of(monthly)
    s, mb, _ = run([*ISU, "load", str(monthly), "--warehouse", str(w), "--demo-key", "--gx" if gx else "--no-gx"])
    steps.append(Step(label, MONTHLY_LOAD, s, mb, m_rows, f"municipality {kod}"))
    s2, mb2, _ = run([*ISU, "build", "--warehouse", str(w)])  # incremental: only kod's row-level models
    steps.append(Step(label, MONTHLY_BUILD, s2, mb2, m_rows, f"municipality {kod}"))
    remove_warehouse(work, n)


def full_build(label: str, n: int, kommuner: int, extract: Path, gx: bool, steps: list[Step], w: Path) -> None:
    """Generate (or reuse) `extract`, time both references, load it into `w` and build it."""
    if not (extract / "_manifest.json").exists():
        shutil.rmtree(extract, ignore_errors=True)
        s, mb, _ = run([*ISU, "generate", str(extract), "--arenden", str(n), "--kommuner", str(kommuner),
                        "--seed", str(SEED), "--defect-rate", "0.01"])  # fmt: skip
        steps.append(Step(label, "generate", s, mb, None))
    else:
        steps.append(Step(label, "generate", 0.0, 0.0, None, "cached"))
    rows = rows_of(extract)
    steps[-1].rows = rows
    for name, code in (("floor: DuckDB", FLOOR), ("reference: pandas", PANDAS)):
        s, mb, _ = run([PY, "-c", code, str(extract)])
        steps.append(Step(label, name, s, mb, rows))
    s, mb, _ = run([*ISU, "load", str(extract), "--warehouse", str(w), "--demo-key", "--gx" if gx else "--no-gx"])
    steps.append(Step(label, "load", s, mb, rows))
    for stage in ("models", "tests"):
        s, mb, _ = run([PY, "-c", DBT, stage, str(w)])
        steps.append(Step(label, f"build: {stage}", s, mb, rows))


def report(steps: list[Step], out: Path, sizes: list[tuple[str, int]]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "bench.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["machine", "size", "stage", "seconds", "peak_mb", "rows", "note"])
        for st in steps:
            w.writerow([machine(), st.size, st.stage, f"{st.seconds:.1f}", f"{st.peak_mb:.0f}", st.rows or "", st.note])
    lines = [f"# ISU benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {machine()})", ""]
    lines += ["| size | stage | seconds | peak memory | rows | note |", "|---|---|---:|---:|---:|---|"]
    for st in steps:
        rows = f"{st.rows:,}" if st.rows else ""
        lines.append(f"| {st.size} | {st.stage} | {st.seconds:.1f} | {st.peak_mb:,.0f} MB | {rows} | {st.note} |")
    lines += ["", "## Ratios and targets", "",
              "| size | load / DuckDB floor | load / pandas | load + build / pandas | load + build (s) | peak (MB) | "
              "monthly load + build (s) |", "|---|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for label, _ in sizes:
        by = {st.stage: st for st in steps if st.size == label}
        if "load" not in by:  # --monthly-only
            monthly = by[MONTHLY_LOAD].seconds + by[MONTHLY_BUILD].seconds
            lines.append(f"| {label} | | | | | | {monthly:.0f} |")
            continue
        load, floor, pand = by["load"], by["floor: DuckDB"], by["reference: pandas"]
        total = load.seconds + by["build: models"].seconds + by["build: tests"].seconds
        peak = max(load.peak_mb, by["build: models"].peak_mb, by["build: tests"].peak_mb)
        monthly = by[MONTHLY_LOAD].seconds + by[MONTHLY_BUILD].seconds
        lines.append(f"| {label} | {load.seconds / floor.seconds:.1f}x | {load.seconds / pand.seconds:.1f}x | "
                     f"{total / pand.seconds:.1f}x | {total:.0f} | {peak:,.0f} | {monthly:.0f} |")  # fmt: skip
    lines += ["", "Targets (issue 7, on 2 cores / 24 GB): 10 M cases loaded and built in at most 300 s with peak "
              "memory at most 6 GB; load at most 5x the DuckDB floor; a monthly extract (50 k rows) loaded and "
              "rebuilt in at most 20 s on a warehouse of 10 M cases."]  # fmt: skip
    text = "\n".join(lines) + "\n"
    (out / "bench.md").write_text(text, encoding="utf-8")
    return text


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="100k,1M", help="cases per size, e.g. 100k,1M,10M")
    p.add_argument("--smoke", action="store_true", help="one tiny size (2,000 cases): for CI")
    p.add_argument("--cache", type=Path, default=ROOT / ".bench" / "cache", help="generated extracts, kept")
    p.add_argument("--out", type=Path, default=ROOT / ".bench", help="where bench.md and bench.csv go")
    p.add_argument("--no-gx", action="store_true", help="load without Great Expectations")
    p.add_argument(
        "--kommuner",
        type=int,
        default=KOMMUNER,
        help=f"municipalities the cases are spread over (default {KOMMUNER}: national)",
    )
    p.add_argument("--keep", action="store_true", help="keep each size's built warehouse in OUT/work")
    p.add_argument("--monthly-only", action="store_true", help="only the monthly steps, on the kept warehouse")
    args = p.parse_args()
    labels = ["2k"] if args.smoke else [s.strip() for s in args.sizes.split(",") if s.strip()]
    sizes = [(label, parse_size(label)) for label in labels]
    args.cache.mkdir(parents=True, exist_ok=True)
    work = args.out / "work"
    work.mkdir(parents=True, exist_ok=True)
    steps: list[Step] = []
    for label, n in sizes:
        print(f"bench: {label} ({n:,} cases) ...", flush=True)
        bench_size(
            label,
            n,
            args.cache,
            work,
            not args.no_gx,
            steps,
            300 if args.smoke else MONTHLY_CASES,
            kommuner=args.kommuner,
            keep=args.keep,
            monthly_only=args.monthly_only,
        )
        for st in steps:
            if st.size == label:
                print(f"  {st.stage:34} {st.seconds:8.1f} s {st.peak_mb:8,.0f} MB {st.note}", flush=True)
    print(report(steps, args.out, sizes))


if __name__ == "__main__":
    main()
