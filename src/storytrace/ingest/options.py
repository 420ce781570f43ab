"""Reader options and the events a reader yields besides articles.

A reader yields a stream of *events*, in input order:

- ``Article``      one article read;
- ``ReadWarning``  the next article was read, but something about it is off (an unparseable date,
                   a guessed encoding, a crawl date used as publication date); it is yielded
                   *just before* the article it concerns;
- ``Skipped``      a record deliberately not read (a WARC request, revisit or non-HTML record);
- ``ReadError``    a record or a whole file that could not be read, with the reason (from
                   :mod:`storytrace.errors`); the stream goes on with the next record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..errors import InputError, ReadError
from ..records import Article, Source

DEFAULT_MAX_CHARS = 5_000_000
FIELD_KEYS = ("text", "title", "url", "outlet", "published", "date", "id")
"""The storytrace fields ``ReadOptions.fields`` may map (``date`` is ``published``)."""


@dataclass(frozen=True, kw_only=True)
class ReadOptions:
    """How to read articles; every field has a default.

    Attributes:
        outlet: fallback outlet name (the CLI's ``--outlet``), used only when the record itself,
            the page's site name and the URL's domain give none.
        max_chars: an article whose text is longer than this many characters is rejected with a
            ``ReadError`` (default 5,000,000; must be positive, else ``InputError``).
        fields: custom JSONL field names, mapping a storytrace field (``text``, ``title``,
            ``url``, ``outlet``, ``published``/``date``, ``id``) to the name used in the input,
            e.g. ``{"text": "story_body", "outlet": "paper"}``. A mapped name is tried before the
            common names (text/content/body/article/maintext, ...). An unknown storytrace field
            raises ``InputError``.
        html_fallback: let trafilatura run its fallback extractors (readability, jusText) when its
            own extraction finds little text; ``False`` is its ``fast`` mode (default ``True``).
        include_comments: keep the page's reader comments in an HTML article's text (default
            ``False``: comments are not the article).
    """

    outlet: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS
    fields: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    html_fallback: bool = True
    include_comments: bool = False

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise InputError(f"--max-chars must be a positive number of characters, "
                             f"not {self.max_chars}")
        unknown = sorted(set(self.fields) - set(FIELD_KEYS))
        if unknown:
            raise InputError(f"unknown article field {', '.join(map(repr, unknown))} in the "
                             f"field mapping; map one of {', '.join(FIELD_KEYS)}")
        if not all(isinstance(name, str) and name for name in self.fields.values()):
            raise InputError("every field in the field mapping needs a non-empty input name")


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record deliberately not read (a WARC request, revisit, warcinfo, non-HTML response...)."""

    path: str
    reason: str
    record: str | None = None

    def __str__(self) -> str:
        where = f"{self.path} [{self.record}]" if self.record else self.path
        return f"{where}: skipped, {self.reason}"


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """The article was read, but something is off (e.g. an unparseable date, left unknown)."""

    path: str
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        return f"{Source(self.path, self.line, self.record)}: {self.message}"


ReadEvent = Article | ReadError | Skipped | ReadWarning
"""What ``read_file`` yields."""
