"""HTML pages: main text, title, publication date and site name, through trafilatura.

``extract_page`` is the one extraction function, shared with the WARC reader. It parses the page
once (``trafilatura.utils.load_html``), runs ``trafilatura.bare_extraction`` on that tree for the
main text (reader comments off), and reads on the same tree only the metadata storytrace keeps:
title, URL and site name with trafilatura's own metadata functions, the date with htmldate
(``find_date``, original date, no extensive search). Asking trafilatura for its full metadata
(``with_metadata=True``) would also extract authors, categories, tags and licence, which made
reading ~40% slower than a bare ``trafilatura.extract``; this way it stays within a few percent
(see ``benchmarks/ingest.py``). If those functions are missing (another trafilatura version),
it falls back to ``with_metadata=True``. Then it

- puts a blank line between paragraphs (trafilatura gives one paragraph per line), like the
  other formats, and drops a first paragraph that only repeats the title;
- takes the URL from the page (canonical link / ``og:url``) when the caller has none.

A page with no main text (none, or no letter or digit in it) gives a ``ReadError``; truncated
or malformed markup is read as far as it goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import trafilatura
from htmldate import find_date
from trafilatura.settings import Document, Extractor
from trafilatura.utils import load_html

try:
    from trafilatura.metadata import (
        examine_meta,
        extract_meta_json,
        extract_opengraph,
        extract_sitename,
        extract_title,
        extract_url,
    )
except ImportError:  # pragma: no cover - another trafilatura layout: use its full metadata
    examine_meta = None

from ..errors import ReadError
from ..records import Article, Source
from .common import TruncatedGzip, external_id_for, make_article, read_bytes
from .dates import parse_date
from .options import ReadEvent, ReadOptions

__all__ = ["Page", "extract_page", "page_article", "read_html"]


@dataclass(frozen=True, slots=True)
class Page:
    """What one HTML page holds, as extracted."""

    text: str
    title: str | None
    published: date | datetime | None
    site: str | None
    url: str | None


def _paragraphs(text: str, title: str | None) -> str:
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if title and len(lines) > 1 and lines[0] == title.strip():
        lines = lines[1:]
    return "\n\n".join(lines)


_DATE_PARAMS = {"original_date": True, "extensive_search": False}


@dataclass(frozen=True, slots=True)
class _Meta:
    title: str | None = None
    url: str | None = None
    site: str | None = None
    date: str | None = None


@cache
def _base_extractor(include_comments: bool, fast: bool) -> Extractor:
    return Extractor(comments=include_comments, fast=fast, output_format="python")


def _extractor(options: ReadOptions, url: str | None) -> Extractor:
    """trafilatura's options for one page, copied from a cached one (building them reads the
    config file's values anew each time)."""
    extractor = copy(_base_extractor(options.include_comments, not options.html_fallback))
    extractor.url = extractor.source = url
    return extractor


def _metadata(tree, url: str | None) -> _Meta:
    """Title, URL, site name and date of a parsed page (the tree is not modified).

    OpenGraph tags come first, the other meta tags fill what they lack (as in trafilatura's
    ``examine_meta``, which is skipped when OpenGraph already gives title, URL and site name),
    then JSON-LD overrides them, as trafilatura does.
    """
    graph = extract_opengraph(tree)
    if graph["title"] and graph["url"] and graph["sitename"]:
        meta = Document().from_dict(graph)
    else:
        meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - broken JSON-LD must not lose the page
        pass
    title = meta.title or extract_title(tree)
    page_url = meta.url or extract_url(tree, url)
    site = meta.sitename or extract_sitename(tree)
    if site:
        site = site.strip().lstrip("@")
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    try:
        day = find_date(tree, url=url or page_url, **_DATE_PARAMS)
    except Exception:  # noqa: BLE001 - a failed date search leaves the date unknown
        day = None
    return _Meta(title=title, url=page_url, site=site or None, date=day)


def extract_page(html: bytes | str, url: str | None, options: ReadOptions) -> Page | str:
    """Extract one page (parsed once); a reason string when it has no main text."""
    try:
        tree = load_html(html)
        if tree is None:
            return "no main text found in the HTML page"
        if examine_meta is None:  # pragma: no cover
            document = trafilatura.bare_extraction(
                tree, url=url, with_metadata=True, include_comments=options.include_comments,
                fast=not options.html_fallback)
            meta = _Meta(title=document.title, url=document.url, site=document.sitename,
                         date=document.date) if document is not None else _Meta()
        else:
            document = trafilatura.bare_extraction(tree, options=_extractor(options, url))
            meta = _metadata(tree, url) if document is not None else _Meta()
    except Exception as exc:  # noqa: BLE001 - trafilatura and lxml raise many kinds
        return f"HTML extraction failed ({type(exc).__name__}: {exc})"
    text = document.text if document is not None else None
    if not text or not any(ch.isalnum() for ch in text):
        return "no main text found in the HTML page"
    title = meta.title.strip() if meta.title and meta.title.strip() else None
    return Page(
        text=_paragraphs(text, title),
        title=title,
        published=parse_date(meta.date) if meta.date else None,
        site=meta.site,
        url=url or meta.url or None,
    )


def page_article(page: Page, source: Source, options: ReadOptions, *,
                 published: date | datetime | None = None,
                 external_id: str | None = None) -> Article | ReadError:
    """The article of an extracted page (``published`` overrides the page's own date)."""
    return make_article(
        text=page.text,
        title=page.title,
        url=page.url,
        site=page.site,
        published=published if published is not None else page.published,
        source=source,
        options=options,
        external_id=external_id,
    )


def read_html(path: Path, options: ReadOptions) -> Iterator[ReadEvent]:
    """Read one HTML page (the file may be gzipped) as one article."""
    name = str(path)
    try:
        data = read_bytes(path)
    except TruncatedGzip as exc:
        yield ReadError(name, f"truncated gzip ({exc}); the page is not read")
        return
    except OSError as exc:
        yield ReadError(name, f"cannot read the file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield ReadError(name, "empty file")
        return
    page = extract_page(data, None, options)
    source = Source(name)
    if isinstance(page, str):
        yield ReadError(name, page)
        return
    yield page_article(page, source, options, external_id=external_id_for(path))
