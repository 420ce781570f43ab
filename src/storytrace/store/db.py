"""The embedded store: one SQLite file in WAL mode, written only inside transactions.

Each input file is ingested in its own transaction, so a crash (even SIGKILL) leaves every file
either wholly stored or not at all, and re-running the same command completes the job.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..errors import ReadError, StoreError
from ..records import Article, Source
from .migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from .stage_records import StageRecords

DEFAULT_DB = "storytrace.db"
BLOB_PIECE = 256 * 1024 * 1024  # below SQLite's default limit on one value (1e9 bytes)
_CHUNKED = b"storytrace-pieces:"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_ARTICLE_COLUMNS = (
    "id, revision, content_hash, outlet, url, published, title, text, words, external_id, "
    "source_path, source_line, source_record, seq"
)


@dataclass(slots=True)
class FileSummary:
    """What ingesting one file did."""

    path: str
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    rejected: list[ReadError] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def stored(self) -> int:
        return self.new + self.revised


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _date_to_text(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date_from_text(value: str | None) -> date | datetime | None:
    if not value:
        return None
    if "T" in value:
        return datetime.fromisoformat(value)
    return date.fromisoformat(value)


_ARTICLE_COLUMNS_BUT_TEXT = ("id, outlet, url, published, title, source_path, source_line, "
                             "source_record, external_id")


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"],
        outlet=row["outlet"],
        url=row["url"],
        published=_date_from_text(row["published"]),
        title=row["title"],
        text=row["text"],
        source=Source(row["source_path"], row["source_line"], row["source_record"])
        if row["source_path"]
        else None,
        external_id=row["external_id"],
    )


class Store(StageRecords):
    """A storytrace database. Use ``Store.open(path)``; it is a context manager."""

    def __init__(self, connection: sqlite3.Connection, path: str, readonly: bool) -> None:
        self.connection = connection
        self.path = path
        self.readonly = readonly

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at ``path``.

        Raises ``StoreError`` when the file is not a storytrace database or is from a newer
        storytrace.
        """
        path = str(path)
        file = Path(path)
        if file.is_dir():
            raise StoreError(f"{path} is a folder, not a database file; give --db a file path")
        if file.exists() and file.stat().st_size > 0:
            with file.open("rb") as handle:
                if handle.read(16) != _SQLITE_MAGIC:
                    raise StoreError(
                        f"{path} is not a storytrace database (not SQLite at all); "
                        "choose another file with --db"
                    )
        elif readonly:
            raise StoreError(f"{path} does not exist; run `storytrace ingest` first")
        try:
            if readonly:
                connection = sqlite3.connect(
                    f"file:{file.resolve()}?mode=ro", uri=True, isolation_level=None,
                    check_same_thread=False,
                )
            else:
                connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            store = cls(connection, path, readonly)
            store._prepare()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path} cannot be opened as a storytrace database: {exc}") from exc
        return store

    def _prepare(self) -> None:
        con = self.connection
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(
                f"{self.path} is an SQLite database of another program, not a storytrace "
                "database; choose another file with --db"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer storytrace (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade storytrace"
            )
        if self.readonly:
            if version < SCHEMA_VERSION:
                raise StoreError(f"{self.path} needs a migration; open it once read-write")
            return
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA busy_timeout=10000")
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        con = self.connection
        con.execute("BEGIN IMMEDIATE")
        try:
            for name, sql in MIGRATIONS[version:]:
                for statement in sql.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            con.execute(f"PRAGMA application_id={APPLICATION_ID}")
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything inside is committed together or not at all."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        con = self.connection
        if con.in_transaction:  # nested: join the outer transaction
            yield con
            return
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # ---------------------------------------------------------------- ingest
    def ingest_file(self, path: str | Path, events: Iterable[Any]) -> FileSummary:
        """Store the articles a reader yields for one file, in one transaction.

        ``events`` is what ``storytrace.ingest.read_file`` yields: articles, ``ReadError``s
        (recorded as rejects), warnings and skip notices. If the reader itself fails midway,
        the file's transaction is rolled back and the failure is reported as a reject.
        """
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        summary = FileSummary(str(path))
        try:
            with self.atomic() as con:
                seq = con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
                for event in events:
                    if isinstance(event, Article):
                        outcome = self._store_article(con, event, seq + 1)
                        if outcome == "unchanged":
                            summary.unchanged += 1
                        else:
                            seq += 1
                            setattr(summary, outcome, getattr(summary, outcome) + 1)
                    elif isinstance(event, ReadError):
                        summary.rejected.append(event)
                        con.execute(
                            "INSERT OR REPLACE INTO rejects VALUES (?, ?, ?, ?, ?)",
                            (event.path, event.line, event.record, event.reason, _now()),
                        )
                    elif hasattr(event, "reason"):  # Skipped
                        summary.skipped[event.reason] += 1
                    else:
                        summary.warnings.append(event)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            return FileSummary(
                str(path),
                rejected=[ReadError(str(path), f"file not stored: {type(exc).__name__}: {exc}")],
            )
        return summary

    def _store_article(self, con: sqlite3.Connection, article: Article, seq: int) -> str:
        content_hash = article.content_hash
        current = con.execute(
            "SELECT revision, content_hash FROM articles WHERE id = ?", (article.id,)
        ).fetchone()
        if current is not None:
            seen = con.execute(
                "SELECT 1 FROM article_revisions WHERE article_id = ? AND content_hash = ?",
                (article.id, content_hash),
            ).fetchone()
            if current["content_hash"] == content_hash or seen:
                return "unchanged"
            revision = current["revision"] + 1
            con.execute("DELETE FROM articles WHERE id = ?", (article.id,))
        else:
            revision = 1
        source = article.source
        con.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id, revision, content_hash, article.outlet, article.url,
                _date_to_text(article.published), article.title, article.text,
                article.word_count, article.external_id,
                source.path if source else None, source.line if source else None,
                source.record if source else None, seq,
            ),
        )
        con.execute(
            "INSERT INTO article_revisions VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                article.id, revision, content_hash, article.outlet, article.url,
                _date_to_text(article.published), article.title, article.text,
                source.path if source else None, _now(),
            ),
        )
        return "new" if revision == 1 else "revised"

    # ---------------------------------------------------------------- articles
    def count_articles(self) -> int:
        return self.connection.execute("SELECT count(*) FROM articles").fetchone()[0]

    def max_seq(self) -> int:
        return self.connection.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def articles(self, *, since_seq: int = 0, ids: Sequence[str] | None = None,
                 order: str = "published", text_chars: int | None = None) -> Iterator[Article]:
        """Current articles, by publication date (unknown dates last) or by ``seq``.

        ``text_chars`` cuts each text to its first that many characters inside SQLite, so a
        pass that reads only leads never materialises whole texts."""
        order_by = {
            "published": "published IS NULL, published, seq",
            "seq": "seq",
        }[order]
        columns = "*" if text_chars is None else (
            f"{_ARTICLE_COLUMNS_BUT_TEXT}, substr(text, 1, {int(text_chars)}) AS text")
        if ids is not None:
            for chunk_start in range(0, len(ids), 500):
                chunk = list(ids[chunk_start:chunk_start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self.connection.execute(
                    f"SELECT {columns} FROM articles WHERE id IN ({marks}) ORDER BY {order_by}",
                    chunk,
                )
                yield from map(_row_to_article, rows)
            return
        rows = self.connection.execute(
            f"SELECT {columns} FROM articles WHERE seq > ? ORDER BY {order_by}", (since_seq,)
        )
        yield from map(_row_to_article, rows)

    def article_rows(self, limit: int | None = None) -> list[sqlite3.Row]:
        """Light rows (no text) for listings."""
        sql = (
            "SELECT id, outlet, published, title, words, external_id, revision, source_path "
            "FROM articles ORDER BY published IS NULL, published, seq"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.connection.execute(sql).fetchall()

    def get_article(self, ref: str) -> Article:
        """An article by id, unique id prefix or external id; ``StoreError`` when none or many."""
        con = self.connection
        rows = con.execute("SELECT * FROM articles WHERE id = ?", (ref,)).fetchall()
        if not rows:
            rows = con.execute(
                "SELECT * FROM articles WHERE external_id = ? LIMIT 2", (ref,)
            ).fetchall()
        if not rows and len(ref) >= 4:
            rows = con.execute(
                "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (ref.replace("%", "") + "%",)
            ).fetchall()
        if not rows:
            raise StoreError(f"no article {ref!r} in {self.path}; `storytrace ls` lists them")
        if len(rows) > 1:
            raise StoreError(f"{ref!r} names more than one article; give more of the id")
        return _row_to_article(rows[0])

    def revisions(self, article_id: str) -> list[sqlite3.Row]:
        return self.connection.execute(
            "SELECT revision, content_hash, ingested_at, source_path FROM article_revisions "
            "WHERE article_id = ? ORDER BY revision", (article_id,),
        ).fetchall()

    def rejects(self) -> list[sqlite3.Row]:
        return self.connection.execute("SELECT * FROM rejects ORDER BY path, line").fetchall()

    # ---------------------------------------------------------------- state
    def get_state(self, name: str) -> bytes | None:
        row = self.connection.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return None if row is None else bytes(row[0]) if row[0] is not None else None

    def get_blob(self, name: str) -> bytes | None:
        """A large state value written by :meth:`put_blob` (joined from its pieces)."""
        head = self.get_state(name)
        if head is None or not head.startswith(_CHUNKED):
            return head
        pieces = int(head[len(_CHUNKED):])
        parts = [self.get_state(f"{name}#{k}") for k in range(pieces)]
        if any(part is None for part in parts):
            raise StoreError(f"{self.path}: the stored {name!r} is missing pieces; "
                             "run `storytrace analyze` again to rebuild it")
        return b"".join(parts)  # type: ignore[arg-type]

    def put_blob(self, con: sqlite3.Connection, name: str, value: bytes) -> None:
        """Store ``value`` under ``name`` inside the caller's transaction, in pieces when it is
        larger than SQLite's one-value limit (1,000,000,000 bytes by default)."""
        con.execute("DELETE FROM state WHERE name = ? OR name GLOB ?", (name, f"{name}#*"))
        if len(value) <= BLOB_PIECE:
            con.execute("INSERT INTO state VALUES (?, ?)", (name, value))
            return
        view = memoryview(value)
        pieces = range(0, len(value), BLOB_PIECE)
        for k, start in enumerate(pieces):
            con.execute("INSERT INTO state VALUES (?, ?)",
                        (f"{name}#{k}", view[start:start + BLOB_PIECE]))
        con.execute("INSERT INTO state VALUES (?, ?)", (name, _CHUNKED + str(len(pieces)).encode()))

    def set_state(self, name: str, value: bytes | str | int | None) -> None:
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str):
            value = value.encode()
        with self.atomic() as con:
            con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (name, value))
