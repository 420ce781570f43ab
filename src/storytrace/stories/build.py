"""Turn a clustered story into its ``Story`` record: title, people, outlets and episodes."""

from __future__ import annotations

import math
from datetime import date

from ..records import Episode, Story
from .features import content_buckets
from .options import StoryOptions
from .state import Cluster, Member

_NOT_PERSON_WORDS = frozenset(
    "center centre institute university college school hospital clinic survey service "
    "department ministry agency office council court police province state county city town "
    "island islands bridge street road avenue square park river lake mountain coast bay port "
    "harbor harbour airport station act party club team league association union company corp "
    "inc ltd group bank news post times herald ledger courier gazette star wire weekly daily "
    "press radio television tv network church cathedral museum hall house senate congress "
    "parliament committee commission foundation fund prize award awards cup games festival "
    "tour show series north south east west northern southern eastern western new saint st "
    "united national international federal royal general lane row point supplies freight "
    "constabulary hour".split()
)


def _looks_like_person(span: str) -> bool:
    """A cheap filter for people among capitalised spans: two to four words, none of them an
    organisation, place or title word (people from other stages, when given, are used instead)."""
    words = span.split()
    if not 2 <= len(words) <= 4:
        return False
    return not any(w.lower().strip(".") in _NOT_PERSON_WORDS or w.isupper() for w in words)


def _title(cluster: Cluster, people: tuple[str, ...]) -> str:
    """The most central headline, or one built from the main people and event words."""
    best: tuple[float, int] | None = None
    best_title = None
    for i, member in enumerate(cluster.members):
        title = (member.title or "").strip()
        if not title:
            continue
        buckets = content_buckets(title)
        if not buckets:
            continue
        score = sum(cluster.words.get(b, 0.0) for b in set(buckets)) / math.sqrt(len(buckets))
        key = (score, -i)
        if best is None or key > best:
            best, best_title = key, title
    if best_title:
        return best_title
    words = [w for w, _ in cluster.vocab.most_common(8)]
    names = list(people[:2])
    lowered = " ".join(names).lower()
    event = [w for w in words if w not in lowered][:3]
    if names and event:
        return f"{' and '.join(names)}: {', '.join(event)}"
    if names:
        return " and ".join(names)
    if event:
        return ", ".join(event).capitalize()
    return f"Story {cluster.id}"


def episodes(members: list[Member], gap_days: float) -> tuple[Episode, ...]:
    """Bursts of coverage: dated members split where the gap exceeds ``gap_days``.

    Undated members form a last episode with unknown dates (they cannot be placed in time).
    """
    dated = sorted((m for m in members if m.day is not None), key=lambda m: m.day or 0)
    undated = [m for m in members if m.day is None]
    groups: list[list[Member]] = []
    for m in dated:
        if groups and (m.day or 0) - (groups[-1][-1].day or 0) <= gap_days:
            groups[-1].append(m)
        else:
            groups.append([m])
    out = [
        Episode(index=i, article_ids=tuple(m.article_id for m in g),
                first=date.fromordinal(g[0].day or 1), last=date.fromordinal(g[-1].day or 1))
        for i, g in enumerate(groups)
    ]
    if undated:
        out.append(Episode(index=len(out), article_ids=tuple(m.article_id for m in undated),
                           first=None, last=None))
    return tuple(out)


def build_story(cluster: Cluster, options: StoryOptions) -> Story:
    """The ``Story`` record of one cluster (reuse/statement/claim ids are left empty)."""
    if cluster.people:
        people = tuple(p for p, _ in cluster.people.most_common(5))
    else:
        people = tuple(s for s, n in cluster.spans.most_common(12)
                       if (n >= 2 or len(cluster.members) == 1) and _looks_like_person(s))[:5]
    outlets = tuple(dict.fromkeys(m.outlet for m in cluster.members if m.outlet))
    ordered = sorted(cluster.members, key=lambda m: (m.day is None, m.day or 0))
    return Story(
        id=cluster.id,
        title=_title(cluster, people),
        article_ids=tuple(m.article_id for m in ordered),
        first=date.fromordinal(cluster.first) if cluster.first is not None else None,
        last=date.fromordinal(cluster.last) if cluster.last is not None else None,
        people=people,
        outlets=outlets,
        episodes=episodes(cluster.members, options.follow_up_gap_days),
    )
