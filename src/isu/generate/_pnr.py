"""Synthetic personnummer: Luhn check digit, the four contract formats, vectorised and one at a time.

Every generated number uses a serial (the three digits before the check digit) in 980-999, the
"ISU synthetic range"; see docs/generator.md for what that does and does not guarantee.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SERIAL_MIN, SERIAL_MAX = 980, 999
FORMATS = ("YYYYMMDD-NNNN", "YYYYMMDDNNNN", "YYMMDD-NNNN", "YYMMDD+NNNN")
_SEPARATORS = pa.array(["-", "", "-", "+"])
_LUHN_W = np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])


def luhn_digit(yymmdd: np.ndarray, serial: np.ndarray) -> np.ndarray:
    """Check digit for YYMMDD + NNN (nine digits), vectorised."""
    nine = yymmdd.astype(np.int64) * 1000 + serial.astype(np.int64)
    digits = np.stack([(nine // 10 ** (8 - i)) % 10 for i in range(9)], axis=1)
    p = digits * _LUHN_W
    s = (p // 10 + p % 10).sum(axis=1)
    return (10 - s % 10) % 10


def luhn_digit_str(nine: str) -> int:
    s = 0
    for i, ch in enumerate(nine):
        p = int(ch) * (2 if i % 2 == 0 else 1)
        s += p // 10 + p % 10
    return (10 - s % 10) % 10


def pnr_one(y: int, m: int, d: int, serial: int, fmt: int = 0, check: int | None = None) -> str:
    """One personnummer string; `d` already includes +60 for a samordningsnummer."""
    yymmdd = f"{y % 100:02d}{m:02d}{d:02d}"
    c = luhn_digit_str(f"{yymmdd}{serial:03d}") if check is None else check
    tail = f"{serial:03d}{c}"
    if fmt == 0:
        return f"{y:04d}{m:02d}{d:02d}-{tail}"
    if fmt == 1:
        return f"{y:04d}{m:02d}{d:02d}{tail}"
    return f"{yymmdd}{'-' if fmt == 2 else '+'}{tail}"


def pnr_array(
    y: np.ndarray, m: np.ndarray, d: np.ndarray, serial: np.ndarray, fmt: np.ndarray, null: np.ndarray
) -> pa.Array:
    """Personnummer strings for many rows (null where `null`)."""
    yymmdd = (y % 100) * 10000 + m * 100 + d
    full = y * 10000 + m * 100 + d
    check = luhn_digit(yymmdd, serial)
    short = fmt >= 2
    head_num = np.where(short, yymmdd, full)
    head = pc.utf8_lpad(pa.array(head_num).cast(pa.string()), 6, padding="0")
    tail = pc.utf8_lpad(pa.array(serial * 10 + check).cast(pa.string()), 4, padding="0")
    sep = _SEPARATORS.take(pa.array(fmt))
    out = pc.binary_join_element_wise(head, sep, tail, "")
    if null.any():
        out = pc.if_else(pa.array(null), pa.scalar(None, pa.string()), out)
    return out
