"""Read any supported file: sniff its format, then hand it to that format's reader."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import ReadError
from .common import GZIP_MAGIC
from .html import read_html
from .jsonl import read_jsonl
from .options import ReadEvent, ReadOptions
from .sniff import HEAD_BYTES, Format, expand_paths, inflate_head, sniff_head
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
        with path.open("rb") as handle:
            raw = handle.read(HEAD_BYTES)
            whole = len(raw) < HEAD_BYTES or not handle.read(1)
    except FileNotFoundError:
        yield ReadError(name, "no such file")
        return
    except IsADirectoryError:
        yield ReadError(name, "a folder, not a file (give folders to read_paths)")
        return
    except OSError as exc:
        yield ReadError(name, f"cannot read the file: {exc.strerror or exc}")
        return
    if not raw:
        yield ReadError(name, "empty file")
        return
    head = inflate_head(raw)
    kind = sniff_head(head, path)
    if kind is None:
        yield ReadError(name, _why_unknown(raw, head))
        return
    if whole and raw is head and kind == "html":
        yield from read_html(path, options, data=raw)  # the file is read once
    elif whole and raw is head and kind == "text":
        yield from read_text(path, options, data=raw)
    else:
        yield from READERS[kind](path, options)


def read_paths(paths: Iterable[str | Path], options: ReadOptions = _DEFAULT) -> Iterator[ReadEvent]:
    """Read every file named by ``paths`` (files, folders, globs; see ``expand_paths``)."""
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_file(item, options)


def _why_unknown(raw: bytes, head: bytes) -> str:
    if not head.strip():
        if raw[:2] == GZIP_MAGIC:
            return "empty or truncated gzip (nothing could be decompressed)"
        return "empty file (only whitespace)"
    return "not an article file: binary content or an unknown format"
