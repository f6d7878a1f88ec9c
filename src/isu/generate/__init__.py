"""The synthetic extract generator behind `isu generate` (see docs/generator.md).

It writes an extract in the exchange format of CONTRACT.md (arende, insats, uppfoljning as CSV or
Parquet), streamed in chunks so that 10 million cases fit in a small memory, reproducible from
the seed, with realistic distributions and, when asked, a known share of defective rows. Beside
the extract it writes `_manifest.json` (arguments, row counts, injected defects and the expected
load outcome) and `_defekter.csv` (one row per injected defect). The personnummer it writes are
synthetic (serials 980-999, the "ISU synthetic range"), and none is ever printed or logged.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from isu.paths import kommun_koder as known_kommun_koder

from ._defects import RULES_BY_TABLE, id_arende, id_insats, id_uppfoljning, plan_defects
from ._model import day_cdf, make_kommun_params, simulate_chunk
from ._output import COLUMNS, TableWriter, apply_overrides, arende_cells, insats_cells, uppfoljning_cells
from ._pnr import SERIAL_MAX, SERIAL_MIN

__all__ = ["CHUNK_CASES", "GENERATOR_VERSION", "GenerateResult", "generate_extract"]

GENERATOR_VERSION = "1"
CHUNK_CASES = 100_000  # cases per chunk; part of the reproducibility contract (changing it changes data)
TABLES = ("arende", "insats", "uppfoljning")
_EPOCH = date(1970, 1, 1).toordinal()


@dataclass
class GenerateResult:
    out_dir: Path
    rows: dict[str, int]
    seconds: float
    manifest: dict[str, Any] = field(repr=False)


def _days(d: date) -> int:
    return d.toordinal() - _EPOCH


def _allocate(total: int, weights: np.ndarray) -> list[int]:
    """Split `total` by `weights` (largest remainder), reproducibly."""
    exact = total * weights / weights.sum()
    base = np.floor(exact).astype(np.int64)
    rest = total - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:rest]] += 1
    return [int(x) for x in base]


def generate_extract(
    out_dir: Path,
    *,
    kommuner: int = 3,
    arenden: int = 30_000,
    seed: int = 42,
    defect_rate: float = 0.0,
    fmt: Literal["csv", "parquet"] = "csv",
    delimiter: str = ";",
    start: date = date(2022, 1, 1),
    end: date = date(2025, 12, 31),
    kommun_koder: Sequence[str] | None = None,
    progress: Callable[[int], None] | None = None,
    forsta_id: int = 1,
) -> GenerateResult:
    """Write a synthetic extract to `out_dir` and return what was written.

    `arenden` is the total number of cases over all municipalities; `end` is the extract date
    (nothing is dated after it, interventions without an end date are still open).
    `progress` is called with the number of cases written so far after every chunk.
    `forsta_id` is the number of the first id of each table (A..., I..., U...): a later extract of a
    municipality that is already loaded starts after the earlier one's ids, so that its cases are
    new cases and not replacements of loaded ones (ids have nine digits).
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if delimiter not in (";", ","):
        raise ValueError("delimiter must be ';' or ','")
    if not 0.0 <= defect_rate <= 0.5:
        raise ValueError("defect_rate must be between 0 and 0.5")
    if arenden < 0:
        raise ValueError("arenden must not be negative")
    if end <= start:
        raise ValueError("end must be after start")
    if not 1 <= forsta_id <= 10**9 - 1 - arenden * 10:
        raise ValueError("forsta_id must be at least 1 and leave room for nine-digit ids")
    alla_koder = tuple(sorted(known_kommun_koder()))  # the kommuner seed, in code order
    if kommun_koder is not None:
        koder = [str(k).strip() for k in kommun_koder]
        unknown = [k for k in koder if k not in alla_koder]
        if unknown or not koder:
            raise ValueError(f"unknown municipality codes: {unknown}" if unknown else "kommun_koder is empty")
        if len(set(koder)) != len(koder):
            raise ValueError("kommun_koder has duplicates")
    else:
        if not 1 <= kommuner <= len(alla_koder):
            raise ValueError(f"kommuner must be between 1 and {len(alla_koder)}")
        pick = np.random.default_rng(np.random.SeedSequence([seed, 1])).choice(
            len(alla_koder), size=kommuner, replace=False
        )
        koder = sorted(alla_koder[i] for i in pick)

    rng0 = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    weights = rng0.lognormal(0.0, 0.9, size=len(koder))
    sizes = _allocate(arenden, weights)
    params = [make_kommun_params(rng0, k, n) for k, n in zip(koder, sizes, strict=True)]

    start_day, end_day = _days(start), _days(end)
    cdf = day_cdf(start_day, end_day)
    out_dir.mkdir(parents=True, exist_ok=True)
    ext = "csv" if fmt == "csv" else "parquet"
    for stale in [*(out_dir / f"{t}.{e}" for t in TABLES for e in ("csv", "parquet")), out_dir / "_defekter.csv"]:
        if stale.exists():
            stale.unlink()
    writers = {t: TableWriter(out_dir / f"{t}.{ext}", COLUMNS[t], fmt, delimiter) for t in TABLES}
    defect_tmp = {t: (out_dir / f"_defekter.{t}.tmp").open("w", encoding="utf-8", newline="") for t in TABLES}
    injected = {t: dict.fromkeys(RULES_BY_TABLE[t], 0) for t in TABLES}
    quarantined = dict.fromkeys(TABLES, 0)
    partners = dict.fromkeys(TABLES, 0)
    per_kommun: list[dict[str, Any]] = []
    ids = dict.fromkeys(("arende", "insats", "uppfoljning"), forsta_id - 1)
    written = 0
    chunk_no = 0
    quote = delimiter if fmt == "csv" else None
    try:
        for kp in params:
            rows_k = dict.fromkeys(TABLES, 0)
            left = kp.n_cases
            chunk_in_kommun = 0
            while left > 0:
                n = min(CHUNK_CASES, left)
                rng = np.random.default_rng(np.random.SeedSequence([seed, 3, chunk_no]))
                ch = simulate_chunk(rng, kp, n, start_day, end_day, cdf, chunk_in_kommun)
                a0, i0, u0 = ids["arende"] + 1, ids["insats"] + 1, ids["uppfoljning"] + 1
                plan = plan_defects(rng, ch, kp.kod, a0, i0, u0, defect_rate)
                cells = {
                    "arende": arende_cells(ch, kp.kod, a0),
                    "insats": insats_cells(ch, kp.kod, a0, i0),
                    "uppfoljning": uppfoljning_cells(ch, kp.kod, i0, u0),
                }
                first_id = {"arende": a0, "insats": i0, "uppfoljning": u0}
                make_id = {"arende": id_arende, "insats": id_insats, "uppfoljning": id_uppfoljning}
                for t in TABLES:
                    apply_overrides(cells[t], plan.overrides.get(t, {}), quote)
                    line0 = writers[t].rows + 2  # header is line 1
                    writers[t].write(cells[t])
                    nrows = len(cells[t][COLUMNS[t][0]])
                    rows_k[t] += nrows
                    ids[t] += nrows
                    quarantined[t] += int(plan.quarantined[t].sum())
                    partners[t] += int((plan.partner[t] & ~plan.injected[t]).sum())
                    out = csv.writer(defect_tmp[t], lineterminator="\n")
                    for r, rule, col in plan.records[t]:
                        over = plan.overrides.get(t, {}).get(f"{t}_id", {})
                        row_id = over.get(r) or make_id[t](first_id[t] + r)
                        out.writerow([t, line0 + r, row_id, rule.value, col])
                        injected[t][rule] += 1
                written += n
                left -= n
                chunk_no += 1
                chunk_in_kommun += 1
                if progress is not None:
                    progress(written)
            per_kommun.append({"kommun_kod": kp.kod, "arenden": kp.n_cases, "rows": rows_k})
    finally:
        for w in writers.values():
            w.close()
        for fh in defect_tmp.values():
            fh.close()

    defekter = out_dir / "_defekter.csv"
    with defekter.open("w", encoding="utf-8", newline="") as fh:
        fh.write("tabell,rad,id,regel,kolumn\n")
        for t in TABLES:
            tmp = out_dir / f"_defekter.{t}.tmp"
            with tmp.open("r", encoding="utf-8") as src:
                while block := src.read(1 << 20):
                    fh.write(block)
            tmp.unlink()

    rows = {t: writers[t].rows for t in TABLES}
    injected_total = {t: sum(injected[t].values()) for t in TABLES}
    manifest: dict[str, Any] = {
        "generator": "isu.generate",
        "generator_version": GENERATOR_VERSION,
        "contract_version": 1,
        "arguments": {
            "kommuner": len(koder),
            "arenden": arenden,
            "seed": seed,
            "defect_rate": defect_rate,
            "fmt": fmt,
            "delimiter": delimiter,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "kommun_koder": list(kommun_koder) if kommun_koder is not None else None,
            "forsta_id": forsta_id,
        },
        "seed": seed,
        "chunk_cases": CHUNK_CASES,
        "extract_date": end.isoformat(),
        "personnummer": {
            "synthetic_serial_range": [SERIAL_MIN, SERIAL_MAX],
            "note": "ISU synthetic range: never mix this extract with real data",
        },
        "kommuner": per_kommun,
        "files": {t: {"name": f"{t}.{ext}", "bytes": (out_dir / f"{t}.{ext}").stat().st_size} for t in TABLES},
        "rows": rows,
        "defects_injected": {
            t: {"total": injected_total[t], "by_rule": {r.value: k for r, k in injected[t].items()}} for t in TABLES
        },
        "expected_quarantined_rows": quarantined,
        "expected_accepted_rows": {t: rows[t] - quarantined[t] for t in TABLES},
        "expected_quarantine_breakdown": {
            t: {
                "injected": injected_total[t],
                "duplicate_partners": partners[t],
                "orphans": quarantined[t] - injected_total[t] - partners[t],
            }
            for t in TABLES
        },
    }
    buf = io.StringIO()
    json.dump(manifest, buf, indent=2, ensure_ascii=False)
    (out_dir / "_manifest.json").write_text(buf.getvalue() + "\n", encoding="utf-8")
    return GenerateResult(out_dir=out_dir, rows=rows, seconds=time.perf_counter() - t0, manifest=manifest)
