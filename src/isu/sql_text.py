"""A contract file into DuckDB as text: one row per data line, every contract column a string.

The CSV path keeps the contract's rule of one physical line = one row: Python only cuts the file
into blocks at line ends and hands DuckDB each block as an Arrow string array (no copy, no Python
object per line); the split into fields, the trimming and everything after it run in SQL. Lines
with a quote (rare in real exports) are split by Python's csv module, line by line, so that a quote
that does not close breaks only its own line. Parquet is read by DuckDB itself.

Result, for table `t`: the temp table `_text_<t>` (rad bigint, one varchar per contract column,
'' = missing) and the temp table `_broken_<t>` (rad, why, line) of the lines that are not a row.
Memory stays bounded: one block in Python at a time, DuckDB spills its tables to disk.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from isu.reader import SourceFile, fold_name
from isu.validate import CONTROL_CHARS, MAX_VALUE_CHARS

BLOCK_BYTES = 1 << 25  # 32 MiB of a file in Python at a time
# What Python's str.strip() removes (str.isspace), so that SQL trims values as the contract says.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())


def sql_str(value: str) -> str:
    """A string literal in SQL (characters that are hard to write go through chr())."""
    parts: list[str] = []
    plain = ""
    for ch in value:
        if ch == "'" or (ch.isprintable() and ch.isascii()):
            plain += "''" if ch == "'" else ch
        else:
            if plain:
                parts.append(f"'{plain}'")
                plain = ""
            parts.append(f"chr({ord(ch)})")
    if plain or not parts:
        parts.append(f"'{plain}'")
    return " || ".join(parts)


TRIM_CHARS = sql_str(WHITESPACE)
# Whitespace other than the space, as a character class (RE2): DuckDB's trim() with a character set
# is slow (about 10x a plain trim), so it runs only on values that hold such a character.
ODD_SPACE = "[" + "".join(f"\\x{{{ord(ch):x}}}" for ch in WHITESPACE if ch != " ") + "]"


def trim_sql(expr: str, odd: str | None = None) -> str:
    """`expr` trimmed as str.strip() does; `odd` is an SQL flag that is true when the text may hold
    whitespace other than spaces (default: tested on the value itself)."""
    flag = odd if odd is not None else f"regexp_matches({expr}, '{ODD_SPACE}')"
    return f"case when {flag} then trim({expr}, {TRIM_CHARS}) else trim({expr}) end"


Progress = Callable[[int], None]


def stage_text(con, sf: SourceFile, progress: Progress) -> int:
    """Create `_text_<t>` and `_broken_<t>` for the file; returns the rows read (rows + broken lines)."""
    t = sf.table.name
    cols = ", ".join(f"{c.name} varchar" for c in sf.table.columns)
    # Flags of the line, so that the costly checks run on the few rows that need them: _odd, it
    # holds whitespace other than spaces (trimmed the slow way, see trim_sql); _ctrl, a control
    # character; _long, more bytes than a value may have characters.
    con.execute(
        f"create or replace temp table _text_{t} (rad bigint, _odd boolean, _ctrl boolean, _long boolean, {cols})"
    )
    con.execute(f"create or replace temp table _broken_{t} (rad bigint, why varchar, line varchar)")
    if sf.fmt == "parquet":
        _parquet(con, sf)
        progress(sf.size)
    else:
        _csv(con, sf, progress)
    return con.execute(f"select (select count(*) from _text_{t}) + (select count(*) from _broken_{t})").fetchone()[0]


# -- CSV ------------------------------------------------------------------------------------------
def _utf8_path(sf: SourceFile, tmp: Path) -> Path:
    """The file itself when UTF-8, else a UTF-8 copy in `tmp` (decodable: checked by check_extract)."""
    if sf.encoding.replace("_", "-").lower() in ("utf-8", "utf8"):
        return sf.path
    out = tmp / f"{sf.table.name}.utf8.csv"
    with sf.path.open(encoding=sf.encoding, newline="") as src, out.open("w", encoding="utf-8", newline="") as dst:
        while block := src.read(1 << 22):
            dst.write(block)
    return out


def _blocks(path: Path):
    """(first line number, Arrow strings of whole lines each with its line end, bytes done)."""
    line_no = 1
    carry = b""
    done = 0
    with path.open("rb") as fh:
        while True:
            data = fh.read(BLOCK_BYTES)
            done += len(data)
            buf = carry + data if carry else data
            if not buf:
                return
            cut = buf.rfind(b"\n") + 1 if data else len(buf)
            if cut == 0:
                carry = buf
                continue
            chunk, carry = buf[:cut], buf[cut:]
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10) + 1
            if not len(ends) or ends[-1] != len(chunk):
                ends = np.append(ends, len(chunk))
            offsets = np.concatenate([[0], ends]).astype(np.int64)
            n = len(offsets) - 1
            lines = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chunk))
            yield line_no, lines, done
            line_no += n
            if not data:
                return


def _csv(con, sf: SourceFile, progress: Progress) -> None:
    t = sf.table.name
    con.execute(f"create or replace temp table _lines_{t} (rad bigint, line varchar)")
    with tempfile.TemporaryDirectory(prefix="isu-") as tmp:
        for first, lines, done in _blocks(_utf8_path(sf, Path(tmp))):
            # Line ends off, in Arrow (DuckDB's trim with a character set is slow). The header
            # (line 1) is checked already; a blank line is not a row.
            text = pc.utf8_rtrim(lines, characters="\r\n")
            rad = pa.array(np.arange(first, first + len(lines), dtype=np.int64))
            keep = pc.and_(pc.greater(rad, 1), pc.not_equal(pc.utf8_trim(text, characters=WHITESPACE), ""))
            con.register("_block", pa.table({"rad": rad, "line": text}).filter(keep))
            con.execute(f"insert into _lines_{t} select rad, line from _block")
            con.unregister("_block")
            progress(done)
    width = len(sf.header)
    delim = sf.delimiter.replace("'", "''")
    flags = (
        f"regexp_matches(line, '{ODD_SPACE}') as _odd, regexp_matches(line, '{CONTROL_CHARS}') as _ctrl, "
        f"strlen(line) > {MAX_VALUE_CHARS} as _long"
    )
    split = (
        f"(select rad, line, string_split(line, '{delim}') as f, {flags} from _lines_{t} "
        "where not contains(line, '\"'))"
    )
    _quoted(con, sf)
    con.execute(
        f"insert into _broken_{t} select rad, cast(len(f) as varchar), line from {split} where len(f) <> {width}"
    )
    position: dict[str, int] = {}
    for i, name in enumerate(sf.header):
        position.setdefault(name, i + 1)
    values = ", ".join(
        (trim_sql(f"f[{position[c.name]}]", "_odd") if c.name in position else "''") + f" as {c.name}"
        for c in sf.table.columns
    )
    con.execute(
        f"insert into _text_{t} select rad, _odd, _ctrl, _long, {values} from (select * from {split} "
        f"where len(f) = {width} union all select *, {flags} from _quoted_{t}) order by rad"
    )
    con.execute(f"drop table _quoted_{t}")
    con.execute(f"drop table _lines_{t}")


def _quoted(con, sf: SourceFile) -> None:
    """Lines with a quote, split by the csv module one line at a time (a quote that does not close
    on its line is a broken line, never the start of a field running over the next lines)."""
    t = sf.table.name
    con.execute(f"create or replace temp table _quoted_{t} (rad bigint, line varchar, f varchar[])")
    result = con.execute(f"select rad, line from _lines_{t} where contains(line, '\"') order by rad")
    rows: list[tuple[int, list[str], str]] = []
    broken: list[tuple[int, str, str]] = []
    while batch := result.fetchmany(50_000):
        for rad, line in batch:
            try:
                fields = next(csv.reader([line], delimiter=sf.delimiter, strict=True))
            except csv.Error:
                broken.append((rad, "citattecken", line))
                continue
            if len(fields) == len(sf.header):
                rows.append((rad, fields, line))
            else:
                broken.append((rad, str(len(fields)), line))
    if rows:
        con.register("_q", pa.table({
            "rad": pa.array([r[0] for r in rows], pa.int64()),
            "line": pa.array([r[2] for r in rows], pa.string()),
            "f": pa.array([r[1] for r in rows], pa.list_(pa.string())),
        }))  # fmt: skip
        con.execute(f"insert into _quoted_{t} select rad, line, f from _q")
        con.unregister("_q")
    if broken:
        con.register("_qb", pa.table({
            "rad": pa.array([b[0] for b in broken], pa.int64()),
            "why": pa.array([b[1] for b in broken], pa.string()),
            "line": pa.array([b[2] for b in broken], pa.string()),
        }))  # fmt: skip
        con.execute(f"insert into _broken_{t} select * from _qb")
        con.unregister("_qb")


# -- Parquet --------------------------------------------------------------------------------------
def _parquet_text(name: str, typ: pa.DataType, column: str) -> str:
    """A Parquet column as the text a CSV would carry: ISO dates, integers without '.0', '' = null."""
    c = f'"{name}"'
    if pa.types.is_timestamp(typ):
        expr = f"cast(cast({c} as date) as varchar)"
    elif pa.types.is_floating(typ):
        expr = f"case when {c} = trunc({c}) then cast(cast({c} as hugeint) as varchar) else cast({c} as varchar) end"
    elif pa.types.is_boolean(typ):
        expr = f"cast(cast({c} as integer) as varchar)"
    elif column == "kommun_kod" and pa.types.is_integer(typ):
        # A writer that typed kommun_kod as a number lost the leading zero: 180 is 0180.
        expr = f"lpad(cast({c} as varchar), 4, '0')"
    else:
        expr = f"cast({c} as varchar)"
    return trim_sql(f"coalesce({expr}, '')")


def _parquet(con, sf: SourceFile) -> None:
    t = sf.table.name
    schema = pq.ParquetFile(sf.path).schema_arrow
    first: dict[str, pa.Field] = {}
    for f in schema:
        first.setdefault(fold_name(f.name), f)
    values = ", ".join(
        (_parquet_text(first[c.name].name.replace('"', '""'), first[c.name].type, c.name) if c.name in first else "''")
        + f" as {c.name}"
        for c in sf.table.columns
    )
    path = str(sf.path).replace("'", "''")
    con.execute(
        f"insert into _text_{t} select file_row_number + 1, true, true, true, {values} "
        f"from read_parquet('{path}', file_row_number = true) order by file_row_number"
    )


# -- a bounded sample for Great Expectations ------------------------------------------------------
GX_SAMPLE_ROWS = 100_000


def gx_sample(con, table, rows: int = GX_SAMPLE_ROWS):
    """(the text rows Great Expectations validates, rows in the file). All rows up to `rows`;
    beyond that a sample stratified by municipality: each municipality in proportion to its rows,
    at least one, chosen by a hash of the line number (the same sample for the same file)."""
    t = table.name
    total = con.execute(f"select count(*) from _text_{t}").fetchall()[0][0]
    names = [c.name for c in table.columns]
    cols = ", ".join(names)
    if total <= rows:
        sql = f"select {cols} from _text_{t} order by rad"
    else:
        share = rows / total
        sql = (
            f"select {cols} from _text_{t} qualify row_number() over (partition by kommun_kod order by hash(rad), rad) "
            f"<= ceil(count(*) over (partition by kommun_kod) * {share}) order by rad"
        )
    frame = con.sql(sql).to_arrow_table().to_pandas()
    for c in names:
        frame[c] = frame[c].astype("str")
    return frame, total
