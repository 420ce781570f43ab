"""Parse the publication dates found in article inputs.

``parse_date`` accepts ISO 8601 dates and datetimes (``2024-03-03``, ``2024-03-03T10:15:00Z``,
``2024-03-03 10:15:00+01:00``), RFC 2822 (``Sun, 03 Mar 2024 10:15:00 +0000``), slashed dates
(``2024/03/03``), written-out dates (``March 3, 2024``, ``3 March 2024``, ``Mar 3 2024``), Unix
timestamps (numbers) and compact ``20240303``. A date with no time of day gives a ``date``; one
with a time gives a ``datetime`` (timezone-aware when the input names a zone, kept as given).
Anything else gives ``None``, and the reader turns that into a warning.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from ..datewords import MONTHS

__all__ = ["parse_date"]

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:[A-Za-z]{3,9},?\s+)?"
_WRITTEN = [
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),      # March 3, 2024
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.I),      # 3 March 2024
]
_SLASHED = re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})")
_COMPACT = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_NUMBER = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")


def parse_date(value: object) -> date | datetime | None:
    """Parse a publication date; ``None`` when it cannot be read.

    ``date``/``datetime`` values are returned as they are; numbers are Unix timestamps (seconds,
    or milliseconds when 12-13 digits long) and give an aware UTC ``datetime``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if text[0].isdigit():
        parsed = _parse_numeric(text)
        if parsed is not None:
            return parsed
    for pattern in _WRITTEN:
        match = pattern.fullmatch(text)
        if match:
            return _make_date(match["year"], MONTHS.get(match["month"].lower()), match["day"])
    return _parse_rfc2822(text)


def _parse_numeric(text: str) -> date | datetime | None:
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        parsed = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        pass
    else:
        return parsed if len(text) > 10 else parsed.date()
    match = _SLASHED.fullmatch(text) or _COMPACT.fullmatch(text)
    if match:
        return _make_date(match["year"], int(match["month"]), match["day"])
    if _NUMBER.fullmatch(text):
        number = float(text)
        return _from_timestamp(number / 1000 if len(text) >= 12 else number)
    for pattern in _WRITTEN[1:]:
        match = pattern.fullmatch(text)
        if match:
            return _make_date(match["year"], MONTHS.get(match["month"].lower()), match["day"])
    return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _make_date(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def _from_timestamp(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
