"""Normalised word tokens with their character spans in the original text.

Reuse detection compares *words*, not characters, so most of what outlets change when they copy a
passage disappears at tokenisation time:

* case (``Mentally`` ~ ``mentally``) — tokens are lower-cased through a per-code-point table, so
  offsets never shift;
* curly vs straight quotes and apostrophes, dashes, ellipses, doubled periods (``mommy..``),
  re-flowed paragraphs and split sentences — all punctuation and white space separate tokens and
  are otherwise ignored;
* inserted editorial marks — ``(sic)``, ``[...]``, ``(...)`` — are blanked before tokenising.
  Bracketed substitutions such as ``[She's the]`` keep their words: they replace words of the
  original, which the alignment treats as a substitution.

Words are maximal runs of letters, digits and combining marks. Scripts written without spaces
(Han, Hiragana, Katakana, CJK compatibility ideographs) make one token per character, so their
n-grams are character n-grams.

Everything here is vectorised over a *batch* of texts joined into one code-point array (numpy):
no Python loop runs per character or per token. Token hashes are a polynomial hash of the
lower-cased code points (mod 2**64) followed by a 64-bit mixer, so they are stable across runs and
machines — the persisted candidate index relies on that.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

#: Editorial marks an outlet inserts into a quotation; blanked (same length) before tokenising.
EDITORIAL_MARKS = re.compile(
    r"\(\s*sic!?\s*\)|\[\s*sic!?\s*\]|\[\s*(?:\.\s*){2,}\]|\[\s*…\s*\]|\(\s*(?:\.\s*){3,}\)|\(\s*…\s*\)",
    re.IGNORECASE,
)

_NONWORD, _WORD, _SINGLE = 0, 1, 2
_P = 0x100000001B3  # odd multiplier of the polynomial token hash
_P_INV = pow(_P, -1, 2**64)
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _is_single_char_script(cp: int) -> bool:
    return (
        0x3040 <= cp <= 0x30FF  # Hiragana, Katakana
        or 0x3400 <= cp <= 0x4DBF  # CJK extension A
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0xF900 <= cp <= 0xFAFF  # CJK compatibility ideographs
        or 0x20000 <= cp <= 0x3FFFF  # CJK extensions B..
    )


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """(class, lower) tables for the Basic Multilingual Plane, built once per process."""
    classes = np.zeros(0x10000, dtype=np.uint8)
    lower = np.arange(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if cat[0] in "LNM":
            classes[cp] = _SINGLE if _is_single_char_script(cp) else _WORD
        low = ch.lower()
        if len(low) == 1:
            lower[cp] = ord(low)
    return classes, lower


class _Powers:
    """Growing arrays of P**i and P**-i (mod 2**64) for the polynomial hash."""

    def __init__(self) -> None:
        self.pow = np.ones(1, dtype=np.uint64)
        self.inv = np.ones(1, dtype=np.uint64)

    def ensure(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self.pow) < n:
            size = max(n, 2 * len(self.pow), 1 << 16)
            one = np.ones(1, dtype=np.uint64)
            with np.errstate(over="ignore"):
                self.pow = np.cumprod(
                    np.concatenate((one, np.full(size - 1, _P, dtype=np.uint64))),
                    dtype=np.uint64)
                self.inv = np.cumprod(
                    np.concatenate((one, np.full(size - 1, _P_INV, dtype=np.uint64))),
                    dtype=np.uint64)
        return self.pow, self.inv


_POWERS = _Powers()


def mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, vectorised (uint64 in, uint64 out)."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """The tokens of a batch of texts, as flat arrays.

    Token ``k`` belongs to text ``doc[k]``; it spans ``text[start[k]:end[k]]`` of that text (local
    offsets). ``offsets[d]:offsets[d+1]`` are the token indices of text ``d``.
    """

    hashes: np.ndarray  # uint64, stable hash of the normalised token
    start: np.ndarray  # int64, local character offsets
    end: np.ndarray  # int64
    doc: np.ndarray  # int64, index of the text in the batch
    offsets: np.ndarray  # int64, len(texts) + 1

    def slice(self, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hashes, start, end) of text ``d``."""
        lo, hi = int(self.offsets[d]), int(self.offsets[d + 1])
        return self.hashes[lo:hi], self.start[lo:hi], self.end[lo:hi]


def _blank_marks(text: str) -> str:
    return EDITORIAL_MARKS.sub(lambda m: " " * len(m.group()), text)


def tokenize(texts: Sequence[str]) -> TokenBatch:
    """Tokenise a batch of texts (vectorised over the whole batch; see the module docstring)."""
    n_docs = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n_docs)
    doc_char_start = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=doc_char_start[1:])
    joined = _blank_marks("\x00".join(texts))
    cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes, lower = _tables()
    if len(cps) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return TokenBatch(np.zeros(0, dtype=np.uint64), empty, empty, empty,
                          np.zeros(n_docs + 1, dtype=np.int64))
    bmp = cps < 0x10000
    if bmp.all():
        cls = classes[cps]
        low = lower[cps]
    else:
        clipped = np.where(bmp, cps, 0)
        cls = np.where(bmp, classes[clipped],
                       np.where((cps >= 0x20000) & (cps <= 0x3FFFF), _SINGLE, _NONWORD)
                       ).astype(np.uint8)
        low = np.where(bmp, lower[clipped], cps)
    word = cls > 0
    single = cls == _SINGLE
    prev_word = np.empty_like(word)
    prev_word[0] = False
    prev_word[1:] = word[:-1]
    next_word = np.empty_like(word)
    next_word[-1] = False
    next_word[:-1] = word[1:]
    prev_single = np.empty_like(single)
    prev_single[0] = False
    prev_single[1:] = single[:-1]
    next_single = np.empty_like(single)
    next_single[-1] = False
    next_single[:-1] = single[1:]
    starts = np.flatnonzero(word & (~prev_word | single | prev_single))
    ends = np.flatnonzero(word & (~next_word | single | next_single)) + 1

    # polynomial hash of each token's lower-cased code points, position-normalised
    pw, inv = _POWERS.ensure(len(cps) + 1)
    with np.errstate(over="ignore"):
        vals = (low.astype(np.uint64) + np.uint64(1)) * pw[: len(cps)]
        prefix = np.zeros(len(cps) + 1, dtype=np.uint64)
        np.cumsum(vals, dtype=np.uint64, out=prefix[1:])
        raw = (prefix[ends] - prefix[starts]) * inv[starts]
        raw += (ends - starts).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    hashes = mix64(raw)

    doc = np.searchsorted(doc_char_start, starts, side="right") - 1
    local_start = starts - doc_char_start[doc]
    local_end = ends - doc_char_start[doc]
    offsets = np.searchsorted(doc, np.arange(n_docs + 1), side="left").astype(np.int64)
    return TokenBatch(hashes, local_start.astype(np.int64), local_end.astype(np.int64),
                      doc.astype(np.int64), offsets)
