"""Cheap per-article features for story clustering: content words, entity keys and numbers.

Everything here is pure Python with regular expressions (no spaCy): the streaming path has to
reach thousands of articles per second. Features are hashed into a fixed number of buckets
(``zlib.crc32``, stable across processes) so that document frequencies live in one fixed-size
array whatever the corpus size.

:func:`extract` runs a compiled copy of :func:`extract_pure` when it is built
(``_fastfeatures.pyx``, Cython; ``pip install`` builds it where a C compiler is found): the
same ``Features`` bit for bit, 2.4-4.5x faster. ``STORYTRACE_PURE_FEATURES=1`` or
:func:`use_extractor` selects the pure path.

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
import os
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from .lead import WEEKDAYS, lead

N_BUCKETS = 1 << 20
_MASK = N_BUCKETS - 1

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d+(?:[.,]\d+)*")
_CAP_SPAN = re.compile(
    r"\b[A-Z][\w'’\-]*(?:[ \t]+(?:(?:de|van|von|der|da|del|bin|al|of)[ \t]+)?[A-Z][\w'’\-]*)*"
)
_SENTENCE_END = frozenset(".!?:;\n\r\"“‘`'(-—–")

# English function words (importing scikit-learn's list would cost seconds of start-up)
_FUNCTION_WORDS = (
    "a about above across after afterwards again against all almost alone along already also "
    "although always am among amongst an and another any anyhow anyone anything anyway anywhere "
    "are around as at back be became because become becomes becoming been before beforehand "
    "behind being below beside besides between beyond both but by can cannot could did do does "
    "doing done down due during each either else elsewhere enough etc even ever every everyone "
    "everything everywhere except few for former formerly from further had has have having he "
    "hence her here hereafter hereby herein hers herself him himself his how however i ie if in "
    "indeed into is it its itself just latter latterly least less many may me meanwhile might "
    "mine more moreover most mostly much must my myself namely neither never nevertheless no "
    "nobody none noone nor not nothing now nowhere of off often on once only onto or other "
    "others otherwise our ours ourselves out over own per perhaps please quite rather re same "
    "seem seemed seeming seems several she should since so some somehow someone something "
    "sometime sometimes somewhere still such than that the their theirs them themselves then "
    "thence there thereafter thereby therefore therein thereupon these they this those though "
    "through throughout thru thus to together too toward towards under until up upon us very "
    "via was we well were what whatever when whence whenever where whereafter whereas whereby "
    "wherein whereupon wherever whether which while whither who whoever whole whom whose why "
    "will with within without would yet you your yours yourself yourselves don't didn't won't "
    "can't isn't wasn't it's i'm he's she's that's there's they're we're you're i've we've"
)
STOP_WORDS = frozenset(_FUNCTION_WORDS.split()) | frozenset(
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


def _mask_title_case(text: str) -> str:
    """Blank out Title Case lines (headlines inside the text): every word capitalised there."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    changed = False
    for i, line in enumerate(lines):
        if len(line) > 200:
            continue
        words = [w for w in line.split() if w[0].isalpha()]
        if len(words) >= 4:
            caps = sum(1 for w in words if w[0].isupper())
            if caps >= 0.7 * len(words):
                lines[i] = line.lower()
                changed = True
    return "\n".join(lines) if changed else text


_CACHE_MAX = 30_000
"""Entries per memo cache (token forms, hash buckets, spans); each is cleared when full. The
generated corpus invents names for every story, so the caches fill up as the corpus grows: at
100,000 entries they held 47 MiB after 12,000 articles and were still filling; 30,000 entries
lowered the peak RSS of a 12,000-article dense run by 26 MiB for about 2% of speed (the frequent
words come back within a few articles of a clearing)."""
_SPANS: dict[tuple[str, bool], tuple[tuple[str, ...], str | None, bool]] = {}


def _read_span(raw: str, at_start: bool) -> tuple[tuple[str, ...], str | None, bool]:
    """Keys of one capitalised span: (entity keys, span as written or None, lone initial word)."""
    cached = _SPANS.get((raw, at_start))
    if cached is not None:
        return cached
    out = _span_keys(raw, at_start)
    if len(_SPANS) >= _CACHE_MAX:
        _SPANS.clear()
    _SPANS[(raw, at_start)] = out
    return out


