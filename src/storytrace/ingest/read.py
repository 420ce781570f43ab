"""Read any supported file: sniff its format, then hand it to that format's reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import ReadError
from .common import is_gzip
from .html import read_html
from .jsonl import read_jsonl
from .options import ReadEvent, ReadOptions
from .sniff import Format, expand_paths, head_bytes, sniff
from .text import read_text
from .warc import read_warc

__all__ = ["READERS", "read_file", "read_paths"]

READERS: dict[Format, Callable[[Path, ReadOptions], Iterator[ReadEvent]]] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "html": read_html,
    "warc": read_warc,
}

_DEFAULT = ReadOptions()


def read_file(path: Path, options: ReadOptions = _DEFAULT) -> Iterator[ReadEvent]:
    """Read the articles of one file of any supported format, chosen by sniffing its content.

    Yields ``Article``, ``ReadWarning`` (just before the article it concerns), ``Skipped`` and
    ``ReadError`` events. It never raises for bad content: an empty, binary or unknown file, or
    one that cannot be opened, gives one ``ReadError`` naming the file and the reason.
    """
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        kind = sniff(path) if size else None
    except FileNotFoundError:
        yield ReadError(name, "no such file")
        return
    except OSError as exc:
        yield ReadError(name, f"cannot read the file: {exc.strerror or exc}")
        return
    if size == 0:
        yield ReadError(name, "empty file")
        return
    if kind is None:
        yield ReadError(name, _why_unknown(path))
        return
    yield from READERS[kind](path, options)


def read_paths(paths: Iterable[str | Path], options: ReadOptions = _DEFAULT) -> Iterator[ReadEvent]:
    """Read every file named by ``paths`` (files, folders, globs; see ``expand_paths``)."""
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, options)


def _why_unknown(path: Path) -> str:
    head = head_bytes(path)
    if not head.strip():
        if is_gzip(path):
            return "empty or truncated gzip (nothing could be decompressed)"
        return "empty file (only whitespace)"
    return "not an article file: binary content or an unknown format"
