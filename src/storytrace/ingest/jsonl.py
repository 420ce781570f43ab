"""JSON Lines articles: one JSON object per line (``.jsonl``, ``.jsonl.gz``, ``.json``,
``.ndjson``).

Fields are found under their common names, or under the names given in ``ReadOptions.fields``
(tried first):

==========  =============================================================================
text        text, content, body, article, maintext, article_text, full_text
title       title, headline
url         url, link, canonical_url
outlet      outlet, source, site, domain, publisher, site_name, source_domain
            (an object such as ``{"name": "The Daily Quill"}`` gives its ``name``)
published   date, published, published_at, pubdate, date_published, date_publish,
            publication_date, publish_date
id          id, doc_id, external_id (so an `export --what articles` file reads back)
==========  =============================================================================

A text given as a list of paragraphs is joined with blank lines. A ``.json`` file holding one
JSON array of objects (or a single object spread over several lines) is read too.

Each bad line (broken JSON, not an object, no text, text over the size limit) gives a
``ReadError`` with its line number and the good lines are still read. A gzip file cut short gives
the articles read so far, then a ``ReadError`` saying "truncated gzip".
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..records import Source
from .common import GZIP_MAGIC, is_gzip, make_article, warn
from .dates import parse_date
from .options import ReadEvent, ReadOptions

__all__ = ["FIELD_NAMES", "read_jsonl", "record_to_events"]

FIELD_NAMES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext", "article_text", "full_text"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("outlet", "source", "site", "domain", "publisher", "site_name", "source_domain"),
    "published": ("date", "published", "published_at", "pubdate", "date_published",
                  "date_publish", "publication_date", "publish_date"),
    "id": ("id", "doc_id", "external_id"),
}
_BOM = b"\xef\xbb\xbf"
_WHOLE_JSON_LIMIT = 256 * 1024 * 1024


def _names(options: ReadOptions) -> dict[str, tuple[str, ...]]:
    names = dict(FIELD_NAMES)
    for key, custom in options.fields.items():
        key = "published" if key == "date" else key
        names[key] = (custom, *(n for n in names[key] if n != custom))
    return names


def _first(record: Mapping[str, Any], names: Iterable[str]) -> tuple[str | None, Any]:
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return name, value
    return None, None


def _as_name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        _, value = _first(value, ("name", "title", "domain", "url"))
    if isinstance(value, str):
        return value
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        return "\n\n".join(part.strip() for part in value if part.strip())
    return None


def record_to_events(record: Any, source: Source, options: ReadOptions,
                     names: Mapping[str, tuple[str, ...]] | None = None) -> Iterator[ReadEvent]:
    """The events for one decoded JSON record: a warning or two and an article, or an error."""
    names = names or _names(options)
    if not isinstance(record, Mapping):
        yield ReadError(source.path, f"not a JSON object but a {type(record).__name__}",
                        line=source.line, record=source.record)
        return
    text_field, raw_text = _first(record, names["text"])
    text = _as_text(raw_text)
    if text is None:
        reason = ("no text field (looked for " + ", ".join(names["text"]) + ")"
                  if text_field is None else f"field {text_field!r} is not a string")
        yield ReadError(source.path, reason, line=source.line, record=source.record)
        return
    _, raw_id = _first(record, names["id"])
    external_id = None if raw_id is None or isinstance(raw_id, dict | list) else str(raw_id)
    _, title = _first(record, names["title"])
    _, url = _first(record, names["url"])
    _, outlet = _first(record, names["outlet"])
    date_field, raw_date = _first(record, names["published"])
    published = parse_date(raw_date) if raw_date is not None else None
    article = make_article(
        text=text,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        outlet=_as_name(outlet),
        published=published,
        source=source,
        options=options,
        external_id=external_id,
    )
    if raw_date is not None and published is None and not isinstance(article, ReadError):
        shown = raw_date if isinstance(raw_date, str) else json.dumps(raw_date)
        yield warn(source, f"unparseable date {shown[:60]!r} in field {date_field!r};"
                           " date unknown")
    yield article


def _lines(path: Path) -> Iterator[bytes]:
    if is_gzip(path):
        with gzip.open(path, "rb") as handle:
            yield from handle
    else:
        with path.open("rb") as handle:
            yield from handle


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[ReadEvent]:
    """Read the articles of a JSON Lines file (maybe gzipped), one event stream per line."""
    name = str(path)
    names = _names(options)
    if path.suffix.lower() == ".json":
        whole = _whole_json(path)
        if whole is not None:
            records = whole if isinstance(whole, list) else [whole]
            for index, record in enumerate(records):
                yield from record_to_events(record, Source(name, record=f"[{index}]"),
                                            options, names)
            return
    count = 0
    try:
        for number, raw in enumerate(_lines(path), start=1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not raw.strip():
                continue
            count += 1
            source = Source(name, line=number)
            try:
                record = json.loads(raw)
            except UnicodeDecodeError:
                yield ReadError(name, "not UTF-8 text", line=number)
                continue
            except ValueError as exc:
                yield ReadError(name, f"broken JSON ({_json_reason(exc)})", line=number)
                continue
            yield from record_to_events(record, source, options, names)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield ReadError(name, f"truncated gzip after {count:,} lines ({exc or 'unexpected end'});"
                              " the lines before were read")
        return
    except OSError as exc:
        yield ReadError(name, f"cannot read the file: {exc.strerror or exc}")
        return
    if count == 0:
        yield ReadError(name, "empty file (no JSON lines)")


def _json_reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    return str(exc)


def _whole_json(path: Path) -> Any:
    """The whole file as one JSON value, when it is one (an array, or one multi-line object)."""
    try:
        if path.stat().st_size > _WHOLE_JSON_LIMIT:
            return None
        data = path.read_bytes()
        if data[:2] == GZIP_MAGIC:
            data = gzip.decompress(data)
        data = data.removeprefix(_BOM)
        if data.count(b"\n", 0, len(data.rstrip())) == 0 and data.lstrip()[:1] == b"{":
            return None  # a single line: the line reader reports it with its line number
        return json.loads(data)
    except (OSError, ValueError, EOFError, zlib.error):
        return None
