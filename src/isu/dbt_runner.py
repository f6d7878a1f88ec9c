"""Running `dbt build` on the ISU project against a warehouse file, in-process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from isu.errors import IsuError
from isu.paths import project_dir
from isu.warehouse import connect, init_raw


@dataclass
class BuildResult:
    success: bool
    counts: dict[str, int] = field(default_factory=dict)  # "model:success", "test:pass", ...
    failures: list[str] = field(default_factory=list)  # "<node>: <message>"
    executed: list[str] = field(default_factory=list)  # unique ids of the nodes that ran

    @property
    def clean(self) -> bool:
        """Succeeded with nothing but successes and passes (no warnings, nothing skipped)."""
        return self.success and all(k.split(":", 1)[1] in ("success", "pass") for k in self.counts)


@contextmanager
def _env(values: dict[str, str]) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _close_duckdb() -> None:
    """Close the DuckDB database that dbt-duckdb keeps open after a run (a class attribute of its
    connection manager): the file lock is released at once, and the next run, perhaps on another
    warehouse of the same name, opens its own."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:
        return
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        DuckDBConnectionManager._ENV = None
        if environment is not None:
            environment.close()


def ensure_raw(warehouse: Path) -> None:
    """dbt reads the raw tables as sources: create them (empty) if nothing was loaded yet."""
    con = connect(warehouse)
    try:
        init_raw(con)
    finally:
        con.close()


# nodes that `dbt build` lists with the status no-op and that do no work: the exposures
# (models/exposures.yml) document what leaves the warehouse; they are neither counted nor shown
DOCUMENTATION_ONLY = ("exposure.",)


def target_dir() -> Path:
    """dbt's files (manifest, partial parsing, compiled SQL; logs beside): the project's target/, or
    ISU_DBT_TARGET_PATH, for two isu processes that run dbt at once (scripts/test.sh does)."""
    return Path(os.environ.get("ISU_DBT_TARGET_PATH") or project_dir() / "target")


def run_dbt(
    args: list[str],
    warehouse: Path,
    *,
    target_path: Path | None = None,
    on_node: Callable[[str, str], None] | None = None,
) -> BuildResult:
    """Run a dbt command (e.g. ["build"]) on the project with the warehouse file as DuckDB target."""
    from dbt.cli.main import dbtRunner  # imported late: dbt is slow to import

    project = project_dir()
    target_path = target_path or target_dir()
    log_path = target_path.parent / "logs" if target_path.name == "target" else target_path / "logs"

    def callback(event) -> None:
        if on_node is not None and event.info.name == "NodeFinished":
            node = event.data.node_info
            if not node.unique_id.startswith(DOCUMENTATION_ONLY):
                on_node(node.unique_id, node.node_status)

    # dbt runs in the warehouse's folder and gets the file by name: the profile then renders the same
    # for every warehouse of that name, and dbt's partial parsing (which starts again from scratch
    # when the profile changes, about 10 s) works across warehouses, e.g. a benchmark's fresh ones.
    warehouse = warehouse.resolve()
    env = {"ISU_WAREHOUSE": warehouse.name, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    cli_args = [
        *args,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target-path",
        str(target_path),
        "--log-path",
        str(log_path),
        # dbt's log file at info (each node, its timing and errors); debug writes every statement (about
        # 30 MB per build of 1 M cases, and 8 s of a 140 s build): ISU_DBT_LOG_LEVEL=debug to get it
        "--log-level-file",
        os.environ.get("ISU_DBT_LOG_LEVEL", "info"),
        "--quiet",
    ]
    cwd = Path.cwd()
    os.chdir(warehouse.parent)
    try:
        with _env(env):
            result = dbtRunner(callbacks=[callback]).invoke(cli_args)
    finally:
        _close_duckdb()
        os.chdir(cwd)
    if result.exception is not None:
        raise IsuError(f"dbt kunde inte köras: {result.exception}", f"dbt could not run: {result.exception}")
    out = BuildResult(success=bool(result.success))
    for node_result in getattr(result.result, "results", None) or []:
        kind = node_result.node.resource_type
        if node_result.node.unique_id.startswith(DOCUMENTATION_ONLY):
            continue
        status = str(node_result.status)
        out.counts[f"{kind}:{status}"] = out.counts.get(f"{kind}:{status}", 0) + 1
        out.executed.append(node_result.node.unique_id)
        if status in ("error", "fail", "runtime error"):
            out.failures.append(f"{node_result.node.unique_id}: {(node_result.message or '').strip()}")
    return out
