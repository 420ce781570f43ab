"""WARC crawls (``.warc``, ``.warc.gz``) read with warcio.

Each HTTP ``response`` record whose payload is HTML (by its Content-Type, or by sniffing the
payload when there is none) with status 200 becomes an article through the same extraction as
HTML files (:func:`storytrace.ingest.html.extract_page`):

- URL: the record's ``WARC-Target-URI`` (also the article's external id);
- published: the page's own date (htmldate); when the page has none, the crawl date
  (``WARC-Date``, an aware UTC datetime) with a ``ReadWarning`` saying so;
- source record: the ``WARC-Record-ID`` (``offset:N`` when missing).

Every other record is yielded as ``Skipped`` with its reason (``request record``,
``revisit record``, ``warcinfo record``, ``metadata record``, ``non-HTML response: image/png``,
``HTTP status 404``...), so that the caller can count them. A corrupt or truncated WARC gives the
articles read so far and then a ``ReadError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import ReadError
from ..records import Source
from .common import warn
from .dates import parse_date
from .html import extract_page, page_article
from .options import ReadEvent, ReadOptions, Skipped

__all__ = ["read_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")

def _looks_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head

def read_warc(path: Path, options: ReadOptions) -> Iterator[ReadEvent]:
    """Read the HTML pages of a WARC file (maybe gzipped) as articles."""
    name = str(path)
    count = 0
    end = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                count += 1
                yield from _record_events(record, records, name, options)
                end = records.get_record_offset() + records.get_record_length()
                _check_complete(record)
            size = path.stat().st_size
            if end < size:
                stream.seek(end)
                rest = stream.read(65_536)
                if rest.strip():
                    raise ArchiveLoadFailed(
                        f"{size - end:,} bytes after the record ending at offset {end:,}"
                        " are not a complete WARC record")
    except OSError as exc:
        yield ReadError(name, f"cannot read the file: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on broken input
        yield ReadError(name, f"corrupt or truncated WARC after {count:,} records"
                              f" ({str(exc).strip()[:200] or type(exc).__name__});"
                              " the records before were read")
    else:
        if count == 0:
            yield ReadError(name, "no WARC records in the file")


def _check_complete(record: ArcWarcRecord) -> None:
    """Raise when the file ended before the record's Content-Length was read."""
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        locator = record.rec_headers.get_header("WARC-Record-ID") or "?"
        raise ArchiveLoadFailed(f"record {locator} is cut short by {missing:,} bytes")


def _record_events(record: ArcWarcRecord, records: ArchiveIterator, name: str,
                   options: ReadOptions) -> Iterator[ReadEvent]:
    headers = record.rec_headers
    locator = headers.get_header("WARC-Record-ID") or f"offset:{records.get_record_offset()}"
    if not record.rec_type:
        raise ArchiveLoadFailed(f"record {locator} has no WARC-Type header")
    if record.rec_type != "response":
        yield Skipped(name, f"{record.rec_type} record", locator)
        return
    http = record.http_headers
    if http is None:
        yield Skipped(name, "not an HTTP response", locator)
        return
    status = http.get_statuscode()
    if status != "200":
        yield Skipped(name, f"HTTP status {status}", locator)
        return
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type and content_type not in _HTML_TYPES:
        yield Skipped(name, f"non-HTML response: {content_type}", locator)
        return
    payload = record.content_stream().read()
    records.read_to_end()
    _check_complete(record)
    if not content_type and not _looks_html(payload):
        yield Skipped(name, "non-HTML response: no Content-Type, not HTML", locator)
        return
    url = headers.get_header("WARC-Target-URI")
    source = Source(name, record=locator)
    page = extract_page(payload, url, options)
    if isinstance(page, str):
        yield ReadError(name, page, record=locator)
        return
    published, note = page.published, None
    if published is None:
        crawled = parse_date(headers.get_header("WARC-Date"))
        if crawled is not None:
            published = crawled
            note = ("no publication date in the page; using the crawl date "
                    f"{headers.get_header('WARC-Date')}")
    article = page_article(page, source, options, published=published, external_id=url)
    if note and not isinstance(article, ReadError):
        yield warn(source, note)
    yield article
