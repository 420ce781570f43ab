"""Plain-text articles, one per file, in the seed format.

The file is the article text, optionally preceded by

- a ``date`` marker: the file starts with `` date YYYY-MM-DD`` (note the leading space) and the
  text follows on the same line; it gives the publication date and is removed from the text;
- a title line: a single short line (under 200 characters, not ending in a period, even before a
  closing quote mark) followed by a blank line and more text.

The marker may also open the text after a title. A marker whose date does not exist
(`` date 2021-02-30``) is left in the text, with a warning. Everything else is kept exactly:
curly quotes, emoji, any Unicode; only ``\\r\\n`` becomes ``\\n`` and the blank lines and spaces
around the whole text are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import ReadError
from ..records import Source
from .common import external_id_for, load_bytes, make_article, warn
from .encoding import decode_bytes
from .options import ReadEvent, ReadOptions

__all__ = ["ParsedText", "parse_text", "read_text"]

MAX_TITLE_CHARS = 200
_MARKER = re.compile(r" date (\d{4}-\d{2}-\d{2})(?: |\n|$)")
_BLANK = " \t"
_CLOSERS = "\"'”’»)]*_ \t"


@dataclass(frozen=True, slots=True)
class ParsedText:
    """A text article split into its parts."""

    text: str
    title: str | None = None
    published: date | None = None
    bad_marker: str | None = None
    """A date marker whose date does not exist (left in the text)."""


def _take_marker(text: str) -> tuple[str, date | None, str | None]:
    match = _MARKER.match(text)
    if not match:
        return text, None, None
    try:
        day = date.fromisoformat(match[1])
    except ValueError:
        return text, None, match[1]
    return text[match.end():], day, None


def _is_title(line: str) -> bool:
    line = line.strip(_BLANK)
    return (
        bool(line.strip()) and len(line) < MAX_TITLE_CHARS
        and not line.rstrip(_CLOSERS).endswith(".")
    )


def _split_title(text: str) -> tuple[str | None, str]:
    first, newline, rest = text.partition("\n")
    if not newline:
        return None, text
    second, _, after = rest.partition("\n")
    if second.strip(_BLANK) or not after.strip(_BLANK + "\n") or not _is_title(first):
        return None, text
    return first.strip(_BLANK), after


def parse_text(raw: str) -> ParsedText:
    """Split the contents of a seed-format text file into title, date marker and text."""
    text = raw.replace("\r\n", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    text, published, bad = _take_marker(text)
    title, body = _split_title(text.lstrip(_BLANK + "\n"))
    if title is not None and published is None and bad is None:
        body, published, bad = _take_marker(body.lstrip("\n"))
    return ParsedText(text=body.strip(_BLANK + "\n"), title=title, published=published,
                      bad_marker=bad)


def read_text(path: Path, options: ReadOptions, *, data: bytes | None = None
              ) -> Iterator[ReadEvent]:
    """Read one plain-text article (the file may be gzipped).

    ``data`` is the file's content when the caller has read it already (it is not read again).
    """
    name = str(path)
    data = load_bytes(path, data, "article")
    if isinstance(data, ReadError):
        yield data
        return
    if not data:
        yield ReadError(name, "empty file")
        return
    decoded = decode_bytes(data)
    if decoded is None:
        yield ReadError(name, "not text: binary content or an unknown encoding")
        return
    source = Source(name)
    if decoded.detected:
        yield warn(source, f"not UTF-8; decoded as {decoded.encoding} (detected)")
    parsed = parse_text(decoded.text)
    if parsed.bad_marker:
        yield warn(source, f"date marker {parsed.bad_marker!r} is not a valid date; "
                           "kept in the text, date unknown")
    yield make_article(text=parsed.text, title=parsed.title, published=parsed.published,
                       source=source, options=options, external_id=external_id_for(path))
