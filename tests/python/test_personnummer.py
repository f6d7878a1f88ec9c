"""Personnummer rules, checked against python-stdnum (an independent implementation) and by hand."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from stdnum import luhn
from stdnum.se import personnummer as stdnum_pnr

from isu.contract import Rule
from isu.personnummer import PersonnummerError, age_on, parse


def _random_valid(rng: random.Random) -> tuple[date, str]:
    born = date(1910, 1, 1) + timedelta(days=rng.randrange(0, 40_000))
    serial = f"{rng.randrange(1, 1000):03d}"  # birth number 000 is never issued
    nine = born.strftime("%y%m%d") + serial
    return born, born.strftime("%Y%m%d") + "-" + serial + luhn.calc_check_digit(nine)


def test_agrees_with_stdnum_on_random_numbers() -> None:
    rng = random.Random(7)
    today = date.today()
    for _ in range(2_000):
        born, long_form = _random_valid(rng)
        if born > today:
            continue
        ours = parse(long_form, today)
        assert stdnum_pnr.is_valid(long_form)
        assert ours.fodelsedatum == stdnum_pnr.get_birth_date(long_form) == born
        assert {"M": 2, "F": 1}[stdnum_pnr.get_gender(long_form)] == ours.juridiskt_kon
        # '+' from the calendar year the person turns 100 (folkbokföringslagen 18 §), as stdnum does
        short = long_form[2:8] + ("+" if today.year - born.year >= 100 else "-") + long_form[9:]
        assert parse(short, today).canonical == ours.canonical  # same person, same pseudonym input
        assert stdnum_pnr.get_birth_date(short) == born


def test_century_follows_the_calendar_year() -> None:
    # Born 1926-12-13: on 2026-11-23 still 99, but 2026 is the year they turn 100, so the number is
    # written with '+' (CONTRACT.md, folkbokföringslagen 18 §). With '-' the digits mean 2026-12-13,
    # after the actualisation date (the loader quarantines that).
    tail = "980" + luhn.calc_check_digit("261213980")
    assert parse("261213+" + tail, date(2026, 11, 23)).fodelsedatum == date(1926, 12, 13)
    assert parse("261213-" + tail, date(2026, 11, 23)).fodelsedatum == date(2026, 12, 13)
    assert parse("261213-" + tail, date(2027, 1, 2)).fodelsedatum == date(2026, 12, 13)
    assert stdnum_pnr.get_birth_date("261213+" + tail) == date(1926, 12, 13)  # stdnum (today, 2026) agrees


def test_birth_number_000_is_never_valid() -> None:
    with pytest.raises(PersonnummerError) as err:
        parse("20150916-0006", date(2024, 1, 1))
    assert err.value.rule is Rule.PNR_FODELSENUMMER


def test_formats_by_hand() -> None:
    ref = date(2024, 6, 1)
    assert parse("20150312-9809", ref).canonical == "201503129809"
    assert parse("201503129809", ref).fodelsedatum == date(2015, 3, 12)
    assert parse("150312-9809", ref).fodelsedatum == date(2015, 3, 12)
    assert parse("150312+9809", ref).fodelsedatum == date(1915, 3, 12)  # '+': 100 or older
    assert parse("220505+9823", ref).fodelsedatum == date(1922, 5, 5)
    # A ten-digit '-' number of the reference year: that year, even when the day is later (the
    # loader then quarantines it as born after the actualisation date).
    assert parse("240701-980" + luhn.calc_check_digit("240701980"), ref).fodelsedatum == date(2024, 7, 1)


def test_samordningsnummer_day_plus_sixty() -> None:
    p = parse("19900171-9831", date(2024, 1, 1))
    assert p.ar_samordningsnummer and p.fodelsedatum == date(1990, 1, 11) and p.juridiskt_kon == 2
    assert not stdnum_pnr.is_valid("19900171-9831")  # stdnum rejects it; the contract allows it


def test_leap_day_and_age() -> None:
    nine = "000229980"
    p = parse("20000229-980" + luhn.calc_check_digit(nine), date(2024, 1, 1))
    assert p.fodelsedatum == date(2000, 2, 29)
    assert age_on(p.fodelsedatum, date(2001, 2, 28)) == 0
    assert age_on(p.fodelsedatum, date(2001, 3, 1)) == 1
    assert age_on(p.fodelsedatum, date(2024, 2, 29)) == 24


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("19850101-12", Rule.PNR_FORMAT),
        ("1985-01-01-1234", Rule.PNR_FORMAT),
        ("850101+-1234", Rule.PNR_FORMAT),
        ("abc", Rule.PNR_FORMAT),
        ("19930815-9849", Rule.PNR_KONTROLLSIFFRA),
        ("19851301-9862", Rule.PNR_DATUM),  # month 13, valid check digit
        ("19900195-" + "983" + luhn.calc_check_digit("900195983"), Rule.PNR_DATUM),  # day 95 - 60 = 35
        ("20230229-" + "980" + luhn.calc_check_digit("230229980"), Rule.PNR_DATUM),  # not a leap year
    ],
)
def test_invalid_numbers(value: str, rule: Rule) -> None:
    with pytest.raises(PersonnummerError) as info:
        parse(value, date(2024, 1, 1))
    assert info.value.rule is rule
    assert value not in str(info.value) and value[-4:] not in str(info.value)
