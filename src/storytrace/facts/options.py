"""Options of the facts stage (one frozen, keyword-only dataclass with documented defaults)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DEFAULT_OPTIONS", "FactOptions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class FactOptions:
    """How claims are extracted and checked."""

    max_age_years: int = 130
    """Ages above this (in years) are not claims (typos, "the 300-year-old oak")."""
    recent_days: int = 7
    """A weekday named without a date ("on Tuesday") lies at most this many days before the
    article's publication; used to infer dates of undated articles."""
    anniversary_days: int = 14
    """An article about an anniversary is published at most this many days after it."""
    stale_min_days: int = 14
    """A contradiction is also reported as stale when the later article's numbers repeat an
    article at least this many days older, or fit a date at least this many days before its
    own..."""
    stale_max_days: int = 550
    """...and at most this many days before it (older fits read as plain contradictions)."""
    use_ages_for_dates: bool = True
    """Infer undated articles' dates from ages of people whose birth is known elsewhere, when the
    text gives no calendar evidence."""


DEFAULT_OPTIONS = FactOptions()
"""The default options (a module-level singleton, used as the default argument)."""
