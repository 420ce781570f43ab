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

from ..records import (
    Claim,
    Conflict,
    Quote,
    ReuseCluster,
    Statement,
    Story,
)
from ..serialize import from_dict, from_json
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
    lead: str = ""
    """The first characters of the text (a headline stand-in when the title is missing)."""
    inferred: tuple[date, date] | None = None
    """Earliest and latest possible day when the date is unknown but was inferred."""
    alias: str | None = None
    """A display name for an article with neither outlet nor URL (set by the page)."""

    @property
    def day(self) -> date | None:
        """The publication day, else the middle of the inferred range."""
        day = _day(self.published)
        if day is None and self.inferred:
            first, last = self.inferred
            day = first + (last - first) / 2
        return day

    @property
    def source(self) -> str:
        """The outlet, else the URL's host, else the external id: a label for lanes and legends."""
        if self.outlet:
            return self.outlet
        if self.url and "//" in self.url:
            host = self.url.split("//", 1)[1].split("/", 1)[0]
            if host:
                return host
        return self.alias or f"source {self.external_id or self.id[:8]}"

    @property
    def headline(self) -> str:
        if self.title:
            return self.title
        lead = " ".join(self.lead.split())
        if len(lead) > 90:
            lead = lead[:90].rsplit(" ", 1)[0] + "…"
        return lead or "(no title)"


def article_rows(store: Store, ids: Sequence[str]) -> list[ArticleRow]:
    """Light rows (no text) for ``ids``, by date (inferred when unknown; unknown last)."""
    rows: list[ArticleRow] = []
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        found = {}
        for row in store.connection.execute(
            "SELECT id, outlet, published, title, words, external_id, url, "
            f"CASE WHEN title IS NULL OR title = '' THEN substr(text, 1, 200) ELSE '' END "
            f"FROM articles WHERE id IN ({marks})", chunk,
        ):
            found[row[0]] = ArticleRow(*row)
        missing = [i for i, r in found.items() if r.published is None]
        if missing:
            marks = ",".join("?" * len(missing))
            for article_id, data in store.connection.execute(
                f"SELECT article_id, data FROM inferred_dates WHERE article_id IN ({marks})",
                missing,
            ):
                value = json.loads(data)
                first, last = _day(value.get("earliest")), _day(value.get("latest"))
                if first and last:
                    found[article_id].inferred = (first, last)
        rows.extend(found.values())
    rows.sort(key=lambda r: (r.day is None, r.day or date.max, r.id))
    return rows


def _load_in(store: Store, cls: type, sql: str, ids: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        out.extend(from_json(cls, row[0])
                   for row in store.connection.execute(sql.format(marks=marks), chunk))
    return out


def raw_in(store: Store, sql: str, ids: Sequence[str]) -> list[Any]:
    """``json.loads`` of the first column of ``sql`` (with ``{marks}``) over ``ids``, batched.

    The records' stored JSON is their external shape already: the JSON twins use it as is.
    """
    out: list[Any] = []
    for chunk in _chunks(list(ids)):
        marks = ",".join("?" * len(chunk))
        out.extend(json.loads(row[0])
                   for row in store.connection.execute(sql.format(marks=marks), chunk))
    return out


def quote_rows(store: Store, article_ids: Sequence[str]) -> list[tuple[str, int, str | None, str]]:
    """``(article_id, idx, speaker, json)`` of the quotes of several articles (parse lazily)."""
    out: list[tuple[str, int, str | None, str]] = []
    for chunk in _chunks(list(article_ids)):
        marks = ",".join("?" * len(chunk))
        out.extend(tuple(row) for row in store.connection.execute(
            f"SELECT article_id, idx, speaker, data FROM quotes WHERE article_id IN ({marks})",
            chunk))
    return out


def quotes_by_speaker(store: Store, speaker: str) -> list[Quote]:
    """Quotes whose canonical speaker is exactly ``speaker``."""
    return [quote_from(json.loads(row[0])) for row in store.connection.execute(
        "SELECT data FROM quotes WHERE speaker = ? ORDER BY article_id, idx", (speaker,))]


def claim_from(data: dict[str, Any]) -> Claim:
    """A ``Claim`` from its stored JSON."""
    return from_dict(Claim, data)


def quote_from(data: dict[str, Any]) -> Quote:
    """A ``Quote`` from its stored JSON."""
    return from_dict(Quote, data)


def statement_from(data: dict[str, Any]) -> Statement:
    """A ``Statement`` from its stored JSON."""
    return from_dict(Statement, data)


def cluster_from(data: dict[str, Any]) -> ReuseCluster:
    """A ``ReuseCluster`` from its stored JSON."""
    return from_dict(ReuseCluster, data)


def claims_of_articles(store: Store, article_ids: Sequence[str]) -> list[Claim]:
    return [claim_from(d) for d in raw_in(
        store, "SELECT data FROM claims WHERE article_id IN ({marks})", article_ids)]


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
    return [claim_from(json.loads(row[0])) for row in store.connection.execute(
        "SELECT data FROM claims WHERE subject = ?", (subject,))]


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
    outlets: dict[str, int] = field(default_factory=dict)
    """Outlet -> number of articles, most first."""
    orders: dict[str, list[StorySummary]] = field(default_factory=dict)
    """Sort name -> the stories in that order (filled by the web index, once per key)."""
    top_people: list[tuple[str, int]] = field(default_factory=list)
    """The people in most stories, most first."""


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
    outlets = {outlet: n for outlet, n in con.execute(
        "SELECT outlet, count(*) AS n FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
        "ORDER BY n DESC, outlet")}
    count = sum(outlets.values()) + con.execute(
        "SELECT count(*) FROM articles WHERE outlet IS NULL").fetchone()[0]
    top_people = sorted(people.items(), key=lambda kv: (-kv[1], kv[0]))[:50]
    return Overview(stories, by_id, dict(conflicts_by_story), count, dict(people), outlets,
                    top_people=top_people)


def conflicts_by_id(store: Store, ids: Sequence[str]) -> list[Conflict]:
    return _load_in(store, Conflict, "SELECT data FROM conflicts WHERE id IN ({marks})", ids)


def conflicts_of_subject(store: Store, subject: str) -> list[Conflict]:
    return [from_json(Conflict, row[0]) for row in store.connection.execute(
        "SELECT data FROM conflicts WHERE subject = ?", (subject,))]


def story_by_ref(store: Store, ref: str) -> Story | None:
    """A story by id or unique id prefix (``None`` when none or ambiguous); uses the key index."""
    con = store.connection
    rows = con.execute("SELECT data FROM stories WHERE id = ?", (ref,)).fetchall()
    if not rows and ref:
        rows = con.execute("SELECT data FROM stories WHERE id >= ? AND id < ? LIMIT 2",
                           (ref, ref + "\U0010ffff")).fetchall()
    return story_from(json.loads(rows[0][0])) if len(rows) == 1 else None


def date_or_none(value: str | None) -> date | None:
    """An ISO date (or the day of an ISO datetime); ``None`` when absent or malformed."""
    return _day(value)


def story_from(data: dict[str, Any]) -> Story:
    """A ``Story`` from its stored JSON."""
    return from_dict(Story, data)
