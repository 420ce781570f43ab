"""HTML pages: main text, title, publication date and site name, through trafilatura.

``extract_page`` is the one extraction function, shared with the WARC reader:

- main text: ``trafilatura.bare_extraction``, called once per page (it parses the page once),
  reader comments off;
- metadata, only what storytrace keeps (title, URL, site name, date), read from the page's
  ``<head>`` alone, parsed on its own (a small fraction of the page):

  1. the standard tags, when the head has all of them: ``og:title``, ``og:site_name``,
     ``og:url`` (else the canonical link) and ``article:published_time`` (or
     ``og:published_time``, ``datePublished``...), with its time of day when given;
  2. else trafilatura's metadata functions (OpenGraph and other meta tags, JSON-LD, the
     ``<title>`` element) and htmldate (``find_date``: original date, no extensive search) on
     the head, when they find a title and a date there;
  3. else the same on the whole page (a second parse, for pages whose title is only an ``<h1>``
     or whose date is only in the text).

Why not ``with_metadata=True``: trafilatura then also extracts authors, categories, tags and
licence, which made reading ~40% slower than a bare ``trafilatura.extract``; the goal is at
most 10% (``benchmarks/ingest.py`` measures it). If trafilatura's metadata functions are
missing (another trafilatura version), ``with_metadata=True`` is the fallback.

The text gets a blank line between paragraphs (trafilatura gives one paragraph per line), like
the other formats, and loses a first paragraph that only repeats the title. A page with no main
text (none, or no letter or digit in it) gives a ``ReadError``; truncated or malformed markup is
read as far as it goes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

import trafilatura
from htmldate import find_date
from lxml.etree import ParserError
from lxml.html import HTMLParser, fromstring
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
from .common import external_id_for, load_bytes, make_article
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
    published: date | datetime | None = None
    """The date parsed already, with its time of day when the page gives one."""


@cache
def _base_extractor(include_comments: bool, fast: bool) -> Extractor:
    return Extractor(comments=include_comments, fast=fast, output_format="python")


def _extractor(options: ReadOptions, url: str | None) -> Extractor:
    """trafilatura's options for one page, copied from a cached one (building them reads the
    config file's values anew each time)."""
    extractor = copy(_base_extractor(options.include_comments, not options.html_fallback))
    extractor.url = extractor.source = url
    return extractor


def _metadata(tree, url: str | None, *, head_only: bool = False) -> _Meta | None:
    """Title, URL, site name and date of a parsed page (the tree is not modified).

    OpenGraph tags come first, the other meta tags fill what they lack (as in trafilatura's
    ``examine_meta``, which is skipped when OpenGraph already gives title, URL and site name),
    then JSON-LD overrides them, as trafilatura does. With ``head_only`` (a tree of the page's
    ``<head>`` alone), ``None`` when the head has no title in its meta tags or no date: the
    whole page is needed for those (a lone ``<h1>`` title, a date in the text).
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
    if head_only and not meta.title:
        return None
    title = meta.title or extract_title(tree)
    page_url = meta.url or extract_url(tree, url)
    try:
        day = find_date(tree, url=url or page_url, **_DATE_PARAMS)
    except Exception:  # noqa: BLE001 - a failed date search leaves the date unknown
        day = None
    if head_only and not day:
        return None
    site = meta.sitename or extract_sitename(tree)
    if site:
        site = site.strip().lstrip("@")
        if site and "." not in site and not site[0].isupper():
            site = site.title()
    return _Meta(title=title, url=page_url, site=site or None, date=day)


_HEAD_END = re.compile(rb"</head\s*>", re.I)
_HEAD_END_STR = re.compile(r"</head\s*>", re.I)
_HEAD_LIMIT = 1_000_000
_PARSERS = threading.local()


def _head_parser() -> HTMLParser:
    """An lxml parser for heads, one per thread (lxml parsers must not be shared by threads)."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = HTMLParser(remove_comments=True, remove_pis=True,
                                              collect_ids=False, default_doctype=False)
    return parser


_TITLE_KEYS = ("og:title",)
_SITE_KEYS = ("og:site_name",)
_URL_KEYS = ("og:url",)
_DATE_KEYS = ("article:published_time", "og:published_time", "datepublished",
              "article.published", "publish-date", "parsely-pub-date")