def _span_keys(raw: str, at_start: bool) -> tuple[tuple[str, ...], str | None, bool]:
    """:func:`_read_span` without its memo (the compiled extractor runs its own copy,
    ``_fastfeatures.span_keys``)."""
    words = [w[:-2] if w.endswith(("'s", "’s")) else w.rstrip("'’") for w in raw.split()]
    if at_start:
        while words and words[0].lower() in _ENTITY_STOP:
            words = words[1:]
    kept = [w.lower().strip(".") for w in words]
    kept = [w for w in kept if len(w) > 1 and w not in _ENTITY_STOP]
    lone = at_start and len(kept) == 1 and len(words) == 1
    keys = tuple("e:" + w for w in kept)
    written = None
    if len(kept) > 1:
        keys += ("s:" + " ".join(kept),)
        written = " ".join(w for w in words if w.lower().strip(".") not in _ENTITY_STOP)
    return keys, written, lone


def entity_keys(text: str, lead_end: int = 0) -> tuple[Counter[str], Counter[str]]:
    """Entity keys (single capitalised words and whole spans, lowercased) and the spans as written.

    Weekday and month names never count (dates are carried by numbers instead). A lone
    capitalised word at the start of a sentence ("Physically", "Report") counts only when the
    same word is also capitalised inside a sentence somewhere in the article. Spans starting
    before ``lead_end`` (the article's lead) count twice.
    """
    text = _mask_title_case(text)
    found: list[str] = []
    written_spans: list[str] = []
    initial: list[str] = []
    cache_get = _SPANS.get
    ends = _SENTENCE_END
    for m in _CAP_SPAN.finditer(text):
        j = m.start() - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        raw = m.group(0)
        at_start = j < 0 or text[j] in ends
        read = cache_get((raw, at_start))
        span_keys, written, lone = read if read is not None else _read_span(raw, at_start)
        if not span_keys:
            continue
        twice = m.start() < lead_end
        if lone:
            initial.append(span_keys[0])
            if twice:
                initial.append(span_keys[0])
            continue
        found.extend(span_keys)
        if twice:
            found.extend(span_keys)
        if written:
            written_spans.append(written)
            if twice:
                written_spans.append(written)
    keys = Counter(found)  # counted in C, in the same first-seen order as one by one
    for key, n in Counter(initial).items():
        if key in keys:
            keys[key] += n
    return keys, Counter(written_spans)


