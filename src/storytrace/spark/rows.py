"""Dates as they travel in Spark rows: ISO text, a date or a datetime back."""

from __future__ import annotations

from datetime import date, datetime


def date_text(value: date | datetime | None) -> str | None:
    """A publication date as row text (``None`` stays ``None``)."""
    return value.isoformat() if value is not None else None


def parse_date(value: str | None) -> date | datetime | None:
    """The date or datetime of :func:`date_text`'s text."""
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
