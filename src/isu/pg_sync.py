"""Copying the raw layer of the DuckDB warehouse to PostgreSQL, whole and in one transaction.

`isu load` always checks and loads into the DuckDB warehouse file (the loader's SQL is DuckDB's);
with `--target postgres` the raw tables (every version, the quarantine, the load log) are then
copied to the schema `raw` of the server, where dbt reads them as sources. The copy is one
PostgreSQL transaction: readers see the old raw tables until it commits, and a failure leaves the
server as it was. DuckDB writes each table as CSV to a temporary folder beside the warehouse (memory
stays bounded), PostgreSQL reads it with COPY; the folder is removed afterwards. No personnummer is
in the raw tables (only pseudonyms), so none is in the files either.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from isu.errors import IsuError
from isu.schema import RAW_SCHEMA
from isu.targets import SyncReport
from isu.warehouse import columns_of, connect, raw_fingerprint, raw_tables, sql_literal

# DuckDB column type -> PostgreSQL column type (the raw layer uses only these), written as
# PostgreSQL's information_schema names them, so that an existing table's columns compare directly.
PG_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMP WITH TIME ZONE": "timestamp with time zone",
}
NUL_SYMBOL = "\u2400"  # what a NUL character of a quarantined value becomes on PostgreSQL
SYNC_TABLE = "synk"  # on the server only: the fingerprint of the raw tables it holds

Columns = list[tuple[str, str]]  # (name, PostgreSQL type) in order


def pg_connect(settings: dict[str, Any]):
    """A psycopg2 connection with the settings of a dbt postgres target; an IsuError if the server
    cannot be reached."""
    try:
        import psycopg2
    except ImportError:
        raise IsuError(
            "PostgreSQL-stödet är inte installerat: kör `bash scripts/install.sh postgres`.",
            "PostgreSQL support is not installed: run `bash scripts/install.sh postgres`.",
        ) from None
    where = f"{settings.get('user')}@{settings.get('host')}:{settings.get('port')}/{settings.get('dbname')}"
    try:
        return psycopg2.connect(
            host=settings.get("host"),
            port=int(settings.get("port") or 5432),
            user=settings.get("user"),
            password=settings.get("password") or None,
            dbname=settings.get("dbname") or settings.get("database"),
            connect_timeout=10,
        )
    except psycopg2.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise IsuError(
            f"PostgreSQL ({where}) kan inte nås: {reason}. Kontrollera ISU_PG_HOST, ISU_PG_PORT, ISU_PG_USER, "
            "ISU_PG_PASSWORD och ISU_PG_DATABASE.",
            f"PostgreSQL ({where}) cannot be reached: {reason}. Check ISU_PG_HOST, ISU_PG_PORT, ISU_PG_USER, "
            "ISU_PG_PASSWORD and ISU_PG_DATABASE.",
        ) from None


def _pg_columns(con: duckdb.DuckDBPyConnection, table: str) -> Columns:
    out = []
    for name, typ in columns_of(con, table):
        if typ not in PG_TYPES:
            raise IsuError(
                f"Kolumnen {RAW_SCHEMA}.{table}.{name} har typen {typ}, som ISU inte kan kopiera till PostgreSQL.",
                f"The column {RAW_SCHEMA}.{table}.{name} has the type {typ}, which ISU cannot copy to PostgreSQL.",
            )
        out.append((name, PG_TYPES[typ]))
    return out


def _synced_fingerprint(cur) -> str | None:
    cur.execute(
        "select count(*) from information_schema.tables where table_schema = %s and table_name = %s",
        [RAW_SCHEMA, SYNC_TABLE],
    )
    if not cur.fetchone()[0]:
        return None
    cur.execute(f"select fingeravtryck from {RAW_SCHEMA}.{SYNC_TABLE}")
    row = cur.fetchone()
    return row[0] if row else None


def sync_raw_to_postgres(warehouse: Path, settings: dict[str, Any], *, force: bool = False) -> SyncReport:
    """Replace the schema raw of the PostgreSQL server with the raw tables of the warehouse, in one
    transaction, unless the server already holds exactly these (`force` copies anyway). A table
    whose columns changed (an upgrade) is created anew, with what depends on it (dbt's staging
    views, which the next build creates again)."""
    import psycopg2

    report = SyncReport()
    con = connect(warehouse, read_only=True)
    folder = Path(tempfile.mkdtemp(prefix=".isu-pg-", dir=warehouse.parent))
    try:
        tables = {t: _pg_columns(con, t) for t in raw_tables(con)}
        wanted = raw_fingerprint(con, list(tables))
        pg = pg_connect(settings)
        try:
            with pg, pg.cursor() as cur:  # one transaction: commit at the end, rollback on any error
                if not force and _synced_fingerprint(cur) == wanted:
                    report.unchanged = True
                    return report
                cur.execute(f"create schema if not exists {RAW_SCHEMA}")
                for table, columns in tables.items():
                    csv_file = folder / f"{table}.csv"
                    report.tables[table] = _write_csv(con, table, columns, csv_file)
                    _replace_table(cur, table, columns, csv_file)
                cur.execute(
                    f"create table if not exists {RAW_SCHEMA}.{SYNC_TABLE} (fingeravtryck text, synkad timestamp)"
                )
                cur.execute(f"delete from {RAW_SCHEMA}.{SYNC_TABLE}")
                cur.execute(f"insert into {RAW_SCHEMA}.{SYNC_TABLE} values (%s, localtimestamp)", [wanted])
        except psycopg2.Error as exc:
            raise IsuError(
                f"Kopieringen av råtabellerna till PostgreSQL misslyckades och är ångrad: {exc}".strip(),
                f"Copying the raw tables to PostgreSQL failed and was rolled back: {exc}".strip(),
            ) from None
        finally:
            pg.close()
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)
    return report


def _write_csv(con: duckdb.DuckDBPyConnection, table: str, columns: Columns, csv_file: Path) -> int:
    """The raw table as a headerless CSV file (DuckDB's CSV is PostgreSQL's: an empty unquoted field
    is null, a quoted one the empty text); returns its rows. PostgreSQL's text cannot hold the NUL
    character, which a quarantined value may: it becomes the visible symbol for it, U+2400."""
    select = ", ".join(
        f"""replace("{name}", chr(0), '{NUL_SYMBOL}')""" if typ == "text" else f'"{name}"' for name, typ in columns
    )
    # COPY returns how many rows it wrote
    return con.execute(
        f"copy (select {select} from {RAW_SCHEMA}.{table}) to {sql_literal(str(csv_file))} (header false)"
    ).fetchone()[0]


def _replace_table(cur, table: str, columns: Columns, csv_file: Path) -> None:
    cur.execute(
        "select column_name, data_type from information_schema.columns where table_schema = %s and table_name = %s "
        "order by ordinal_position",
        [RAW_SCHEMA, table],
    )
    if [tuple(r) for r in cur.fetchall()] == columns:
        cur.execute(f"truncate {RAW_SCHEMA}.{table}")
    else:
        cur.execute(f"drop table if exists {RAW_SCHEMA}.{table} cascade")
        definitions = ", ".join(f'"{name}" {typ}' for name, typ in columns)
        cur.execute(f"create table {RAW_SCHEMA}.{table} ({definitions})")
    with csv_file.open("rb") as fh:
        cur.copy_expert(f"copy {RAW_SCHEMA}.{table} from stdin with (format csv)", fh)
