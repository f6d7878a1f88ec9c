"""Swedish personnummer and samordningsnummer: format, check digit, birth date, legal sex.

Accepted forms (CONTRACT.md): ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YYMMDD-NNNN`` and
``YYMMDD+NNNN``. A samordningsnummer has day + 60. The birth number (the three digits after the
date) is never 000.

The century of a ten-digit number follows the Population Registration Act (folkbokföringslagen
18 §), counted in calendar years from the reference date's year (the case's actualisation date):
``-`` = born fewer than 100 years before that year, ``+`` = 100 or more (the sign changes in the
calendar year the person turns 100, not on the birthday).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from stdnum import luhn

from isu import kalender
from isu.contract import Rule

_LONG = re.compile(r"^(\d{4})(\d{2})(\d{2})-?(\d{3})(\d)$")
_SHORT = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+])(\d{3})(\d)$")


@dataclass(frozen=True)
class Personnummer:
    canonical: str  # twelve digits YYYYMMDDNNNC (day as written, +60 for samordningsnummer)
    fodelsedatum: date
    juridiskt_kon: int  # 1 Flicka/Kvinna, 2 Pojke/Man (second-to-last digit odd = man)
    ar_samordningsnummer: bool


class PersonnummerError(ValueError):
    def __init__(self, rule: Rule, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


def _birth_date(year: int, month: int, day: int) -> tuple[date, bool]:
    samordning = day > 60
    real_day = day - 60 if samordning else day
    try:
        return date(year, month, real_day), samordning
    except ValueError:
        raise PersonnummerError(
            Rule.PNR_DATUM, "födelsedatumet finns inte i kalendern / the birth date does not exist"
        ) from None


def parse(value: str, reference: date | None = None) -> Personnummer:
    """Validate ``value`` and derive birth date and legal sex; raise PersonnummerError.

    The error's detail never repeats the number itself.
    """
    reference = reference or date.today()
    m = _LONG.match(value)
    if m:
        year, month, day, serial, check = (int(m[1]), int(m[2]), int(m[3]), m[4], m[5])
        ten = f"{m[1][2:]}{m[2]}{m[3]}{serial}{check}"
    else:
        m = _SHORT.match(value)
        if not m:
            raise PersonnummerError(Rule.PNR_FORMAT, "okänt format / unknown format")
        yy, month, day, sep, serial, check = (int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
        ten = f"{m[1]}{m[2]}{m[3]}{serial}{check}"
        # The latest year ending in yy that is not after the reference year; 100 earlier with '+'.
        year = reference.year - (reference.year - yy) % 100 - (100 if sep == "+" else 0)
    if serial == "000":
        raise PersonnummerError(Rule.PNR_FODELSENUMMER, "födelsenummer 000 / birth number 000")
    if not luhn.is_valid(ten):
        raise PersonnummerError(Rule.PNR_KONTROLLSIFFRA, "fel kontrollsiffra / wrong check digit")
    born, samordning = _birth_date(year, month, day)
    canonical = f"{year:04d}{month:02d}{day:02d}{serial}{check}"
    return Personnummer(
        canonical=canonical,
        fodelsedatum=born,
        juridiskt_kon=2 if int(serial[2]) % 2 == 1 else 1,
        ar_samordningsnummer=samordning,
    )


def age_on(born: date, on: date) -> int:
    """Whole years of age on ``on`` (a person born 29 February turns a year older on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- Vectorised form of `parse`, for whole columns (the loader's row rules) -------------------------

_LONG_ASCII = r"[0-9]{8}-?[0-9]{4}"
_SHORT_ASCII = r"[0-9]{6}[-+][0-9]{4}"


@dataclass(frozen=True)
class ParsedColumn:
    """`parse` applied to every value of a column. Rows where `rule` is not None (the rule `parse`
    raises) have canonical None, fodelsedatum NaT, juridiskt_kon 0 and ar_samordningsnummer False."""

    rule: np.ndarray  # object: Rule or None
    canonical: np.ndarray  # object: str (twelve digits) or None
    fodelsedatum: np.ndarray  # datetime64[D]
    juridiskt_kon: np.ndarray  # int8: 1, 2 (0 where not valid)
    ar_samordningsnummer: np.ndarray  # bool

    @property
    def valid(self) -> np.ndarray:
        return np.equal(self.rule, None)


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """ASCII digit strings (already checked) as an (n, width) int64 array; other characters stay."""
    codes = np.asarray(values, dtype=f"U{width}").view(np.uint32).reshape(len(values), width)
    return codes.astype(np.int64) - ord("0")


def _number(d: np.ndarray) -> np.ndarray:
    out = np.zeros(len(d), dtype=np.int64)
    for k in range(d.shape[1]):
        out = out * 10 + d[:, k]
    return out


def parse_column(values: pd.Series, reference: np.ndarray) -> ParsedColumn:
    """`parse(values[i], reference[i])` for every row, without a Python loop over the usual values.

    `values` is a text Series (missing values count as ""), `reference` a datetime64[D] array
    without NaT. Gives exactly what `parse` gives (the same rule, in the same precedence, or the
    same derived fields); the values that are not in one of the plain ASCII forms go through
    `parse` itself (they are format errors, apart from oddities such as non-ASCII digits).
    """
    n = len(values)
    text = values.astype("str").fillna("")
    is_long = text.str.fullmatch(_LONG_ASCII).to_numpy(dtype=bool, na_value=False)
    is_short = text.str.fullmatch(_SHORT_ASCII).to_numpy(dtype=bool, na_value=False)
    raw = text.to_numpy(dtype=object)
    ref = np.asarray(reference, dtype="datetime64[D]")
    ref_y = ref.astype("datetime64[Y]").astype(np.int64) + 1970

    rule = np.full(n, None, dtype=object)
    canonical = np.full(n, None, dtype=object)
    born = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    sex = np.zeros(n, dtype=np.int8)
    samordning = np.zeros(n, dtype=bool)

    # Twelve digits YYYYMMDDNNNC for both forms; the ten-digit form gets its century here.
    year = np.zeros(n, dtype=np.int64)
    digits = np.zeros((n, 12), dtype=np.int64)
    idx = np.flatnonzero(is_long)
    if len(idx):
        d = _digits(raw[idx], 13)
        dashed = d[:, 8] == ord("-") - ord("0")
        d[dashed, 8:12] = d[dashed, 9:13]
        digits[idx] = d[:, :12]
        year[idx] = _number(d[:, :4])
    idx = np.flatnonzero(is_short)
    if len(idx):
        d = _digits(raw[idx], 11)
        yy = _number(d[:, 0:2])
        # The latest year ending in yy that is not after the reference year; 100 earlier with '+'.
        year[idx] = ref_y[idx] - (ref_y[idx] - yy) % 100 - 100 * (d[:, 6] == ord("+") - ord("0"))
        digits[idx, 2:8] = d[:, 0:6]
        digits[idx, 8:12] = d[:, 7:11]

    plain = is_long | is_short
    month, day = _number(digits[:, 4:6]), _number(digits[:, 6:8])
    # Luhn over the ten digits YYMMDDNNNC: from the right, every second digit is doubled.
    ten = digits[:, 2:12]
    doubled = ten[:, 0::2] * 2
    total = (doubled - 9 * (doubled > 9)).sum(axis=1) + ten[:, 1::2].sum(axis=1)
    luhn_ok = total % 10 == 0
    samordning_all = day > 60
    real_day = np.where(samordning_all, day - 60, day)
    date_ok = kalender.exists(year, month, real_day)

    birth_number_ok = _number(digits[:, 8:11]) != 0
    rule[~plain] = Rule.PNR_FORMAT
    rule[plain & ~birth_number_ok] = Rule.PNR_FODELSENUMMER
    rule[plain & birth_number_ok & ~luhn_ok] = Rule.PNR_KONTROLLSIFFRA
    rule[plain & birth_number_ok & luhn_ok & ~date_ok] = Rule.PNR_DATUM
    ok = plain & birth_number_ok & luhn_ok & date_ok
    idx = np.flatnonzero(ok)
    if len(idx):
        y, m, rd = year[idx], month[idx], real_day[idx]
        born[idx] = kalender.as_dates(y, m, rd)
        sex[idx] = np.where(digits[idx, 10] % 2 == 1, 2, 1)
        samordning[idx] = samordning_all[idx]
        twelve = np.empty((len(idx), 12), dtype=np.uint32)  # as code points, read as U12 strings
        for k, power in enumerate((1000, 100, 10, 1)):
            twelve[:, k] = y // power % 10 + ord("0")
        twelve[:, 4:] = digits[idx, 4:12] + ord("0")
        canonical[idx] = twelve.view("U12").ravel().tolist()

    # Anything else (format errors, non-ASCII digits and the like) is decided by `parse` itself.
    for i in np.flatnonzero(~plain).tolist():
        if raw[i] == "":
            continue  # PNR_FORMAT, as set above
        try:
            p = parse(raw[i], ref[i].astype(object))
        except PersonnummerError as exc:
            rule[i] = exc.rule
            continue
        rule[i] = None
        canonical[i] = p.canonical
        born[i] = np.datetime64(p.fodelsedatum, "D")
        sex[i] = p.juridiskt_kon
        samordning[i] = p.ar_samordningsnummer
    return ParsedColumn(rule, canonical, born, sex, samordning)
