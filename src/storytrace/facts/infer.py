"""Publication dates of undated articles, inferred from their own text and the rest of the corpus.

Evidence, strongest first (each narrows a range of possible publication days):

1. a weekday with a day and month ("on Monday, December 5"): the years in which that day is that
   weekday; the article appears within ``recent_days`` after it;
2. an anniversary ("the one-year anniversary of his tragic death") of an event whose date another
   article gives (the death of the person the pronoun or name refers to); the article appears
   within ``anniversary_days`` after it;
3. the latest full date the text gives (a lifespan "6•23•21 - 12•5•21", "December 5, 2021"):
   the article is not older than what it reports;
4. bare weekdays ("on Tuesday", "Wednesday evening"): the first such weekday after the range's
   start happened before publication, and at most ``recent_days`` before it;
5. only when none of the above: the ages the article gives to people whose birth other articles
   fix ("Golden, 5" with Golden born in 2016-2017).

Several candidate years (1) are settled by (2)/(3), else by the dates of the corpus's dated
articles. Evidence that would empty the range is ignored and reported as such.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..people import People
from ..records import Article, Claim
from . import patterns as P
from .dates import (
    WEEKDAYS,
    Interval,
    date_window_for_age,
    month_number,
    parse_age_value,
    parse_interval,
    parse_number,
    safe_date,
)
from .entities import Resolver, alias_map
from .options import DEFAULT_OPTIONS, FactOptions
from .types import InferredDate

__all__ = ["ClaimIndex", "birth_intervals", "index_claims", "infer_publication_date",
           "infer_publication_date_with"]

_ORDINAL_YEARS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{P.WEEKDAY_NAME}),?\s+(?P<mon>{P.MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})"
    r"(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)")
_BARE_WEEKDAY = re.compile(
    rf"\b(?P<wd>{P.WEEKDAY_NAME})(?:['’]s|\s+(?:morning|afternoon|evening|night))?\b"
    rf"(?!,?\s+{P.MONTH_NAME})(?!\s*\(\d)")
_ANNIVERSARY = re.compile(
    r"\b(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|first|second|third|"
    r"fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:-|\s)?(?:year\s+)?anniversary\s+of\s+"
    rf"(?P<who>his|her|their|{P.NAME}['’]s|the)\s+(?:\w+\s+){{0,2}}?"
    r"(?P<event>death|passing|birth|birthday|wedding)\b", re.I)
_FULL_DATE = re.compile(
    rf"\b(?P<mon>{P.MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<mon2>{P.MONTH_NAME})\s+(?P<year2>(?:19|20)\d\d)")
_FUTURE = re.compile(r"\b(?:will|until|scheduled|set\s+to|due|upcoming|expected)\b[^.]{0,40}$",
                     re.I)


def _norm(names: Mapping[str, str], n: str) -> str:
    return names.get(n, n)


def birth_intervals(claims: Sequence[Claim], at: Mapping[str, Interval]) -> dict[str, Interval]:
    """Birth interval per person from ``born`` claims and dated ``age`` claims (intersected;
    persons whose claims do not intersect are left out)."""
    from .dates import birth_interval

    out: dict[str, Interval] = {}
    bad: set[str] = set()
    for c in claims:
        iv: Interval | None = None
        if c.attribute == "born":
            iv = parse_interval(c.value)
        elif c.attribute == "age" and c.article_id in at:
            age = parse_age_value(c.value)
            if age:
                iv = birth_interval(age[0], age[1], at[c.article_id])
        if iv is None or c.subject in bad:
            continue
        if c.subject in out:
            both = out[c.subject].intersect(iv)
            if both.empty:
                bad.add(c.subject)
                del out[c.subject]
                continue
            out[c.subject] = both
        else:
            out[c.subject] = iv
    return out


def _known_dates(articles: Mapping[str, Article]) -> dict[str, Interval]:
    return {aid: Interval.day(a.published_date) for aid, a in articles.items()
            if a.published_date is not None}


@dataclass(frozen=True)
class ClaimIndex:
    """The corpus's claims prepared once for dating many undated articles
    (:func:`index_claims`): per person the dated ``born``/``died`` events and birth intervals,
    per article its own claims, the cross-article name map and the dated articles' days."""

    names: Mapping[str, str]
    dated: Mapping[str, Interval]
    by_article: Mapping[str, tuple[Claim, ...]]
    events: Mapping[tuple[str, str], tuple[tuple[str, Interval], ...]]
    """(``"born"``/``"died"``, person) -> (article id, interval) in claim order."""
    births: Mapping[str, tuple[tuple[str, Interval], ...]]
    """person -> (article id, birth interval) of every ``born`` and dated ``age`` claim."""


