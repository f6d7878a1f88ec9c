#!/usr/bin/env bash
# Install, then run the checks: ruff, pytest (which also runs dbt build with every dbt test), and the
# benchmark at its smoke size (2,000 cases) so that scripts/bench keeps working.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check src tests scripts
.venv/bin/pytest "$@"
if [ "$#" -eq 0 ]; then
    smoke="$(mktemp -d)"
    scripts/bench --smoke --cache "$smoke/cache" --out "$smoke"
    rm -rf "$smoke"
fi