class _Memo(dict):
    """A memo dict that computes a missing entry with ``compute`` (so lookups can run in C,
    through ``map``), cleared when it reaches ``_CACHE_MAX`` entries."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str):
        value = self.compute(key)
        if len(self) >= _CACHE_MAX:
            self.clear()
        self[key] = value
        return value


def _normal(tok: str) -> str:
    """Lowercased token as a content word ('' for stop words and short words)."""
    low = tok.replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    return "" if len(low) < 3 or low in STOP_WORDS else _stem(low)


def _token_key(tok: str) -> str:
    """What a lowercased token counts as: its content word, ``n:``-prefixed number key (two
    digits or more, or a decimal point; thousands commas dropped), or '' (not counted)."""
    if tok[0].isdigit():
        return "n:" + tok.replace(",", "") if len(tok) >= 2 or "." in tok else ""
    return _normal(tok)


_TOKENS = _Memo(_token_key)
"""Lowercased token -> its key (see :func:`_token_key`), memoised."""
_BUCKETS = _Memo(bucket)
"""Feature key -> its hash bucket, memoised."""


_SUBLINEAR = [0.0] + [1.0 + math.log(n) for n in range(1, 256)]
"""``1 + log(n)`` for the small counts almost every key has."""


def _sublinear(counts: dict[str, int]) -> dict[int, float]:
    """Hashed sublinear term frequencies; keys that share a bucket add up, in key order."""
    buckets = list(map(_BUCKETS.__getitem__, counts))
    values = counts.values()
    if max(values, default=0) < 256:
        weights = list(map(_SUBLINEAR.__getitem__, values))
    else:
        weights = [1.0 + math.log(n) for n in values]
    out = dict(zip(buckets, weights, strict=True))
    if len(out) == len(buckets):
        return out
    out = {}  # two keys in one bucket: add them up
    for b, w in zip(buckets, weights, strict=True):
        out[b] = out[b] + w if b in out else w
    return out


def extract_pure(title: str | None, text: str, *, max_words: int = 400,
                 lead_sentences: int = 0, lead_chars: int = 512,
                 weekdays: bool = False) -> Features:
    """Hashed features of one article; the title counts twice (it is the densest summary).

    The pure-Python reference of :func:`extract` (which runs the compiled
    ``_fastfeatures.extract`` when it is built: the same ``Features``, bit for bit).

    Only the start of the body is read, about ``max_words`` words (``8 * max_words``
    characters): the lead of a news article carries its story, and the cap bounds the cost of
    very long texts. The lead proper, its first ``lead_sentences`` sentences (at most
    ``lead_chars`` characters, see :func:`storytrace.stories.lead.lead`), counts again: its
    words as much as the title's, its names once more. ``weekdays`` adds a ``w:`` entity key
    for every weekday name.
    """
    body = text[: 8 * max_words] if max_words else text
    head = title or ""
    first = lead(body, lead_sentences, lead_chars)
    tokens = _WORD.findall(body.lower()) if body else []
    if first:
        lead_tokens = _WORD.findall(first.lower())
        tokens = lead_tokens + lead_tokens + tokens  # the lead counts twice more
    if head:
        head_tokens = _WORD.findall(head.lower())
        tokens = head_tokens + head_tokens + tokens  # the title counts twice
    # content words and numbers counted in C, in order of first appearance
    words = Counter(map(_TOKENS.__getitem__, tokens))
    words.pop("", None)
    numbers = [key for key in words if key.startswith("n:")]
    ents, spans = entity_keys(head + "\n" + body if head else body,
                              len(head) + 1 + len(first) if head else len(first))
    for key in numbers:
        ents[key] += words.pop(key)
    if weekdays:  # the weekday names among the content words, as entity keys too
        for day in sorted(WEEKDAYS.intersection(words)):  # sorted: the same in every process
            ents["w:" + day] += words[day]
    return Features(
        words=_sublinear(words),
        entities=_sublinear(ents),
        spans=tuple(s for s, _ in spans.most_common(8)),
        content_words=tuple(w for w, _ in sorted(words.items(), key=itemgetter(1),
                                                 reverse=True)[:8]),
    )


extract_compiled: Callable[..., Features] | None = None
"""The compiled :func:`extract_pure` (``storytrace.stories._fastfeatures``), or None when the
extension is not built (an install without a C compiler)."""
try:
    from . import _fastfeatures
except ImportError:  # not built: the pure-Python path
    _fastfeatures = None
else:
    _fastfeatures.configure(
        features_cls=Features, entity_stop=_ENTITY_STOP, token_key=_token_key, bucket=bucket,
        pure=extract_pure, log=math.log, sublinear=_SUBLINEAR, weekdays=WEEKDAYS,
        cache_max=_CACHE_MAX,
    )
    extract_compiled = _fastfeatures.extract

PURE_ENV = "STORYTRACE_PURE_FEATURES"
"""Set this environment variable to ``1`` to make :func:`extract` run the pure-Python path."""
_extract = (extract_compiled if extract_compiled is not None and os.environ.get(PURE_ENV) != "1"
            else extract_pure)


def use_extractor(name: str) -> None:
    """Make :func:`extract` run ``"compiled"`` (raises when it is not built) or ``"pure"``."""
    global _extract
    if name == "pure":
        _extract = extract_pure
    elif name == "compiled":
        if extract_compiled is None:
            raise RuntimeError("storytrace.stories._fastfeatures is not built "
                               "(pip install -e . with a C compiler builds it)")
        _extract = extract_compiled
    else:
        raise ValueError(f"unknown extractor {name!r}: 'compiled' or 'pure'")


def extractor() -> str:
    """Which extractor :func:`extract` runs: ``"compiled"`` or ``"pure"``."""
    return "pure" if _extract is extract_pure else "compiled"


def extract(title: str | None, text: str, *, max_words: int = 400, lead_sentences: int = 0,
            lead_chars: int = 512, weekdays: bool = False) -> Features:
    """Hashed features of one article; the title counts twice (it is the densest summary).

    Runs the compiled extractor when it is built, else (or with ``STORYTRACE_PURE_FEATURES=1``,
    or after ``use_extractor("pure")``) :func:`extract_pure`, which documents the features;
    both give the same ``Features``, bit for bit, dict order included.
    """
    return _extract(title, text, max_words=max_words, lead_sentences=lead_sentences,
                    lead_chars=lead_chars, weekdays=weekdays)


def content_buckets(text: str) -> list[int]:
    """Buckets of the content words of ``text`` (as :func:`extract` hashes them)."""
    out = []
    for m in _WORD.finditer(text):
        tok = m.group(0)
        if tok[0].isdigit():
            continue
        norm = _TOKENS[tok.lower()]
        if norm:
            out.append(bucket(norm))
    return out
