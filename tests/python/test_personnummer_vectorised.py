"""The vectorised personnummer rules (`parse_column`, `validate._personnummer`) against `parse`.

A second-implementation comparison: ~50,000 seeded random values covering every branch of
`parse` (long, short and '+' forms, samordningsnummer, wrong check digits, impossible dates,
format errors, births on and around the reference date, missing references) must give, value by
value, the same rule or the same derived fields as the row-by-row reference implementation.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from stdnum import luhn

from isu import validate
from isu.contract import Rule
from isu.personnummer import PersonnummerError, parse, parse_column
from isu.pseudonym import load_key

N = 50_000
TODAY = date(2026, 1, 15)


def _check(nine: str) -> str:
    return luhn.calc_check_digit(nine)


def _wrong(nine: str, rng: random.Random) -> str:
    return str((int(_check(nine)) + rng.randrange(1, 10)) % 10)


def _random_date(rng: random.Random, lo: int = 1800, hi: int = 2035) -> date:
    start = date(lo, 1, 1)
    return start + timedelta(days=rng.randrange((date(hi, 12, 31) - start).days + 1))


def _number(rng: random.Random, year: str, month: str, day: str, form: str, *, check_ok: bool = True) -> str:
    """A number with the given parts; `form` is 'long-', 'long', 'short-' or 'short+'."""
    serial = f"{rng.randrange(1000):03d}"
    nine = f"{year[-2:]}{month}{day}{serial}"
    check = _check(nine) if check_ok else _wrong(nine, rng)
    if form.startswith("long"):
        return f"{year}{month}{day}{'-' if form == 'long-' else ''}{serial}{check}"
    return f"{year[-2:]}{month}{day}{form[-1]}{serial}{check}"


def _from_date(rng: random.Random, born: date, *, samordning: bool = False, check_ok: bool = True) -> str:
    form = rng.choice(["long-", "long", "short-", "short+"])
    day = born.day + 60 if samordning else born.day
    return _number(rng, f"{born.year:04d}", f"{born.month:02d}", f"{day:02d}", form, check_ok=check_ok)


def _format_error(rng: random.Random) -> str:
    nine = f"{rng.randrange(10**9):09d}"
    ten = nine + _check(nine)
    return rng.choice(
        [
            "",
            "abc",
            "19850101-12",
            "1985-01-01-1234",
            "850101+-1234",
            f"19{ten[:6]}+{ten[6:]}",  # '+' on the long form
            f"19{ten[:6]} {ten[6:]}",
            f"{ten[:6]}--{ten[6:]}",
            ten,  # ten digits without separator
            ten[:9],
            f"19{ten}0",
            f"{ten[:5]}X-{ten[6:]}",
            f"19{ten[:6]}-{ten[6:]}\n",  # trailing newline: `parse` accepts it ($ before \n)
            f"{ten[:6]}-{ten[6:]}\n",
            f" 19{ten}",
            "١٩٩٠٠١٠١١٢٣٤",  # Arabic-Indic digits: \d matches them, the check digit fails
            "１９９００１０１－１２３４",  # fullwidth digits and dash
            f"{ten[:6]}-{ten[6:]}".replace("0", "٠"),
            "+" * 11,
            f"{ten[:6]}/{ten[6:]}",
        ]
    )


def _value(rng: random.Random, ref: date) -> str:
    kind = rng.randrange(14)
    if kind <= 2:  # valid, any form, any century (also born after the reference)
        return _from_date(rng, _random_date(rng))
    if kind == 3:  # samordningsnummer
        return _from_date(rng, _random_date(rng), samordning=True)
    if kind == 4:  # wrong check digit
        return _from_date(rng, _random_date(rng), samordning=rng.random() < 0.3, check_ok=False)
    if kind == 5:  # the birthday on, just before or just after the reference date (century boundary)
        born = ref + timedelta(days=rng.choice([-366, -365, -1, 0, 0, 1, 2, 365]))
        year = max(1, born.year - rng.choice([0, 0, 100, 200]))
        if (born.month, born.day) == (2, 29) and year != born.year:  # not always a leap year
            return _number(rng, f"{year:04d}", "02", "29", rng.choice(["long-", "long", "short-", "short+"]))
        return _from_date(rng, born.replace(year=year), samordning=rng.random() < 0.2)
    if kind == 6:  # 29 February, leap or not; 30 February; 31 April
        year = rng.choice([1900, 2000, 2100, 2023, 2024, 1996, 1997, 1800, 2400, ref.year, ref.year - 1])
        month, day = rng.choice([("02", 29), ("02", 29), ("02", 30), ("04", 31), ("06", 31), ("02", 28)])
        day += 60 if rng.random() < 0.3 else 0
        form = rng.choice(["long-", "long", "short-", "short+"])
        return _number(rng, f"{year:04d}", month, f"{day:02d}", form, check_ok=rng.random() < 0.85)
    if kind == 7:  # impossible months and days (day 00, 32-60, 61-91, 92-99; month 00, 13-99)
        year = f"{rng.randrange(1800, 2040):04d}"
        month = f"{rng.choice([0, 13, 20, 99, rng.randrange(100)]):02d}"
        day = f"{rng.choice([0, 1, 31, 32, 59, 60, 61, 89, 90, 91, 92, 99, rng.randrange(100)]):02d}"
        if rng.random() < 0.5:
            month = f"{rng.randrange(1, 13):02d}"
        form = rng.choice(["long-", "long", "short-", "short+"])
        return _number(rng, year, month, day, form, check_ok=rng.random() < 0.85)
    if kind == 8:  # years 0000-0099 and 9900-9999 in the long form
        year = f"{rng.choice([0, 1, 99, 9999, rng.randrange(100), rng.randrange(9900, 10_000)]):04d}"
        born_day = rng.randrange(1, 29) + (60 if rng.random() < 0.2 else 0)
        form = rng.choice(["long-", "long"])
        return _number(rng, year, f"{rng.randrange(1, 13):02d}", f"{born_day:02d}", form)
    if kind == 9:  # any twelve digits (mostly wrong check digits, some valid by chance)
        digits = f"{rng.randrange(10**12):012d}"
        return rng.choice([digits, f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}{rng.choice('-+')}{digits[8:]}"])
    if kind == 10:  # short forms of the reference year's century and the one before
        yy = rng.choice([ref.year % 100, (ref.year + 1) % 100, (ref.year - 1) % 100, rng.randrange(100)])
        month = f"{rng.choice([ref.month, rng.randrange(1, 13)]):02d}"
        day = rng.choice([ref.day, ref.day + 1, ref.day - 1, ref.day + 60, ref.day + 61, rng.randrange(1, 32)])
        return _number(rng, f"{yy:02d}", month, f"{day:02d}", rng.choice(["short-", "short+"]))
    return _format_error(rng)


def _reference(rng: random.Random) -> date:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice([date(2000, 1, 1), date(1999, 12, 31), date(2024, 2, 29), date(2100, 3, 1), TODAY])
    if kind == 1:
        return date(rng.choice([2, 50, 99, 100, 150, 9998]), rng.randrange(1, 13), rng.randrange(1, 29))
    return _random_date(rng, 1850, 2030)


def _cases(seed: int, n: int) -> tuple[list[str], list[date]]:
    rng = random.Random(seed)
    refs = [_reference(rng) for _ in range(n)]
    return [_value(rng, ref) for ref in refs], refs


def test_parse_column_agrees_with_parse() -> None:
    values, refs = _cases(20_261_123, N)
    got = parse_column(pd.Series(values, dtype="str"), np.array(refs, dtype="datetime64[D]"))
    seen: set[str] = set()
    for i, (value, ref) in enumerate(zip(values, refs, strict=True)):
        try:
            p = parse(value, ref)
        except PersonnummerError as exc:
            seen.add(exc.rule.value)
            assert got.rule[i] is exc.rule, (value, ref)
            assert got.canonical[i] is None and np.isnat(got.fodelsedatum[i]), (value, ref)
            continue
        seen.add("samordningsnummer" if p.ar_samordningsnummer else "ok")
        assert got.rule[i] is None, (value, ref, got.rule[i])
        assert got.canonical[i] == p.canonical, (value, ref)
        assert got.fodelsedatum[i] == np.datetime64(p.fodelsedatum, "D"), (value, ref)
        assert int(got.juridiskt_kon[i]) == p.juridiskt_kon, (value, ref)
        assert bool(got.ar_samordningsnummer[i]) is p.ar_samordningsnummer, (value, ref)
    assert seen == {
        "ok", "samordningsnummer", Rule.PNR_FORMAT, Rule.PNR_FODELSENUMMER, Rule.PNR_KONTROLLSIFFRA, Rule.PNR_DATUM
    }  # fmt: skip
    assert got.valid.tolist() == [r is None for r in got.rule]


def test_parse_column_edge_cases_by_hand() -> None:
    ref = date(2024, 6, 1)
    cases = {
        "20150312-9809": "201503129809",
        "150312+9809": "191503129809",
        "240601-" + "980" + _check("240601980"): "20240601980" + _check("240601980"),  # born that day
        # a day later: still the reference year (calendar-year rule; the loader quarantines it)
        "240602-" + "980" + _check("240602980"): "20240602980" + _check("240602980"),
        "240602+" + "980" + _check("240602980"): "19240602980" + _check("240602980"),
        "240661-" + "980" + _check("240661980"): "20240661980" + _check("240661980"),  # samordning, that day
        "240662-" + "980" + _check("240662980"): "20240662980" + _check("240662980"),
        "250101-" + "980" + _check("250101980"): "19250101980" + _check("250101980"),  # a later year: 1925
        "20150916-0006": Rule.PNR_FODELSENUMMER,  # birth number 000 is never issued
        "150916-0006": Rule.PNR_FODELSENUMMER,
        "19000229-" + "980" + _check("000229980"): Rule.PNR_DATUM,  # 1900 is not a leap year
        "20000229-" + "980" + _check("000229980"): "20000229980" + _check("000229980"),
        "20000289-" + "980" + _check("000289980"): "20000289980" + _check("000289980"),
        "20000290-" + "980" + _check("000290980"): Rule.PNR_DATUM,
        "19900192-" + "980" + _check("900192980"): Rule.PNR_DATUM,
        "00000101-" + "980" + _check("000101980"): Rule.PNR_DATUM,  # year 0 does not exist
        "00010101-" + "980" + _check("010101980"): "00010101980" + _check("010101980"),
        "19901301-" + "980" + _check("901301980"): Rule.PNR_DATUM,
        "19901301-980" + _wrong("901301980", random.Random(1)): Rule.PNR_KONTROLLSIFFRA,  # check digit first
        "19900101+9801": Rule.PNR_FORMAT,
        "": Rule.PNR_FORMAT,
    }
    values = list(cases)
    got = parse_column(pd.Series(values, dtype="str"), np.full(len(values), np.datetime64(ref, "D")))
    for i, (value, expected) in enumerate(cases.items()):
        if isinstance(expected, Rule):
            assert got.rule[i] is expected, value
        else:
            assert got.rule[i] is None and got.canonical[i] == expected, value
            assert parse(value, ref).canonical == expected, value


def _reference_personnummer(s: pd.Series, aktualisering: pd.Series | None, ctx, v) -> dict:
    """The row-by-row implementation `validate._personnummer` had before it was vectorised."""
    n = len(s)
    refs = aktualisering if aktualisering is not None else pd.Series([pd.NaT] * n)
    pseudonym: list[str | None] = [None] * n
    born: list[date | None] = [None] * n
    sex: list[int | None] = [None] * n
    samordning: list[bool | None] = [None] * n
    errors: dict[Rule, list[int]] = {}
    for i, (value, ref) in enumerate(zip(s.tolist(), refs.tolist(), strict=True)):
        if not value:
            continue
        ref_date = ref.date() if isinstance(ref, pd.Timestamp) and not pd.isna(ref) else ctx.today
        try:
            p = parse(value, ref_date)
        except PersonnummerError as exc:
            errors.setdefault(exc.rule, []).append(i)
            continue
        if isinstance(ref, pd.Timestamp) and not pd.isna(ref) and p.fodelsedatum > ref_date:
            errors.setdefault(Rule.PNR_EFTER_AKTUALISERING, []).append(i)
            continue
        pseudonym[i] = ctx.key.pseudonym(p.canonical)
        born[i] = p.fodelsedatum
        sex[i] = p.juridiskt_kon
        samordning[i] = p.ar_samordningsnummer
    for rule, idx in errors.items():
        mask = np.zeros(n, dtype=bool)
        mask[idx] = True
        v.add(mask, "personnummer", rule, "kolumn personnummer (värdet visas inte)",
              "column personnummer (the value is not shown)", show_value=False)  # fmt: skip
    return {
        "person_pseudonym": pd.Series(pseudonym, dtype=object),
        "fodelsedatum": pd.to_datetime(pd.Series(born, dtype=object)),
        "ar_samordningsnummer": pd.Series(samordning, dtype=object),
        "_kon_fran_pnr": pd.Series(sex, dtype="Int64"),
    }


def _assert_same(got: dict, want: dict, v_got: validate._Violations, v_want: validate._Violations) -> None:
    assert list(got) == list(want)
    for name in want:
        pd.testing.assert_series_equal(got[name], want[name], check_exact=True, obj=name)
        if want[name].dtype == object:
            assert [type(x) for x in got[name]] == [type(x) for x in want[name]], name
    assert len(v_got.parts) == len(v_want.parts)
    for a, b in zip(v_got.parts, v_want.parts, strict=True):
        assert a[1:] == b[1:]  # column, rule (so also their order), texts, show_value
        assert np.array_equal(a[0], b[0]), a[2]


@pytest.mark.parametrize("with_dates", [True, False])
def test_validate_personnummer_agrees_with_row_by_row(with_dates: bool) -> None:
    values, refs = _cases(7, N)
    rng = random.Random(11)
    ref_text = ["" if rng.random() < 0.15 else r.isoformat() for r in refs]  # missing references
    # As check_chunk makes them: text parsed with format %Y-%m-%d (so years before 1000 are NaT).
    akt = pd.to_datetime(pd.Series(ref_text, dtype="str").replace("", None), format="%Y-%m-%d", errors="coerce")
    akt = akt if with_dates else None
    s = pd.Series(values, dtype="str")
    ctx = validate.Context(frozenset(), load_key(demo=True), TODAY)
    v_got, v_want = validate._Violations(N), validate._Violations(N)
    got = validate._personnummer(s, akt, ctx, v_got)
    want = _reference_personnummer(s, akt, ctx, v_want)
    _assert_same(got, want, v_got, v_want)
    rules = {part[2] for part in v_want.parts}
    expected = {Rule.PNR_FORMAT, Rule.PNR_FODELSENUMMER, Rule.PNR_KONTROLLSIFFRA, Rule.PNR_DATUM}
    assert rules == (expected | {Rule.PNR_EFTER_AKTUALISERING} if with_dates else expected)


def test_validate_personnummer_small_and_empty_chunks() -> None:
    ctx = validate.Context(frozenset(), load_key(demo=True), TODAY)
    for values in ([], [""], ["", ""], ["20150312-9809"], ["x", "", "150312+9809"]):
        s = pd.Series(values, dtype="str")
        akt = pd.to_datetime(pd.Series(["2024-06-01"] * len(values), dtype="str"), format="%Y-%m-%d")
        for a in (akt, None):
            v_got, v_want = validate._Violations(len(values)), validate._Violations(len(values))
            got = validate._personnummer(s, a, ctx, v_got)
            _assert_same(got, _reference_personnummer(s, a, ctx, v_want), v_got, v_want)
