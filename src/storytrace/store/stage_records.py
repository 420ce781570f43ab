"""Reading and writing the stages' records (quotes, claims, reuse, statements, stories, ...).

Each record is kept whole as JSON (``serialize``) beside the few columns that queries filter on.
Writers replace a stage's records for the given articles (or all of them) and must run inside
``Store.atomic()`` together with the stage's watermark, so a killed run never half-writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..records import (
    AlignedPair,
    Claim,
    Conflict,
    Quote,
    ReuseCluster,
    Statement,
    Story,
    stable_hash,
)
from ..serialize import from_json, to_json


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def conflict_id(conflict: Conflict) -> str:
    """A stable id for a conflict: its kind and the claims it joins."""
    b = conflict.claim_b
    return stable_hash(
        conflict.kind, conflict.claim_a.article_id, conflict.claim_a.id,
        b.article_id if b else None, b.id if b else None,
    )


class StageRecords:
    """Mixin of ``Store``: the stage records. ``self.connection`` is the SQLite connection."""

    connection: sqlite3.Connection

    # ------------------------------------------------------------ per-article records
    def _delete_for_articles(self, con: sqlite3.Connection, table: str,
                             article_ids: Sequence[str]) -> None:
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            con.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)

    def replace_quotes(self, con: sqlite3.Connection, article_ids: Sequence[str],
                       quotes: Iterable[Quote]) -> None:
        """Replace the quotes of ``article_ids`` (inside a transaction)."""
        self._delete_for_articles(con, "quotes", article_ids)
        counters: dict[str, int] = {}
        rows = []
        for quote in quotes:
            idx = counters.get(quote.article_id, 0)
            counters[quote.article_id] = idx + 1
            rows.append((quote.article_id, idx, quote.speaker.name, quote.speaker.kind,
                         quote.statement_id, to_json(quote)))
        con.executemany("INSERT INTO quotes VALUES (?,?,?,?,?,?)", rows)

    def replace_claims(self, con: sqlite3.Connection, article_ids: Sequence[str],
                       claims: Iterable[Claim]) -> None:
        """Replace the claims of ``article_ids`` (inside a transaction)."""
        self._delete_for_articles(con, "claims", article_ids)
        con.executemany(
            "INSERT OR REPLACE INTO claims VALUES (?,?,?,?,?)",
            [(c.id, c.article_id, c.subject, c.attribute, to_json(c)) for c in claims],
        )

    def replace_inferred_dates(self, con: sqlite3.Connection, dates: dict[str, Any]) -> None:
        con.execute("DELETE FROM inferred_dates")
        con.executemany("INSERT INTO inferred_dates VALUES (?, ?)",
                        [(article_id, to_json(value)) for article_id, value in dates.items()])

    # ------------------------------------------------------------ corpus-wide records
    def replace_statements(self, con: sqlite3.Connection, statements: Iterable[Statement],
                           quotes: Iterable[Quote]) -> None:
        """Replace all statements, and rewrite the quotes whose ``statement_id`` changed."""
        con.execute("DELETE FROM statements")
        con.executemany(
            "INSERT INTO statements VALUES (?,?,?,?)",
            [(s.id, s.speaker.name, s.first_article_id, to_json(s)) for s in statements],
        )
        by_article: dict[str, list[Quote]] = {}
        for quote in quotes:
            by_article.setdefault(quote.article_id, []).append(quote)
        for article_id, article_quotes in by_article.items():
            self.replace_quotes(con, [article_id], article_quotes)

    def add_reuse_pairs(self, con: sqlite3.Connection, pairs: Iterable[AlignedPair]) -> None:
        rows = []
        counters: dict[tuple[str, str], int] = {}
        for pair in pairs:
            key = (pair.a.article_id, pair.b.article_id)
            idx = counters.get(key)
            if idx is None:
                idx = con.execute(
                    "SELECT coalesce(max(idx) + 1, 0) FROM reuse_pairs "
                    "WHERE a_article = ? AND b_article = ?", key,
                ).fetchone()[0]
            counters[key] = idx + 1
            rows.append((*key, idx, to_json(pair)))
        con.executemany("INSERT INTO reuse_pairs VALUES (?,?,?,?)", rows)

    def clear_reuse(self, con: sqlite3.Connection) -> None:
        for table in ("reuse_pairs", "reuse_clusters", "reuse_members"):
            con.execute(f"DELETE FROM {table}")

    def replace_clusters(self, con: sqlite3.Connection, clusters: Iterable[ReuseCluster]) -> None:
        con.execute("DELETE FROM reuse_clusters")
        con.execute("DELETE FROM reuse_members")
        for cluster in clusters:
            con.execute("INSERT INTO reuse_clusters VALUES (?,?,?,?)",
                        (cluster.id, len(cluster.members), cluster.origin, to_json(cluster)))
            con.executemany(
                "INSERT INTO reuse_members VALUES (?,?,?,?)",
                [(cluster.id, m.passage.article_id, m.passage.start, m.passage.end)
                 for m in cluster.members],
            )

    def replace_conflicts(self, con: sqlite3.Connection, conflicts: Iterable[Conflict]) -> None:
        con.execute("DELETE FROM conflicts")
        con.executemany(
            "INSERT OR REPLACE INTO conflicts VALUES (?,?,?,?)",
            [(conflict_id(c), c.kind, c.claim_a.subject, to_json(c)) for c in conflicts],
        )

    def replace_stories(self, con: sqlite3.Connection, stories: Iterable[Story]) -> None:
        con.execute("DELETE FROM stories")
        con.execute("DELETE FROM story_articles")
        for story in stories:
            con.execute(
                "INSERT INTO stories VALUES (?,?,?,?,?,?)",
                (story.id, story.title, story.first.isoformat() if story.first else None,
                 story.last.isoformat() if story.last else None, len(story.article_ids),
                 to_json(story)),
            )
            con.executemany("INSERT OR REPLACE INTO story_articles VALUES (?, ?)",
                            [(story.id, a) for a in story.article_ids])

    def replace_digests(self, con: sqlite3.Connection, digests: Iterable[Any]) -> None:
        con.execute("DELETE FROM digests")
        con.executemany("INSERT INTO digests VALUES (?, ?)",
                        [(d.story_id, to_json(d)) for d in digests])

    # ------------------------------------------------------------ readers
    def _load(self, cls: type, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return [from_json(cls, row[0]) for row in self.connection.execute(sql, params)]

    def quotes(self, *, article_id: str | None = None, speaker: str | None = None,
               statement_id: str | None = None) -> list[Quote]:
        """Stored quotes, filtered; in article then position order."""
        where, params = _where(article_id=article_id, statement_id=statement_id)
        if speaker:
            where.append("speaker LIKE ?")
            params.append(f"%{speaker}%")
        return self._load(Quote, f"SELECT data FROM quotes {_sql_where(where)} "
                                 "ORDER BY article_id, idx", params)

    def claims(self, *, article_id: str | None = None, subject: str | None = None) -> list[Claim]:
        where, params = _where(article_id=article_id)
        if subject:
            where.append("subject = ?")
            params.append(subject)
        return self._load(Claim, f"SELECT data FROM claims {_sql_where(where)} "
                                 "ORDER BY subject, attribute", params)

    def statements(self) -> list[Statement]:
        return self._load(Statement, "SELECT data FROM statements ORDER BY id")

    def statement(self, statement_id: str) -> Statement | None:
        found = self._load(Statement, "SELECT data FROM statements WHERE id = ?", (statement_id,))
        return found[0] if found else None

    def reuse_pairs(self) -> list[AlignedPair]:
        return self._load(AlignedPair, "SELECT data FROM reuse_pairs ORDER BY a_article, "
                                       "b_article, idx")

    def clusters(self, *, article_id: str | None = None) -> list[ReuseCluster]:
        if article_id:
            return self._load(
                ReuseCluster,
                "SELECT data FROM reuse_clusters WHERE id IN (SELECT cluster_id FROM "
                "reuse_members WHERE article_id = ?) ORDER BY size DESC, id", (article_id,),
            )
        return self._load(ReuseCluster, "SELECT data FROM reuse_clusters ORDER BY size DESC, id")

    def conflicts(self) -> list[Conflict]:
        return self._load(Conflict, "SELECT data FROM conflicts ORDER BY subject, id")

    def stories(self) -> list[Story]:
        return self._load(Story, "SELECT data FROM stories ORDER BY size DESC, first, id")

    def story(self, ref: str) -> Story | None:
        found = self._load(Story, "SELECT data FROM stories WHERE id = ? OR id LIKE ? LIMIT 2",
                           (ref, ref.replace("%", "") + "%"))
        return found[0] if len(found) == 1 else None

    def story_of(self, article_id: str) -> str | None:
        row = self.connection.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def digest_json(self, story_id: str) -> dict[str, Any] | None:
        row = self.connection.execute("SELECT data FROM digests WHERE story_id = ?",
                                      (story_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def inferred_dates_json(self) -> dict[str, dict[str, Any]]:
        return {a: json.loads(d) for a, d in
                self.connection.execute("SELECT article_id, data FROM inferred_dates")}


def _where(**filters: Any) -> tuple[list[str], list[Any]]:
    where, params = [], []
    for column, value in filters.items():
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return where, params


def _sql_where(where: list[str]) -> str:
    return ("WHERE " + " AND ".join(where)) if where else ""
