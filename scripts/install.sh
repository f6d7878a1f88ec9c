#!/usr/bin/env bash
# Install ISU and its pinned dependencies into ./.venv (created if missing). Idempotent.
# Extra engines as arguments: `bash scripts/install.sh postgres` adds dbt-postgres, `... spark`
# dbt-spark with pyspark (Spark in session mode; Java 17 or newer must be installed), `... metrics`
# dbt-metricflow (the semantic layer: `mf query`, docs/metrics.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
extras="dev"
for extra in "$@"; do
    case "$extra" in
        postgres|spark|metrics) extras="$extras,$extra" ;;
        *) echo "install.sh: unknown extra '$extra' (known: postgres, spark, metrics)" >&2; exit 2 ;;
    esac
done
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[$extras]"
