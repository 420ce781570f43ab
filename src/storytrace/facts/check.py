"""Consistency of claims across articles: contradictions and stale facts, by date arithmetic.

For each person (names resolved across articles with :func:`~.entities.alias_map`):

- every ``born`` claim and every dated ``age``/``age_at_death`` claim becomes an interval of
  possible birth days; two intervals that do not intersect are a **contradiction** (the
  explanation shows both computations);
- ``died`` claims are intersected the same way; a birth interval entirely after a death interval
  is a contradiction too;
- an age stated after the person's death is read as the age at death;
- when a contradiction's later claim repeats the value an article gave at least
  ``stale_min_days`` earlier ("35" a year on), or fits only dates between ``stale_min_days`` and
  ``stale_max_days`` before its own article's date, the later article's facts are reported as
  **stale**: one ``Conflict`` of kind ``"stale"`` per article, naming the window its numbers fit
  (several people's ages are intersected). A number off by years is a plain contradiction.

Dates: an article's publication day, else the range inferred for it
(:func:`~.infer.infer_publication_date`), else the claim's ``holds_at``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import Article, Claim, Conflict
from .dates import (
    Interval,
    birth_interval,
    date_window_for_age,
    parse_age_value,
    parse_interval,
)
from .entities import alias_map
from .infer import infer_publication_date
from .options import DEFAULT_OPTIONS, FactOptions
from .types import InferredDate

__all__ = ["check_claims", "article_dates", "canonical_names"]


@dataclass(frozen=True, slots=True)
class _Birth:
    claim: Claim
    interval: Interval
    reason: str
    at: Interval | None = None
    age: tuple[int, str] | None = None


def canonical_names(claims: Sequence[Claim]) -> Mapping[str, str]:
    """Cross-article canonical name of every person in ``claims`` (subjects and relations)."""
    people = [c.subject for c in claims]
    people += [c.value for c in claims if c.attribute.endswith("_of")]
    return alias_map(people)


def article_dates(articles: Mapping[str, Article],
                  inferred: Mapping[str, InferredDate] | None = None) -> dict[str, Interval]:
    """The date range of each article: its publication day, else its inferred range."""
    out: dict[str, Interval] = {}
    for aid, a in articles.items():
        if a.published_date is not None:
            out[aid] = Interval.day(a.published_date)
        elif inferred and aid in inferred:
            out[aid] = Interval(inferred[aid].earliest, inferred[aid].latest)
    return out


def _fmt_at(at: Interval, inferred: bool) -> str:
    s = at.start.isoformat() if at.start == at.end else \
        f"{at.start.isoformat()} to {at.end.isoformat()}"
    return s + (" (inferred date)" if inferred else "")


def _fmt_iv(iv: Interval) -> str:
    return iv.start.isoformat() if iv.start == iv.end else \
        f"{iv.start.isoformat()} to {iv.end.isoformat()}"


def check_claims(claims: Sequence[Claim], articles: Mapping[str, Article],
                 options: FactOptions = DEFAULT_OPTIONS, *,
                 inferred: Mapping[str, InferredDate] | None = None) -> list[Conflict]:
    """Contradictions and stale facts among ``claims`` (see the module docstring).

    ``inferred`` gives the date ranges of undated articles; when ``None`` they are inferred
    here with :func:`infer_publication_date`.
    """
    if inferred is None:
        inferred = {}
        for aid, a in articles.items():
            if a.published_date is None:
                guess = infer_publication_date(a, claims, articles, options)
                if guess is not None:
                    inferred[aid] = guess
    dates = article_dates(articles, inferred)
    names = canonical_names(claims)

    def at_of(c: Claim) -> Interval | None:
        if c.article_id in dates:
            return dates[c.article_id]
        return Interval.day(c.holds_at) if c.holds_at else None

    by_person: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_person[names.get(c.subject, c.subject)].append(c)

    conflicts: list[Conflict] = []
    stale: dict[str, list[tuple[Claim, Claim, Interval]]] = defaultdict(list)
    for person in sorted(by_person):
        pcs = by_person[person]
        deaths = [(c, iv) for c in pcs if c.attribute == "died"
                  and (iv := parse_interval(c.value)) is not None]
        death: Interval | None = None
        for i, (c, iv) in enumerate(deaths):
            for c2, iv2 in deaths[i + 1:]:
                if iv.intersect(iv2).empty and c.article_id != c2.article_id:
                    conflicts.append(Conflict(
                        "contradiction", c, c2,
                        f"{person}: died {_fmt_iv(iv)} ({c.article_id}) but died "
                        f"{_fmt_iv(iv2)} ({c2.article_id})"))
            death = iv if death is None else (death.intersect(iv) if not
                                              death.intersect(iv).empty else death)
        births: list[_Birth] = []
        for c in pcs:
            b = _birth_of(c, at_of(c), death, c.article_id in inferred)
            if b is not None:
                births.append(b)
        for a, b in _conflicting_pairs(births):
                first, second = (a, b) if _order(a) <= _order(b) else (b, a)
                conflicts.append(Conflict(
                    "contradiction", first.claim, second.claim,
                    f"{person}: {first.reason}; {second.reason}"))
                window = _stale_window(first, second)
                if window is None or second.at is None or first.at is None or \
                        first.claim.article_id == second.claim.article_id or \
                        not first.at.end < second.at.start:
                    continue
                lag = (second.at.start - window.end).days
                repeated = [b for b in births if b.claim.value == second.claim.value
                            and b.at is not None and b.claim.article_id != second.claim.article_id
                            and (second.at.start - b.at.end).days >= options.stale_min_days]
                if repeated or options.stale_min_days <= lag <= options.stale_max_days:
                    stale[second.claim.article_id].append(
                        (second.claim, repeated[0].claim if repeated else first.claim, window))
        if death is not None:
            for b in births:
                if b.interval.start > death.end:
                    conflicts.append(Conflict(
                        "contradiction", b.claim, deaths[0][0],
                        f"{person}: {b.reason}, after the death ({_fmt_iv(death)})"))
    for aid in sorted(stale):
        conflicts.extend(_stale_conflicts(aid, stale[aid], dates.get(aid), aid in inferred))
    return conflicts


def _conflicting_pairs(births: list[_Birth]) -> list[tuple[_Birth, _Birth]]:
    """Pairs of birth intervals that cannot both hold, one per outlying claim.

    The day covered by the most intervals is the consensus (ties: the earliest such day, i.e.
    the earliest-stated facts); each claim that misses it is paired with the consensus claim it
    contradicts that was stated closest in time. A person with n claims gives at most n - 1
    conflicts, not n^2.
    """
    if len(births) < 2:
        return []
    events = sorted([(b.interval.start, 0) for b in births] +
                    [(b.interval.end, 1) for b in births])
    best, count, best_day = -1, 0, births[0].interval.start
    for day, kind in events:
        if kind == 0:
            count += 1
            if count > best:
                best, best_day = count, day
        else:
            count -= 1
    majority = [b for b in births if b.interval.contains(best_day)]
    pairs = []
    for o in births:
        if o.interval.contains(best_day):
            continue
        disjoint = [m for m in majority if m.interval.intersect(o.interval).empty
                    and not (m.claim.article_id == o.claim.article_id
                             and m.claim.value == o.claim.value)]
        if not disjoint:
            continue
        def distance(m: _Birth, o: _Birth = o) -> tuple:
            ma, oa = _order(m)[0], _order(o)[0]
            return (abs((ma - oa).days), m.claim.article_id)
        pairs.append((min(disjoint, key=distance), o))
    return pairs


def _order(b: _Birth) -> tuple:
    at = b.at
    return (at.start if at else b.interval.start, b.claim.article_id)


def _birth_of(c: Claim, at: Interval | None, death: Interval | None,
              inferred: bool) -> _Birth | None:
    if c.attribute == "born":
        iv = parse_interval(c.value)
        if iv is None:
            return None
        return _Birth(c, iv, f"born {c.value} per {c.article_id} (\"{c.evidence}\")")
    if c.attribute not in ("age", "age_at_death"):
        return None
    age = parse_age_value(c.value)
    if age is None:
        return None
    when = at
    label = ""
    if c.attribute == "age_at_death" or (
            death is not None and at is not None and at.start > death.end):
        if death is None:
            return None
        when, label = death, " at death"
    if when is None:
        return None
    try:
        iv = birth_interval(age[0], age[1], when)
    except (OverflowError, ValueError):
        return None
    where = _fmt_at(when, inferred and not label)
    return _Birth(c, iv, f"{c.value}{label} on {where} means born {_fmt_iv(iv)} "
                         f"({c.article_id}: \"{c.evidence}\")", when, age)


def _stale_window(first: _Birth, second: _Birth) -> Interval | None:
    """When ``second`` (the later claim) states a younger age than ``first`` allows: the dates
    at which ``second``'s age would be right."""
    if second.age is None or second.at is None:
        return None
    if second.interval.start <= first.interval.end:
        return None  # the later claim makes the person older: not stale, just wrong
    try:
        return date_window_for_age(second.age[0], second.age[1], first.interval)
    except (OverflowError, ValueError):
        return None


def _stale_conflicts(aid: str, items: list[tuple[Claim, Claim, Interval]],
                     at: Interval | None, inferred: bool) -> list[Conflict]:
    seen: dict[str, tuple[Claim, Claim, Interval]] = {}
    for claim, ref, window in items:
        key = claim.subject + claim.value
        if key in seen:
            prev = seen[key]
            both = prev[2].intersect(window)
            seen[key] = (claim, ref, both if not both.empty else prev[2])
        else:
            seen[key] = (claim, ref, window)
    values = list(seen.values())
    window = values[0][2]
    for _, _, w in values[1:]:
        window = window.intersect(w)
    own = _fmt_at(at, inferred) if at else "its date"
    parts = "; ".join(
        f"{c.subject} {c.value} fits {_fmt_iv(w)}"
        + (f" (the value {r.article_id} gave on {r.holds_at.isoformat()})"
           if r.value == c.value and r.holds_at else "")
        for c, r, w in values)
    common = (f"together they fit {_fmt_iv(window)}" if not window.empty
              else "each fits a date before its own")
    return [Conflict("stale", values[0][0], values[0][1],
                     f"article {aid} ({own}) looks stale: its ages fit dates before its own "
                     f"({common}): {parts}")]
