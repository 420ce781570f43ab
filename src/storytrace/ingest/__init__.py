"""Readers: turn files of every supported format into ``Article`` records.

Formats are chosen by sniffing the content (:func:`sniff`), the suffix only breaking ties:

- ``text``  one article per file, in the seed format (:mod:`.text`);
- ``jsonl`` one article per line, also gzipped and ``.json`` (:mod:`.jsonl`);
- ``html``  one page per file, through trafilatura (:mod:`.html`);
- ``warc``  HTML responses of a WARC crawl, through warcio (:mod:`.warc`).

:func:`read_file` yields :data:`ReadEvent` values: ``Article``, ``ReadWarning``, ``Skipped`` and
``ReadError``. It never raises for bad content; the batch goes on.
"""

from ..errors import ReadError
from .dates import parse_date
from .html import extract_page
from .options import DEFAULT_MAX_CHARS, ReadEvent, ReadOptions, ReadWarning, Skipped
from .read import read_file, read_paths
from .sniff import Format, expand_paths, sniff
from .text import parse_text

__all__ = [
    "DEFAULT_MAX_CHARS", "Format", "ReadError", "ReadEvent", "ReadOptions", "ReadWarning",
    "Skipped", "expand_paths", "extract_page", "parse_date", "parse_text", "read_file",
    "read_paths", "sniff",
]
