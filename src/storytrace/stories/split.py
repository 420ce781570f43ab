"""Split test: a story that grew out of two look-alike events is cut in two.

A streaming clusterer must decide on the first article of a new event before the rest of that
event's coverage exists; when the event looks like an existing story (the second earthquake of
the week) that first article often joins it, and the rest follows. So every ``split_every``
articles an active story is bisected (2-means over its members' vectors, seeded by the member
farthest from the centroid) and, when the two halves are less similar to each other than
``split_threshold``, the half without the story's first article becomes a story of its own.
Only members added while the story was active are moved (their vectors are kept for that).
The members' matrices come from the compiled ``_fastscore.member_matrices`` when it is built
(the same floats, bit for bit, as :func:`member_matrices`); the 2-means itself is numpy.
"""

from __future__ import annotations

import math
from array import array

import numpy as np

from ..records import stable_hash
from .options import StoryOptions
from .state import Cluster, MemberVectors, StoryState, _norm, _top


def _sum(vectors: list[dict[int, float]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for vec in vectors:
        for k, v in vec.items():
            out[k] = out.get(k, 0.0) + v
    return out


def _dense(vectors: list[dict[int, float]]) -> np.ndarray:
    """Rows of sparse vectors as a dense matrix over the union of their keys."""
    columns: dict[int, int] = {}
    for vec in vectors:
        for k in vec:
            if k not in columns:
                columns[k] = len(columns)
    out = np.zeros((len(vectors), max(1, len(columns))))
    for i, vec in enumerate(vectors):
        if vec:
            out[i, [columns[k] for k in vec]] = list(vec.values())
    return out


def _cosines(rows: np.ndarray, row_norms: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Cosine of every row with ``centre`` (0 where either is the zero vector)."""
    cnorm = math.sqrt(float(centre @ centre))
    if cnorm == 0.0:
        return np.zeros(len(rows))
    dots = rows @ centre
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(row_norms > 0.0, dots / (row_norms * cnorm), 0.0)


def _centre_cos(a: np.ndarray, b: np.ndarray) -> float:
    na, nb = math.sqrt(float(a @ a)), math.sqrt(float(b @ b))
    return float(a @ b) / (na * nb) if na and nb else 0.0


def bisect(words: np.ndarray, ents: np.ndarray, options: StoryOptions,
           iterations: int = 6) -> tuple[list[int], float] | None:
    """2-means over the members' word and entity vectors (dense rows, one per member): the
    labels (0/1) and the similarity of the two halves.

    Seeded by the member least similar to the whole story and the member least similar to
    that one; similarity is the score's text/entity mix of cosines. A story tested for a split
    has at most ``split_max_members`` members, so the matrices stay small.
    """
    n = len(words)
    if n < 4:
        return None
    wn = np.sqrt(np.einsum("ij,ij->i", words, words))
    en = np.sqrt(np.einsum("ij,ij->i", ents, ents))
    tw, ew = options.text_weight, options.entity_weight

    def sims(cw: np.ndarray, ce: np.ndarray) -> np.ndarray:
        return tw * _cosines(words, wn, cw) + ew * _cosines(ents, en, ce)

    far = int(np.argmin(sims(words.sum(axis=0), ents.sum(axis=0))))  # first of ties
    other = int(np.argmin(sims(words[far], ents[far])))
    if other == far:
        return None
    labels = np.zeros(n, dtype=bool)
    cw = [words[other], words[far]]
    ce = [ents[other], ents[far]]
    for _ in range(iterations):
        new = sims(cw[1], ce[1]) > sims(cw[0], ce[0])
        k = int(new.sum())
        if k in (0, n):
            return None
        cw = [words[~new].sum(axis=0), words[new].sum(axis=0)]
        ce = [ents[~new].sum(axis=0), ents[new].sum(axis=0)]
        if np.array_equal(new, labels):
            break
        labels = new
    if options.split_on == "entities":
        cross = _centre_cos(ce[0], ce[1])
    else:
        cross = tw * _centre_cos(cw[0], cw[1]) + ew * _centre_cos(ce[0], ce[1])
    return [int(x) for x in new], cross


def _unit(raw: dict[int, float], df: array, n_docs: int, power: float,
          idf: dict[int, float]) -> dict[int, float]:
    """``raw`` weighted by the current IDF (from the document frequencies ``df`` of ``n_docs``
    articles; missing IDFs memoised in ``idf``) and L2-normalised."""
    missing = raw.keys() - idf.keys()
    if missing:
        n1 = 1.0 + n_docs
        log = math.log
        for k in missing:
            idf[k] = log(n1 / (1.0 + df[k])) + 1.0
    if power == 1.0:
        out = {k: v * idf[k] for k, v in raw.items()}
    else:
        out = {k: v * idf[k] ** power for k, v in raw.items()}
    norm = _norm(out)
    return {k: v / norm for k, v in out.items()} if norm else {}


def member_matrices(members: list[MemberVectors], df: array, n_docs: int,
                    power: float) -> tuple[np.ndarray, np.ndarray]:
    """The members' word and entity vectors weighted with the current IDF (fairer than IDF at
    arrival; entity IDFs raised to ``power``), as the dense rows of :func:`_dense`."""
    idf: dict[int, float] = {}
    words = [_unit(m.raw_words, df, n_docs, 1.0, idf) for m in members]
    ents = [_unit(m.raw_entities, df, n_docs, power, idf) for m in members]
    return _dense(words), _dense(ents)


def maybe_split(state: StoryState, cluster: Cluster, options: StoryOptions,
                matrices=member_matrices) -> Cluster | None:
    """Split ``cluster`` in place when it holds two events; return the new story (or None).

    ``matrices`` is :func:`member_matrices` or its compiled copy."""
    ids = list(cluster.vectors)
    if len(ids) < 2 * options.split_min_part or len(ids) > options.split_max_members:
        return None
    words, ents = matrices([cluster.vectors[a] for a in ids], state.df, state.n_docs,
                           options.entity_idf_power)
    result = bisect(words, ents, options)
    if result is None:
        return None
    labels, cross = result
    if cross >= options.split_threshold:
        return None
    keeper_label = labels[0]
    moved = [a for a, lab in zip(ids, labels, strict=True) if lab != keeper_label]
    if len(moved) < options.split_min_part or len(ids) - len(moved) < options.split_min_part:
        return None
    moved_set = set(moved)
    new = Cluster(id=stable_hash("story", moved[0]), seq=state.next_seq)
    if new.id in state.clusters:
        new.id = stable_hash("story", moved[0], str(new.seq))
    state.next_seq += 1
    new.members = [m for m in cluster.members if m.article_id in moved_set]
    cluster.members = [m for m in cluster.members if m.article_id not in moved_set]
    new.vectors = {a: cluster.vectors.pop(a) for a in moved}
    moved_vecs = list(new.vectors.values())
    new.words = _top(_sum([v.words for v in moved_vecs]), options.max_terms)
    new.entities = _top(_sum([v.entities for v in moved_vecs]), options.max_entities)
    for vec in moved_vecs:
        for target, source in ((cluster.words, vec.words), (cluster.entities, vec.entities)):
            for k, v in source.items():
                if k in target:
                    left = target[k] - v
                    if left > 1e-9:
                        target[k] = left
                    else:
                        del target[k]
        for counter_new, counter_old, values in ((new.spans, cluster.spans, vec.spans),
                                                 (new.vocab, cluster.vocab, vec.vocab),
                                                 (new.people, cluster.people, vec.people)):
            counter_new.update(values)
            counter_old.subtract(values)
    if cluster.emb is not None:
        # sentence vectors: the new story sums its members'; the rest is summed again from
        # its members' vectors when all are kept, else the moved ones are subtracted
        whole = cluster.emb
        for vec in moved_vecs:
            if vec.emb is not None:
                new.add_embedding(vec.emb)
        rest = [cluster.vectors.get(m.article_id) for m in cluster.members]
        cluster.emb = None
        if all(v is not None and v.emb is not None for v in rest):
            for vec in rest:
                cluster.add_embedding(vec.emb)
        elif new.emb is not None:
            cluster.add_embedding(whole - new.emb)
        else:
            cluster.add_embedding(whole)
    for counter in (cluster.spans, cluster.vocab, cluster.people):
        for key in [k for k, n in counter.items() if n <= 0]:
            del counter[key]
    for c in (cluster, new):
        c.wnorm = _norm(c.words)
        c.enorm = _norm(c.entities)
        days = [m.day for m in c.members if m.day is not None]
        c.first = min(days) if days else None
        c.last = max(days) if days else None
    state.clusters[new.id] = new
    state.reindex(cluster)
    state.reindex(new)
    return new

