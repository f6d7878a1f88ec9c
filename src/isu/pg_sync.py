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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isu.errors import IsuError
from isu.schema import RAW_SCHEMA
from isu.warehouse import connect

# DuckDB column type -> PostgreSQL column type (the raw layer uses only these).
PG_TYPES = {
    "VARCHAR": "text",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}


NUL_SYMBOL = "\u2400"  # what a NUL character of a quarantined value becomes on PostgreSQL
SYNC_TABLE = "synk"  # on the server only: the fingerprint of the raw tables it holds


@dataclass
class SyncReport:
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows copied
    unchanged: bool = False  # the server already held exactly these raw tables: nothing was copied


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


def _raw_tables(con) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' "
            "order by 1",
            [RAW_SCHEMA],
        ).fetchall()
    ]


def _pg_columns(con, table: str) -> list[str]:
    out = []
    for name, typ in con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [RAW_SCHEMA, table],
    ).fetchall():
        if typ not in PG_TYPES:
            raise IsuError(
                f"Kolumnen {RAW_SCHEMA}.{table}.{name} har typen {typ}, som ISU inte kan kopiera till PostgreSQL.",
                f"The column {RAW_SCHEMA}.{table}.{name} has the type {typ}, which ISU cannot copy to PostgreSQL.",
            )
        out.append(f'"{name}" {PG_TYPES[typ]}')
    return out


def fingerprint(con, tables: list[str]) -> str:
    """Rows and a hash of every raw table: equal fingerprints, equal raw layers (for all we need)."""
    parts = []
    for table in tables:
        rows, total = con.execute(f"select count(*), sum(hash(t)) from {RAW_SCHEMA}.{table} as t").fetchone()
        parts.append(f"{table}:{rows}:{total}")
    return ";".join(parts)


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


def sync_raw_to_postgres(
    warehouse: Path,
    settings: dict[str, Any],
    *,
    force: bool = False,
    on_table: Callable[[str, int], None] | None = None,
) -> SyncReport:
    """Replace the schema raw of the PostgreSQL server with the raw tables of the warehouse, in one
    transaction, unless the server already holds exactly these (`force` copies anyway). A table
    whose columns changed (an upgrade) is created anew, with what depends on it (dbt's staging
    views, which the next build creates again)."""
    import psycopg2

    report = SyncReport()
    con = connect(warehouse, read_only=True)
    try:
        tables = {t: _pg_columns(con, t) for t in _raw_tables(con)}
        wanted = fingerprint(con, list(tables))
    finally:
        con.close()
    folder = Path(tempfile.mkdtemp(prefix=".isu-pg-", dir=warehouse.parent))
    pg = pg_connect(settings)
    try:
        with pg, pg.cursor() as cur:  # one transaction: commit at the end, rollback on any error
            if not force and _synced_fingerprint(cur) == wanted:
                report.unchanged = True
                return report
            _copy_tables(warehouse, folder, tables, report)
            cur.execute(f"create schema if not exists {RAW_SCHEMA}")
            for table, columns in tables.items():
                _replace_table(cur, table, columns, folder / f"{table}.csv")
                if on_table is not None:
                    on_table(table, report.tables[table])
            cur.execute(f"create table if not exists {RAW_SCHEMA}.{SYNC_TABLE} (fingeravtryck text, synkad timestamp)")
            cur.execute(f"delete from {RAW_SCHEMA}.{SYNC_TABLE}")
            cur.execute(f"insert into {RAW_SCHEMA}.{SYNC_TABLE} values (%s, localtimestamp)", [wanted])
    except psycopg2.Error as exc:
        raise IsuError(
            f"Kopieringen av råtabellerna till PostgreSQL misslyckades och är ångrad: {exc}".strip(),
            f"Copying the raw tables to PostgreSQL failed and was rolled back: {exc}".strip(),
        ) from None
    finally:
        pg.close()
        shutil.rmtree(folder, ignore_errors=True)
    return report


def _copy_tables(warehouse: Path, folder: Path, tables: dict[str, list[str]], report: SyncReport) -> None:
    """Each raw table as a headerless CSV file in `folder` (DuckDB's CSV is PostgreSQL's: an empty
    unquoted field is null, a quoted one the empty text). PostgreSQL's text cannot hold the NUL
    character, which a quarantined value may: it becomes the visible symbol for it, U+2400."""
    con = connect(warehouse, read_only=True)
    try:
        for table, columns in tables.items():
            select = ", ".join(
                f"replace({c.split(' ')[0]}, chr(0), '{NUL_SYMBOL}')" if c.endswith(" text") else c.split(" ")[0]
                for c in columns
            )
            con.execute(
                f"copy (select {select} from {RAW_SCHEMA}.{table}) to '{folder / (table + '.csv')}' (header false)"
            )
            report.tables[table] = con.execute(f"select count(*) from {RAW_SCHEMA}.{table}").fetchone()[0]
    finally:
        con.close()


def _replace_table(cur, table: str, columns: list[str], csv_file: Path) -> None:
    cur.execute(
        "select string_agg(format('\"%%s\" %%s', column_name, "
        "case data_type when 'timestamp without time zone' then 'timestamp' "
        "when 'timestamp with time zone' then 'timestamptz' else data_type end), ', ' "
        "order by ordinal_position) from information_schema.columns "
        "where table_schema = %s and table_name = %s",
        [RAW_SCHEMA, table],
    )
    if cur.fetchone()[0] == ", ".join(columns):
        cur.execute(f"truncate {RAW_SCHEMA}.{table}")
    else:
        cur.execute(f"drop table if exists {RAW_SCHEMA}.{table} cascade")
        cur.execute(f"create table {RAW_SCHEMA}.{table} ({', '.join(columns)})")
    with csv_file.open("rb") as fh:
        cur.copy_expert(f"copy {RAW_SCHEMA}.{table} from stdin with (format csv)", fh)
