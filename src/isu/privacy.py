"""Personnummer-like digit runs in any text: found, masked, and rejected in id columns.

A personnummer may arrive in a column that is not the personnummer column (a misplaced export
column, an id built from it, a note). Whatever is written to the quarantine, the load log or a
feedback file is masked first, and an id column rejects a value that contains one.

Two detectors, from the same pattern: ten or twelve digits shaped like a birth date and a birth
number, in any common form (`19121212-1212`, `191212-1212`, `19121212 1212`, `pnr:19121212-1212`,
`19121212-1212/1`):
- `MASK_PATTERN` (also usable as a regular expression in SQL) masks every such run whose month and
  day could be a date (a samordningsnummer's day + 60 too), check digit or not: a mistyped
  number is still personal data;
- `contains_personnummer` also requires a valid check digit (Luhn), so that an id column only
  rejects values that really hold a personnummer.
"""

from __future__ import annotations

import re

import pandas as pd
from stdnum import luhn

MASKED = "(dold)"

# (YY)YYMMDD, optional separator (spaces, - or +), NNNC; not part of a longer digit run.
_CORE = r"(\d{2})?(\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01]))[ \t]*[-+]?[ \t]*(\d{4})"
_RUN = re.compile(r"(?<!\d)" + _CORE + r"(?!\d)")
# For engines without look-behind (DuckDB's RE2): the characters around the run are captured.
MASK_PATTERN_SQL = (
    r"(^|[^0-9])"
    + _CORE.replace("(\\d{2})?", "(?:\\d{2})?")
    .replace("(\\d{2}(?:", "(?:\\d{2}(?:", 1)
    .replace("(\\d{4})", "(?:\\d{4})")
    + r"([^0-9]|$)"
)


# The same, without groups, for a fast column scan (pandas on Arrow strings uses RE2) and for the
# Great Expectations suites.
SCAN_PATTERN = MASK_PATTERN_SQL.replace("(^|[^0-9])", "(?:^|[^0-9])").replace("([^0-9]|$)", "(?:[^0-9]|$)")


def mask_personnummer(text: str | None) -> str | None:
    """The text with every personnummer-like digit run replaced by (dold)."""
    if not text:
        return text
    return _RUN.sub(MASKED, text)


def contains_personnummer(text: str) -> bool:
    """True when the text holds a personnummer (date-shaped and a valid check digit) in any form."""
    return any(luhn.is_valid(m[2] + m[3]) for m in _RUN.finditer(text))


def contains_personnummer_column(values: pd.Series) -> pd.Series:
    """`contains_personnummer` for a text column (a fast regular-expression pass, Luhn on the hits)."""
    hit = values.str.contains(SCAN_PATTERN, regex=True).fillna(False)
    out = pd.Series(False, index=values.index)
    if hit.any():
        out[hit] = values[hit].map(contains_personnummer)
    return out
