"""Turning a chunk into the contract's text cells, and appending them to CSV or Parquet files."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from isu.contract import ARENDE, INSATS, UPPFOLJNING

from ._model import AREAS, MISSING, Chunk, ymd
from ._pnr import pnr_array

COLUMNS: dict[str, list[str]] = {t.name: [col.name for col in t.columns] for t in (ARENDE, INSATS, UPPFOLJNING)}
B_COLUMNS = ("b1a_situation", "b1b_livskvalitet", "b2_betydelse", "b3_nojdhet", "b4_bemotande", "b5_delaktighet")
_AREA_ARR = pa.array(list(AREAS))


@cache
def _mask_strings(n_codes: int) -> pa.Array:
    """'1|3|7' for every bit mask of n_codes codes (null for the empty mask)."""
    out: list[str | None] = [None]
    for mask in range(1, 1 << n_codes):
        out.append("|".join(str(c + 1) for c in range(n_codes) if mask >> c & 1))
    return pa.array(out, pa.string())


def s_dates(days: np.ndarray) -> pa.Array:
    null = days == MISSING
    arr = pa.array(np.where(null, 0, days).astype(np.int32), mask=null)
    return arr.cast(pa.date32()).cast(pa.string())


def s_codes(codes: np.ndarray) -> pa.Array:
    return pa.array(codes.astype(np.int64), mask=codes == 0).cast(pa.string())


def s_multi(masks: np.ndarray, n_codes: int) -> pa.Array:
    return _mask_strings(n_codes).take(pa.array(masks.astype(np.int64)))


def s_ids(prefix: str, first: int, n: int) -> pa.Array:
    nums = pa.array(np.arange(first, first + n, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, 9, padding="0"), "")


def s_const(value: str, n: int) -> pa.Array:
    return pa.array([value], pa.string()).take(pa.array(np.zeros(n, dtype=np.int64)))


def s_ids_of(prefix: str, first: int, idx: np.ndarray) -> pa.Array:
    nums = pa.array(idx.astype(np.int64) + first).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(nums, 9, padding="0"), "")


def arende_cells(ch: Chunk, kommun: str, a0: int) -> dict[str, pa.Array]:
    c, p = ch.cases, ch.persons
    n = len(c.akt)
    birth = p.birth[c.person]
    by, bm, bd = ymd(birth)
    ay, am, ad = ymd(c.akt)
    alder = ay - by - ((am * 100 + ad) < (bm * 100 + bd))
    anon = p.anon[c.person]
    d_out = bd + 60 * p.samord[c.person]
    show = ch.show_kon_alder
    return {
        "kommun_kod": s_const(kommun, n),
        "arende_id": s_ids("A", a0, n),
        "verksamhetsomrade": _AREA_ARR.take(pa.array(c.area)),
        "personnummer": pnr_array(by, bm, d_out, p.serial[c.person], ch.pnr_format, anon),
        "juridiskt_kon": s_codes(np.where(show, p.sex[c.person], 0)),
        "alder": pa.array(alder, mask=~show).cast(pa.string()),
        "datum_aktualisering": s_dates(c.akt),
        "aktualiseringsorsak": s_multi(c.v2, 14),
        "ursprung": s_codes(p.origin[c.person]),
        "hushallstyp": s_codes(c.v7),
        "tidigare_kontakt": s_codes(c.v8),
        "problematik": s_multi(c.v9, 14),
        "datum_beslut": s_dates(c.beslut),
        "datum_avslut": s_dates(c.avslut),
    }


def insats_cells(ch: Chunk, kommun: str, a0: int, i0: int) -> dict[str, pa.Array]:
    ins = ch.insatser
    n = len(ins.case)
    return {
        "kommun_kod": s_const(kommun, n),
        "insats_id": s_ids("I", i0, n),
        "arende_id": s_ids_of("A", a0, ins.case),
        "insatstyp": s_codes(ins.typ),
        "datum_beslut": s_dates(ins.beslut),
        "datum_verkstallighet": s_dates(ins.verk),
        "parallella_insatser": s_codes(ins.v16),
        "datum_avslut": s_dates(ins.avslut),
        "genomforande": s_codes(ins.v19),
        "avslutsorsak": s_codes(ins.v20),
    }


def uppfoljning_cells(ch: Chunk, kommun: str, i0: int, u0: int) -> dict[str, pa.Array]:
    up = ch.uppf
    n = len(up.insats)
    out = {
        "kommun_kod": s_const(kommun, n),
        "uppfoljning_id": s_ids("U", u0, n),
        "insats_id": s_ids_of("I", i0, up.insats),
        "datum_uppfoljning": s_dates(up.datum),
        "samverkan": s_multi(up.v14, 12),
        "sip": s_codes(up.v15),
        "maluppfyllelse": s_codes(up.v17),
    }
    for j, name in enumerate(B_COLUMNS):
        out[name] = s_codes(up.b[:, j])
    return out


def csv_quote(value: str, delimiter: str) -> str:
    if any(ch in value for ch in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def apply_overrides(
    cells: dict[str, pa.Array], overrides: dict[str, dict[int, str | None]], delimiter: str | None
) -> None:
    """Replace single cells (defects). `delimiter` set = quote for CSV where needed."""
    for col, cell in overrides.items():
        arr = cells[col]
        rows = np.array(sorted(cell), dtype=np.int64)
        values = [cell[r] for r in rows.tolist()]
        if delimiter is not None:
            values = [None if v is None else csv_quote(v, delimiter) for v in values]
        mask = np.zeros(len(arr), dtype=bool)
        mask[rows] = True
        cells[col] = pc.replace_with_mask(arr, pa.array(mask), pa.array(values, pa.string()))


class TableWriter:
    """Appends chunks of one table to NAME.csv (header first) or NAME.parquet."""

    def __init__(self, path: Path, columns: list[str], fmt: str, delimiter: str) -> None:
        self.path = path
        self.columns = columns
        self.fmt = fmt
        self.delimiter = delimiter
        self.rows = 0
        self._fh: BinaryIO | None = None
        self._pq: pq.ParquetWriter | None = None
        if fmt == "csv":
            self._fh = path.open("wb")
            self._fh.write((delimiter.join(columns) + "\n").encode("utf-8"))
        else:
            schema = pa.schema([pa.field(c, pa.string()) for c in columns])
            self._pq = pq.ParquetWriter(path, schema, compression="zstd")

    def write(self, cells: dict[str, pa.Array]) -> None:
        cols = [cells[c] for c in self.columns]
        n = len(cols[0])
        if n == 0:
            return
        self.rows += n
        if self._pq is not None:
            self._pq.write_table(pa.table(cols, names=self.columns))
            return
        assert self._fh is not None
        line = pc.binary_join_element_wise(*cols, self.delimiter, null_handling="replace", null_replacement="")
        line = pc.binary_join_element_wise(line, "", "\n")
        if isinstance(line, pa.ChunkedArray):
            line = line.combine_chunks()
        offsets = np.frombuffer(line.buffers()[1], dtype=np.int32)[line.offset : line.offset + len(line) + 1]
        data = line.buffers()[2]
        self._fh.write(memoryview(data)[int(offsets[0]) : int(offsets[-1])])

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        if self._pq is not None:
            self._pq.close()