def index_claims(claims: Sequence[Claim], articles: Mapping[str, Article], *,
                 names: Mapping[str, str] | None = None) -> ClaimIndex:
    """Prepare ``claims`` (of the corpus ``articles``) for :func:`infer_publication_date_with`;
    one pass over the claims, so dating every undated article is linear, not quadratic."""
    from .dates import birth_interval

    names = names if names is not None else _corpus_names(claims)
    dated = _known_dates(articles)
    by_article: dict[str, list[Claim]] = {}
    events: dict[tuple[str, str], list[tuple[str, Interval]]] = {}
    births: dict[str, list[tuple[str, Interval]]] = {}
    for c in claims:
        by_article.setdefault(c.article_id, []).append(c)
        iv: Interval | None = None
        if c.attribute in ("born", "died"):
            iv = parse_interval(c.value)
            if iv is not None and not c.value.startswith(".."):  # an open "../day" dates nothing
                events.setdefault((c.attribute, _norm(names, c.subject)), []).append(
                    (c.article_id, iv))
            if c.attribute == "died":
                continue
        elif c.attribute == "age" and c.article_id in dated:
            age = parse_age_value(c.value)
            if age:
                iv = birth_interval(age[0], age[1], dated[c.article_id])
        if iv is not None:
            births.setdefault(_norm(names, c.subject), []).append((c.article_id, iv))
    return ClaimIndex(names, dated, {k: tuple(v) for k, v in by_article.items()},
                      {k: tuple(v) for k, v in events.items()},
                      {k: tuple(v) for k, v in births.items()})


def _birth_without(index: ClaimIndex, person: str, article_id: str) -> Interval | None:
    """The birth interval of ``person`` from every article but ``article_id`` (``None`` when
    unknown or when those claims do not intersect)."""
    out: Interval | None = None
    for aid, iv in index.births.get(person, ()):
        if aid == article_id:
            continue
        if out is None:
            out = iv
        else:
            out = out.intersect(iv)
            if out.empty:
                return None
    return out


_INDEX_CACHE: dict[tuple[int, int], tuple[Sequence[Claim], Mapping[str, Article], ClaimIndex]] = {}


def infer_publication_date(article: Article, known_claims: Sequence[Claim],
                           articles: Mapping[str, Article],
                           options: FactOptions = DEFAULT_OPTIONS, *,
                           people: People | None = None,
                           names: Mapping[str, str] | None = None) -> InferredDate | None:
    """A publication-date range for an undated article, with its evidence; ``None`` when the
    article is dated or its text gives nothing to go on.

    ``people`` (the article's :func:`~storytrace.people.find_people`) and ``names`` (the
    corpus's cross-article name map) are computed when not given; pass them to save time.
    Dating many articles against one corpus: build :func:`index_claims` once and call
    :func:`infer_publication_date_with` (this function caches the index of the last
    ``known_claims``/``articles`` pair it saw, so repeated calls are cheap too).
    """
    if article.published_date is not None:
        return None
    key = (id(known_claims), id(articles))
    hit = _INDEX_CACHE.get(key)
    if hit is not None and hit[0] is known_claims and hit[1] is articles and \
            sum(len(v) for v in hit[2].by_article.values()) == len(known_claims) and \
            names is None:
        index = hit[2]
    else:
        index = index_claims(known_claims, articles, names=names)
        _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = (known_claims, articles, index)
    return infer_publication_date_with(article, index, options, people=people)


