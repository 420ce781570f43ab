"""Split test: a story that grew out of two look-alike events is cut in two.

A streaming clusterer must decide on the first article of a new event before the rest of that
event's coverage exists; when the event looks like an existing story (the second earthquake of
the week) that first article often joins it, and the rest follows. So every ``split_every``
articles an active story is bisected (2-means over its members' vectors, seeded by the member
farthest from the centroid) and, when the two halves are less similar to each other than
``split_threshold``, the half without the story's first article becomes a story of its own.
Only members added while the story was active are moved (their vectors are kept for that).
"""

from __future__ import annotations

import math

from ..records import stable_hash
from .options import StoryOptions
from .state import Cluster, MemberVectors, StoryState, _norm, _top


def _sum(vectors: list[dict[int, float]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for vec in vectors:
        for k, v in vec.items():
            out[k] = out.get(k, 0.0) + v
    return out


class _Centre:
    """A centroid (sum of vectors) with its norms computed once."""

    __slots__ = ("words", "entities", "wnorm", "enorm")

    def __init__(self, words: dict[int, float], entities: dict[int, float]) -> None:
        self.words = words
        self.entities = entities
        self.wnorm = _norm(words)
        self.enorm = _norm(entities)


def _dot(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def _sim(a: _Centre, b: _Centre, options: StoryOptions) -> float:
    ct = _dot(a.words, b.words) / (a.wnorm * b.wnorm) if a.wnorm and b.wnorm else 0.0
    ce = _dot(a.entities, b.entities) / (a.enorm * b.enorm) if a.enorm and b.enorm else 0.0
    return options.text_weight * ct + options.entity_weight * ce


def bisect(members: list[MemberVectors], options: StoryOptions,
           iterations: int = 6) -> tuple[list[int], float] | None:
    """2-means over member vectors: the labels (0/1) and the similarity of the two halves."""
    n = len(members)
    if n < 4:
        return None
    points = [_Centre(m.words, m.entities) for m in members]
    whole = _Centre(_sum([m.words for m in members]), _sum([m.entities for m in members]))
    far = min(range(n), key=lambda i: (_sim(points[i], whole, options), i))
    other = min(range(n), key=lambda i: (_sim(points[i], points[far], options), i))
    if other == far:
        return None
    labels = [0] * n
    centres = [points[other], points[far]]
    for _ in range(iterations):
        new = [1 if _sim(p, centres[1], options) > _sim(p, centres[0], options) else 0
               for p in points]
        if sum(new) in (0, n):
            return None
        centres = [
            _Centre(_sum([m.words for m, lab in zip(members, new, strict=True) if lab == part]),
                    _sum([m.entities for m, lab in zip(members, new, strict=True)
                          if lab == part]))
            for part in (0, 1)
        ]
        if new == labels:
            break
        labels = new
    a, b = centres
    if options.split_on == "entities":
        cross = _dot(a.entities, b.entities) / (a.enorm * b.enorm) if a.enorm and b.enorm else 0.0
    else:
        cross = _sim(a, b, options)
    return labels, cross


def _unit(raw: dict[int, float], state: StoryState, power: float) -> dict[int, float]:
    n = state.n_docs
    df = state.df
    out = {k: v * (math.log((1.0 + n) / (1.0 + df[k])) + 1.0) ** power for k, v in raw.items()}
    norm = _norm(out)
    return {k: v / norm for k, v in out.items()} if norm else {}


def _reweighted(vectors: MemberVectors, state: StoryState,
                options: StoryOptions) -> MemberVectors:
    """The member's vectors weighted with the current IDF (fairer than IDF at arrival)."""
    return MemberVectors(_unit(vectors.raw_words, state, 1.0),
                         _unit(vectors.raw_entities, state, options.entity_idf_power), {}, {})


def maybe_split(state: StoryState, cluster: Cluster, options: StoryOptions) -> Cluster | None:
    """Split ``cluster`` in place when it holds two events; return the new story (or None)."""
    ids = list(cluster.vectors)
    if len(ids) < 2 * options.split_min_part or len(ids) > options.split_max_members:
        return None
    members = [_reweighted(cluster.vectors[a], state, options) for a in ids]
    result = bisect(members, options)
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

