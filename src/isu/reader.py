"""Reading an extract folder: find the three files, check them, stream rows as text chunks.

Every value comes out as a string ("" = missing), so that the validator sees exactly what the
file says. CSV lines keep their real line numbers (header = line 1); Parquet rows are numbered
from 1.

The contract's common rules (CONTRACT.md) are applied here: one physical line is one row (no field
holds a line break, so a stray quote breaks only its own line, which comes out as a broken line
for the quarantine); header names are folded (case, surrounding spaces, Swedish letters); the
delimiter is `;` or `,`; the encoding is UTF-8 unless the user names another. Every problem that
refuses the extract (a missing file or column, an undecodable byte, no delimiter) is collected
for all files first and reported together (`check_extract`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import unicodedata
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
# A quoted field may be long (a broken export); it is quarantined by its rule, never refused by the
# csv module's default limit of 131,072 characters. (A process-wide setting of the csv module.)
csv.field_size_limit(2**31 - 1)
# The longest field kept whole for the quarantine's row content; longer values are cut there.
MAX_STORED_CHARS = 200


@dataclass
class SourceFile:
    table: Table
    path: Path
    fmt: str  # "csv" or "parquet"
    size: int
    encoding: str = "utf-8"
    checksum: str = ""
    header: list[str] = field(default_factory=list)  # folded names, in file order
    delimiter: str = ""
    ignored_columns: list[str] = field(default_factory=list)  # as written in the file


@dataclass
class Chunk:
    frame: pd.DataFrame  # the contract columns of the table, all strings, "" = missing
    rad: list[int]  # line (CSV) or row (Parquet) number of each row of `frame`
    broken: list[tuple[int, str, str]]  # (line, reason, the line as written) of CSV lines not read as a row
    bytes_done: int  # progress through the file


@dataclass(frozen=True)
class FileProblem:
    """A problem that refuses the whole extract, with the file and line it is on."""

    sv: str
    en: str


def fold_name(name: str) -> str:
    """A header name as the contract knows it: case, surrounding spaces and diacritics folded
    (`Måluppfyllelse ` -> `maluppfyllelse`, `B3_Nöjdhet` -> `b3_nojdhet`)."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def find_extract(folder: Path, encoding: str = "utf-8") -> tuple[dict[str, SourceFile], list[FileProblem]]:
    """The contract files of an extract folder, and the problems found (missing or doubled files)."""
    if not folder.is_dir():
        raise IsuError(
            f"Extraktet {folder} finns inte eller är ingen mapp.",
            f"The extract {folder} does not exist or is not a folder.",
        )
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    found: dict[str, SourceFile] = {}
    problems: list[FileProblem] = []
    for table in TABLES:
        candidates = [by_name[n] for n in (f"{table.name}.csv", f"{table.name}.parquet") if n in by_name]
        if not candidates:
            problems.append(FileProblem(
                f"{table.name}.csv eller {table.name}.parquet saknas (ett extrakt består av arende, insats och "
                "uppfoljning)",
                f"{table.name}.csv or {table.name}.parquet is missing (an extract holds arende, insats and "
                "uppfoljning)",
            ))  # fmt: skip
            continue
        if len(candidates) > 1:
            problems.append(FileProblem(
                f"både {table.name}.csv och {table.name}.parquet finns; behåll en",
                f"both {table.name}.csv and {table.name}.parquet are there; keep one",
            ))  # fmt: skip
            continue
        path = candidates[0]
        found[table.name] = SourceFile(table, path, path.suffix.lower().lstrip("."), path.stat().st_size, encoding)
    return found, problems


