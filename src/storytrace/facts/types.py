"""Record types of the facts stage beyond ``Claim``/``Conflict`` (frozen dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..records import Claim, Conflict

__all__ = ["InferredDate", "TimelineEntry", "Timeline", "VariantGroup", "FactsResult"]


@dataclass(frozen=True, slots=True)
class InferredDate:
    """A publication-date range inferred from an undated article's own text (``inferred``)."""

    article_id: str
    earliest: date
    latest: date
    evidence: tuple[str, ...]
    """Human-readable reasons, e.g. ``"'Monday, December 5' is a Monday in 2022"``."""
    inferred: bool = True

    @property
    def midpoint(self) -> date:
        return self.earliest + (self.latest - self.earliest) / 2


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated line of a person's timeline."""

    when: str
    """ISO day, month, year or ``start/end`` interval; ``""`` when undated."""
    what: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Everything the corpus states about one person, in date order, with the conflicts."""

    person: str
    aliases: tuple[str, ...]
    born: str | None
    """Birth interval from intersecting every claim (ISO form), ``None`` when unknown/empty."""
    died: str | None
    entries: tuple[TimelineEntry, ...]
    relations: tuple[tuple[str, str, tuple[Claim, ...]], ...]
    """(relation, other person, supporting claims), e.g. ``("child", "Zen", ...)``."""
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True, slots=True)
class VariantGroup:
    """Claims that word one fact differently without contradicting each other."""

    subject: str
    attribute: str
    concept: str
    values: tuple[str, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class FactsResult:
    """What :func:`storytrace.facts.analyze_facts` returns for a corpus."""

    claims: tuple[Claim, ...]
    conflicts: tuple[Conflict, ...]
    inferred: dict[str, InferredDate]
    groups: tuple[VariantGroup, ...]
