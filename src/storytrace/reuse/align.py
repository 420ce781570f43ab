"""Align two articles: chain shared n-grams into passages, with spans and a similarity.

For one candidate pair:

1. every n-gram hash of article A is matched with the equal n-grams of article B (a sort-based
   join; n-grams repeated more than ``repeat_cap`` times in either article are ignored);
2. matches on one diagonal (``j - i`` constant) separated by at most ``max_gap`` words become one
   *piece* (a substituted word breaks ``n`` n-grams but not the diagonal);
3. pieces separated by at most ``max_gap`` unaligned words in each article are merged into
   one passage, whatever their order — so reordered sentences, a paragraph broken
   differently, an inserted ``Scott continued`` are one passage, while a long insertion
   splits it;
4. each passage is extended word by word past its outermost anchors (exact words, one
   substituted/inserted word when the two words after it agree), closing sentence punctuation
   is taken in, and the similarity is the normalised Indel similarity of the two word sequences
   (rapidfuzz);
5. passages with fewer than ``min_words`` aligned words, with no usable anchor, or with more
   boilerplate anchors (over the document-frequency limits) than usable ones, are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz.distance import Indel

from .index import anchor_part
from .options import ReuseOptions

_CLOSING = ".!?…"


@dataclass(frozen=True, slots=True)
class DocTokens:
    """One article's tokens: hashes, character spans, n-gram hashes (and their sorted order)."""

    text: str
    hashes: np.ndarray
    start: np.ndarray
    end: np.ndarray
    grams: np.ndarray
    order: np.ndarray
    """``argsort(grams)``."""
    sorted_grams: np.ndarray
    repeats: np.ndarray
    """How often each n-gram occurs in this article."""
    usable: np.ndarray | None = None
    """Per n-gram: is it an indexed anchor within the document-frequency limits? A passage
    needs at least one (``None``: every passage is accepted)."""
    boiler: np.ndarray | None = None
    """Per n-gram: is it a boilerplate anchor (over the limits)? A passage with more of these
    than usable ones is boilerplate (a footer that one rare word next to it made shareable)."""

    @classmethod
    def build(cls, text: str, hashes: np.ndarray, start: np.ndarray, end: np.ndarray,
              grams: np.ndarray, usable: np.ndarray | None = None,
              boiler: np.ndarray | None = None) -> DocTokens:
        """Precompute the sorted n-grams (``usable``: see the field)."""
        order = np.argsort(grams)
        sorted_grams = grams[order]
        repeats = (np.searchsorted(sorted_grams, grams, side="right")
                   - np.searchsorted(sorted_grams, grams, side="left"))
        return cls(text, hashes, start, end, grams, order, sorted_grams, repeats, usable,
                   boiler)


