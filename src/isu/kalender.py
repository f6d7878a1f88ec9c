"""Calendar arithmetic on whole columns (numpy): which (year, month, day) exist, and as dates.
Shared by the date rules (validate.py) and personnummer birth dates (personnummer.py)."""

from __future__ import annotations

import numpy as np

_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def exists(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where the date exists in the proleptic Gregorian calendar, years 1-9999."""
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    days = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    return (year >= 1) & (year <= 9999) & month_ok & (day >= 1) & (day <= days)


def as_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The dates (datetime64[D]) of existing (year, month, day)."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]") + (day - 1)
