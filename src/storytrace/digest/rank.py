"""Sentence centrality (LexRank by power iteration) and redundancy removal (MMR).

Centrality is computed over *units* (exact copies count once) without ever materialising the
sentence-by-sentence similarity matrix: with ``U`` the unit vectors, ``S = U U^T`` minus its
diagonal, one step of the power iteration is two sparse matrix-vector products, so a story of
500 articles (15,000 sentences) costs milliseconds per step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse


def lexrank(
    vectors: sparse.csr_matrix,
    *,
    damping: float = 0.85,
    prior: np.ndarray | None = None,
    tolerance: float = 1e-6,
    max_iterations: int = 100,
) -> np.ndarray:
    """Continuous LexRank scores (summing to 1) of the rows of ``vectors`` (L2-normalised).

    ``prior`` is the teleport distribution (uniform by default); rows with no similar row hand
    their mass back through it.
    """
    n = vectors.shape[0]
    if n == 0:
        return np.zeros(0)
    if prior is None:
        prior = np.full(n, 1.0 / n)
    else:
        prior = np.asarray(prior, dtype=np.float64)
        prior = prior / prior.sum() if prior.sum() > 0 else np.full(n, 1.0 / n)
    vt = vectors.T.tocsr()
    diag = np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel()
    row_sums = vectors @ (vt @ np.ones(n, dtype=np.float32)) - diag
    row_sums = np.asarray(row_sums, dtype=np.float64).ravel()
    live = row_sums > 1e-9
    scores = prior.copy()
    for _ in range(max_iterations):
        q = np.where(live, scores / np.where(live, row_sums, 1.0), 0.0)
        flow = np.asarray(vectors @ (vt @ q), dtype=np.float64).ravel() - diag * q
        dangling = scores[~live].sum()
        new = (1 - damping) * prior + damping * (flow + dangling * prior)
        new /= new.sum()
        if np.abs(new - scores).sum() < tolerance:
            scores = new
            break
        scores = new
    return scores


def mmr_select(
    scores: np.ndarray,
    similarity: np.ndarray,
    *,
    lam: float,
    full: Callable[[list[int]], bool],
    allowed: Callable[[list[int], int], bool] | None = None,
    initial: Sequence[int] = (),
) -> list[int]:
    """Maximal marginal relevance: repeatedly take the candidate with the best
    ``lam * score - (1 - lam) * max similarity to what is taken`` until ``full(selected)``.

    ``allowed(selected, candidate)`` can veto a candidate (budget, one sentence per quotation);
    a vetoed candidate is dropped and the next best is tried. ``initial`` candidates are taken
    first (if allowed), whatever their score.
    """
    n = len(scores)
    if n == 0:
        return []
    top = float(np.max(scores)) or 1.0
    relevance = np.asarray(scores, dtype=np.float64) / top
    alive = np.ones(n, dtype=bool)
    redundancy = np.zeros(n)
    selected: list[int] = []
    for pick in initial:
        if full(selected) or not alive[pick]:
            continue
        alive[pick] = False
        if allowed is None or allowed(selected, pick):
            selected.append(pick)
            redundancy = np.maximum(redundancy, similarity[pick])
    while alive.any() and not full(selected):
        values = np.where(alive, lam * relevance - (1 - lam) * redundancy, -np.inf)
        pick = int(np.argmax(values))
        alive[pick] = False
        if allowed is not None and not allowed(selected, pick):
            continue
        selected.append(pick)
        redundancy = np.maximum(redundancy, similarity[pick])
    return selected


def top_k(values: Sequence[float] | np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest values, best first (stable for ties)."""
    values = np.asarray(values)
    if k >= len(values):
        return np.argsort(-values, kind="stable")
    part = np.argpartition(-values, k)[:k]
    return part[np.argsort(-values[part], kind="stable")]
