"""Dormant stories out of memory: a SQLite tier for frozen dormant stories and their index.

A story with no article for ``active_days`` goes dormant: it is compacted and frozen
(:meth:`~storytrace.stories.state.Cluster.freeze`) and only a follow-up can wake it. With a
:class:`DormantStore`, the frozen story then leaves memory: its packed bytes, its few people and
dates go to one row of an SQLite database, and its entity keys (the dormant index) to another
table. What stays in memory is a fixed-size array of how many dormant stories hold each hash
bucket (4 MiB, whatever the corpus size), so that keys too common to tell stories apart are
skipped without a query, as the in-memory index does. So the memory of a streaming run is
bounded by the active window, not by the number of stories seen.

By default the database is SQLite's private temporary file (``path=""``: deleted when the
connection closes; pages beyond a 2 MiB cache live on disk). A caller can give a file path
instead; its tables are replaced. The store is a cache of the state, not its durable form:
:meth:`StoryState.to_bytes <storytrace.stories.state.StoryState.to_bytes>` writes the dormant
stories with the rest.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from .features import N_BUCKETS

if TYPE_CHECKING:
    from .state import Cluster

_SCHEMA = (
    "DROP TABLE IF EXISTS story",
    "DROP TABLE IF EXISTS posting",
    "CREATE TABLE story (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " rank INTEGER NOT NULL, head TEXT NOT NULL, packed BLOB NOT NULL)",
    "CREATE INDEX story_rank ON story (rank)",
    "CREATE TABLE posting (key INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " PRIMARY KEY (key, seq)) WITHOUT ROWID",
)
_CHUNK = 500
"""Parameters per ``IN (...)`` query (SQLite allows 999 in old builds)."""
_RECENT = 256
"""Stories read back lately, kept in memory: the articles of one new story probe the same
dormant stories one after the other."""


class DormantStore:
    """Frozen dormant stories and their entity index in SQLite (see the module docstring)."""

    def __init__(self, path: str = "") -> None:
        self.path = path
        self._con = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-2048",
                       "temp_store=FILE"):
            self._con.execute(f"PRAGMA {pragma}")
        for statement in _SCHEMA:
            self._con.execute(statement)
        self.sizes = array("i", bytes(4 * N_BUCKETS))
        """Hash bucket -> how many stored stories hold it (the length of its posting)."""
        self._count = 0
        self._rank = 0
        self._recent: OrderedDict[str, Cluster] = OrderedDict()

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        """Close the database (a temporary one is deleted)."""
        self._con.close()

    # -- stories ----------------------------------------------------------------------------
    def put(self, cluster: Cluster) -> None:
        """Store a frozen dormant story (the caller drops it from memory)."""
        assert cluster.packed is not None and cluster.dormant
        emb = None
        if cluster.emb is not None:
            from .state import encode_vector

            emb = encode_vector(cluster.emb)
        head = json.dumps([cluster.wnorm, cluster.enorm, cluster.first, cluster.last,
                           dict(cluster.people), emb, cluster.emb_norm,
                           list(cluster.index_keys)], separators=(",", ":"))
        self._rank += 1
        con = self._con
        con.execute("INSERT INTO story VALUES (?, ?, ?, ?, ?)",
                    (cluster.seq, cluster.id, self._rank, head, cluster.packed))
        keys = set(cluster.index_keys)
        con.executemany("INSERT INTO posting VALUES (?, ?)", ((k, cluster.seq) for k in keys))
        sizes = self.sizes
        for k in keys:
            sizes[k] += 1
        self._count += 1

    def get(self, story_id: str) -> Cluster | None:
        """The stored story (a frozen ``Cluster``, shared with other readers until it leaves
        the store: do not change it), or None."""
        recent = self._recent
        cluster = recent.get(story_id)
        if cluster is not None:
            recent.move_to_end(story_id)
            return cluster
        row = self._con.execute("SELECT seq, id, head, packed FROM story WHERE id = ?",
                                (story_id,)).fetchone()
        if row is None:
            return None
        cluster = recent[story_id] = _cluster(*row)
        if len(recent) > _RECENT:
            recent.popitem(last=False)
        return cluster

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._recent or self._con.execute(
            "SELECT 1 FROM story WHERE id = ?", (story_id,)).fetchone() is not None

    def remove(self, story_id: str) -> Cluster | None:
        """Take a story out of the store (woken or forgotten); return it, or None."""
        cluster = self.get(story_id)
        if cluster is None:
            return None
        del self._recent[story_id]
        con = self._con
        con.execute("DELETE FROM story WHERE seq = ?", (cluster.seq,))
        keys = set(cluster.index_keys)
        con.executemany("DELETE FROM posting WHERE key = ? AND seq = ?",
                        ((k, cluster.seq) for k in keys))
        sizes = self.sizes
        for k in keys:
            sizes[k] -= 1
        self._count -= 1
        return cluster

    def ids(self) -> list[str]:
        """Ids of the stored stories, least recently active first."""
        return [r[0] for r in self._con.execute("SELECT id FROM story ORDER BY rank")]

    def oldest(self) -> str | None:
        """The least recently active stored story."""
        row = self._con.execute("SELECT id FROM story ORDER BY rank LIMIT 1").fetchone()
        return None if row is None else row[0]

    def stories(self) -> Iterator[Cluster]:
        """Every stored story (frozen), least recently active first."""
        for row in self._con.execute("SELECT seq, id, head, packed FROM story ORDER BY rank"):
            yield _cluster(*row)

    def ids_of(self, seqs: list[int]) -> dict[int, str]:
        """Creation number -> id of the given stored stories."""
        out: dict[int, str] = {}
        for i in range(0, len(seqs), _CHUNK):
            part = seqs[i:i + _CHUNK]
            out.update(self._con.execute(
                f"SELECT seq, id FROM story WHERE seq IN ({','.join('?' * len(part))})", part))
        return out

    # -- index ------------------------------------------------------------------------------
    def postings(self, keys: Iterable[int], max_posting: int) -> dict[int, array]:
        """Key -> ``array('i')`` of the creation numbers of the stored stories holding it, for
        the keys held by 1 to ``max_posting`` stories (the others are not read)."""
        sizes = self.sizes
        wanted = [k for k in keys if 0 < sizes[k] <= max_posting]
        out: dict[int, array] = {}
        for i in range(0, len(wanted), _CHUNK):
            part = wanted[i:i + _CHUNK]
            for key, seq in self._con.execute(
                    f"SELECT key, seq FROM posting WHERE key IN ({','.join('?' * len(part))})",
                    part):
                posting = out.get(key)
                if posting is None:
                    out[key] = array("i", (seq,))
                else:
                    posting.append(seq)
        return out


def _cluster(seq: int, story_id: str, head: str, packed: bytes) -> Cluster:
    from .state import Cluster, decode_vector

    wnorm, enorm, first, last, people, emb, emb_norm, index_keys = json.loads(head)
    cluster = Cluster(id=story_id, seq=seq, wnorm=wnorm, enorm=enorm, first=first, last=last,
                      people=Counter(people), dormant=True, index_keys=tuple(index_keys),
                      indexed_dormant=True, packed=bytes(packed))
    if emb is not None:
        cluster.emb = decode_vector(emb)
        cluster.emb_norm = emb_norm
    return cluster
