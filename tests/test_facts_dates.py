"""Date arithmetic of the facts stage: ages as birth intervals, dates written in text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.facts.dates import (
    Interval,
    add_units,
    age_value,
    birth_interval,
    date_window_for_age,
    format_interval,
    parse_age_value,
    parse_interval,
    parse_number,
    parse_numeric_date,
    resolve_relative,
)

UNITS = st.sampled_from(["years", "months", "weeks", "days"])
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31))


def true_age(born: date, on: date, unit: str) -> int:
    """Completed units between ``born`` and ``on`` (the definition the intervals encode)."""
    n = 0
    while add_units(born, n + 1, unit) <= on:
        n += 1
    return n


def test_issue_example_five_months_and_fifteen_months() -> None:
    five = birth_interval(5, "months", Interval.day(date(2021, 12, 9)))
    fifteen = birth_interval(15, "months", Interval.day(date(2022, 12, 6)))
    assert (five.start, five.end) == (date(2021, 6, 10), date(2021, 7, 9))
    assert (fifteen.start, fifteen.end) == (date(2021, 8, 7), date(2021, 9, 6))
    assert five.intersect(fifteen).empty


def test_a_year_apart_consistent_ages_intersect() -> None:
    ten = birth_interval(10, "years", Interval.day(date(2021, 12, 9)))
    eleven = birth_interval(11, "years", Interval(date(2022, 12, 6), date(2022, 12, 12)))
    assert not ten.intersect(eleven).empty


@settings(max_examples=200, deadline=None)
@given(born=DAYS, gap=st.integers(0, 40000), unit=UNITS)
def test_interval_contains_the_true_birth_date(born: date, gap: int, unit: str) -> None:
    on = born + timedelta(days=gap)
    n = true_age(born, on, unit) if unit in ("weeks", "days") or gap < 3000 else None
    if n is None:
        # years/months over long spans: count quickly from the year difference
        n = max(0, (on.year - born.year - 1) * (12 if unit == "months" else 1))
        while add_units(born, n + 1, unit) <= on:
            n += 1
    assert birth_interval(n, unit, Interval.day(on)).contains(born)


@settings(max_examples=200, deadline=None)
@given(born=DAYS, gap=st.integers(0, 20000), later=st.integers(0, 5000),
       unit=st.sampled_from(["years", "months"]))
def test_a_claim_agrees_with_itself_aged_to_any_later_date(born: date, gap: int, later: int,
                                                           unit: str) -> None:
    first_day = born + timedelta(days=gap)
    second_day = first_day + timedelta(days=later)
    n1 = true_age(born, first_day, unit) if gap < 4000 else None
    if n1 is None:
        return
    # the same person, aged: the true age at the later date
    n2 = true_age(born, second_day, unit) if gap + later < 4000 else None
    if n2 is None:
        return
    a = birth_interval(n1, unit, Interval.day(first_day))
    b = birth_interval(n2, unit, Interval.day(second_day))
    assert not a.intersect(b).empty
    assert a.intersect(b).contains(born)


@settings(max_examples=100, deadline=None)
@given(n=st.integers(0, 100), unit=UNITS, start=DAYS, width=st.integers(0, 30))
def test_date_window_inverts_birth_interval(n: int, unit: str, start: date, width: int) -> None:
    born = Interval(start, start + timedelta(days=width))
    window = date_window_for_age(n, unit, born)
    for day in (window.start, window.end):
        assert not birth_interval(n, unit, Interval.day(day)).intersect(born).empty


def test_value_formats_round_trip() -> None:
    assert age_value(1, "years") == "1 year"
    assert age_value(5, "months") == "5 months"
    assert parse_age_value("5 months") == (5, "months")
    assert parse_age_value("1 year") == (1, "years")
    for value in ("2021-06-23", "2021-06", "2021", "2021-11-01/2021-12-30"):
        iv = parse_interval(value)
        assert iv is not None and format_interval(iv) == value
    assert parse_interval("2021-02-30") is None
    assert parse_interval("soon") is None


@pytest.mark.parametrize("word,value", [("four", 4), ("Five", 5), ("42", 42),
                                        ("twenty-one", 21), ("one", 1), ("banana", None)])
def test_numbers_as_words(word: str, value: int | None) -> None:
    assert parse_number(word) == value


def test_numeric_dates() -> None:
    assert parse_numeric_date("6•23•21") == date(2021, 6, 23)
    assert parse_numeric_date("12•5•21") == date(2021, 12, 5)
    assert parse_numeric_date("08.12.21", day_first=True) == date(2021, 12, 8)
    assert parse_numeric_date("2•30•21") is None  # February 30 does not exist
    assert parse_numeric_date("13/45/2021") is None


def test_relative_dates() -> None:
    at = Interval.day(date(2021, 12, 9))
    assert format_interval(resolve_relative("last month", at)) == "2021-11"
    assert format_interval(resolve_relative("earlier this year", at)) == "2021-01-01/2021-12-09"
    assert format_interval(resolve_relative("in June", at)) == "2021-06"
    assert format_interval(resolve_relative("in December", at)) == "2021-12"
    assert format_interval(resolve_relative("last year", at)) == "2020"
    assert resolve_relative("two weeks ago", at).contains(date(2021, 11, 25))
    assert resolve_relative("next Tuesday-ish", at) is None


def test_month_end_clamping() -> None:
    # born January 31: one month old on February 28 (the day is clamped)
    assert birth_interval(1, "months", Interval.day(date(2023, 2, 28))).contains(date(2023, 1, 31))
    # born February 29: one year old on February 28 of the next year
    assert birth_interval(1, "years", Interval.day(date(2021, 2, 28))).contains(date(2020, 2, 29))
