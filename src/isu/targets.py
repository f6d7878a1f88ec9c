"""The dbt targets of the project's profiles.yml: which engine a target name stands for, and its
connection settings rendered as dbt renders them (env_var and all), so that the loader and dbt
always reach the same server."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from isu.errors import IsuError
from isu.paths import project_dir

DEFAULT_TARGET = "duckdb"
SUPPORTED_TYPES = ("duckdb", "postgres", "spark")


@dataclass(frozen=True)
class Target:
    name: str
    type: str
    settings: dict[str, Any]

    @property
    def is_duckdb(self) -> bool:
        return self.type == "duckdb"


@dataclass
class SyncReport:
    """What a copy of the raw layer to another engine did."""

    tables: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    unchanged: bool = False  # the engine already held exactly these raw tables: nothing was copied


def _outputs() -> dict[str, dict[str, Any]]:
    profile = yaml.safe_load((project_dir() / "profiles.yml").read_text(encoding="utf-8"))
    return profile["isu"]["outputs"]


def resolve_target(name: str | None) -> Target:
    """The target `name` of profiles.yml (None: the DuckDB default), rendered; an IsuError for an
    unknown name."""
    import os

    from dbt.config.renderer import ProfileRenderer  # dbt is slow to import
    from dbt_common.context import set_invocation_context

    name = name or DEFAULT_TARGET
    outputs = _outputs()
    if name not in outputs:
        raise IsuError(
            f"Målet {name!r} finns inte i profiles.yml (finns: {', '.join(outputs)}).",
            f"The target {name!r} is not in profiles.yml (there: {', '.join(outputs)}).",
        )
    set_invocation_context(dict(os.environ))  # what env_var() reads, as in a dbt run
    try:
        settings = ProfileRenderer({}).render_data(outputs[name])
    except Exception as exc:  # a dbt CompilationError: a missing env_var, a typo in profiles.yml
        raise IsuError(
            f"Målet {name!r} i profiles.yml kan inte läsas: {exc}",
            f"The target {name!r} of profiles.yml cannot be read: {exc}",
        ) from None
    kind = str(settings.get("type"))
    if kind not in SUPPORTED_TYPES:
        raise IsuError(
            f"Målet {name!r} har typen {kind!r}; ISU kan ladda till {', '.join(SUPPORTED_TYPES)}.",
            f"The target {name!r} has the type {kind!r}; ISU loads into {', '.join(SUPPORTED_TYPES)}.",
        )
    return Target(name=name, type=kind, settings=settings)


def sync_raw(warehouse: Path, target: Target, *, force: bool = False) -> SyncReport:
    """Copy the raw tables of the DuckDB warehouse file to the target's engine (a SyncReport)."""
    if target.type == "postgres":
        from isu.pg_sync import sync_raw_to_postgres

        return sync_raw_to_postgres(warehouse, target.settings, force=force)
    if target.type == "spark":
        from isu.spark_sync import sync_raw_to_spark

        return sync_raw_to_spark(warehouse, target.settings, force=force)
    raise IsuError(
        f"ISU kan ännu inte kopiera råtabellerna till {target.type} (målet {target.name}).",
        f"ISU cannot copy the raw tables to {target.type} yet (the target {target.name}).",
    )
