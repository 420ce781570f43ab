"""Key events: a short dated list of a story's births, deaths, announcements and statements.

Events come from the facts stage (claims whose attribute is an event, grouped across articles by
subject, attribute and value) and from the quotes stage (statements, or quotations grouped by
speaker and wording when no statement was rebuilt), each with the articles that report it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..records import Article, Citation, Claim, KeyEvent, Quote, Statement

EVENT_ATTRIBUTES = {
    "born": "born", "birth": "born", "died": "died", "death": "died", "expecting": "expecting",
    "pregnant": "expecting", "diagnosis": "diagnosed", "diagnosed": "diagnosed",
    "cause_of_death": "cause of death", "married": "married", "divorced": "divorced",
    "engaged": "engaged", "split": "split", "hospitalized": "hospitalised",
    "hospitalised": "hospitalised", "arrested": "arrested", "charged": "charged",
    "announced": "announced", "resigned": "resigned", "appointed": "appointed",
}
"""Claim attributes that are events (others, such as age or parent_of, are states)."""


def _norm(value: str) -> str:
    return re.sub(r"\W+", " ", value.lower()).strip()


def _describe(subject: str, attribute: str, value: str) -> str:
    verb = EVENT_ATTRIBUTES.get(attribute, attribute.replace("_", " "))
    value = value.strip()
    if attribute in ("born", "birth", "died", "death"):
        # a date value is the event's date, not part of its wording
        if re.fullmatch(r"[\d\-/:T ]+", value):
            value = ""
    if attribute == "cause_of_death":
        return f"{subject}: cause of death {value}".strip()
    if attribute in ("diagnosis", "diagnosed"):
        return f"{subject} diagnosed with {value}".strip()
    return f"{subject} {verb} {value}".strip()


def _words(text: str, limit: int = 18) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


def key_events(
    articles: Sequence[Article],
    *,
    claims: Sequence[Claim] = (),
    statements: Sequence[Statement] = (),
    quotes: Sequence[Quote] = (),
    limit: int = 12,
) -> tuple[KeyEvent, ...]:
    """The story's key events, dated (earliest evidence first; undated last), with sources."""
    by_id = {a.id: a for a in articles}

    def day(article_id: str) -> date | None:
        article = by_id.get(article_id)
        return article.published_date if article is not None else None

    def citation(article_id: str, start: int, end: int) -> Citation:
        article = by_id.get(article_id)
        return Citation(article_id=article_id, outlet=article.outlet if article else None,
                        start=start, end=end)

    events: list[tuple[int, KeyEvent]] = []  # (priority, event): claims before statements
    groups: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        if claim.attribute in EVENT_ATTRIBUTES and claim.article_id in by_id:
            key = (claim.subject.lower(), claim.attribute, _norm(claim.value))
            groups.setdefault(key, []).append(claim)
    for group in groups.values():
        stated = [c.holds_at for c in group if c.holds_at and not c.holds_at_inferred]
        inferred = [c.holds_at for c in group if c.holds_at]
        published = [d for c in group if (d := day(c.article_id))]
        when = min(stated) if stated else min(inferred) if inferred else (
            min(published) if published else None)
        first = group[0]
        sources = tuple(dict.fromkeys(
            citation(c.article_id, c.start, c.end) for c in group))
        events.append((0, KeyEvent(
            date=when, description=_describe(first.subject, first.attribute, first.value),
            sources=_one_per_article(sources), kind=EVENT_ATTRIBUTES[first.attribute]
            if first.attribute in ("died", "born", "expecting") else first.attribute,
        )))

    statement_events: list[tuple[int, KeyEvent]] = []
    covered_statements: set[str] = set()
    for statement in statements:
        if not statement.fragments or not statement.speaker or not statement.speaker.name:
            continue
        covered_statements.add(statement.id)
        sources = _one_per_article(tuple(
            citation(f.article_id, f.start, f.end) for f in statement.fragments
            if f.article_id in by_id))
        if not sources:
            continue
        dates = [d for s in sources if (d := day(s.article_id))]
        statement_events.append((len(sources), KeyEvent(
            date=min(dates) if dates else None,
            description=f"{statement.speaker.name}: “{_words(statement.text)}”",
            sources=sources, kind="statement",
        )))
    quote_groups: dict[tuple[str, str], list[Quote]] = {}
    for quote in quotes:
        if quote.statement_id in covered_statements or quote.article_id not in by_id:
            continue
        if not quote.speaker or not quote.speaker.name or quote.speaker.kind not in (
                "person", "organisation"):
            continue
        if len(quote.text.split()) < 6:
            continue
        key = (quote.speaker.name, quote.statement_id or _norm(quote.text)[:80])
        quote_groups.setdefault(key, []).append(quote)
    for (speaker, _), group in quote_groups.items():
        sources = _one_per_article(tuple(citation(q.article_id, q.start, q.end) for q in group))
        dates = [d for s in sources if (d := day(s.article_id))]
        statement_events.append((len(sources), KeyEvent(
            date=min(dates) if dates else None,
            description=f"{speaker}: “{_words(group[0].text)}”", sources=sources,
            kind="statement",
        )))
    # the statements most outlets reported, up to the limit left by the claim events
    statement_events.sort(key=lambda pair: -pair[0])
    room = max(0, limit - len(events))
    chosen = [event for _, event in events][:limit] + [e for _, e in statement_events[:room]]
    chosen.sort(key=lambda e: (e.date is None, e.date or date.min, e.kind != "statement"))
    return tuple(chosen)


def _one_per_article(sources: tuple[Citation, ...]) -> tuple[Citation, ...]:
    seen: set[str] = set()
    out = []
    for source in sources:
        if source.article_id not in seen:
            seen.add(source.article_id)
            out.append(source)
    return tuple(out)
