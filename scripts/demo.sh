#!/usr/bin/env bash
# Install, then run the main job on the embedded default: synthetic extract -> load -> dbt build -> summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/isu demo "$@"
