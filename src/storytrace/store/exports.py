"""Exports of every record kind as JSONL or Parquet (one shape per kind, from ``serialize``).

Every exported record carries its article's ``article_id`` and ``external_id`` (for records
that span articles, the ids of all their articles).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from .db import Store

EXPORT_KINDS = (
    "articles", "reuse", "quotes", "statements", "claims", "conflicts", "stories", "digests",
)

# kind -> (table, id column order)
_TABLES = {
    "reuse": ("reuse_clusters", "id"),
    "quotes": ("quotes", "article_id, idx"),
    "statements": ("statements", "id"),
    "claims": ("claims", "article_id, id"),
    "conflicts": ("conflicts", "id"),
    "stories": ("stories", "first IS NULL, first, id"),
    "digests": ("digests", "story_id"),
}


def _external_ids(store: Store) -> dict[str, str | None]:
    return dict(store.connection.execute("SELECT id, external_id FROM articles"))


def iter_export(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The records of one kind as plain dicts, in a stable order."""
    if what not in EXPORT_KINDS:
        raise InputError(f"unknown record kind {what!r}; choose one of {', '.join(EXPORT_KINDS)}")
    if what == "articles":
        rows = store.connection.execute(
            "SELECT id, external_id, outlet, url, published, title, text, words, revision, "
            "source_path, source_line, source_record FROM articles "
            "ORDER BY published IS NULL, published, seq"
        )
        for row in rows:
            record = dict(row)
            record["article_id"] = record.pop("id")
            yield record
        return
    table, order = _TABLES[what]
    external = _external_ids(store)
    for (data,) in store.connection.execute(f"SELECT data FROM {table} ORDER BY {order}"):
        record = json.loads(data)
        add_external_ids(record, external)
        yield record


def add_external_ids(record: dict[str, Any], external: dict[str, str | None]) -> None:
    """Give a record its article's external id; a record spanning articles (a reuse cluster, a
    statement, a conflict, a digest) gets the ids of all of them."""
    if "article_id" in record:
        record["external_id"] = external.get(record["article_id"])
        return
    if "article_ids" not in record:
        record["article_ids"] = list(dict.fromkeys(_nested_article_ids(record)))
    record["external_ids"] = [external.get(a) for a in record["article_ids"]]


def _nested_article_ids(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "article_id" and isinstance(item, str):
                yield item
            else:
                yield from _nested_article_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _nested_article_ids(item)


def export_records(store: Store, what: str, fmt: str | None, output: str | None) -> int:
    """Write the records of one kind; returns how many were written."""
    if what == "stories" and fmt is None:
        return _export_story_assignments(store, output)
    records = iter_export(store, what)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = list(records)
        empty = pa.table({"article_id": pa.array([], pa.string())})
        table = pa.Table.from_pylist(rows) if rows else empty
        pq.write_table(table, output)
        return len(rows)
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    count = 0
    try:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if output:
            handle.close()
    return count


def _export_story_assignments(store: Store, output: str | None) -> int:
    rows = store.connection.execute(
        "SELECT coalesce(a.external_id, a.id), s.story_id FROM articles a "
        "JOIN story_articles s ON s.article_id = a.id ORDER BY a.external_id, a.id"
    )
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    count = 0
    try:
        for external_id, story_id in rows:
            handle.write(f"{external_id}\t{story_id}\n")
            count += 1
    finally:
        if output:
            handle.close()
    return count
