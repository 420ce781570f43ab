"""Read-only queries the web UI needs for speed on large stores (100,000 articles).

Plain functions taking a ``Store``: batched ``IN`` lookups that skip article text, and the
per-story summary rows the stories index sorts and searches. Nothing here writes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..records import Claim, Conflict, Quote, ReuseCluster, Statement, Story
from ..serialize import from_json
from .db import Store


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(slots=True)
class ArticleRow:
    """An article without its text: what listings and charts need."""

    id: str
    outlet: str | None
    published: str | None
    title: str | None
    words: int
    external_id: str | None
    url: str | None

    @property
    def day(self) -> date | None:
        return _day(self.published)


def article_rows(store: Store, ids: Sequence[str]) -> list[ArticleRow]:
    """Light rows (no text) for ``ids``, by publication date (unknown dates last)."""
    rows: list[ArticleRow] = []
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        for row in store.connection.execute(
            "SELECT id, outlet, published, title, words, external_id, url FROM articles "
            f"WHERE id IN ({marks})", chunk,
        ):
            rows.append(ArticleRow(*row))
    rows.sort(key=lambda r: (r.published is None, r.published or "", r.id))
    return rows


def _load_in(store: Store, cls: type, sql: str, ids: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        out.extend(from_json(cls, row[0])
                   for row in store.connection.execute(sql.format(marks=marks), chunk))
    return out


def quotes_of_articles(store: Store, article_ids: Sequence[str]) -> list[Quote]:
    """The quotes of several articles, in article then position order."""
    quotes = _load_in(store, Quote, "SELECT data FROM quotes WHERE article_id IN ({marks}) "
                                    "ORDER BY article_id, idx", article_ids)
    return quotes


def quotes_by_speaker(store: Store, speaker: str) -> list[Quote]:
    """Quotes whose canonical speaker is exactly ``speaker``."""
    return [from_json(Quote, row[0]) for row in store.connection.execute(
        "SELECT data FROM quotes WHERE speaker = ? ORDER BY article_id, idx", (speaker,))]


def claims_of_articles(store: Store, article_ids: Sequence[str]) -> list[Claim]:
    return _load_in(store, Claim, "SELECT data FROM claims WHERE article_id IN ({marks})",
                    article_ids)


def statements_by_id(store: Store, ids: Sequence[str]) -> list[Statement]:
    return _load_in(store, Statement, "SELECT data FROM statements WHERE id IN ({marks})", ids)


def statement_ids_of_articles(store: Store, article_ids: Sequence[str]) -> list[str]:
    """Ids of the statements quoted by any of these articles."""
    found: dict[str, None] = {}
    for chunk in _chunks(list(article_ids)):
        marks = ",".join("?" * len(chunk))
        for (sid,) in store.connection.execute(
            f"SELECT DISTINCT statement_id FROM quotes WHERE article_id IN ({marks}) "
            "AND statement_id IS NOT NULL", chunk,
        ):
            found[sid] = None
    return list(found)


def clusters_by_id(store: Store, ids: Sequence[str]) -> list[ReuseCluster]:
    return _load_in(store, ReuseCluster, "SELECT data FROM reuse_clusters WHERE id IN ({marks})",
                    ids)


def cluster_ids_of_articles(store: Store, article_ids: Sequence[str]) -> list[str]:
    found: dict[str, None] = {}
    for chunk in _chunks(list(article_ids)):
        marks = ",".join("?" * len(chunk))
        for (cid,) in store.connection.execute(
            f"SELECT DISTINCT cluster_id FROM reuse_members WHERE article_id IN ({marks})", chunk,
        ):
            found[cid] = None
    return list(found)


def claims_of_subject(store: Store, subject: str) -> list[Claim]:
    return [from_json(Claim, row[0]) for row in store.connection.execute(
        "SELECT data FROM claims WHERE subject = ?", (subject,))]


def data_version(store: Store) -> tuple[int, int]:
    """Changes when another connection commits: the key of the web caches."""
    con = store.connection
    return (con.execute("PRAGMA data_version").fetchone()[0],
            con.execute("SELECT count(*) FROM stories").fetchone()[0])


@dataclass(slots=True)
class StorySummary:
    """One row of the stories index."""

    id: str
    title: str
    size: int
    first: date | None
    last: date | None
    people: tuple[str, ...]
    outlets: tuple[str, ...]
    conflicts: int = 0
    days: list[date] = field(default_factory=list)
    haystack: str = ""


@dataclass(slots=True)
class Overview:
    """Everything the index needs, computed once per store version."""

    stories: list[StorySummary]
    by_id: dict[str, StorySummary]
    conflicts_by_story: dict[str, list[str]]
    """Story id -> ids (``conflicts.id``) of the conflicts whose claims are in that story."""
    article_count: int
    people: dict[str, int]
    """Person -> number of stories mentioning them."""


def overview(store: Store) -> Overview:
    """Summaries of every story: sizes, outlets, people, conflict counts and article days."""
    con = store.connection
    stories: list[StorySummary] = []
    for row in con.execute("SELECT id, title, first, last, size, data FROM stories"):
        data = json.loads(row["data"])
        stories.append(StorySummary(
            id=row["id"], title=row["title"] or "(untitled story)", size=row["size"],
            first=_day(row["first"]), last=_day(row["last"]),
            people=tuple(data.get("people") or ()), outlets=tuple(data.get("outlets") or ()),
        ))
    by_id = {s.id: s for s in stories}
    titles: dict[str, list[str]] = defaultdict(list)
    for story_id, published, title, outlet in con.execute(
        "SELECT sa.story_id, a.published, a.title, a.outlet FROM story_articles sa "
        "JOIN articles a ON a.id = sa.article_id"
    ):
        summary = by_id.get(story_id)
        if summary is None:
            continue
        day = _day(published)
        if day is not None:
            summary.days.append(day)
        if title:
            titles[story_id].append(title)
        if outlet and outlet not in summary.outlets:
            summary.outlets = (*summary.outlets, outlet)
    conflicts_by_story: dict[str, list[str]] = defaultdict(list)
    for conflict_id, story_id in con.execute(
        "SELECT c.id, sa.story_id FROM conflicts c JOIN story_articles sa "
        "ON sa.article_id = json_extract(c.data, '$.claim_a.article_id')"
    ):
        conflicts_by_story[story_id].append(conflict_id)
    people: dict[str, int] = defaultdict(int)
    for summary in stories:
        summary.conflicts = len(conflicts_by_story.get(summary.id, ()))
        summary.days.sort()
        summary.haystack = " \n ".join(
            [summary.title, *summary.people, *summary.outlets, *titles.get(summary.id, ())]
        ).lower()
        for person in summary.people:
            people[person] += 1
    count = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    return Overview(stories, by_id, dict(conflicts_by_story), count, dict(people))


def conflicts_by_id(store: Store, ids: Sequence[str]) -> list[Conflict]:
    return _load_in(store, Conflict, "SELECT data FROM conflicts WHERE id IN ({marks})", ids)


def conflicts_of_subject(store: Store, subject: str) -> list[Conflict]:
    return [from_json(Conflict, row[0]) for row in store.connection.execute(
        "SELECT data FROM conflicts WHERE subject = ?", (subject,))]


def story_by_ref(store: Store, ref: str) -> Story | None:
    """A story by id or unique id prefix (``None`` when none or ambiguous)."""
    return store.story(ref)