def check_extract(folder: Path, encoding: str = "utf-8") -> dict[str, SourceFile]:
    """Find and check every file of an extract (headers, encoding, delimiter) and compute checksums.
    Raises one IsuError listing every problem of every file, or returns the files ready to read."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise IsuError(
            f"Teckenkodningen '{encoding}' är okänd (t.ex. utf-8 eller cp1252).",
            f"The encoding '{encoding}' is unknown (e.g. utf-8 or cp1252).",
        ) from None
    files, problems = find_extract(folder, encoding)
    for sf in files.values():
        problems += _check_file(sf)
    if problems:
        n = len(problems)
        raise IsuError(
            f"Extraktet {folder} har avvisats; inget har laddats ({n} problem):\n  - "
            + "\n  - ".join(p.sv for p in problems),
            f"The extract {folder} was refused; nothing was loaded ({n} problem{'s' if n > 1 else ''}):\n  - "
            + "\n  - ".join(p.en for p in problems),
        )
    return files


def _check_file(sf: SourceFile) -> list[FileProblem]:
    """Header, encoding and checksum of one file (one pass over its bytes)."""
    problems: list[FileProblem] = []
    if sf.fmt == "parquet":
        try:
            names = pq.ParquetFile(sf.path).schema_arrow.names
        except (pa.ArrowInvalid, OSError) as exc:
            return [FileProblem(f"{sf.path.name}: filen kan inte läsas som Parquet ({exc})",
                                f"{sf.path.name}: the file cannot be read as Parquet ({exc})")]  # fmt: skip
        sf.checksum = sha256_file(sf.path)
        return _check_header(sf, names)
    decode_problem = _scan_bytes(sf)
    if decode_problem:
        problems.append(decode_problem)
    with sf.path.open("rb") as fh:
        first = fh.readline()
    try:
        line = first.decode(sf.encoding).removeprefix("\ufeff").rstrip("\r\n")
    except UnicodeDecodeError:
        return problems  # reported by the scan
    if not line.strip():
        return [*problems, FileProblem(f"{sf.path.name}, rad 1: filen saknar rubrikrad",
                                       f"{sf.path.name}, line 1: the file has no header row")]  # fmt: skip
    semi, comma = line.count(";"), line.count(",")
    if not semi and not comma:
        other = next((name for ch, name in (("\t", "tabb"), ("|", "|")) if ch in line), None)
        seen_sv = f" (raden har {other} som avgränsare)" if other else ""
        seen_en = f" (the line is separated by {'tabs' if other == 'tabb' else other})" if other else ""
        return [*problems, FileProblem(
            f"{sf.path.name}, rad 1: rubrikraden har varken ; eller , som avgränsare{seen_sv}; "
            "spara filen med semikolon eller komma",
            f"{sf.path.name}, line 1: the header has neither ; nor , as delimiter{seen_en}; "
            "save the file with semicolons or commas",
        )]  # fmt: skip
    sf.delimiter = ";" if semi >= comma else ","
    try:
        names = next(csv.reader([line], delimiter=sf.delimiter, strict=True))
    except csv.Error as exc:
        return [*problems, FileProblem(f"{sf.path.name}, rad 1: rubrikraden kan inte tolkas ({exc})",
                                       f"{sf.path.name}, line 1: the header cannot be parsed ({exc})")]  # fmt: skip
    return problems + _check_header(sf, names)


def _check_header(sf: SourceFile, names: list[str]) -> list[FileProblem]:
    problems: list[FileProblem] = []
    header = [fold_name(n) for n in names]
    known = {c.name for c in sf.table.columns}
    first: dict[str, str] = {}
    for written, name in zip(names, header, strict=True):
        if name in first:
            both = f"'{first[name].strip()}' och '{written.strip()}'" if first[name] != written else f"'{name}'"
            both_en = both.replace(" och ", " and ")
            problems.append(FileProblem(
                f"{sf.path.name}, rad 1: kolumnen {name} finns två gånger i rubrikraden ({both})",
                f"{sf.path.name}, line 1: the column {name} appears twice in the header ({both_en})",
            ))  # fmt: skip
        first.setdefault(name, written)
    missing = [c for c in sf.table.required_columns if c not in first]
    if missing:
        cols = ", ".join(missing)
        sv, en = ("den obligatoriska kolumnen", "the required column") if len(missing) == 1 else (
            "de obligatoriska kolumnerna", "the required columns")  # fmt: skip
        problems.append(FileProblem(
            f"{sf.path.name}, rad 1: rubrikraden saknar {sv} {cols} (regel saknad_kolumn)",
            f"{sf.path.name}, line 1: the header lacks {en} {cols} (rule saknad_kolumn)",
        ))  # fmt: skip
    sf.header = header
    sf.ignored_columns = [w.strip() for w, n in zip(names, header, strict=True) if n not in known]
    return problems


def _guess_encoding(sample: bytes) -> str | None:
    """The encoding a non-UTF-8 line most likely has: Windows-1252 when it decodes to Swedish text."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "cp1252" if any(ch in text for ch in "åäöÅÄÖéÉü") else None


def _decode_problem(sf: SourceFile, line: int, raw: bytes) -> FileProblem:
    guess = _guess_encoding(raw)
    hint_sv = f"; den ser ut att vara {guess}: ladda med --encoding {guess}" if guess else (
        "; ange filens kodning med --encoding (t.ex. cp1252)")  # fmt: skip
    hint_en = f"; it looks like {guess}: load with --encoding {guess}" if guess else (
        "; name its encoding with --encoding (e.g. cp1252)")  # fmt: skip
    return FileProblem(
        f"{sf.path.name}, rad {line}: filen är inte {sf.encoding}-kodad{hint_sv}",
        f"{sf.path.name}, line {line}: the file is not {sf.encoding} encoded{hint_en}",
    )


