"""Reading an extract folder: find the three files, check headers, stream rows as text chunks.

Every value comes out as a string ("" = missing), so that the validator sees exactly what the
file says. CSV lines keep their real line numbers (header = line 1); Parquet rows are numbered
from 1.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from isu.contract import TABLES, Table
from isu.errors import IsuError

CHUNK_ROWS = 100_000


@dataclass
class SourceFile:
    table: Table
    path: Path
    fmt: str  # "csv" or "parquet"
    size: int
    checksum: str = ""
    header: list[str] = field(default_factory=list)
    delimiter: str = ""
    ignored_columns: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    frame: pd.DataFrame  # the contract columns of the table, all strings, "" = missing
    rad: list[int]  # line (CSV) or row (Parquet) number of each row of `frame`
    ragged: list[tuple[int, int]]  # (line, number of fields) of CSV lines that could not be read
    bytes_done: int  # progress through the file


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_extract(folder: Path) -> dict[str, SourceFile]:
    """The three contract files of an extract folder, or an IsuError that says what is wrong."""
    if not folder.is_dir():
        raise IsuError(
            f"Extraktet {folder} finns inte eller är ingen mapp.",
            f"The extract {folder} does not exist or is not a folder.",
        )
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    found: dict[str, SourceFile] = {}
    for table in TABLES:
        candidates = [by_name[n] for n in (f"{table.name}.csv", f"{table.name}.parquet") if n in by_name]
        if not candidates:
            raise IsuError(
                f"Extraktet {folder} saknar {table.name}.csv eller {table.name}.parquet; "
                "ett extrakt består av arende, insats och uppfoljning. Inget har laddats.",
                f"The extract {folder} lacks {table.name}.csv or {table.name}.parquet. Nothing was loaded.",
            )
        if len(candidates) > 1:
            raise IsuError(
                f"Extraktet {folder} har både {table.name}.csv och {table.name}.parquet; behåll en. Inget har laddats.",
                f"The extract {folder} has both {table.name}.csv and {table.name}.parquet; keep one.",
            )
        path = candidates[0]
        found[table.name] = SourceFile(table, path, path.suffix.lower().lstrip("."), path.stat().st_size)
    return found


class _Lines:
    """The decoded lines of a binary file, counting bytes and lines (for progress and error messages)."""

    def __init__(self, sf: SourceFile, fh) -> None:
        self.sf, self.fh = sf, fh
        self.bytes = 0
        self.lines = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.fh:
            self.bytes += len(raw)
            self.lines += 1
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _decode_error(self.sf, self.lines) from None
            if self.lines == 1:
                text = text.removeprefix("\ufeff")
            yield text


def _normalise_header(sf: SourceFile, names: list[str]) -> list[str]:
    header = [n.strip().lower() for n in names]
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise IsuError(
                f"{sf.path.name}, rad 1: kolumnen '{name}' finns två gånger i rubrikraden. Inget har laddats.",
                f"{sf.path.name}, line 1: the column '{name}' appears twice in the header. Nothing was loaded.",
            )
        seen.add(name)
    missing = [c for c in sf.table.required_columns if c not in seen]
    if missing:
        cols = ", ".join(missing)
        sv, en = ("den obligatoriska kolumnen", "the required column") if len(missing) == 1 else (
            "de obligatoriska kolumnerna", "the required columns")  # fmt: skip
        raise IsuError(
            f"{sf.path.name}, rad 1: rubrikraden saknar {sv} {cols} "
            f"(regel saknad_kolumn). Hela extraktet har avvisats; inget har laddats.",
            f"{sf.path.name}, line 1: the header lacks {en} {cols} "
            f"(rule saknad_kolumn). The whole extract was refused; nothing was loaded.",
        )
    known = {c.name for c in sf.table.columns}
    sf.ignored_columns = [c for c in header if c not in known]
    return header


def _decode_error(sf: SourceFile, line: int) -> IsuError:
    return IsuError(
        f"{sf.path.name}, omkring rad {line}: filen är inte UTF-8-kodad (spara den som UTF-8). Inget har laddats.",
        f"{sf.path.name}, around line {line}: the file is not UTF-8 encoded (save it as UTF-8). Nothing was loaded.",
    )


def read_header(sf: SourceFile) -> None:
    """Read and check the header of a file; sets sf.header and sf.delimiter."""
    if sf.fmt == "parquet":
        try:
            names = pq.ParquetFile(sf.path).schema_arrow.names
        except (pa.ArrowInvalid, OSError) as exc:
            raise IsuError(
                f"{sf.path.name}: filen kan inte läsas som Parquet ({exc}). Inget har laddats.",
                f"{sf.path.name}: the file cannot be read as Parquet ({exc}). Nothing was loaded.",
            ) from None
        sf.header = _normalise_header(sf, names)
        return
    with sf.path.open("rb") as fh:
        first = fh.readline()
    try:
        line = first.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError:
        raise _decode_error(sf, 1) from None
    if not line.strip():
        raise IsuError(
            f"{sf.path.name}, rad 1: filen saknar rubrikrad. Inget har laddats.",
            f"{sf.path.name}, line 1: the file has no header row. Nothing was loaded.",
        )
    sf.delimiter = ";" if line.count(";") >= line.count(",") else ","
    names = next(csv.reader([line], delimiter=sf.delimiter))
    sf.header = _normalise_header(sf, names)


def iter_chunks(sf: SourceFile, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """Stream the rows of a file as chunks of text columns (the table's contract columns)."""
    if sf.fmt == "parquet":
        yield from _iter_parquet(sf, chunk_rows)
    else:
        yield from _iter_csv(sf, chunk_rows)


def _frame(sf: SourceFile, rows: list[list[str]]) -> pd.DataFrame:
    """The table's contract columns as pandas `str` columns (Arrow-backed: fast string functions)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(sf.header)
    position = {name: i for i, name in enumerate(sf.header)}
    out = {}
    for col in sf.table.columns:
        values = columns[position[col.name]] if col.name in position else [""] * len(rows)
        out[col.name] = pd.Series(values, dtype="str").str.strip()
    return pd.DataFrame(out)


def _iter_csv(sf: SourceFile, chunk_rows: int) -> Iterator[Chunk]:
    width = len(sf.header)
    with sf.path.open("rb") as fh:
        lines = _Lines(sf, fh)
        reader = csv.reader(lines, delimiter=sf.delimiter)
        rows: list[list[str]] = []
        rad: list[int] = []
        ragged: list[tuple[int, int]] = []
        try:
            next(reader)  # header, already checked
            start = reader.line_num + 1
            for fields in reader:
                line = start
                start = reader.line_num + 1
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue  # a blank line is not a row
                if len(fields) != width:
                    ragged.append((line, len(fields)))
                else:
                    rows.append(fields)
                    rad.append(line)
                if len(rows) + len(ragged) >= chunk_rows:
                    yield Chunk(_frame(sf, rows), rad, ragged, lines.bytes)
                    rows, rad, ragged = [], [], []
        except csv.Error as exc:
            raise IsuError(
                f"{sf.path.name}, rad {reader.line_num}: raden kan inte tolkas som CSV ({exc}). Inget har laddats.",
                f"{sf.path.name}, line {reader.line_num}: the line cannot be parsed as CSV ({exc}). "
                "Nothing was loaded.",
            ) from None
        if rows or ragged:
            yield Chunk(_frame(sf, rows), rad, ragged, lines.bytes)


def _as_text(column: pa.ChunkedArray | pa.Array) -> list[str]:
    """Arrow values as the text a CSV would carry: ISO dates, integers without '.0', '' = null."""
    typ = column.type
    if pa.types.is_timestamp(typ):
        column = pc.cast(column, pa.date32())
    elif pa.types.is_floating(typ):
        values = column.to_pylist()
        return ["" if v is None else (str(int(v)) if float(v).is_integer() else str(v)) for v in values]
    elif pa.types.is_boolean(typ):
        column = pc.cast(column, pa.int8())
    text = pc.cast(column, pa.string())
    return [("" if v is None else v) for v in text.to_pylist()]


def _iter_parquet(sf: SourceFile, chunk_rows: int) -> Iterator[Chunk]:
    pf = pq.ParquetFile(sf.path)
    lower = {n.lower(): n for n in pf.schema_arrow.names}
    wanted = [lower[c.name] for c in sf.table.columns if c.name in lower]
    done = 0
    total_rows = max(pf.metadata.num_rows, 1)
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=wanted):
        data = {name.lower(): _as_text(batch.column(i)) for i, name in enumerate(batch.schema.names)}
        kommun = batch.schema.names.index(lower["kommun_kod"]) if "kommun_kod" in lower else None
        if kommun is not None and pa.types.is_integer(batch.schema.types[kommun]):
            # A writer that typed kommun_kod as a number lost the leading zero: 180 is 0180.
            data["kommun_kod"] = [v.zfill(4) if v else v for v in data["kommun_kod"]]
        n = batch.num_rows
        out = {
            c.name: pd.Series(data[c.name] if c.name in data else [""] * n, dtype="str").str.strip()
            for c in sf.table.columns
        }
        frame = pd.DataFrame(out)
        rad = list(range(done + 1, done + n + 1))
        done += n
        yield Chunk(frame, rad, [], int(sf.size * done / total_rows))
