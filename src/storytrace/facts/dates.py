"""Date arithmetic for claims: intervals of days, ages as birth intervals, dates written in text.

Everything here is pure and exact to the day:

- an :class:`Interval` is a closed range of days ``[start, end]``;
- an age of ``N`` units (years, months, weeks, days) at a day ``D`` means a birth day in
  ``[D - (N+1) units + 1 day, D - N units]``; at a range of days ``[D1, D2]`` it means
  ``[D1 - (N+1) units + 1 day, D2 - N units]`` (:func:`birth_interval`);
- claims about one person are intersected; an empty intersection is a contradiction.

Dates written in text (``June 2021``, ``December 5``, ``6•23•21``, ``08.12.21``) are parsed into
intervals by :func:`parse_date_phrase`; relative ones (``last month``, ``earlier this year``) are
resolved against an article's date by :func:`resolve_relative`.
Values of ``born``/``died`` claims use :func:`format_interval`: an ISO day (``2021-06-23``), a
month (``2021-06``), a year (``2021``) or an ISO interval (``2021-11-01/2021-12-30``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..datewords import MONTHS, WEEKDAYS

__all__ = [
    "Interval", "UNITS", "add_units", "age_value", "birth_interval", "date_window_for_age",
    "format_interval", "parse_age_value", "parse_interval", "parse_number", "MONTHS", "WEEKDAYS",
    "month_number", "resolve_relative", "parse_numeric_date",
]

DAY = timedelta(days=1)
UNITS = ("years", "months", "weeks", "days")
MAX_AGE_YEARS = 130

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
NUMBER_WORDS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"  # noqa: E501
NUMBER = rf"(?:\d{{1,3}}|{NUMBER_WORDS})"


def parse_number(word: str) -> int | None:
    """``"42"``, ``"four"``, ``"Twenty-one"`` -> int; ``None`` when it is not a number."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word in _WORD_NUMBERS:
        return _WORD_NUMBERS[word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in _WORD_NUMBERS and parts[1] in _WORD_NUMBERS:
        tens, ones = _WORD_NUMBERS[parts[0]], _WORD_NUMBERS[parts[1]]
        if tens % 10 == 0 and tens >= 20 and ones < 10:
            return tens + ones
    return None


def month_number(word: str) -> int | None:
    """``"December"``/``"dec"`` -> 12."""
    return MONTHS.get(word.strip(".").lower())


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A closed range of days ``[start, end]``."""

    start: date
    end: date

    @staticmethod
    def day(d: date) -> Interval:
        return Interval(d, d)

    @property
    def empty(self) -> bool:
        return self.start > self.end

    def intersect(self, other: Interval) -> Interval:
        return Interval(max(self.start, other.start), min(self.end, other.end))

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return format_interval(self)


def add_units(d: date, n: int, unit: str) -> date:
    """``d`` moved by ``n`` units (negative moves back); months/years clamp the day of month."""
    if unit == "days":
        return d + timedelta(days=n)
    if unit == "weeks":
        return d + timedelta(weeks=n)
    months = n * 12 if unit == "years" else n
    if unit not in ("years", "months"):
        raise ValueError(f"unknown unit {unit!r}")
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def birth_interval(n: int, unit: str, at: Interval) -> Interval:
    """The birth days compatible with being ``n`` ``unit`` old on some day of ``at``.

    Someone is ``n`` units old on day ``D`` when born in ``(D - (n+1) units, D - n units]``.
    """
    end = add_units(at.end, -n, unit)
    if unit in ("months", "years") and at.end.day == calendar.monthrange(at.end.year,
                                                                         at.end.month)[1]:
        # on the last day of a month, everyone born on a later day of the month n units before
        # (Jan 29-31 for Feb 28) has also completed n units (the day is clamped)
        end = end.replace(day=calendar.monthrange(end.year, end.month)[1])
    return Interval(add_units(at.start, -(n + 1), unit) + DAY, end)


def date_window_for_age(n: int, unit: str, born: Interval) -> Interval:
    """The days on which someone born in ``born`` is ``n`` ``unit`` old (inverse of
    :func:`birth_interval`)."""
    return Interval(add_units(born.start, n, unit), add_units(born.end, n + 1, unit) - DAY)


def age_value(n: int, unit: str) -> str:
    """The documented value format of an ``age`` claim: ``"42 years"``, ``"1 month"``."""
    singular = unit[:-1]
    return f"{n} {singular if n == 1 else unit}"


_AGE_VALUE = re.compile(r"(\d+) (year|month|week|day)s?")


def parse_age_value(value: str) -> tuple[int, str] | None:
    """``"5 months"`` -> ``(5, "months")``."""
    match = _AGE_VALUE.fullmatch(value.strip())
    if not match:
        return None
    return int(match[1]), match[2] + "s"


def format_interval(interval: Interval) -> str:
    """An interval as the shortest ISO form: day, month, year, or ``start/end``."""
    s, e = interval.start, interval.end
    if s == e:
        return s.isoformat()
    if s.day == 1 and s.year == e.year and s.month == e.month and \
            e.day == calendar.monthrange(e.year, e.month)[1]:
        return f"{s.year:04d}-{s.month:02d}"
    if (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31) and s.year == e.year:
        return f"{s.year:04d}"
    return f"{s.isoformat()}/{e.isoformat()}"


OPEN_YEARS = 150
"""An open start ("../2024-09-30": on or before that day) is read as at most this many years
before its end: older than any fact about a living memory, and safe for date arithmetic."""


def open_before(day: date) -> str:
    """The value of an event known only to be on or before ``day`` ("has died", no date):
    ``"../2024-09-30"`` (an ISO 8601-2 open interval)."""
    return f"../{day.isoformat()}"


def parse_interval(value: str) -> Interval | None:
    """Inverse of :func:`format_interval` (also reads :func:`open_before`'s ``"../<day>"``, as
    the :data:`OPEN_YEARS` before it); ``None`` for anything else."""
    value = value.strip()
    if value.startswith("../"):
        last = parse_interval(value[3:])
        if last is None:
            return None
        try:
            first = last.end.replace(year=last.end.year - OPEN_YEARS)
        except ValueError:  # February 29, or a year before OPEN_YEARS
            first = date(max(1, last.end.year - OPEN_YEARS), 1, 1)
        return Interval(first, last.end)
    try:
        if "/" in value:
            a, b = value.split("/", 1)
            first, last = parse_interval(a), parse_interval(b)
            if first is None or last is None:
                return None
            return Interval(first.start, last.end)
        parts = value.split("-")
        if len(parts) == 3:
            return Interval.day(date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return Interval(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))
        if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 4:
            y = int(parts[0])
            return Interval(date(y, 1, 1), date(y, 12, 31))
    except ValueError:
        return None
    return None


def month_interval(year: int, month: int) -> Interval:
    return Interval(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or ``None`` for impossible ones (February 30)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(two_or_four: str) -> int:
    y = int(two_or_four)
    return y + 2000 if y < 70 else (y + 1900 if y < 100 else y)


def parse_numeric_date(text: str, day_first: bool = False) -> date | None:
    """``6•23•21``, ``12/5/2021``, ``08.12.21`` (``day_first`` for the dotted European style)."""
    parts = re.split(r"\s*[•·/.\-]\s*", text.strip())
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    a, b, y = int(parts[0]), int(parts[1]), _year(parts[2])
    month, day = (b, a) if day_first else (a, b)
    return safe_date(y, month, day)


_RELATIVE_MONTH = {"last": -1, "this": 0, "next": 1}


def resolve_relative(phrase: str, at: Interval) -> Interval | None:
    """A relative date phrase resolved against the article's date range ``at``.

    Understood: ``last/this/next month|year|week``, ``earlier this year/month``,
    ``in June`` (the latest June not after ``at``), ``N months|years|weeks|days ago``,
    ``yesterday``, ``today``. Anything else gives ``None``.
    """
    p = " ".join(phrase.lower().split())
    match = re.fullmatch(r"(last|this|next) (month|year|week)", p)
    if match:
        k = _RELATIVE_MONTH[match[1]]
        unit = match[2]
        if unit == "month":
            s = add_units(at.start.replace(day=1), k, "months")
            e = add_units(at.end.replace(day=1), k, "months")
            return Interval(s, month_interval(e.year, e.month).end)
        if unit == "year":
            return Interval(date(at.start.year + k, 1, 1), date(at.end.year + k, 12, 31))
        s = at.start - timedelta(days=at.start.weekday()) + timedelta(weeks=k)
        e = at.end - timedelta(days=at.end.weekday()) + timedelta(weeks=k, days=6)
        return Interval(s, e)
    if p in ("earlier this year", "this year"):
        return Interval(date(at.start.year, 1, 1), at.end)
    if p in ("earlier this month", "this month"):
        return Interval(at.start.replace(day=1), at.end)
    if p == "yesterday":
        return Interval(at.start - DAY, at.end - DAY)
    if p == "today":
        return at
    match = re.fullmatch(rf"({NUMBER}) (year|month|week|day)s? ago", p)
    if match:
        n = parse_number(match[1])
        if n is None:
            return None
        unit = match[2] + "s"
        return Interval(add_units(at.start, -(n + 1), unit) + DAY, add_units(at.end, -n, unit))
    match = re.fullmatch(r"(?:in )?([a-z]+)", p)
    if match and month_number(match[1]):
        month = month_number(match[1])
        assert month is not None
        year_e = at.end.year if month <= at.end.month else at.end.year - 1
        year_s = at.start.year if month <= at.start.month else at.start.year - 1
        return Interval(month_interval(year_s, month).start, month_interval(year_e, month).end)
    return None
