#!/usr/bin/env bash
# Install, then run the checks: ruff, pytest (which also runs dbt build with every dbt test, on DuckDB,
# PostgreSQL and Spark, and `mf query` of the semantic layer on DuckDB), and the benchmark at its
# smoke size (2,000 cases) so that scripts/bench keeps working.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh postgres spark metrics
# Java for Spark (Debian's default-jre-headless, installed if missing)
bash scripts/java.sh
# Chromium for the municipality report's browser test (Debian's package, installed if missing)
bash scripts/chromium.sh
# a PostgreSQL server on the loopback interface (Debian's package, installed if missing) for
# tests/python/test_engines.py; ISU_PG_* tell the tests where it is
eval "$(bash scripts/postgres.sh)"
# a DuckDB 1.x client, to check that `isu publish` writes a file the older clients open
if [ ! -x .venv-duckdb1/bin/python ]; then
    python3 -m venv .venv-duckdb1
fi
.venv-duckdb1/bin/python -m pip install --quiet "duckdb>=1.1,<1.2"
.venv/bin/ruff check src tests scripts
if [ "$#" -gt 0 ]; then
    .venv/bin/pytest "$@"
else
    # Spark's tests (its driver JVM mostly waits, plans and schedules on one core) run beside the
    # rest, with dbt's files of their own: two dbt runs must not share target/
    spark_log="$(mktemp)"
    ISU_DBT_TARGET_PATH="$PWD/target-spark" .venv/bin/pytest -p no:cacheprovider tests/python/test_spark.py \
        >"$spark_log" 2>&1 &
    spark_pid=$!
    rc=0
    # the rest, with the slowest tests listed at the end (where CI's time goes)
    .venv/bin/pytest --durations=25 --ignore tests/python/test_spark.py || rc=$?
    spark_rc=0
    wait "$spark_pid" || spark_rc=$?
    echo "--- tests/python/test_spark.py (run beside the rest) ---"
    cat "$spark_log"
    rm -f "$spark_log"
    if [ "$rc" -ne 0 ] || [ "$spark_rc" -ne 0 ]; then
        exit 1
    fi
    smoke="$(mktemp -d)"
    scripts/bench --smoke --cache "$smoke/cache" --out "$smoke"
    rm -rf "$smoke"
fi