def usable_mask(grams: np.ndarray, good: np.ndarray) -> np.ndarray:
    """Which n-gram hashes are usable anchors (their 40-bit anchor part is in the sorted
    ``good``). The queries are sorted first (one radix sort of ``anchor << k | index``), so the
    binary searches walk ``good`` in order instead of missing the cache on a large index."""
    if len(grams) == 0 or len(good) == 0:
        return np.zeros(len(grams), dtype=bool)
    index_bits = max(1, int(len(grams) - 1).bit_length())
    keyed = np.sort((anchor_part(grams) << np.uint64(index_bits))
                    | np.arange(len(grams), dtype=np.uint64))
    anchors = keyed >> np.uint64(index_bits)
    at = np.searchsorted(good, anchors)
    at[at >= len(good)] = 0
    out = np.zeros(len(grams), dtype=bool)
    out[(keyed & np.uint64((1 << index_bits) - 1)).astype(np.int64)] = good[at] == anchors
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """An aligned passage: character spans in both articles and the similarity."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float


def _matches(a: DocTokens, b: DocTokens, cap: int) -> tuple[np.ndarray, np.ndarray]:
    """All (i, j) with a.grams[i] == b.grams[j], ignoring n-grams repeated more than ``cap``
    times in either article."""
    empty = np.zeros(0, dtype=np.int64)
    if len(a.grams) == 0 or len(b.grams) == 0:
        return empty, empty
    lo = np.searchsorted(b.sorted_grams, a.grams, side="left")
    hi = np.searchsorted(b.sorted_grams, a.grams, side="right")
    counts = hi - lo
    i_idx = np.flatnonzero((counts > 0) & (counts <= cap) & (a.repeats <= cap))
    if len(i_idx) == 0:
        return empty, empty
    c = counts[i_idx]
    total = int(c.sum())
    ends = np.cumsum(c)
    within = np.arange(total, dtype=np.int64) - np.repeat(ends - c, c)
    i = np.repeat(i_idx, c)
    j = b.order[np.repeat(lo[i_idx], c) + within]
    return i.astype(np.int64), j.astype(np.int64)


def _pieces(i: np.ndarray, j: np.ndarray, n: int, gap: int) -> np.ndarray:
    """Diagonal runs: [a0, a1, b0, b1, matched_words] in token coordinates (end exclusive)."""
    diag = j - i
    order = np.lexsort((i, diag))
    i, diag = i[order], diag[order]
    brk = np.ones(len(i), dtype=bool)
    brk[1:] = (diag[1:] != diag[:-1]) | (i[1:] - i[:-1] > n + gap)
    starts = np.flatnonzero(brk)
    stops = np.concatenate((starts[1:], [len(i)])) - 1
    a0 = i[starts]
    a1 = i[stops] + n
    d = diag[starts]
    # words covered by the run's n-grams (runs may have holes where a word was substituted)
    covered = np.minimum(np.diff(np.concatenate((i, [0])))[: len(i)], n)
    covered[stops] = n
    cov = np.add.reduceat(covered, starts) if len(starts) else np.zeros(0, dtype=np.int64)
    return np.stack((a0, a1, a0 + d, a1 + d, cov), axis=1)


def _prune(pieces: np.ndarray, gap: int, min_words: int) -> np.ndarray:
    """Drop pieces that can never be part of a passage of ``min_words`` aligned words.

    Pieces of one passage form a chain, in each article, whose holes are at most ``gap`` words;
    a chain whose pieces cover fewer than ``min_words`` words in total cannot hold a passage.
    Exact (never changes the result), vectorised, and cheap on pairs that share many scattered
    stock phrases.
    """
    for lo, hi in ((0, 1), (2, 3)):
        if len(pieces) == 0:
            break
        order = np.argsort(pieces[:, lo], kind="stable")
        p = pieces[order]
        reach = np.maximum.accumulate(p[:, hi])
        brk = np.ones(len(p), dtype=bool)
        brk[1:] = p[1:, lo] > reach[:-1] + gap
        chain = np.cumsum(brk) - 1
        total = np.bincount(chain, weights=p[:, 4])
        pieces = p[total[chain] >= min_words]
    return pieces


def _merge_pass(items: list[list[int]], gap: int) -> tuple[list[list[int]], bool]:
    """One sweep in order of A start: join each item to an open group within ``gap`` words in
    both articles. Groups whose A end is more than ``gap`` words behind are closed."""
    items.sort()
    done: list[list[int]] = []
    open_groups: list[list[int]] = []
    joined = False
    for p in items:
        still = []
        for g in open_groups:
            if g[1] + gap < p[0]:
                done.append(g)
            else:
                still.append(g)
        open_groups = still
        for g in open_groups:
            if max(0, p[2] - g[3], g[2] - p[3]) <= gap:
                g[0], g[1] = min(g[0], p[0]), max(g[1], p[1])
                g[2], g[3] = min(g[2], p[2]), max(g[3], p[3])
                g[4] += p[4]
                joined = True
                break
        else:
            open_groups.append(list(p))
    return done + open_groups, joined


def _group(pieces: list[list[int]], gap: int) -> list[list[int]]:
    """Merge pieces separated by at most ``gap`` unaligned words in each article."""
    groups, _ = _merge_pass(pieces, gap)
    for _round in range(8):  # groups that grew may now touch each other
        groups, joined = _merge_pass(groups, gap)
        if not joined:
            break
    return groups


def _extend(ha: list[int], hb: list[int], a: int, b: int, step: int, limit: int) -> tuple[int, int]:
    """Walk from token a/b (the first token *outside* the passage) in direction ``step``.

    Returns how many tokens to add on each side.
    """
    na, nb = len(ha), len(hb)
    add_a = add_b = 0

    def same(x: int, y: int) -> bool:
        return 0 <= x < na and 0 <= y < nb and ha[x] == hb[y]

    for _ in range(limit):
        x, y = a + step * add_a, b + step * add_b
        if same(x, y):
            add_a += 1
            add_b += 1
        elif same(x + step, y + step) and same(x + 2 * step, y + 2 * step):
            add_a += 3  # one substituted word, then two equal words
            add_b += 3
        elif same(x + step, y) and same(x + 2 * step, y + step):
            add_a += 3  # a word inserted in A
            add_b += 2
        elif same(x, y + step) and same(x + step, y + 2 * step):
            add_a += 2  # a word inserted in B
            add_b += 3
        else:
            break
    return add_a, add_b


def _close(text: str, end: int) -> int:
    """Take in closing sentence punctuation right after ``end`` (at most 3 characters)."""
    k = end
    while k < len(text) and k - end < 3 and text[k] in _CLOSING:
        k += 1
    return k


def align_pair(a: DocTokens, b: DocTokens, options: ReuseOptions,
               good: np.ndarray | None = None, bad: np.ndarray | None = None) -> list[Span]:
    """Passages shared by two articles (see the module docstring).

    ``good`` / ``bad`` (sorted 40-bit anchors within / over the document-frequency limits) are
    needed only when ``a`` was built without its ``usable`` / ``boiler`` masks (the Spark
    engine passes them; without ``bad`` a footer next to one shareable n-gram is not caught).
    """
    if good is not None and a.usable is None:
        a = replace(a, usable=usable_mask(a.grams, good))
    if bad is not None and a.boiler is None:
        a = replace(a, boiler=usable_mask(a.grams, bad))
    n, gap = options.ngram, options.max_gap
    i, j = _matches(a, b, options.repeat_cap)
    if len(i) == 0:
        return []
    pieces = _prune(_pieces(i, j, n, gap), gap, options.min_words)
    if len(pieces) == 0:
        return []
    groups = _group(pieces.tolist(), gap)
    ha: list[int] | None = None
    hb: list[int] | None = None
    spans: list[Span] = []
    for a0, a1, b0, b1, matched in groups:
        if min(matched, a1 - a0, b1 - b0) < options.min_words:
            continue
        if a.usable is not None:
            inside = slice(a0, max(a0 + 1, a1 - n + 1))
            usable = int(a.usable[inside].sum())
            if usable == 0 or (a.boiler is not None and int(a.boiler[inside].sum()) > usable):
                continue
        if ha is None:
            ha, hb = a.hashes.tolist(), b.hashes.tolist()
        assert hb is not None
        left_a, left_b = _extend(ha, hb, a0 - 1, b0 - 1, -1, gap)
        right_a, right_b = _extend(ha, hb, a1, b1, 1, gap)
        a0, b0 = max(0, a0 - left_a), max(0, b0 - left_b)
        a1, b1 = min(len(ha), a1 + right_a), min(len(hb), b1 + right_b)
        score = Indel.normalized_similarity(ha[a0:a1], hb[b0:b1])
        spans.append(Span(
            a_start=int(a.start[a0]), a_end=_close(a.text, int(a.end[a1 - 1])),
            b_start=int(b.start[b0]), b_end=_close(b.text, int(b.end[b1 - 1])),
            score=round(float(score), 4),
        ))
    return _dedupe(spans)


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop passages contained in another passage on both sides (after extension)."""
    spans.sort(key=lambda s: (s.a_start, -(s.a_end - s.a_start), s.b_start))
    out: list[Span] = []
    for s in spans:
        if any(o.a_start <= s.a_start and s.a_end <= o.a_end and o.b_start <= s.b_start
               and s.b_end <= o.b_end for o in out):
            continue
        out.append(s)
    return out
