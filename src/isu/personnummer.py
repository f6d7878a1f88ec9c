"""Swedish personnummer and samordningsnummer: format, check digit, birth date, legal sex.

Accepted forms (CONTRACT.md): ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YYMMDD-NNNN`` and
``YYMMDD+NNNN`` (``+`` = 100 years or older). A samordningsnummer has day + 60.

The century of a ten-digit number is taken relative to a reference date (the case's
actualisation date): ``-`` means the person was under 100 on that date, ``+`` 100 or older.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

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
        # Latest century in which the birthday is on or before the reference date.
        real_day = day - 60 if day > 60 else day
        year = (reference.year // 100) * 100 + yy
        if (year, month, real_day) > (reference.year, reference.month, reference.day):
            year -= 100
        if sep == "+":
            year -= 100
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
