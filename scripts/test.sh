#!/usr/bin/env bash
# Install, then run the checks: ruff, pytest (which also runs dbt build with every dbt test, on DuckDB
# and on PostgreSQL), and the benchmark at its smoke size (2,000 cases) so that scripts/bench keeps
# working.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh postgres
# a PostgreSQL server on the loopback interface (Debian's package, installed if missing) for
# tests/python/test_engines.py; ISU_PG_* tell the tests where it is
eval "$(bash scripts/postgres.sh)"
# a DuckDB 1.x client, to check that `isu publish` writes a file the older clients open
if [ ! -x .venv-duckdb1/bin/python ]; then
    python3 -m venv .venv-duckdb1
fi
.venv-duckdb1/bin/python -m pip install --quiet "duckdb>=1.1,<1.2"
.venv/bin/ruff check src tests scripts
.venv/bin/pytest "$@"
if [ "$#" -eq 0 ]; then
    smoke="$(mktemp -d)"
    scripts/bench --smoke --cache "$smoke/cache" --out "$smoke"
    rm -rf "$smoke"
fi
