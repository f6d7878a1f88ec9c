#!/usr/bin/env bash
# Install, then run the checks: ruff, and pytest (which also runs dbt build with every dbt test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/ruff check src tests scripts
exec .venv/bin/pytest "$@"