def infer_publication_date_with(article: Article, index: ClaimIndex,
                                options: FactOptions = DEFAULT_OPTIONS, *,
                                people: People | None = None) -> InferredDate | None:
    """:func:`infer_publication_date` against a prepared :func:`index_claims` (the claims of
    ``article`` itself in the index are never used as evidence for its own date)."""
    if article.published_date is not None:
        return None
    text = article.text
    evidence: list[str] = []
    recent = timedelta(days=options.recent_days)
    names = index.names
    resolver = Resolver.of(text, people)
    dated = index.dated

    # 1. weekday + day + month: one candidate range per matching year
    candidates: list[Interval] | None = None
    for m in _WEEKDAY_DATE.finditer(text):
        month = month_number(m["mon"])
        wd = WEEKDAYS[m["wd"].lower()]
        if month is None:
            continue
        years = [y for y in range(1990, 2041)
                 if (d := safe_date(y, month, int(m["day"]))) is not None and d.weekday() == wd]
        ranges = [Interval(d, d + recent) for y in years
                  if (d := safe_date(y, month, int(m["day"]))) is not None]
        candidates = ranges if candidates is None else [
            r.intersect(c) for r in ranges for c in candidates if not r.intersect(c).empty]
        if years:
            evidence.append(f"{m.group(0)!r} is a {m['wd']} in "
                            f"{', '.join(str(y) for y in years if 2000 <= y <= 2035)}")

    # 2. anniversaries of events other articles date
    for m in _ANNIVERSARY.finditer(text):
        n_word = m["n"].lower()
        n = _ORDINAL_YEARS.get(n_word) or parse_number(n_word)
        if not n:
            continue
        who = m["who"]
        person = None
        if who.lower() in ("his", "her", "their"):
            person = resolver.pronoun(m.start("who"), who.lower())
        elif who.lower() != "the":
            person = resolver.name(re.sub(r"['’]s$", "", who))
        if person is None:
            continue
        attr = "died" if m["event"].lower() in ("death", "passing") else "born"
        events = [iv for aid, iv in index.events.get((attr, _norm(names, person)), ())
                  if aid != article.id]
        if not events:
            continue
        event = events[0]
        for e in events[1:]:
            if not event.intersect(e).empty:
                event = event.intersect(e)
        start = _add_years(event.start, n)
        rng = Interval(start, _add_years(event.end, n) + timedelta(days=options.anniversary_days))
        evidence.append(f"{m.group(0)!r}: {person} {attr} {event} (another article), so "
                        f"{n} year(s) later is {Interval(start, _add_years(event.end, n))}")
        if candidates is None:
            candidates = [rng]
        else:
            kept = [c.intersect(rng) for c in candidates if not c.intersect(rng).empty]
            if kept:
                candidates = kept
            else:
                evidence.append("(the anniversary does not fit the weekday; weekday kept)")

    # 3. the latest full date written in the text is not after publication
    latest_written: date | None = None
    for m in _FULL_DATE.finditer(text):
        if _FUTURE.search(text, max(0, m.start() - 60), m.start()):
            continue
        d = safe_date(int(m["year"] or m["year2"]), month_number(m["mon"] or m["mon2"]) or 0,
                      int(m["day"] or m["day2"]))
        if d and (latest_written is None or d > latest_written):
            latest_written = d
    for m in P.LIFESPAN.finditer(text):
        from .dates import parse_numeric_date

        d = parse_numeric_date(m["b"])
        if d and (latest_written is None or d > latest_written):
            latest_written = d
    if latest_written is not None:
        floor = Interval(latest_written, date(9999, 12, 31))
        if candidates is None:
            candidates = [floor]
            evidence.append(f"the text reports {latest_written.isoformat()}, so it is not older")
        else:
            kept = [c.intersect(floor) for c in candidates if not c.intersect(floor).empty]
            if kept:
                candidates = kept
    if candidates is not None and len(candidates) > 1:
        candidates = [_closest(candidates, list(dated.values()))]
        evidence.append(f"the year closest to the corpus's dated articles: {candidates[0]}")

    # 5. ages of people whose birth other articles fix (only without calendar evidence)
    anchored = candidates is not None
    if candidates is None and options.use_ages_for_dates:
        window: Interval | None = None
        for c in index.by_article.get(article.id, ()):
            if c.attribute != "age":
                continue
            age = parse_age_value(c.value)
            born = _birth_without(index, _norm(names, c.subject), article.id)
            if age is None or born is None:
                continue
            w = date_window_for_age(age[0], age[1], born)
            if window is None:
                window = w
            elif not window.intersect(w).empty:
                window = window.intersect(w)
            else:
                continue
            evidence.append(f"{c.subject} is {c.value} here; born {born} per other articles, "
                            f"so this is {w}")
        if window is not None:
            candidates = [window]
    if not candidates:
        return None
    rng = candidates[0]

    # 4. bare weekdays: the first such day after the range starts happened before publication,
    # at most recent_days before it
    base = rng.start
    dated_spans = [(w.start(), w.end()) for w in _WEEKDAY_DATE.finditer(text)]
    for m in _BARE_WEEKDAY.finditer(text) if anchored else ():
        if any(s <= m.start() < e for s, e in dated_spans):
            continue
        wd = WEEKDAYS[m["wd"].lower()]
        first = base + timedelta(days=(wd - base.weekday()) % 7)
        bounded = rng.intersect(Interval(first, first + recent))
        if bounded.empty:
            continue
        if bounded != rng:
            evidence.append(f"{m.group(0)!r} after {base.isoformat()} is {first.isoformat()}")
        rng = bounded
    if rng.end.year == 9999:
        end = rng.start + timedelta(days=30)
        evidence.append("assumed published within 30 days of the latest event it reports")
        rng = Interval(rng.start, end)
    return InferredDate(article.id, rng.start, rng.end, tuple(evidence))


_NAMES_CACHE: dict[int, tuple[Sequence[Claim], int, Mapping[str, str]]] = {}


def _corpus_names(claims: Sequence[Claim]) -> Mapping[str, str]:
    """The cross-article name map of ``claims``, cached for the last corpus seen (callers infer
    the dates of many undated articles against the same claim list)."""
    hit = _NAMES_CACHE.get(id(claims))
    if hit is not None and hit[0] is claims and hit[1] == len(claims):
        return hit[2]
    names = alias_map([c.subject for c in claims] +
                      [c.value for c in claims if c.attribute.endswith("_of")])
    _NAMES_CACHE.clear()
    _NAMES_CACHE[id(claims)] = (claims, len(claims), names)
    return names


def _add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # February 29
        return d.replace(year=d.year + n, day=28)


def _closest(candidates: list[Interval], dated: list[Interval]) -> Interval:
    if not dated:
        return max(candidates, key=lambda c: c.start)
    return min(candidates, key=lambda c: min(abs((c.start - d.start).days) for d in dated))
