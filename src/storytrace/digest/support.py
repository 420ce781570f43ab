"""Which sentences of the story carry the same information as a given sentence.

A sentence ``j`` *carries* sentence ``i`` when it is an exact copy (same unit), or when it states
every number ``i`` states and either the cosine of their TF-IDF vectors reaches
``cite_threshold`` while ``j`` holds at least ``cite_min_overlap`` of ``i``'s content words
(IDF-weighted), or ``j`` holds at least ``cite_overlap`` of them. The carriers of a
summary sentence are its citations; their distinct source keys (outlets, reuse clusters counted
once) are its independent support.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import StoryIndex
from .options import DigestOptions


@dataclass
class Carriers:
    """For ``rows`` (sentence ids), the similarity of every story sentence to each of them."""

    rows: np.ndarray
    similarity: np.ndarray
    """N x M cosine similarity (N story sentences, M rows)."""
    carries: np.ndarray
    """N x M boolean: sentence n carries the information of row m."""


def carriers(index: StoryIndex, rows: np.ndarray, options: DigestOptions) -> Carriers:
    """Compute which story sentences carry each of ``rows``."""
    rows = np.asarray(rows, dtype=np.int64)
    n = len(index.sentences)
    if len(rows) == 0 or n == 0:
        empty = np.zeros((n, len(rows)))
        return Carriers(rows=rows, similarity=empty, carries=empty.astype(bool))
    chosen = index.matrix[rows]
    similarity = (index.matrix @ chosen.T).toarray()
    chosen_bin = index.binary[rows]
    weights = chosen_bin.multiply(index.idf[np.newaxis, :]).tocsr()
    total = np.asarray(weights.sum(axis=1)).ravel()
    coverage = (index.binary @ weights.T).toarray() / np.where(total > 0, total, 1.0)
    numeric_cols = np.flatnonzero(index.numeric)
    if len(numeric_cols):
        chosen_num = chosen_bin[:, numeric_cols]
        needed = np.asarray(chosen_num.sum(axis=1)).ravel()
        have = (index.binary[:, numeric_cols] @ chosen_num.T).toarray()
        numbers_ok = have >= needed[np.newaxis, :]
    else:
        numbers_ok = np.ones_like(coverage, dtype=bool)
    same_unit = index.units[:, np.newaxis] == index.units[rows][np.newaxis, :]
    agrees = numbers_ok & (total > 0)[np.newaxis, :] & (
        ((similarity >= options.cite_threshold) & (coverage >= options.cite_min_overlap))
        | (coverage >= options.cite_overlap)
    )
    carries = same_unit | agrees
    similarity = np.where(same_unit, 1.0, similarity)
    return Carriers(rows=rows, similarity=similarity, carries=carries)


def support_counts(index: StoryIndex, found: Carriers) -> np.ndarray:
    """Per row, the number of independent sources (distinct source keys) carrying it."""
    sources = np.array([s.source for s in index.sentences], dtype=object)
    counts = np.empty(len(found.rows), dtype=np.int64)
    for m in range(len(found.rows)):
        counts[m] = max(1, len(set(sources[found.carries[:, m]])))
    return counts
