"""Refinement at fixed points of the stream: small active stories are merged into a bigger one.

A streaming clusterer sometimes starts a new story for an article that belongs to a story it
could not yet recognise (the article came before most of its story's coverage, or its wording
differs). Every ``refine_every`` articles (counted over the whole stream, so the points are the
same however the stream is cut into runs), each recent active story of at most
``refine_max_size`` articles (its last article at most ``window_days`` before the latest date
seen, or undated) is compared with the other active stories as if it were one article (its
centroid). It is merged into the best one when that one is bigger, passes the same entity
guards as an article (``entity_min``, ``entity_share_min``) and the score (decayed by the days
between the two stories, as for an article) reaches ``refine_threshold``.
"""

from __future__ import annotations

from operator import mul

from .options import StoryOptions
from .state import Cluster, StoryState, _norm, _top


def _cos(a: dict[int, float], anorm: float, b: dict[int, float], bnorm: float) -> float:
    if not anorm or not bnorm:
        return 0.0
    common = a.keys() & b.keys()
    # the products in the set's order, summed in C (``map`` walks the set twice alike)
    return sum(map(mul, map(a.__getitem__, common), map(b.__getitem__, common))) / (anorm * bnorm)


def entity_share(entities: dict[int, float], norm: float, other: dict[int, float]) -> float:
    """Share of the squared weight of ``entities`` (of L2 norm ``norm``) on keys ``other`` has.

    An article (or a small story) about a new event brings its own main actors: an article on
    another final of the same cup shares the cup's name with the story of the first final, and
    its teams and scorers are new, so most of its entity weight lies outside that story.
    """
    if not norm:
        return 0.0
    common = entities.keys() & other.keys()
    values = list(map(entities.__getitem__, common))
    # the squares in the set's order, summed in C (as the compiled ``entity_match``)
    return sum(map(mul, values, values)) / (norm * norm)


def entity_guards_pass(story: Cluster, other: Cluster, ce: float, options: StoryOptions) -> bool:
    """Whether ``story``, compared with ``other`` as if it were one article, passes an article's
    entity guards: the entity cosine ``ce`` reaches ``entity_min`` and its entity share
    reaches ``entity_share_min``."""
    return ce >= options.entity_min and entity_share(
        story.entities, story.enorm, other.entities) >= options.entity_share_min


def _gap(a: Cluster, b: Cluster) -> float:
    """Days between the date ranges of two stories (0 when they overlap or one is undated)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 0.0
    return float(max(0, a.first - b.last, b.first - a.last))


def _decay(gap: float, window: float) -> float:
    return 1.0 if gap <= window else 0.5 ** ((gap - window) / window)


def merge_into(state: StoryState, small: Cluster, big: Cluster, options: StoryOptions) -> None:
    """Move every article of ``small`` into ``big`` and drop ``small`` from the state."""
    for source, target in ((small.words, big.words), (small.entities, big.entities)):
        for k, v in source.items():
            target[k] = target.get(k, 0.0) + v
    big.words = _top(big.words, options.max_terms)
    big.entities = _top(big.entities, options.max_entities)
    big.wnorm, big.enorm = _norm(big.words), _norm(big.entities)
    big.members.extend(small.members)
    big.spans.update(small.spans)
    big.vocab.update(small.vocab)
    big.people.update(small.people)
    if len(big.members) > options.split_max_members:
        big.vectors.clear()
    else:
        big.vectors.update(small.vectors)
    if small.emb is not None:
        big.add_embedding(small.emb)
    for day in (small.first, small.last):
        if day is not None:
            big.first = day if big.first is None else min(big.first, day)
            big.last = day if big.last is None else max(big.last, day)
    state.unindex(small)
    del state.clusters[small.id]
    state.reindex(big)


def refine(state: StoryState, options: StoryOptions, candidates,
           cos=_cos) -> list[tuple[Cluster, Cluster]]:
    """Merge small active stories into bigger ones; return the (small, big) pairs merged.

    ``candidates(keys)`` gives the ids of the active stories sharing the most keys with a
    weighted key vector (the assigner's candidate search); ``cos`` is :func:`_cos` or its
    compiled copy.
    """
    merged: list[tuple[Cluster, Cluster]] = []
    recent = None if state.clock is None else state.clock - options.window_days
    small = sorted((c for c in state.resident.values()
                    if not c.dormant and len(c.members) <= options.refine_max_size
                    and (recent is None or c.last is None or c.last >= recent)),
                   key=lambda c: c.seq)
    for cluster in small:
        if cluster.id not in state.clusters:
            continue
        keys = {k: v / cluster.enorm for k, v in cluster.entities.items()} if cluster.enorm \
            else {}
        best: Cluster | None = None
        best_score = options.refine_threshold - 1e-12
        for sid in candidates(keys):
            other = state.clusters[sid]
            if other is cluster or other.dormant or len(other.members) <= len(cluster.members):
                continue
            ce = cos(cluster.entities, cluster.enorm, other.entities, other.enorm)
            if cluster.entities and not entity_guards_pass(cluster, other, ce, options):
                continue
            ct = cos(cluster.words, cluster.wnorm, other.words, other.wnorm)
            score = (options.text_weight * ct + options.entity_weight * ce
                     if cluster.entities else ct)
            score *= _decay(_gap(cluster, other), options.window_days)
            if score > best_score:
                best, best_score = other, score
        if best is not None:
            merge_into(state, cluster, best, options)
            merged.append((cluster, best))
    return merged
