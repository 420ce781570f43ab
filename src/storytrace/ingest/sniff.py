"""Find input files and tell their format by their content.

``sniff`` looks at the first 64 KiB (decompressed when the file is gzipped): ``WARC/`` opens a
WARC crawl, ``{`` a JSONL file, a tag (``<!DOCTYPE html``, ``<html``, ``<body``, ...) an HTML
page, decodable prose a plain-text article. The suffix only breaks ties (a ``.html`` file whose
markup starts after some text, a ``.txt`` file starting with ``<``). Binary content gives ``None``.
"""

from __future__ import annotations

import glob
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import ReadError
from .common import GZIP_MAGIC
from .encoding import bom_encoding, decode_bytes, looks_binary

__all__ = ["Format", "expand_paths", "head_bytes", "sniff", "sniff_head"]

Format = Literal["text", "jsonl", "html", "warc"]

HEAD_BYTES = 65_536
_BINARY_MAGIC = (
    b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"BZh", b"\xfd7zXZ",
    b"7z\xbc\xaf", b"SQLite format 3", b"\x7fELF", b"PAR1", b"ARROW1", b"\x28\xb5\x2f\xfd",
)
_HTML_TAG = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|main|meta|title|p|div|h[1-6]|section|span)"
    rb"[\s/>]",
    re.I,
)
_STRONG_HTML = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I | re.S)
_STRONG_ANYWHERE = re.compile(rb"<!doctype\s+html|<html[\s>]|<body[\s>]", re.I)
_TAG_START = re.compile(rb"<[a-z!?/]", re.I)
_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_JSON_SUFFIXES = {".jsonl", ".json", ".ndjson"}
_WARC_SUFFIXES = {".warc", ".arc"}


def head_bytes(path: Path) -> bytes:
    """The first bytes of the file, decompressed when gzipped (as far as they decompress)."""
    with path.open("rb") as handle:
        return inflate_head(handle.read(HEAD_BYTES))


def inflate_head(raw: bytes) -> bytes:
    """``raw`` (the start of a file) decompressed as far as it goes when it is gzipped."""
    if raw[:2] != GZIP_MAGIC:
        return raw
    inflater = zlib.decompressobj(wbits=31)
    try:
        return inflater.decompress(raw, HEAD_BYTES)
    except zlib.error:
        return b""


def _suffix(path: Path) -> str:
    """The lower-case suffix, under a ``.gz``: ``a.JSONL.gz`` -> ``.jsonl``."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""


def sniff(path: Path) -> Format | None:
    """The format of ``path`` by its content; ``None`` for empty, binary or unknown content.

    Raises:
        OSError: the file cannot be opened.
    """
    return sniff_head(head_bytes(path), path)


def sniff_head(head: bytes, path: Path) -> Format | None:
    """The format of a file from its first bytes (decompressed) and, to break ties, its name."""
    suffix = _suffix(path)
    bom = bom_encoding(head)
    if bom in ("utf-16", "utf-32"):
        decoded = decode_bytes(head, partial=True)
        head = decoded.text.encode("utf-8") if decoded else b""
    elif bom:
        head = head[3:]
    stripped = head.lstrip()
    if not stripped:
        return None
    if stripped.startswith((b"WARC/", b"warc/")):
        return "warc"
    if stripped[:1] == b"<" and _STRONG_HTML.match(stripped, 0, 256):
        return "html"  # the common case, decided on the first bytes
    if stripped.startswith(_BINARY_MAGIC) or looks_binary(stripped):
        return None
    first = stripped[:1]
    if first == b"{" and (suffix not in _TEXT_SUFFIXES | _HTML_SUFFIXES
                          or _is_json_object(stripped.split(b"\n", 1)[0])):
        return "jsonl"
    if first == b"[" and suffix in _JSON_SUFFIXES:
        return "jsonl"
    if first == b"<":
        window = stripped[:4096]
        if suffix in _TEXT_SUFFIXES:
            if _STRONG_ANYWHERE.search(window) or (_HTML_TAG.search(window) and b"</" in window):
                return "html"
        elif _HTML_TAG.search(window) or _TAG_START.match(window):
            return "html"
    if suffix in _HTML_SUFFIXES and _HTML_TAG.search(stripped):
        return "html"
    if suffix in _WARC_SUFFIXES:
        return None
    if decode_bytes(stripped, partial=len(head) >= HEAD_BYTES) is None:
        return None
    return "text"


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


FOLDER_SUFFIXES = frozenset({
    ".txt", ".text", ".jsonl", ".json", ".ndjson", ".html", ".htm", ".xhtml", ".shtml",
    ".warc", ".arc",
})
"""In a folder, only files with these suffixes (maybe followed by ``.gz``) or with no suffix are
read; a README.md, a script or an image beside the articles is not."""


def is_article_name(path: Path) -> bool:
    """Whether a file found in a folder looks like an input by its name (see FOLDER_SUFFIXES)."""
    suffix = _suffix(path)
    return not suffix or suffix in FOLDER_SUFFIXES


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """The files named by ``paths``: files as given (whatever their name; the content decides
    the format), folders walked recursively in sorted order (hidden files and folders skipped,
    and files whose suffix is not an article format's, see ``FOLDER_SUFFIXES``), glob patterns
    expanded (sorted; folders they match are walked).

    A path (or a glob) that matches nothing yields a ``ReadError`` and the others go on. A file
    named twice is yielded once.
    """
    seen: set[Path] = set()
    for given in paths:
        text = str(given)
        path = Path(text).expanduser()
        if path.is_dir():
            found: Iterable[Path] = _walk(path)
        elif path.is_file():
            found = [path]
        elif glob.has_magic(text):
            matches = sorted(Path(m) for m in glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                yield ReadError(text, "no file matches this pattern")
                continue
            found = (f for m in matches for f in (_walk(m) if m.is_dir() else [m]))
        elif path.exists():
            yield ReadError(text, "not a regular file")
            continue
        else:
            yield ReadError(text, "no such file or folder")
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and is_article_name(Path(name)):
                yield Path(root) / name
