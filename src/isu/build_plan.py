"""What `isu build` rebuilds: every municipality, or only those whose raw rows changed.

The row-level models (staging to facts, bridges and the indicator rows) are incremental by
municipality (macros/isu_inkrementell.sql). A build is incremental when the last successful build
was a normal one (not `--per-laddning`) of the same ISU version; it then rebuilds the
municipalities with a raw row inserted or closed by a load after the one that build included.
Everything else (seeds, calendar, the publication layer, the marts over all municipalities) is
rebuilt whole every time. Each build is logged in raw.bygglogg.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import duckdb

from isu import __version__
from isu.schema import CONTRACT_TABLES, RAW_SCHEMA


@dataclass(frozen=True)
class BuildPlan:
    kommuner: tuple[str, ...] | None  # None: every municipality (a full build)
    till_load_id: int | None  # the last load the build includes
    per_laddning: int | None
    why: str  # why full, or what changed (for the user)

    @property
    def incremental(self) -> bool:
        return self.kommuner is not None

    def dbt_vars(self) -> dict[str, object]:
        """The dbt variables of the build. The same for every normal build (the municipalities go
        through raw.byggkommun, see write_build_municipalities), so that dbt parses the project
        only when it changed."""
        out: dict[str, object] = {"isu_byggkommun": True}
        if self.per_laddning is not None:
            out["per_laddning"] = self.per_laddning
        return out


def plan_build(con: duckdb.DuckDBPyConnection, per_laddning: int | None, full_refresh: bool) -> BuildPlan:
    last_load = con.execute(f"select max(load_id) from {RAW_SCHEMA}.laddlogg").fetchone()[0]
    till = per_laddning if per_laddning is not None else last_load
    if per_laddning is not None:
        return BuildPlan(None, till, per_laddning, "a build as of an earlier load rebuilds everything")
    if full_refresh:
        return BuildPlan(None, till, None, "--full-refresh")
    last = con.execute(
        f"select till_load_id, per_laddning, isu_version from {RAW_SCHEMA}.bygglogg where lyckad "
        "order by bygg_id desc limit 1"
    ).fetchone()
    if last is None:
        return BuildPlan(None, till, None, "the first build of this warehouse")
    built, built_per_laddning, version = last
    if built_per_laddning is not None:
        return BuildPlan(None, till, None, "the last build was as of an earlier load")
    if version != __version__:
        return BuildPlan(None, till, None, f"the last build was made by ISU {version}")
    if built is None:
        return BuildPlan(None, till, None, "the last build had no load")
    changed = " union ".join(
        f"select kommun_kod from {RAW_SCHEMA}.{t} where load_id > ? or giltig_till_load_id > ?" for t in CONTRACT_TABLES
    )
    kommuner = tuple(
        r[0] for r in con.execute(f"{changed} order by 1", [built] * (2 * len(CONTRACT_TABLES))).fetchall()
    )
    what = f"municipalities changed since load {built}: {', '.join(kommuner) or 'none'}"
    return BuildPlan(kommuner, till, None, what)


def write_build_municipalities(con: duckdb.DuckDBPyConnection, kommuner: tuple[str, ...] | None) -> None:
    """Fill raw.byggkommun with the municipalities an incremental build rebuilds (empty it with None)."""
    con.execute(f"delete from {RAW_SCHEMA}.byggkommun")
    if kommuner:
        con.executemany(f"insert into {RAW_SCHEMA}.byggkommun values (?)", [[k] for k in kommuner])


def log_build(con: duckdb.DuckDBPyConnection, plan: BuildPlan, success: bool) -> None:
    bygg_id = con.execute(f"select coalesce(max(bygg_id), 0) + 1 from {RAW_SCHEMA}.bygglogg").fetchone()[0]
    con.execute(
        f"insert into {RAW_SCHEMA}.bygglogg values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            bygg_id,
            datetime.now().replace(microsecond=0),
            __version__,
            plan.per_laddning,
            plan.till_load_id,
            plan.incremental,
            None if plan.kommuner is None else json.dumps(list(plan.kommuner)),
            success,
        ],
    )
