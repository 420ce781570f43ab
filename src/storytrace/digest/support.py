"""Which sentences of the story carry the same information as a given sentence.

A sentence ``j`` *carries* sentence ``i`` when it is an exact copy (same unit), or when it states
every number ``i`` states and either the cosine of their TF-IDF vectors reaches
``cite_threshold`` while ``j`` holds at least ``cite_min_overlap`` of ``i``'s content words
(IDF-weighted), or ``j`` holds at least ``cite_overlap`` of them, or ``j`` is a shorter sentence
mostly contained in ``i`` (``cite_contained``). When no single sentence of an article carries
``i``, two consecutive ones may together (``cite_pairs``). The carriers of a summary sentence
are its citations; their distinct source keys (outlets, reuse clusters counted once) are its
independent support.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

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
    pair_carries: np.ndarray | None = None
    """N x M boolean: sentence n with the next sentence of its article carries row m (a fact
    an outlet split over two sentences) while neither does alone."""


_CHUNK = 8192
"""Story sentences compared at once: bounds the temporary arrays to chunk x rows."""


def carriers(index: StoryIndex, rows: np.ndarray, options: DigestOptions) -> Carriers:
    """Compute which story sentences carry each of ``rows`` (in chunks of story sentences, so
    memory stays at two sentences x rows arrays whatever the story's size)."""
    rows = np.asarray(rows, dtype=np.int64)
    n = len(index.sentences)
    similarity = np.zeros((n, len(rows)), dtype=np.float32)
    carries = np.zeros((n, len(rows)), dtype=bool)
    pair_carries = np.zeros((n, len(rows)), dtype=bool)
    if len(rows) == 0 or n == 0:
        return Carriers(rows=rows, similarity=similarity, carries=carries,
                        pair_carries=pair_carries)
    article_of = np.array([s.article for s in index.sentences], dtype=np.int64)
    has_next = np.zeros(n, dtype=bool)
    has_next[:-1] = article_of[:-1] == article_of[1:]
    chosen_t = index.matrix[rows].T.tocsc()
    chosen_bin = index.binary[rows]
    weights_t = chosen_bin.multiply(index.idf[np.newaxis, :]).T.tocsc()
    total = np.asarray(weights_t.sum(axis=0)).ravel()
    safe_total = np.where(total > 0, total, 1.0)
    numeric_cols = np.flatnonzero(index.numeric)
    chosen_num_t = chosen_bin[:, numeric_cols].T.tocsc()
    needed = np.asarray(chosen_num_t.sum(axis=0)).ravel()
    chosen_bin_t = chosen_bin.T.tocsc()
    unit_rows = index.units[rows]
    for lo in range(0, n, _CHUNK):
        hi = min(n, lo + _CHUNK)
        block = index.matrix[lo:hi]
        block_bin = index.binary[lo:hi]
        sim = (block @ chosen_t).toarray()
        shared = (block_bin @ weights_t).toarray()  # IDF weight of the terms both sentences have
        coverage = shared / safe_total
        if len(numeric_cols):
            block_num = block_bin[:, numeric_cols]
            common = (block_num @ chosen_num_t).toarray()
            numbers_ok = common >= needed[np.newaxis, :]
            own = np.asarray(block_num.sum(axis=1)).ravel()
            numbers_in = common >= own[:, np.newaxis]  # every number of the carrier is in the row
        else:
            numbers_ok = numbers_in = np.ones_like(coverage, dtype=bool)
        agrees = numbers_ok & (total > 0)[np.newaxis, :] & (
            ((sim >= options.cite_threshold) & (coverage >= options.cite_min_overlap))
            | (coverage >= options.cite_overlap)
        )
        if options.cite_contained < 1.0:
            # a shorter sentence whose content (and numbers) the row holds states part of it
            own_weight = np.asarray(block_bin @ index.idf).ravel()
            contained = shared / np.where(own_weight > 0, own_weight, 1.0)[:, np.newaxis]
            common_terms = (block_bin @ chosen_bin_t).toarray()
            agrees |= (numbers_in & numbers_ok & (sim >= options.cite_threshold)
                       & (contained >= options.cite_contained) & (common_terms >= 3))
        same_unit = index.units[lo:hi, np.newaxis] == unit_rows[np.newaxis, :]
        carries[lo:hi] = same_unit | agrees
        similarity[lo:hi] = np.where(same_unit, 1.0, sim)
        if options.cite_pairs and hi - lo > 0:
            nxt = index.binary[lo + 1:hi + 1]
            if nxt.shape[0] < hi - lo:  # the story's last sentence has no next one
                nxt = sparse.vstack([nxt, sparse.csr_matrix((1, nxt.shape[1]))]).tocsr()
            nxt = sparse.diags(has_next[lo:hi].astype(np.float32)) @ nxt
            pair = (block_bin + nxt).tocsr()
            pair.data[:] = 1.0
            pair_cov = (pair @ weights_t).toarray() / safe_total
            if len(numeric_cols):
                pair_num_ok = (pair[:, numeric_cols] @ chosen_num_t).toarray() >= needed
            else:
                pair_num_ok = np.ones_like(pair_cov, dtype=bool)
            pair_carries[lo:hi] = (pair_num_ok & (pair_cov >= options.cite_overlap)
                                   & (total > 0)[np.newaxis, :] & has_next[lo:hi, np.newaxis])
    if options.cite_pairs:
        alone = carries.copy()
        alone[:-1] |= carries[1:] & has_next[:-1, np.newaxis]
        pair_carries &= ~alone
    return Carriers(rows=rows, similarity=similarity, carries=carries,
                    pair_carries=pair_carries)


def support_counts(index: StoryIndex, found: Carriers) -> np.ndarray:
    """Per row, the number of independent sources (distinct source keys) carrying it."""
    sources = np.array([s.source for s in index.sentences], dtype=object)
    counts = np.empty(len(found.rows), dtype=np.int64)
    for m in range(len(found.rows)):
        carrying = found.carries[:, m]
        if found.pair_carries is not None:
            carrying = carrying | found.pair_carries[:, m]
        counts[m] = max(1, len(set(sources[carrying])))
    return counts
