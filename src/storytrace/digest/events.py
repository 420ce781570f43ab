"""Key events: a short dated list of a story's births, deaths, announcements and statements.

Events come from the facts stage (claims whose attribute is an event, grouped across articles by
subject, attribute and value) and from the quotes stage (statements, or quotations grouped by
speaker and wording when no statement was rebuilt), each with the articles that report it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

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


_DAY = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _day_bounds(text: str) -> tuple[date, date] | None:
    m = _DAY.match(text.strip())
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    try:
        if day:
            return date(year, month, day), date(year, month, day)
        if month:
            last = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return date(year, month, 1), last - timedelta(days=1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def _date_range(value: str) -> tuple[date, date] | None:
    """The days a claim value names: ``2021-12-05``, ``2021-06``, ``2021``, or ``a/b``."""
    parts = value.strip().split("/")
    if len(parts) == 1:
        return _day_bounds(parts[0])
    if len(parts) == 2:
        lo, hi = _day_bounds(parts[0]), _day_bounds(parts[1])
        if lo and hi and lo[0] <= hi[1]:
            return lo[0], hi[1]
    return None


def _describe(subject: str, attribute: str, value: str) -> str:
    verb = EVENT_ATTRIBUTES.get(attribute, attribute.replace("_", " "))
    value = value.strip()
    if attribute == "cause_of_death":
        return f"{subject}: cause of death {value}".strip()
    if attribute in ("diagnosis", "diagnosed"):
        return f"{subject} diagnosed with {value}".strip()
    return f"{subject} {verb} {value}".strip()


_KIN = {"son", "daughter", "baby", "boy", "girl", "mr", "mrs", "ms", "dr", "late", "little",
        "infant", "newborn", "the"}


def _name_tokens(subject: str) -> frozenset[str]:
    return frozenset(w for w in _norm(subject).split() if w not in _KIN)


def _canonical_subjects(subjects: set[str]) -> dict[str, str]:
    """Map each subject to the longest name that contains all its words (when unique):
    "Son Zen" and "Zen" become "Zen Scott Cannon"; "Cannon" stays apart if ambiguous."""
    tokens = {s: _name_tokens(s) for s in subjects}
    out = {}
    for s in subjects:
        if not tokens[s]:
            out[s] = s
            continue
        supersets = {t for t in subjects if tokens[s] <= tokens[t]}
        maximal = {t for t in supersets
                   if not any(tokens[t] < tokens[u] for u in supersets)}
        names = {tokens[t] for t in maximal}
        out[s] = max(maximal, key=lambda t: (len(tokens[t]), t)) if len(names) == 1 else s
    return out


def _value_key(attribute: str, value: str) -> frozenset[str]:
    from .text import terms

    return frozenset(terms(value)) or frozenset({_norm(value)})


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

    events = _claim_events([c for c in claims
                            if c.attribute in EVENT_ATTRIBUTES and c.article_id in by_id],
                           day, citation)

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
        # the quotations of one speaker in one article are one statement (a post, a speech)
        key = (quote.speaker.name, quote.statement_id or quote.article_id)
        quote_groups.setdefault(key, []).append(quote)
    for (speaker, _), group in quote_groups.items():
        sources = _one_per_article(tuple(citation(q.article_id, q.start, q.end) for q in group))
        dates = [d for s in sources if (d := day(s.article_id))]
        statement_events.append((len(sources), KeyEvent(
            date=min(dates) if dates else None,
            description=f"{speaker}: “{_words(group[0].text)}”", sources=sources,
            kind="statement",
        )))
    # the statements most outlets reported keep a few places beside the claim events
    statement_events.sort(key=lambda pair: -pair[0])
    kept_statements = min(len(statement_events), max(limit // 4, limit - len(events)))
    events.sort(key=lambda e: -len(e.sources))  # if claims overflow, the best-sourced stay
    chosen = events[: limit - kept_statements] + [e for _, e in statement_events[:kept_statements]]
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


def _claim_events(claims, day, citation) -> list[KeyEvent]:
    """Group event claims across articles into events.

    Subjects are merged by name ("Son Zen", "Zen" -> "Zen Scott Cannon"); date-valued claims
    (born, died) of one subject group when their day ranges overlap and are dated by the
    narrowest range; other values group by their normalised terms ("brain cancer" = "brain
    tumour"); "A expecting B" and "B expecting A" are one event.
    """
    canonical = _canonical_subjects({c.subject for c in claims})
    groups: list[tuple[str, str, frozenset[str] | tuple[date, date] | None, list[Claim]]] = []
    for claim in claims:
        subject = canonical[claim.subject]
        when = _date_range(claim.value)
        if claim.attribute == "expecting":
            partner = canonical.get(claim.value, claim.value)
            key: object = frozenset({_norm(subject), _norm(partner)})
        elif when is not None:
            key = when
        else:
            key = _value_key(claim.attribute, claim.value)
        for g_subject, g_attribute, g_key, members in groups:
            if g_attribute != claim.attribute:
                continue
            if claim.attribute != "expecting" and g_subject != subject:
                continue
            if isinstance(key, tuple) and isinstance(g_key, tuple):
                if key[0] <= g_key[1] and g_key[0] <= key[1]:
                    members.append(claim)
                    break
            elif key == g_key:
                members.append(claim)
                break
        else:
            groups.append((subject, claim.attribute, key, [claim]))  # type: ignore[arg-type]
    events = []
    for subject, attribute, _key, members in groups:
        ranges = [r for c in members if (r := _date_range(c.value))]
        if ranges:  # the narrowest range; a month or a range is dated by its first day
            lo, hi = min(ranges, key=lambda r: (r[1] - r[0], r[0]))
            when: date | None = lo
            value = ""
            if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
                value = f"in {lo.year}"  # the date says 1 January; the text said only the year
            elif lo != hi and (lo.year, lo.month) == (hi.year, hi.month) and lo.day == 1:
                value = f"in {lo:%B %Y}"
            elif lo != hi:
                value = f"between {lo.isoformat()} and {hi.isoformat()}"
        else:
            stated = [c.holds_at for c in members if c.holds_at and not c.holds_at_inferred]
            published = [d for c in members if (d := day(c.article_id))]
            when = min(stated) if stated else min(published) if published else None
            value = members[0].value
            if attribute == "expecting":
                others = {canonical.get(c.value, c.value) for c in members} | {
                    canonical[c.subject] for c in members}
                names = sorted(others - {"child"})
                subject = " and ".join(names) if names else subject
                value = ""
        description = _describe(subject, attribute, value)
        if attribute == "expecting":
            description = f"{subject} expecting a child"
        sources = _one_per_article(tuple(citation(c.article_id, c.start, c.end) for c in members))
        events.append(KeyEvent(date=when, description=description, sources=sources,
                               kind=EVENT_ATTRIBUTES[attribute] if attribute in (
                                   "died", "born", "expecting") else attribute))
    return _attach_causes(events)


def _attach_causes(events: list[KeyEvent]) -> list[KeyEvent]:
    """Fold "X: cause of death C" into X's death event when there is one."""
    out = list(events)
    dropped = set()
    for k, event in enumerate(events):
        if event.kind != "cause_of_death":
            continue
        subject, _, cause = event.description.partition(": cause of death ")
        deaths = [d for d, e in enumerate(out)
                  if e.kind == "died" and e.description.startswith(f"{subject} died")]
        if len(deaths) == 1:
            d = deaths[0]
            death = out[d]
            sources = _one_per_article(death.sources + event.sources)
            out[d] = KeyEvent(date=death.date, description=f"{death.description} ({cause})",
                              sources=sources, kind="died")
            dropped.add(k)
    return [e for k, e in enumerate(out) if k not in dropped]
