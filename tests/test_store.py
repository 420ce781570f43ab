"""The SQLite store: schema, idempotent ingestion, revisions, refusal of foreign files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from storytrace.errors import ReadError, StoreError
from storytrace.records import Article, Source
from storytrace.store import Store
from storytrace.store.migrations import SCHEMA_VERSION


def make_article(url: str | None, text: str, outlet: str = "Harbor Ledger", **kw) -> Article:
    return Article(
        id=Article.make_id(outlet, url, text), outlet=outlet, url=url,
        published=kw.get("published", date(2025, 3, 4)), title=kw.get("title", "A title"),
        text=text, source=Source("in.jsonl", kw.get("line", 1)), external_id=kw.get("ext"),
    )


def test_new_store_is_migrated_and_in_wal_mode(db_path):
    with Store.open(db_path) as store:
        con = store.connection
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = [r[0] for r in con.execute("SELECT name FROM migrations ORDER BY name")]
        assert names[0] == "0001_articles" and len(names) == SCHEMA_VERSION


def test_reingest_is_idempotent_and_counts(db_path):
    articles = [make_article(f"https://ledger.example/{i}", f"Story number {i}.") for i in range(5)]
    with Store.open(db_path) as store:
        first = store.ingest_file("in.jsonl", articles)
        second = store.ingest_file("in.jsonl", articles)
        assert (first.new, first.unchanged) == (5, 0)
        assert (second.new, second.unchanged, second.revised) == (0, 5, 0)
        assert store.count_articles() == 5
    with Store.open(db_path) as store:  # reopening changes nothing
        assert store.count_articles() == 5


def test_same_url_with_changed_text_is_a_new_revision(db_path):
    old = make_article("https://ledger.example/fire", "Fire at the mill. Two hurt.")
    new = make_article("https://ledger.example/fire", "Fire at the mill. Three hurt.")
    assert old.id == new.id
    with Store.open(db_path) as store:
        store.ingest_file("a", [old])
        summary = store.ingest_file("b", [new])
        assert summary.revised == 1
        assert store.count_articles() == 1
        assert store.get_article(old.id).text.endswith("Three hurt.")
        assert [r["revision"] for r in store.revisions(old.id)] == [1, 2]
        # re-ingesting the older revision does not roll the article back
        assert store.ingest_file("a", [old]).unchanged == 1
        assert store.get_article(old.id).text.endswith("Three hurt.")


def test_articles_without_url_are_keyed_by_content_and_outlet(db_path):
    a = make_article(None, "Same words.", outlet="Valley Courier")
    b = make_article(None, "Same words.", outlet="Harbor Ledger")
    with Store.open(db_path) as store:
        assert store.ingest_file("x", [a, b]).new == 2


def test_rejects_are_recorded_and_the_rest_stored(db_path):
    events = [
        make_article("https://ledger.example/1", "Good one."),
        ReadError("in.jsonl", "line is not valid JSON", line=2),
        make_article("https://ledger.example/3", "Good three.", line=3),
    ]
    with Store.open(db_path) as store:
        summary = store.ingest_file("in.jsonl", events)
        assert summary.new == 2 and len(summary.rejected) == 1
        assert store.rejects()[0]["line"] == 2


def test_a_reader_crash_rolls_back_the_whole_file(db_path):
    def events():
        yield make_article("https://ledger.example/1", "Stored then rolled back.")
        raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")

    with Store.open(db_path) as store:
        summary = store.ingest_file("bad.txt", events())
        assert summary.new == 0 and "file not stored" in summary.rejected[0].reason
        assert store.count_articles() == 0


def test_get_article_by_prefix_and_external_id(db_path):
    article = make_article("https://ledger.example/9", "Nine.", ext="rec-9")
    with Store.open(db_path) as store:
        store.ingest_file("x", [article])
        assert store.get_article(article.id[:6]).id == article.id
        assert store.get_article("rec-9").id == article.id
        with pytest.raises(StoreError, match="no article"):
            store.get_article("nope-nope")


def test_round_trip_keeps_unicode_and_dates(db_path):
    text = "“Curly” quotes, emoji 💔❤️‍🩹 and ‘single’ ones — kept."
    article = make_article("https://ledger.example/u", text, published=date(2021, 12, 9))
    with Store.open(db_path) as store:
        store.ingest_file("x", [article])
        back = store.get_article(article.id)
    assert back == article


def test_leads_are_cut_by_characters_inside_the_store(db_path):
    text = "“Curly” quotes, emoji 💔❤️‍🩹 and ‘single’ ones — kept."
    article = make_article("https://ledger.example/u", text, published=date(2021, 12, 9))
    with Store.open(db_path) as store:
        store.ingest_file("x", [article])
        for chars in (1, 9, 23, len(text), len(text) + 5):
            (lead,) = store.articles(text_chars=chars)
            assert lead.text == text[:chars]
            assert lead == replace(article, text=text[:chars])


def test_file_that_is_not_sqlite_is_refused(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is a text file, not a database\n")
    with pytest.raises(StoreError, match="not a storytrace database"):
        Store.open(bogus)
    assert bogus.read_text() == "this is a text file, not a database\n"  # untouched


def test_foreign_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="another program"):
        Store.open(other)


def test_newer_schema_is_refused(db_path):
    Store.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    con.close()
    with pytest.raises(StoreError, match="newer storytrace"):
        Store.open(db_path)


def test_readonly_store_refuses_writes_and_missing_files(db_path, tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "missing.db", readonly=True)
    Store.open(db_path).close()
    with Store.open(db_path, readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.ingest_file("x", [make_article("https://l.example/1", "x")])


def test_large_state_values_are_stored_in_pieces_and_joined(db_path, monkeypatch):
    import storytrace.store.db as db

    monkeypatch.setattr(db, "BLOB_PIECE", 1000)  # SQLite refuses one value over 1e9 bytes
    value = bytes(range(256)) * 30  # 7,680 bytes: 8 pieces
    with Store.open(db_path) as store:
        with store.atomic() as con:
            store.put_blob(con, "reuse:index", value)
        rows = store.connection.execute(
            "SELECT count(*) FROM state WHERE name GLOB 'reuse:index#*'").fetchone()[0]
        assert rows == 8 and store.get_blob("reuse:index") == value
        with store.atomic() as con:  # a smaller value replaces every piece
            store.put_blob(con, "reuse:index", b"small")
        assert store.get_blob("reuse:index") == b"small"
        assert store.connection.execute(
            "SELECT count(*) FROM state WHERE name GLOB 'reuse:index#*'").fetchone()[0] == 0
        with store.atomic() as con:
            store.put_blob(con, "reuse:index", value)
            con.execute("DELETE FROM state WHERE name = 'reuse:index#3'")
        with pytest.raises(StoreError, match="missing pieces"):
            store.get_blob("reuse:index")
