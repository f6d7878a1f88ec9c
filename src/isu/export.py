"""`isu export`: the published aggregates as files that Swedish Excel and Kolada users open.

- `csv/<mart>.csv`, one per aggregate mart and indicator mart (`marts.mart_*`) and the dimensions
  `dim_kommun` and `dim_kodverk`: `;` between fields, UTF-8 with a byte-order mark, decimal comma,
  dates as `YYYY-MM-DD` (Excel reads them as dates), true/false as 1/0, an empty field for null.
  The row-level facts are not exported (they carry pseudonyms and exact dates).
- `isu.xlsx`: the same marts as one Excel workbook, a sheet per mart, with a first sheet
  (`Kolumner`) that explains every column in Swedish and English (from the dbt project's column
  documentation). Numbers are numbers, shares (`andel*` columns, 0–1) shown as percentages, dates
  as dates; texts are stored as text, so that a text starting with `=` is never a formula. A mart
  longer than an Excel sheet (1,048,575 rows) is left out of the workbook with a note; its CSV
  holds it whole.
- `kolada_indikatorer.csv`: `mart_indikator` in the long form of Kolada: indicator, municipality
  (or county, `00` + county code, or the nation, `0000`, as Kolada numbers them) with its name,
  period, sex T/K/M (total, women, men), value, numerator, denominator, the 95 % interval and whether
  the cell is suppressed. Shares are in per cent, as Kolada publishes them; days stay days.

Suppressed cells stay empty, as in the marts. A text field that Excel would read as a formula (it
starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so that
Excel shows it as text and never runs it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import xlsxwriter

from isu.column_docs import column_docs
from isu.paths import project_dir
from isu.warehouse import check_built, connect

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# XlsxWriter options for every workbook ISU writes: a text stays the text it is (never a formula,
# number or link, whatever it starts with)
TEXT_AS_TEXT = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
DIMENSIONER = ("dim_kommun", "dim_kodverk")
EXCEL_MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header

_KOLADA_SQL = """
    select
        i.indikator_id,
        c.namn_sv as indikator_namn,
        case i.niva when 'riket' then '0000' when 'lan' then '00' || i.lan_kod else i.kommun_kod end as kommun_id,
        case i.niva when 'riket' then 'Riket' when 'lan' then l.lan_namn else k.kommun_namn end as kommun_namn,
        i.niva,
        i.period_typ,
        i.period,
        case i.grupp when 'alla' then 'T' when 'kvinna' then 'K' when 'man' then 'M' end as kon,
        i.verksamhetsomrade,
        i.varde * case when c.vardetyp = 'andel' then 100 else 1 end as varde,
        case when c.vardetyp = 'andel' then 'procent' else c.vardetyp end as enhet,
        cast(i.taljare as bigint) as taljare,
        cast(i.namnare as bigint) as namnare,
        i.ki_lag * case when c.vardetyp = 'andel' then 100 else 1 end as ki_lag,
        i.ki_hog * case when c.vardetyp = 'andel' then 100 else 1 end as ki_hog,
        i.undertryckt,
        i.preliminar
    from marts.mart_indikator as i
    inner join kodverk.indikatorer as c
        on c.indikator_id = i.indikator_id
    left join marts.dim_kommun as k
        on k.kommun_kod = i.kommun_kod
    left join (select distinct lan_kod, lan_namn from marts.dim_kommun) as l
        on l.lan_kod = i.lan_kod
    where i.niva in ('kommun', 'lan', 'riket') and i.grupp_typ in ('alla', 'kon')
    order by i.indikator_id, i.period_typ, i.period, kommun_id, i.verksamhetsomrade, kon
"""


@dataclass
class ExportResult:
    folder: Path
    files: dict[str, int] = field(default_factory=dict)  # file name -> rows


def safe_text(value: object) -> object:
    """A text that Excel would read as a formula, with a leading apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def frame_for_excel(df: pd.DataFrame) -> pd.DataFrame:
    """The frame as Swedish Excel reads it: booleans as 1/0, formula-like texts neutralised (the
    128-bit sums are cast to integers before, in _select_with_integers)."""
    out = df.copy()
    for name in out.columns:
        col = out[name]
        if pd.api.types.is_bool_dtype(col) or (col.dtype == object and col.dropna().map(type).eq(bool).all()
                                                and col.notna().any()):  # fmt: skip
            out[name] = col.map({True: 1, False: 0}).astype("Int64")
        elif pd.api.types.is_string_dtype(col) or col.dtype == object:
            out[name] = col.map(safe_text)
    return out


def write_excel_csv(df: pd.DataFrame, path: Path) -> int:
    """Write a frame as CSV for Swedish Excel (see the module's docstring); returns its rows."""
    frame_for_excel(df).to_csv(
        path, sep=";", decimal=",", encoding="utf-8-sig", index=False, date_format="%Y-%m-%d",
        quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n",
    )  # fmt: skip
    return len(df)


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    """The table's columns in order: (name, DuckDB type)."""
    return con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position",
        [schema, table],
    ).fetchall()


