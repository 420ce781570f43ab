"""The store's schema as named migrations, applied in order and recorded in ``migrations``.

A migration is never edited once released: a schema change is a new entry at the end.
``PRAGMA application_id`` marks a file as a storytrace store and ``PRAGMA user_version`` holds
the number of migrations applied, so a newer store is refused by an older storytrace.
"""

from __future__ import annotations

APPLICATION_ID = 0x53545259  # "STRY"

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles",
        """
        CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            published TEXT,
            title TEXT,
            text TEXT NOT NULL,
            words INTEGER NOT NULL,
            external_id TEXT,
            source_path TEXT,
            source_line INTEGER,
            source_record TEXT,
            seq INTEGER NOT NULL
        );
        CREATE INDEX articles_published ON articles (published);
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE INDEX articles_external_id ON articles (external_id);
        CREATE UNIQUE INDEX articles_seq ON articles (seq);
        CREATE TABLE article_revisions (
            article_id TEXT NOT NULL,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            outlet TEXT,
            url TEXT,
            published TEXT,
            title TEXT,
            text TEXT NOT NULL,
            source_path TEXT,
            ingested_at TEXT NOT NULL,
            PRIMARY KEY (article_id, revision)
        );
        CREATE INDEX article_revisions_hash ON article_revisions (article_id, content_hash);
        CREATE TABLE rejects (
            path TEXT NOT NULL,
            line INTEGER,
            record TEXT,
            reason TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (path, line, record, reason)
        );
        """,
    ),
    (
        "0002_stage_records",
        """
        CREATE TABLE state (name TEXT PRIMARY KEY, value BLOB);
        CREATE TABLE quotes (
            article_id TEXT NOT NULL,
            idx INTEGER NOT NULL,
            speaker TEXT,
            speaker_kind TEXT,
            statement_id TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, idx)
        );
        CREATE INDEX quotes_speaker ON quotes (speaker);
        CREATE INDEX quotes_statement ON quotes (statement_id);
        CREATE TABLE statements (
            id TEXT PRIMARY KEY,
            speaker TEXT,
            first_article_id TEXT,
            data TEXT NOT NULL
        );
        CREATE TABLE claims (
            id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            subject TEXT NOT NULL,
            attribute TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (article_id, id)
        );
        CREATE INDEX claims_subject ON claims (subject);
        CREATE TABLE conflicts (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            subject TEXT,
            data TEXT NOT NULL
        );
        CREATE TABLE reuse_pairs (
            a_article TEXT NOT NULL,
            b_article TEXT NOT NULL,
            idx INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (a_article, b_article, idx)
        );
        CREATE INDEX reuse_pairs_b ON reuse_pairs (b_article);
        CREATE TABLE reuse_clusters (
            id TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            origin TEXT,
            data TEXT NOT NULL
        );
        CREATE TABLE reuse_members (
            cluster_id TEXT NOT NULL,
            article_id TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX reuse_members_article ON reuse_members (article_id);
        CREATE INDEX reuse_members_cluster ON reuse_members (cluster_id);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first TEXT,
            last TEXT,
            size INTEGER NOT NULL,
            data TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            story_id TEXT NOT NULL,
            article_id TEXT NOT NULL PRIMARY KEY
        );
        CREATE INDEX story_articles_story ON story_articles (story_id);
        CREATE TABLE digests (story_id TEXT PRIMARY KEY, data TEXT NOT NULL);
        CREATE TABLE inferred_dates (article_id TEXT PRIMARY KEY, data TEXT NOT NULL);
        """,
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)
