"""What every reader shares: opening (maybe gzipped) files, outlet precedence, article checks."""

from __future__ import annotations

import gzip
import zlib
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ReadError
from ..records import Article, Source
from .options import ReadOptions, ReadWarning

GZIP_MAGIC = b"\x1f\x8b"
_SUFFIXES = {".gz", ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".json", ".ndjson",
             ".warc", ".arc"}


class TruncatedGzip(Exception):
    """A gzip stream ended before its end-of-stream marker, or is corrupt."""


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes."""
    with path.open("rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def read_bytes(path: Path) -> bytes:
    """The file's bytes, decompressed when it is gzipped.

    Raises:
        TruncatedGzip: the gzip stream is cut short or corrupt.
        OSError: the file cannot be read.
    """
    data = path.read_bytes()
    if data[:2] != GZIP_MAGIC:
        return data
    try:
        return gzip.decompress(data)
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise TruncatedGzip(str(exc) or type(exc).__name__) from exc


def external_id_for(path: Path) -> str:
    """A file's name without its known suffixes: ``a.jsonl.gz`` -> ``a``."""
    name = path.name
    while True:
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and f".{suffix.lower()}" in _SUFFIXES:
            name = stem
        else:
            return name


def domain_of(url: str | None) -> str | None:
    """The host of a URL without ``www.`` (``None`` when there is no usable host)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else f"//{url.strip()}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def pick_outlet(own: str | None, site: str | None, url: str | None,
                options: ReadOptions) -> str | None:
    """Outlet precedence: the record's own field, the site name, the URL's domain, ``--outlet``."""
    for candidate in (own, site):
        if candidate and candidate.strip():
            return candidate.strip()
    return domain_of(url) or options.outlet


def size_error(length: int, options: ReadOptions) -> str | None:
    """The reason to reject a text of ``length`` characters, or ``None`` when it fits."""
    if length > options.max_chars:
        return (f"article text is {length:,} characters, over the {options.max_chars:,} limit;"
                " raise --max-chars")
    return None


def make_article(
    *,
    text: str,
    source: Source,
    options: ReadOptions,
    outlet: str | None = None,
    site: str | None = None,
    url: str | None = None,
    published: date | datetime | None = None,
    title: str | None = None,
    external_id: str | None = None,
) -> Article | ReadError:
    """Build an ``Article`` after the checks every reader shares (empty text, size limit).

    ``outlet`` is the record's own outlet field and ``site`` the page's site name; the final
    outlet follows :func:`pick_outlet`. Blank titles and URLs become ``None``.
    """
    if not text.strip():
        return ReadError(source.path, "no text (empty after stripping whitespace)",
                         line=source.line, record=source.record)
    too_big = size_error(len(text), options)
    if too_big:
        return ReadError(source.path, too_big, line=source.line, record=source.record)
    url = url.strip() if url and url.strip() else None
    # only ASCII blanks are trimmed from a title, so that any Unicode title is kept as written;
    # a title of nothing but whitespace is no title
    title = title.strip(" \t\r\n") if title and title.strip() else None
    chosen = pick_outlet(outlet, site, url, options)
    return Article(
        id=Article.make_id(chosen, url, text),
        outlet=chosen,
        url=url,
        published=published,
        title=title,
        text=text,
        source=source,
        external_id=external_id,
    )


def warn(source: Source, message: str) -> ReadWarning:
    """A warning about the article read from ``source``."""
    return ReadWarning(source.path, message, line=source.line, record=source.record)


def load_bytes(path: Path, data: bytes | None, what: str) -> bytes | ReadError:
    """A file's bytes (``data`` when the caller has read them already), or the error to report
    for it; ``what`` names what the file holds ("page", "article")."""
    try:
        return read_bytes(path) if data is None else data
    except TruncatedGzip as exc:
        return ReadError(str(path), f"truncated gzip ({exc}); the {what} is not read")
    except OSError as exc:
        return ReadError(str(path), f"cannot read the file: {exc.strerror or exc}")
