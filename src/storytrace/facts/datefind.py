"""Date phrases in an article's text, resolved to day intervals (absolute, relative to the
publication date, or anchored on an earlier date: "five months later")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from . import patterns as P
from .dates import WEEKDAYS as WEEKDAY_INDEX
from .dates import (
    Interval,
    add_units,
    month_interval,
    month_number,
    parse_number,
    parse_numeric_date,
    resolve_relative,
    safe_date,
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in the text, resolved to an interval when possible."""

    start: int
    end: int
    interval: Interval | None
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None


def _date_interval(m: re.Match[str], at: Interval | None, anchor: Interval | None,
                   text: str) -> DateMention:
    """Resolve one DATE_PHRASE match."""
    g = m.groupdict()
    start, end = m.start(), m.end()
    if g["mon"] or g["mon2"]:
        month = month_number(g["mon"] or g["mon2"])
        day = int(g["day"] or g["day2"])
        year_s = g["year"] or g["year2"]
        weekday = None
        if g["wd"]:
            weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"].index(g["wd"].lower())
        if month is None:
            return DateMention(start, end, None)
        if g.get("yrel") and at is not None:
            shift = {"last": -1, "this": 0, "next": 1}[g["yrel"]]
            d = safe_date(at.end.year + shift, month, day)
            return DateMention(start, end, Interval.day(d) if d else None, weekday, month, day,
                               d.year if d else None)
        if year_s:
            d = safe_date(int(year_s), month, day)
            return DateMention(start, end, Interval.day(d) if d else None, weekday, month, day,
                               int(year_s))
        if not 1 <= day <= 31 or safe_date(2000, month, day) is None:  # February 30
            return DateMention(start, end, None, weekday, month, None)
        interval = None
        if at is not None:
            d = _latest_on_or_before(month, day, at.end, weekday)
            if d is not None and (at.end - d).days < 366:
                interval = Interval.day(d)
        return DateMention(start, end, interval, weekday, month, day)
    if g["mon3"]:
        month = month_number(g["mon3"])
        if month is None:
            return DateMention(start, end, None)
        return DateMention(start, end, month_interval(int(g["year3"]), month), None, month,
                           None, int(g["year3"]))
    if g["year4"]:
        y = int(g["year4"])
        return DateMention(start, end, Interval(date(y, 1, 1), date(y, 12, 31)), year=y)
    if g["mon5"]:
        month = month_number(g["mon5"])
        interval = resolve_relative(g["mon5"], at) if at is not None else None
        return DateMention(start, end, interval, None, month, relative=m.group(0))
    if g["wd2"]:
        # "on Saturday" in a dated article: the latest such day on or before publication
        interval = None
        if at is not None and at.start == at.end:
            wd = WEEKDAY_INDEX[g["wd2"].lower()]
            interval = Interval.day(at.end - timedelta(days=(at.end.weekday() - wd) % 7))
        return DateMention(start, end, interval, relative=m.group(0))
    if g["rel"]:
        interval = resolve_relative(g["rel"], at) if at is not None else None
        return DateMention(start, end, interval, relative=g["rel"])
    if g["later"]:
        n = 1 if g["lnum"].lower() == "a" else parse_number(g["lnum"])
        unit = g["lunit"].lower()
        unit = unit if unit.endswith("s") else unit + "s"
        interval = None
        if anchor is not None and n is not None:
            interval = Interval(add_units(anchor.start, n, unit),
                                add_units(anchor.end, n + 1, unit) - timedelta(days=1))
        return DateMention(start, end, interval, relative=g["later"])
    return DateMention(start, end, None)


def _latest_on_or_before(month: int, day: int, limit: date, weekday: int | None) -> date | None:
    for year in range(limit.year, limit.year - 12, -1):
        d = safe_date(year, month, day)
        if d is None or d > limit:
            continue
        if weekday is None or d.weekday() == weekday:
            return d
        if weekday is not None and (limit - d).days > 366:
            return None
    return None


_DATE_GATE = re.compile(
    rf"\d|{P.MONTH_NAME}|\b(?:last|earlier|this|yesterday|later|ago)\b|\bon\s+{P.WEEKDAY_NAME}")


def _date_matches(text: str, sentences: list[tuple[int, int]] | None) -> Iterator[re.Match]:
    if sentences is None:
        yield from P.DATE_PHRASE.finditer(text)
        return
    for s0, s1 in sentences:
        if _DATE_GATE.search(text, s0, s1):
            yield from P.DATE_PHRASE.finditer(text, s0, s1)


def find_dates(text: str, at: Interval | None,
               sentences: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Every date phrase of ``text`` resolved against ``at`` (relative ones need it);
    "N months later" is anchored on the latest absolute date written before it.
    ``sentences`` (spans) restricts the scan to sentences that can hold a date (faster)."""
    out: list[DateMention] = []
    anchor: Interval | None = None
    for m in _date_matches(text, sentences):
        mention = _date_interval(m, at, anchor, text)
        out.append(mention)
        if mention.interval is not None and not mention.relative:
            anchor = mention.interval
        elif mention.interval is not None and mention.relative and mention.relative.startswith(
                ("in ", "back in ")):
            anchor = mention.interval
    for m in P.LIFESPAN.finditer(text):
        for key in ("a", "b"):
            d = parse_numeric_date(m[key])
            if d is not None:
                out.append(DateMention(m.start(key), m.end(key), Interval.day(d), year=d.year,
                                       month=d.month, day=d.day))
    out.sort(key=lambda d: d.start)
    return out


def date_after(text: str, dates: list[DateMention], pos: int, limit: int,
                gap: int = 40) -> tuple[Interval, int] | None:
    """The first dated mention within ``gap`` characters after ``pos`` in the same clause."""
    for d in dates:
        if pos <= d.start <= min(limit, pos + gap) and d.interval is not None:
            if "," in text[pos:d.start].strip(" ,") or "." in text[pos:d.start]:
                return None
            return d.interval, d.end
    return None