def _standard_tags(head: str) -> _Meta | None:
    """The fast path: title, site name, URL and date from the standard meta tags of the head
    (OpenGraph ``og:title``/``og:site_name``/``og:url``, ``article:published_time`` and the
    like), when the head has all of title, site name and an ISO date; else ``None``."""
    try:
        tree = fromstring(head, parser=_head_parser())
    except (ValueError, TypeError, ParserError):
        return None
    found: dict[str, str] = {}
    url = None
    for element in tree.iter("meta", "link"):
        if element.tag == "link":
            if url is None and (element.get("rel") or "").lower() == "canonical":
                url = element.get("href")
            continue
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or "").lower()
        content = element.get("content")
        if key and content and content.strip() and key not in found:
            found[key] = content.strip()
    title = next((found[k] for k in _TITLE_KEYS if k in found), None)
    site = next((found[k] for k in _SITE_KEYS if k in found), None)
    raw_date = next((found[k] for k in _DATE_KEYS if k in found), None)
    if not (title and site and raw_date) or not raw_date[:4].isdigit():
        return None
    day = parse_date(raw_date)
    day_only = day.date() if isinstance(day, datetime) else day
    if day_only is None or day_only.year < 1995 or day_only > date.today():
        return None  # as htmldate: no dates before 1995 or in the future
    return _Meta(title=" ".join(title.split()), site=" ".join(site.split()),
                 url=next((found[k] for k in _URL_KEYS if k in found), None) or url,
                 date=raw_date, published=day)


def _page_metadata(html: bytes | str, url: str | None) -> _Meta:
    """The page's metadata: from the standard tags of its ``<head>`` when they are all there
    (a small parse of a small part of the page), else with trafilatura and htmldate on the
    head alone when it holds title and date, else on the whole page."""
    if isinstance(html, bytes):
        end = _HEAD_END.search(html, 0, _HEAD_LIMIT)
        head = html[: end.start()] + b"</head><body></body></html>" if end else None
        try:
            text = head.decode("utf-8") if head is not None else None
        except UnicodeDecodeError:
            text = None
    else:
        end = _HEAD_END_STR.search(html, 0, _HEAD_LIMIT)
        head = text = html[: end.start()] + "</head><body></body></html>" if end else None
    if text is not None:
        meta = _standard_tags(text)
        if meta is not None:
            return meta
    if head is not None:
        tree = load_html(head)
        meta = _metadata(tree, url, head_only=True) if tree is not None else None
        if meta is not None:
            return meta
    tree = load_html(html)
    return (_metadata(tree, url) if tree is not None else None) or _Meta()


def extract_page(html: bytes | str, url: str | None, options: ReadOptions) -> Page | str:
    """Extract one page; a reason string when it has no main text.

    trafilatura parses the whole page once for the main text; the metadata come from a parse
    of the page's ``<head>`` alone when it holds title and date (most news pages), which costs
    a small fraction of the whole parse.
    """
    limit = _base_extractor(options.include_comments, not options.html_fallback).max_file_size
    if len(html) > limit:
        return (f"HTML page is {len(html):,} bytes, over trafilatura's {limit:,}-byte limit"
                " (MAX_FILE_SIZE)")
    try:
        if examine_meta is None:  # pragma: no cover
            document = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, include_comments=options.include_comments,
                fast=not options.html_fallback)
            meta = _Meta(title=document.title, url=document.url, site=document.sitename,
                         date=document.date) if document is not None else _Meta()
        else:
            document = trafilatura.bare_extraction(html, options=_extractor(options, url))
            meta = _page_metadata(html, url) if document is not None else _Meta()
    except Exception as exc:  # noqa: BLE001 - trafilatura and lxml raise many kinds
        return f"HTML extraction failed ({type(exc).__name__}: {exc})"
    text = document.text if document is not None else None
    if not text or not any(ch.isalnum() for ch in text):
        return "no main text found in the HTML page"
    title = meta.title.strip() if meta.title and meta.title.strip() else None
    return Page(
        text=_paragraphs(text, title),
        title=title,
        published=meta.published or (parse_date(meta.date) if meta.date else None),
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


def read_html(path: Path, options: ReadOptions, *, data: bytes | None = None
              ) -> Iterator[ReadEvent]:
    """Read one HTML page (the file may be gzipped) as one article.

    ``data`` is the file's content when the caller has read it already (it is not read again).
    """
    name = str(path)
    data = load_bytes(path, data, "page")
    if isinstance(data, ReadError):
        yield data
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
