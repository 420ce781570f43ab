"""Word n-gram hashes and their winnowed anchors, vectorised with numpy.

An n-gram hash combines the hashes of ``n`` consecutive tokens with distinct odd multipliers
(``n`` shifted-array multiply-adds, whatever the number of tokens) and mixes the sum. N-grams never
cross the boundary between two texts of a batch.

The candidate index keeps only *winnowed* anchors (Schleimer, Wilkerson & Aiken 2003): in every
window of ``window`` consecutive n-grams of a text, the one with the smallest hash. Two texts that
share a run of at least ``window + n - 1`` words therefore share at least one anchor, while the
index holds about ``2 / (window + 1)`` of all n-grams.
"""

from __future__ import annotations

import numpy as np

from .normalize import TokenBatch, mix64

_MULTIPLIERS = (
    0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
    0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB,
)


def ngram_hashes(hashes: np.ndarray, n: int) -> np.ndarray:
    """Hashes of all ``len(hashes) - n + 1`` n-grams of one token-hash sequence (no boundaries)."""
    m = len(hashes) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            mult = np.uint64(_MULTIPLIERS[k % len(_MULTIPLIERS)] + 2 * (k // len(_MULTIPLIERS)))
            acc += hashes[k : k + m] * mult
    return mix64(acc)


def batch_ngrams(tokens: TokenBatch, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All n-grams of a batch that stay inside one text: (hash, doc, first token index in doc)."""
    grams = ngram_hashes(tokens.hashes, n)
    if len(grams) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, empty
    first_doc = tokens.doc[: len(grams)]
    valid = first_doc == tokens.doc[n - 1:]
    idx = np.flatnonzero(valid)
    doc = first_doc[idx]
    pos = idx - tokens.offsets[doc]
    return grams[idx], doc, pos


def winnow(grams: np.ndarray, doc: np.ndarray, window: int) -> np.ndarray:
    """Indices (into ``grams``) of the winnowed anchors; ``doc`` must be sorted (batch order).

    A text with fewer than ``window`` n-grams keeps all of them.
    """
    total = len(grams)
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    if window <= 1:
        return np.arange(total, dtype=np.int64)
    selected = []
    if total >= window:
        view = np.lib.stride_tricks.sliding_window_view(grams, window)
        arg = np.argmin(view, axis=1)
        starts = np.arange(len(arg), dtype=np.int64)
        ok = doc[: len(arg)] == doc[window - 1:]
        selected.append(starts[ok] + arg[ok])
    # texts shorter than one window keep everything
    bounds = np.flatnonzero(np.diff(doc)) + 1
    run_start = np.concatenate(([0], bounds))
    run_len = np.diff(np.concatenate((run_start, [total])))
    short = run_len < window
    if short.any():
        idx = np.concatenate([np.arange(s, s + ln) for s, ln in
                              zip(run_start[short].tolist(), run_len[short].tolist(), strict=True)])
        selected.append(idx.astype(np.int64))
    mark = np.zeros(total, dtype=bool)
    for sel in selected:
        mark[sel] = True
    return np.flatnonzero(mark)
