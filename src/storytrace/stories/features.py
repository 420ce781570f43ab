"""Cheap per-article features for story clustering: content words, entity keys and numbers.

Everything here is pure Python with regular expressions (no spaCy): the streaming path has to
reach thousands of articles per second. Features are hashed into a fixed number of buckets
(``zlib.crc32``, stable across processes) so that document frequencies live in one fixed-size
array whatever the corpus size.

Three kinds of keys come out of an article:

- *content words*: lowercased words of three letters or more, minus English stop words, with a
  light plural stemmer; weighted by sublinear term frequency;
- *entity keys*: capitalised words (names of people, organisations, places, products) that are
  not sentence-initial stop words, weekdays or months, plus whole capitalised spans
  ("lindsay lohan") so that full names count more than a shared first name;
- *number keys*: numbers of two digits or more and decimals ("2013", "6.1", "90"), which tell
  two look-alike events apart (two earthquakes of different magnitude, two years).

Entity and number keys together form the *entity vector*; content words form the *text vector*.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

N_BUCKETS = 1 << 20
_MASK = N_BUCKETS - 1

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d+(?:[.,]\d+)*")
_CAP_SPAN = re.compile(
    r"(?<![\w’'])(?:[A-Z][a-z'’\-]*[a-z]|[A-Z]{2,}|[A-Z]\.)"
    r"(?:\s+(?:(?:de|van|von|der|da|del|bin|al|of)\s+)?(?:[A-Z][a-z'’\-]*[a-z]|[A-Z]{2,}|[A-Z]\.))*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[\n\r]\s*|[\"“‘`']\s*)$")

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    "said says say told tell according also would could just like new one two three year years "
    "time week day days month months today yesterday tonight last first next including since "
    "http https www com html htm".split()
)
_TEMPORAL = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec mr mrs ms dr".split()
)
_ENTITY_STOP = STOP_WORDS | _TEMPORAL | frozenset(
    "the a an he she it they we i you his her their its our this that these those there "
    "but and or so if when while after before as at in on by for with from".split()
)


def bucket(key: str) -> int:
    """The stable hash bucket of a feature key."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) & _MASK


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Features:
    """Hashed feature counts of one article (raw counts; weighting happens in the state)."""

    words: dict[int, float]
    """bucket -> sublinear term frequency of content words."""
    entities: dict[int, float]
    """bucket -> sublinear frequency of entity and number keys."""
    spans: tuple[str, ...]
    """Multi-word capitalised spans as written (candidate people names), most frequent first."""
    content_words: tuple[str, ...]
    """The most frequent content words as written in lowercase (for titles built from words)."""


def _sublinear(counts: Counter[str]) -> dict[int, float]:
    out: dict[int, float] = {}
    for key, n in counts.items():
        b = bucket(key)
        out[b] = out.get(b, 0.0) + 1.0 + math.log(n)
    return out


def _mask_title_case(text: str) -> str:
    """Blank out Title Case lines (headlines inside the text): every word capitalised there."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        words = [w for w in line.split() if w[0].isalpha()]
        if len(words) >= 4:
            caps = sum(1 for w in words if w[0].isupper())
            if caps >= 0.7 * len(words):
                lines[i] = line.lower()
                changed = True
    return "\n".join(lines) if changed else text


def entity_keys(text: str) -> tuple[Counter[str], Counter[str]]:
    """Entity keys (single capitalised words and whole spans, lowercased) and the spans as written.

    Weekday and month names never count (dates are carried by numbers instead). A lone
    capitalised word at the start of a sentence ("Physically", "Report") counts only when the
    same word is also capitalised inside a sentence somewhere in the article.
    """
    text = _mask_title_case(text)
    keys: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    initial: Counter[str] = Counter()
    for m in _CAP_SPAN.finditer(text):
        words = m.group(0).split()
        start = m.start()
        at_start = start == 0 or _SENTENCE_START.search(text, max(0, start - 3), start)
        if at_start:
            while words and words[0].lower() in _ENTITY_STOP:
                words = words[1:]
        kept = [w.lower().strip(".") for w in words]
        kept = [w for w in kept if len(w) > 1 and w not in _ENTITY_STOP]
        if not kept:
            continue
        if at_start and len(kept) == 1 and len(words) == 1:
            initial[kept[0]] += 1
            continue
        for w in kept:
            keys["e:" + w] += 1
        if len(kept) > 1:
            keys["s:" + " ".join(kept)] += 1
            spans[" ".join(w for w in words if w.lower().strip(".") not in _ENTITY_STOP)] += 1
    for w, n in initial.items():
        if "e:" + w in keys:
            keys["e:" + w] += n
    return keys, spans


def extract(title: str | None, text: str, *, max_words: int = 400) -> Features:
    """Hashed features of one article; the title counts twice (it is the densest summary).

    Only the first ``max_words`` content words of the body are read: the lead of a news
    article carries its story, and the cap bounds the cost of very long texts.
    """
    body = text
    head = title or ""
    words: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    n_body = 0
    for part, weight in ((head, 2), (body, 1)):
        for m in _WORD.finditer(part):
            tok = m.group(0)
            if tok[0].isdigit():
                if len(tok) >= 2 or "." in tok:
                    numbers["n:" + tok.replace(",", "")] += weight
                continue
            low = tok.lower().replace("’", "'")
            if low.endswith("'s"):
                low = low[:-2]
            if len(low) < 3 or low in STOP_WORDS:
                continue
            words[_stem(low)] += weight
            if weight == 1:
                n_body += 1
                if n_body >= max_words:
                    break
    ents, spans = entity_keys(head + "\n" + body if head else body)
    for key, n in numbers.items():
        ents[key] += n
    return Features(
        words=_sublinear(words),
        entities=_sublinear(ents),
        spans=tuple(s for s, _ in spans.most_common(8)),
        content_words=tuple(w for w, _ in words.most_common(8)),
    )


def content_buckets(text: str) -> list[int]:
    """Buckets of the content words of ``text`` (as :func:`extract` hashes them)."""
    out = []
    for m in _WORD.finditer(text):
        tok = m.group(0)
        if tok[0].isdigit():
            continue
        low = tok.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        if len(low) < 3 or low in STOP_WORDS:
            continue
        out.append(bucket(_stem(low)))
    return out