def _select_with_integers(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> str:
    """`select` of a table whose 128-bit integer columns (DuckDB's type of a sum) are cast to 64 bits,
    so that they arrive as integers and are written without decimals."""
    parts = [f'cast("{c}" as bigint) as "{c}"' if t == "HUGEINT" else f'"{c}"' for c, t in _columns(con, schema, table)]
    return f'select {", ".join(parts)} from "{schema}"."{table}"'


def _sheet(book: xlsxwriter.Workbook, name: str, cur: duckdb.DuckDBPyConnection, formats: dict) -> int:
    """Write a query's rows to a new sheet (numbers as numbers, shares as percentages, dates as
    dates, texts as text); returns the rows written."""
    sheet = book.add_worksheet(name[:31])
    columns = [d[0] for d in cur.description]
    for c, col in enumerate(columns):
        sheet.write_string(0, c, col, formats["rubrik"])
        sheet.set_column(c, c, max(10, min(40, len(col) + 2)))
    sheet.freeze_panes(1, 0)
    percent = {c for c, col in enumerate(columns) if col.startswith("andel")}
    rows = 0
    while batch := cur.fetchmany(10_000):
        for row in batch:
            rows += 1
            for c, value in enumerate(row):
                if value is None or (isinstance(value, float) and value != value):  # null or NaN
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(rows, c, value)
                elif isinstance(value, (int, float, Decimal)):
                    sheet.write_number(rows, c, float(value) if isinstance(value, Decimal) else value,
                                       formats["procent"] if c in percent else None)  # fmt: skip
                elif isinstance(value, (date, datetime)):
                    sheet.write_datetime(rows, c, value, formats["datum"])
                else:
                    sheet.write_string(rows, c, str(value))
    return rows


def write_workbook(con: duckdb.DuckDBPyConnection, tables: list[str], path: Path, project: Path) -> dict[str, int]:
    """The marts as one workbook (see the module's docstring); returns sheet -> rows written."""
    docs = column_docs(project)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, **TEXT_AS_TEXT})
    formats = {
        "rubrik": book.add_format({"bold": True}),
        "procent": book.add_format({"num_format": "0.0%"}),
        "datum": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    # the first sheet: every column of every sheet, in Swedish and English (constant_memory writes
    # rows in order, so the notes are collected first)
    om = book.add_worksheet("Kolumner")
    om.set_column(0, 1, 28)
    om.set_column(2, 2, 100)
    for c, head in enumerate(("blad (sheet)", "kolumn (column)", "beskrivning (description)")):
        om.write_string(0, c, head, formats["rubrik"])
    line, written = 1, {}
    sizes = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in tables}
    for table in tables:
        if sizes[table] > EXCEL_MAX_ROWS:
            om.write_string(line, 0, table)
            om.write_string(
                line, 2,
                f"{sizes[table]:,} rader, fler än ett Excel-blad rymmer: se csv/{table}.csv "
                f"({sizes[table]:,} rows, more than an Excel sheet holds: see csv/{table}.csv)",
            )  # fmt: skip
            line += 1
            continue
        for column, _ in _columns(con, "marts", table):
            om.write_string(line, 0, table)
            om.write_string(line, 1, column)
            om.write_string(line, 2, docs.get(table, {}).get(column, ""), formats["text"])
            line += 1
    for table in tables:
        if sizes[table] <= EXCEL_MAX_ROWS:
            written[table] = _sheet(book, table, con.execute(_select_with_integers(con, "marts", table)), formats)
    book.close()
    return written


def export(warehouse: Path, folder: Path) -> ExportResult:
    """Write the exports of a built warehouse into `folder` (created; existing files are replaced)."""
    con = connect(warehouse, read_only=True)
    try:
        check_built(con, warehouse)
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' "
                "and (table_name like 'mart\\_%' escape '\\' or list_contains(?, table_name)) order by 1",
                [list(DIMENSIONER)],
            ).fetchall()
        ]
        result = ExportResult(folder)
        (folder / "csv").mkdir(parents=True, exist_ok=True)
        for table in tables:
            df = con.execute(_select_with_integers(con, "marts", table)).fetch_df()
            result.files[f"csv/{table}.csv"] = write_excel_csv(df, folder / "csv" / f"{table}.csv")
        sheets = write_workbook(con, tables, folder / "isu.xlsx", project_dir())
        result.files["isu.xlsx"] = sum(sheets.values())
        kolada = con.execute(_KOLADA_SQL).fetch_df()
        result.files["kolada_indikatorer.csv"] = write_excel_csv(kolada, folder / "kolada_indikatorer.csv")
        return result
    finally:
        con.close()
