"""Turn the bytes of a text-like file into ``str``: UTF-8 first, else a detected encoding.

UTF-8 (with or without a byte-order mark) is decoded directly. UTF-16/32 with a byte-order mark
are decoded by their mark. Anything else goes to charset-normalizer; when several legacy encodings
explain the bytes equally well, the Western ones news archives use most (cp1252, then latin-1)
win, so that cp1252 curly quotes and accents come out right. Bytes that look binary (NUL bytes,
many control characters) or that no encoding explains give ``None``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import charset_normalizer

__all__ = ["Decoded", "decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
# bytes that never occur in text: C0 controls except tab, newlines, form feed, escape
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(b"", b"")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and the encoding used; ``detected`` is true when it was guessed."""

    text: str
    encoding: str
    detected: bool


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a leading byte-order mark, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` (the start of a file) is binary rather than text.

    NUL bytes (outside UTF-16/32 with a byte-order mark) or more than 1% of control bytes mean
    binary.
    """
    if not data or bom_encoding(data) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(_CONTROL_TABLE, _CONTROL))
    return controls > max(2, len(data) // 100)


def decode_bytes(data: bytes, *, partial: bool = False) -> Decoded | None:
    """Decode a file's bytes; ``None`` when they are binary or no encoding explains them.

    ``partial`` says ``data`` is only the start of a file, so a multi-byte character cut at
    the end is not an error.
    """
    named = bom_encoding(data)
    if named:
        try:
            text = data.decode(named, errors="strict" if not partial else "ignore")
        except UnicodeDecodeError:
            return None
        return Decoded(text, named.removesuffix("-sig"), detected=False)
    if looks_binary(data):
        return None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", detected=False)
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return Decoded(data[: exc.start].decode("utf-8"), "utf-8", detected=False)
    return _detect(data)


def _detect(data: bytes) -> Decoded | None:
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return None
    chosen = best
    for match in results:
        if match.chaos > best.chaos or match.coherence < best.coherence - 0.01:
            continue
        if any(name in _PREFERRED for name in match.could_be_from_charset):
            chosen = match
            break
    encoding = next((n for n in _PREFERRED if n in chosen.could_be_from_charset), chosen.encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = str(chosen), chosen.encoding
    if _control_ratio(text) > 0.01:
        return None
    return Decoded(text, encoding, detected=True)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0c\x1b")
    return controls / len(text)
