"""Where the dbt project and its reference data are."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from isu.errors import IsuError


def project_dir() -> Path:
    """The ISU dbt project (the checkout the `isu` package was installed from, or ISU_PROJECT_DIR)."""
    if os.environ.get("ISU_PROJECT_DIR"):
        path = Path(os.environ["ISU_PROJECT_DIR"]).resolve()
    else:
        path = Path(__file__).resolve().parents[2]
    if not (path / "dbt_project.yml").exists():
        raise IsuError(
            f"Hittar inte ISU:s dbt-projekt i {path}; installera från en utcheckning (pip install -e .) "
            "eller sätt ISU_PROJECT_DIR.",
            f"Cannot find the ISU dbt project in {path}; install from a checkout (pip install -e .) "
            "or set ISU_PROJECT_DIR.",
        )
    return path


def kommun_koder() -> frozenset[str]:
    """The 290 municipality codes of the kommuner seed."""
    with (project_dir() / "seeds" / "kommuner.csv").open(encoding="utf-8") as fh:
        return frozenset(row["kommun_kod"] for row in csv.DictReader(fh))


def insatstyp_omrade() -> dict[int, str]:
    """The area each intervention type (V12) typically belongs to (seed kodverk_insatstyp)."""
    with (project_dir() / "seeds" / "kodverk_insatstyp.csv").open(encoding="utf-8") as fh:
        return {int(row["kod"]): row["typiskt_verksamhetsomrade"] for row in csv.DictReader(fh)}