# Encodings in which a newline byte is always a line end (so blocks can be cut there).
_BYTE_LINES = {"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "iso8859-15"}


def _scan_bytes(sf: SourceFile) -> FileProblem | None:
    """Checksum the file and check that it decodes in its encoding; on the first undecodable line,
    a problem naming the line and the encoding it looks like. Blocks of whole lines are decoded at
    once (UTF-8 and single-byte encodings); other encodings line by line."""
    digest = hashlib.sha256()
    problem = None
    if codecs.lookup(sf.encoding).name in _BYTE_LINES:
        line, carry = 1, b""
        with sf.path.open("rb") as fh:
            while True:
                data = fh.read(1 << 24)
                digest.update(data)
                if problem is None:
                    buf = carry + data
                    cut = buf.rfind(b"\n") + 1 if data else len(buf)
                    block, carry = buf[:cut], buf[cut:]
                    try:
                        block.decode(sf.encoding)
                    except UnicodeDecodeError as exc:
                        at = line + block.count(b"\n", 0, exc.start)
                        start = block.rfind(b"\n", 0, exc.start) + 1
                        end = block.find(b"\n", exc.start)
                        problem = _decode_problem(sf, at, block[start : end if end >= 0 else len(block)])
                    line += block.count(b"\n")
                if not data:
                    break
        sf.checksum = digest.hexdigest()
        return problem
    decoder = codecs.getincrementaldecoder(sf.encoding)(errors="strict")
    line = 1
    with sf.path.open("rb") as fh:
        for raw in fh:
            digest.update(raw)
            if problem is None:
                try:
                    decoder.decode(raw)
                except UnicodeDecodeError:
                    problem = _decode_problem(sf, line, raw)
            line += 1
    sf.checksum = digest.hexdigest()
    return problem


def iter_chunks(sf: SourceFile, chunk_rows: int = CHUNK_ROWS) -> Iterator[Chunk]:
    """Stream the rows of a file as chunks of text columns (the table's contract columns)."""
    if sf.fmt == "parquet":
        yield from _iter_parquet(sf, chunk_rows)
    else:
        yield from _iter_csv(sf, chunk_rows)


def _frame(sf: SourceFile, rows: list[list[str]]) -> pd.DataFrame:
    """The table's contract columns as pandas `str` columns (Arrow-backed: fast string functions)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(sf.header)
    position: dict[str, int] = {}
    for i, name in enumerate(sf.header):
        position.setdefault(name, i)
    out = {}
    for col in sf.table.columns:
        values = columns[position[col.name]] if col.name in position else [""] * len(rows)
        out[col.name] = pd.Series(values, dtype="str").str.strip()
    return pd.DataFrame(out)


def _split(text: str, delimiter: str) -> list[str]:
    """The fields of one physical line; csv.Error when its quotes do not close on the line."""
    if '"' not in text:
        return text.split(delimiter)
    return next(csv.reader([text], delimiter=delimiter, strict=True))


def _iter_csv(sf: SourceFile, chunk_rows: int) -> Iterator[Chunk]:
    width = len(sf.header)
    rows: list[list[str]] = []
    rad: list[int] = []
    broken: list[tuple[int, str, str]] = []
    done = 0
    with sf.path.open("rb") as fh:
        for line, raw in enumerate(fh, start=1):
            done += len(raw)
            if line == 1:
                continue  # the header, already checked
            text = raw.decode(sf.encoding).rstrip("\r\n")  # decodable: checked by check_extract
            if not text.strip():
                continue  # a blank line is not a row
            try:
                fields = _split(text, sf.delimiter)
            except csv.Error:
                broken.append((line, "citattecken", text))
            else:
                if len(fields) == width:
                    rows.append(fields)
                    rad.append(line)
                else:
                    broken.append((line, str(len(fields)), text))
            if len(rows) + len(broken) >= chunk_rows:
                yield Chunk(_frame(sf, rows), rad, broken, done)
                rows, rad, broken = [], [], []
    if rows or broken:
        yield Chunk(_frame(sf, rows), rad, broken, done)


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
    lower: dict[str, str] = {}
    for n in pf.schema_arrow.names:
        lower.setdefault(fold_name(n), n)
    wanted = [lower[c.name] for c in sf.table.columns if c.name in lower]
    done = 0
    total_rows = max(pf.metadata.num_rows, 1)
    for batch in pf.iter_batches(batch_size=chunk_rows, columns=wanted):
        data = {fold_name(name): _as_text(batch.column(i)) for i, name in enumerate(batch.schema.names)}
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
