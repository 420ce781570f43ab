"""Streaming story assignment: one pass over articles in publication order.

Order: dated articles by date, then undated ones (an undated article whose id is in
``StoryEvidence.dates`` is placed at that inferred date); within one day, and among the undated
articles, densest first (:mod:`storytrace.stories.density`), so that the stories do not depend
on the input order. An undated article is compared with every story, active or dormant, as if
no time had passed.

For each article: hashed content-word and entity vectors are weighted by the current IDF (the
document frequencies include the article itself), candidate stories are the active ones sharing
the most keys with it, each candidate gets the score documented on :class:`StoryOptions`, and the
article joins the best story at or above the threshold or starts a new one. Stories with no new
article for ``active_days`` go dormant (compact centroids, entity-only index) and can still be
joined by a *follow-up*: strong entity overlap, some text overlap, any time later. Dormant
stories are frozen into bytes (:meth:`Cluster.freeze`) and, by default, spilled out of memory to
a temporary SQLite file with their entity index (:mod:`storytrace.stories.dormant`), so memory
is bounded by the active window. Every
``refine_every`` articles, small recent stories are merged into a bigger one that matches them
(:mod:`storytrace.stories.refine`).

Evidence from other stages (shared passages and statements, as pairs or groups) links an
article to every story already holding another article of one of its groups.
"""

from __future__ import annotations

import math
import os
import sys
from array import array
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from itertools import groupby
from operator import attrgetter, itemgetter, mul
from typing import Any

import numpy as np

from ..records import Article, Story, stable_hash
from . import state as state_module
from .build import build_story
from .density import densest_first
from .features import Features, extract
from .options import StoryEvidence, StoryOptions
from .refine import _cos as _cos_normed_pure
from .refine import entity_share, refine
from .split import maybe_split
from .split import member_matrices as _member_matrices_pure
from .state import Cluster, Member, MemberVectors, Postings, StoryState


def _day(article: Article, evidence: StoryEvidence) -> int | None:
    published = article.published
    if isinstance(published, datetime):
        return published.date().toordinal()
    if isinstance(published, date):
        return published.toordinal()
    inferred = evidence.dates.get(article.id) if evidence.dates else None
    if isinstance(inferred, datetime):
        return inferred.date().toordinal()
    if isinstance(inferred, date):
        return inferred.toordinal()
    return None


def _groups(evidence: StoryEvidence) -> list[tuple[str, ...]]:
    """Evidence as groups of linked article ids (a pair is a group of two)."""
    out: list[tuple[str, ...]] = []
    for pairs in (evidence.shared_passages, evidence.shared_statements):
        for a, b in pairs:
            if a != b:
                out.append((a, b))
    for group in evidence.shared_groups:
        members = tuple(dict.fromkeys(group))
        if len(members) > 1:
            out.append(members)
    return out


def _weighted_unit_pure(vec: dict[int, float], idf: dict[int, float],
                        power: float = 1.0, keep: int = 0) -> dict[int, float]:
    """TF-IDF weights, cut to the ``keep`` heaviest dimensions (0: all), L2-normalised."""
    if power == 1.0:
        out = {k: v * idf[k] for k, v in vec.items()}
    else:
        out = {k: v * idf[k] ** power for k, v in vec.items()}
    if keep and len(out) > keep:
        # sorted(reverse=True) keeps ties in order, exactly like heapq.nlargest, but in C
        out = dict(sorted(out.items(), key=itemgetter(1), reverse=True)[:keep])
    values = out.values()
    norm = math.sqrt(sum(map(mul, values, values)))  # the squares in order, summed in C
    if norm == 0.0:
        return {}
    return {k: v / norm for k, v in out.items()}


def _cos_pure(unit: dict[int, float], centroid: dict[int, float], cnorm: float) -> float:
    """Cosine of a unit vector with a centroid of norm ``cnorm``."""
    if not unit or cnorm == 0.0:
        return 0.0
    common = unit.keys() & centroid.keys()  # a C-level intersection: few keys are shared
    if not common:
        return 0.0
    # the products in the set's order, summed in C (``map`` walks the set twice alike)
    return sum(map(mul, map(unit.__getitem__, common), map(centroid.__getitem__, common))) \
        / cnorm


def _entity_match_pure(unit: dict[int, float], centroid: dict[int, float],
                       cnorm: float) -> tuple[float, float]:
    """The entity cosine of a unit vector with a centroid of norm ``cnorm``, and the share of
    the unit vector's squared weight on the centroid's keys (``refine.entity_share``)."""
    return _cos_pure(unit, centroid, cnorm), entity_share(unit, 1.0, centroid)


def _ranked_stories_pure(postings: Postings, keys: dict[int, float], max_posting: int,
                         limit: int) -> list[int]:
    """Creation numbers of the ``limit`` stories with the most key weight, heaviest first and
    ties by creation order (all of them in creation order when there are at most ``limit``).

    Keys held by more than ``max_posting`` stories are skipped. The postings' creation numbers
    are gathered with C-level copies and each story's weight is added up in key order (a
    stable sort keeps it; ``bincount`` adds in order), as a loop would."""
    gathered = array("i")
    weights: list[float] = []
    lengths: list[int] = []
    get = postings.get
    for key, weight in keys.items():
        posting = get(key)
        if posting is None:
            continue
        n = len(posting)
        if n > max_posting:
            continue
        gathered += posting
        weights.append(weight)
        lengths.append(n)
    if not gathered:
        return []
    found = np.frombuffer(gathered, dtype=np.int32)
    order = found.argsort(kind="stable")
    ordered = found[order]
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    seqs = ordered[first]
    if len(seqs) > limit:
        shared = np.bincount(first.cumsum() - 1, weights=np.repeat(weights, lengths)[order])
        seqs = seqs[np.lexsort((seqs, -shared))[:limit]]
    return seqs.tolist()


def _idf_weights_pure(df: array, n_docs: int, words: dict[int, float],
                      entities: dict[int, float]) -> dict[int, float]:
    """Count one article's keys in the document frequencies ``df`` and return their IDF,
    ``log((1 + n_docs) / (1 + df)) + 1`` (``n_docs`` already counts the article), words' keys
    first, in first-seen order."""
    n1 = 1.0 + n_docs
    log = math.log
    idf: dict[int, float] = {}
    for vec in (words, entities):
        for k in vec:
            if k not in idf:
                d = df[k] + 1
                df[k] = d
                idf[k] = log(n1 / (1.0 + d)) + 1.0
    return idf


_cos = _cos_pure
_entity_match = _entity_match_pure
_weighted_unit = _weighted_unit_pure
_cos_normed = _cos_normed_pure
_idf_weights = _idf_weights_pure
_ranked_stories = _ranked_stories_pure
_member_matrices = _member_matrices_pure
try:  # the compiled copies (stories/_fastscore.pyx): the same floats, bit for bit
    if sys.version_info >= (3, 12):  # sum() compensates its rounding from 3.12 on
        raise ImportError("the compiled scoring repeats the plain float sum of CPython < 3.12")
    from . import _fastscore
except ImportError:
    _fastscore = None
else:
    _fastscore.configure(cos_pure=_cos_pure, entity_match_pure=_entity_match_pure,
                         weighted_unit_pure=_weighted_unit_pure,
                         cos_normed_pure=_cos_normed_pure, idf_weights_pure=_idf_weights_pure,
                         ranked_stories_pure=_ranked_stories_pure,
                         member_matrices_pure=_member_matrices_pure,
                         accumulate_pure=state_module._accumulate_pure,
                         top_pure=state_module._top,
                         heaviest_keys_pure=state_module._heaviest_keys_pure,
                         update_postings_pure=state_module._update_postings_pure)


def use_compiled_scoring(on: bool) -> None:
    """Score with the compiled cosines, IDF weights, candidate ranking and split matrices (when
    built) or the pure ones."""
    global _cos, _entity_match, _weighted_unit, _cos_normed, _idf_weights, _ranked_stories
    global _member_matrices
    fast = on and _fastscore is not None
    _cos = _fastscore.cos if fast else _cos_pure
    _entity_match = _fastscore.entity_match if fast else _entity_match_pure
    _weighted_unit = _fastscore.weighted_unit if fast else _weighted_unit_pure
    _cos_normed = _fastscore.cos_normed if fast else _cos_normed_pure
    _idf_weights = _fastscore.idf_weights if fast else _idf_weights_pure
    _ranked_stories = _fastscore.ranked_stories if fast else _ranked_stories_pure
    _member_matrices = _fastscore.member_matrices if fast else _member_matrices_pure
    state_module.use_kernels(_fastscore if fast else None)


def scoring() -> str:
    """Which cosines the assignment runs: ``"compiled"`` or ``"pure"``."""
    return "pure" if _cos is _cos_pure else "compiled"


use_compiled_scoring(os.environ.get("STORYTRACE_PURE_FEATURES") != "1")


def _coverage(unit: dict[int, float], centroid: dict[int, float], top: int) -> float:
    """Share of the weight of the story's ``top`` entities that the article also names."""
    if not unit or not centroid:
        return 0.0
    # heaviest first, ties by key: two stable sorts in C, as sorting on (-weight, key)
    heaviest = sorted(sorted(centroid.items(), key=itemgetter(0)), key=itemgetter(1),
                      reverse=True)[:top]
    total = sum(v for _, v in heaviest)
    return sum(v for k, v in heaviest if k in unit) / total if total else 0.0


def _decay(gap: float, window: float) -> float:
    if gap <= window:
        return 1.0
    return 0.5 ** ((gap - window) / window)


def _gap(day: int | None, cluster: Cluster) -> float:
    if day is None or cluster.last is None or cluster.first is None:
        return 0.0
    if day >= cluster.last:
        return float(day - cluster.last)
    if day <= cluster.first:
        return float(cluster.first - day)
    return 0.0


class _Assigner:
    def __init__(self, state: StoryState, options: StoryOptions, evidence: StoryEvidence) -> None:
        self.state = state
        self.options = options
        self.evidence = evidence
        self.groups = _groups(evidence)
        self.groups_of: dict[str, list[int]] = {}
        """Article id -> indexes of the evidence groups it belongs to."""
        for g, members in enumerate(self.groups):
            for aid in members:
                self.groups_of.setdefault(aid, []).append(g)
        self.group_stories: list[dict[str, int]] = [{} for _ in self.groups]
        """Per evidence group: story id -> how many of its articles that story holds."""
        self.touched: dict[str, None] = {}
        self.loaded: dict[str, Cluster] = {}
        """Spilled dormant stories read from the store for the current article."""
        self.thawed: dict[str, Cluster] = {}
        """Frozen dormant stories whose centroids are unpacked to score the current article
        (dropped again after it)."""
        if self.groups:  # articles of earlier runs already placed in stories
            for cluster in state.clusters.values():
                for m in cluster.member_list():
                    for g in self.groups_of.get(m.article_id, ()):
                        self._count(g, cluster.id, 1)

    # -- evidence -----------------------------------------------------------------------
    def _count(self, group: int, story_id: str, delta: int) -> None:
        counts = self.group_stories[group]
        n = counts.get(story_id, 0) + delta
        if n > 0:
            counts[story_id] = n
        else:
            counts.pop(story_id, None)

    def _placed(self, article_id: str, story_id: str, old: str | None = None) -> None:
        """Record that an article of some evidence groups is now in ``story_id``."""
        for g in self.groups_of.get(article_id, ()):
            if old is not None:
                self._count(g, old, -1)
            self._count(g, story_id, 1)

    def _linked_stories(self, article_id: str) -> set[str]:
        out: set[str] = set()
        for g in self.groups_of.get(article_id, ()):
            out.update(self.group_stories[g])
        clusters = self.state.clusters
        return {sid for sid in out if sid in clusters}  # not a forgotten dormant story

    # -- time -----------------------------------------------------------------------------
    def _advance(self, day: int | None) -> None:
        state, opts = self.state, self.options
        if day is None or (state.clock is not None and day <= state.clock):
            return
        state.clock = day
        horizon = day - opts.active_days
        quiet = [c for c in state.resident.values()
                 if not c.dormant and c.last is not None and c.last < horizon]
        for cluster in sorted(quiet, key=attrgetter("seq")):  # the same order, spilled or not
            cluster.dormant = True
            cluster.compact(opts.dormant_terms, opts.dormant_entities)
            state.sleep(cluster)  # frozen, and spilled out of memory when the state spills
        while state.n_dormant > opts.max_dormant_stories:
            state.forget(state.oldest_dormant())

    # -- candidates ----------------------------------------------------------------------
    def _candidates(self, index: Postings, keys: dict[int, float], limit: int) -> list[str]:
        """The ``limit`` stories sharing the most key weight with the article (keys held by
        more than ``max_posting`` stories are too common to tell stories apart and skipped),
        heaviest first, ties by creation order; all of them in creation order when there are
        at most ``limit``."""
        ids = self.state.story_ids
        return [ids[s] for s in _ranked_stories(index, keys, self.options.max_posting, limit)]

    def _dormant_candidates(self, keys: dict[int, float], limit: int) -> list[str]:
        """As :meth:`_candidates` over the dormant stories, in memory or spilled."""
        store = self.state.store
        if store is None or not len(store):
            return self._candidates(self.state.dormant_postings, keys, limit)
        max_posting = self.options.max_posting
        seqs = _ranked_stories(store.postings(keys, max_posting), keys, max_posting, limit)
        ids = store.ids_of(seqs)
        return [ids[s] for s in seqs]

    # -- one article -------------------------------------------------------------------
    def assign(self, article: Article, day: int | None, emb: Any = None,
               feats: Features | None = None) -> str:
        """Assign one article (``emb``: its unit sentence vector when embeddings are on;
        ``feats``: its features when already extracted)."""
        state, opts = self.state, self.options
        threshold = opts.embedding_threshold if emb is not None else opts.threshold
        self._advance(day)
        if feats is None:
            feats = _features(article, opts)
        state.n_docs += 1
        idf = _idf_weights(state.df, state.n_docs, feats.words, feats.entities)
        words = _weighted_unit(feats.words, idf, 1.0, opts.article_terms)
        ents = _weighted_unit(feats.entities, idf, opts.entity_idf_power, opts.article_entities)

        people = tuple(self.evidence.people.get(article.id, ())) if self.evidence.people else ()
        linked = self._linked_stories(article.id)

        keys = dict(ents)
        for k in state_module._heaviest_keys(words, 15):
            keys[k] = keys.get(k, 0.0) + words[k]
        cands = self._candidates(state.active_postings, keys, opts.candidates)
        if day is None:
            cands += self._dormant_candidates(ents, opts.candidates)
        cands = list(dict.fromkeys(cands + sorted(linked)))

        best_id: str | None = None
        best_score = -1.0
        for sid in cands:
            cluster = self._open(sid)
            ce, share = _entity_match(ents, cluster.entities, cluster.enorm)
            if ents and sid not in linked and (ce < opts.entity_min
                                               or share < opts.entity_share_min):
                continue
            ct = _cos(words, cluster.words, cluster.wnorm)
            cm = cluster.embedding_cos(emb) if emb is not None else None
            score = self._score(ct, ce, bool(ents), sid in linked, people, cluster, cm)
            score *= _decay(_gap(day, cluster), opts.window_days)
            if score > best_score:
                best_id, best_score = sid, score
        if best_score < threshold and day is not None:
            # follow-ups: dormant (or long-quiet) stories with the same names and event
            follow = self._dormant_candidates(ents, opts.candidates)
            follow += [sid for sid in cands if _gap(day, self._get(sid))
                       > opts.follow_up_gap_days]
            for sid in dict.fromkeys(follow):
                cluster = self._open(sid)
                cover = _coverage(ents, cluster.entities, opts.follow_up_entities)
                if cover < opts.follow_up_entity_min:
                    continue
                ct = _cos(words, cluster.words, cluster.wnorm)
                if ct < opts.follow_up_text_min:
                    continue
                ce = max(cover, _cos(ents, cluster.entities, cluster.enorm))
                cm = cluster.embedding_cos(emb) if emb is not None else None
                score = self._score(ct, ce, True, sid in linked, people, cluster, cm)
                if score >= threshold and score > best_score:
                    best_id, best_score = sid, score
        if best_id is None or best_score < threshold:
            cluster = Cluster(id=stable_hash("story", article.id), seq=state.next_seq)
            state.next_seq += 1
            if cluster.id in state.clusters:  # same article id given twice: keep ids unique
                cluster.id = stable_hash("story", article.id, str(cluster.seq))
            state.resident[cluster.id] = cluster
        else:
            cluster = self._get(best_id)
        self._add(cluster, article, day, words, ents, feats.spans, feats.content_words, people,
                  feats.words, feats.entities, emb)
        for other in self.thawed.values():
            other.close_centroids()  # no-op for a story this article joined (thawed)
        self.thawed.clear()
        self.loaded.clear()
        return cluster.id

    def _get(self, story_id: str) -> Cluster:
        """A story by id: in memory, or read from the dormant store once per article."""
        cluster = self.state.resident.get(story_id)
        if cluster is None:
            cluster = self.loaded.get(story_id)
            if cluster is None:
                cluster = self.loaded[story_id] = self.state.clusters[story_id]
        return cluster

    def _open(self, story_id: str) -> Cluster:
        """A story ready to be scored (a frozen dormant one is unpacked for this article)."""
        cluster = self._get(story_id)
        if cluster.packed is not None and story_id not in self.thawed:
            cluster.open_centroids()
            self.thawed[story_id] = cluster
        return cluster

    def _score(self, ct: float, ce: float, has_entities: bool, linked: bool,
               people: Sequence[str], cluster: Cluster, cm: float | None = None) -> float:
        opts = self.options
        if has_entities:
            score = opts.text_weight * ct + opts.entity_weight * ce
        else:
            score = ct
        if cm is not None:
            score = (1.0 - opts.embedding_weight) * score + opts.embedding_weight * cm
        if linked:
            score += opts.evidence_bonus
        if people and cluster.people:
            shared = sum(1 for p in people if p in cluster.people)
            score += opts.people_weight * shared / len(people)
        return score

    def _add(self, cluster: Cluster, article: Article, day: int | None, words: dict[int, float],
             ents: dict[int, float], spans: Sequence[str], vocab: Sequence[str],
             people: Sequence[str], raw_words: dict[int, float],
             raw_ents: dict[int, float], emb: Any = None) -> None:
        state, opts = self.state, self.options
        state.wake(cluster)  # back into memory if it was spilled
        cluster.thaw()  # no-op unless frozen
        if cluster.dormant:
            cluster.dormant = False
            state.dormant_order.pop(cluster.id, None)
        cluster.add(words, ents, opts.max_terms, opts.max_entities)
        if emb is not None:
            cluster.add_embedding(emb)
        cluster.members.append(Member(article.id, day, article.outlet, article.title))
        if day is not None:
            cluster.first = day if cluster.first is None else min(cluster.first, day)
            cluster.last = day if cluster.last is None else max(cluster.last, day)
        cluster.spans.update(spans)
        cluster.vocab.update(vocab)
        cluster.people.update(people)
        for counter in (cluster.spans, cluster.vocab, cluster.people):
            if len(counter) > 120:
                kept = counter.most_common(60)
                counter.clear()
                counter.update(dict(kept))
        if len(cluster.members) > opts.split_max_members:
            cluster.vectors.clear()  # no more split tests: free the members' vectors
        elif not cluster.dormant and opts.split_every:
            # raw frequencies only of the dimensions kept in the unit vectors (bounded size)
            cluster.vectors[article.id] = MemberVectors(
                words, ents, {k: raw_words[k] for k in words}, {k: raw_ents[k] for k in ents},
                tuple(spans), tuple(vocab), tuple(people), emb)
        state.reindex(cluster)
        if self.groups_of:
            self._placed(article.id, cluster.id)
        self.touched[cluster.id] = None
        n = len(cluster.vectors)
        if opts.split_every and _split_due(n, opts):
            new = maybe_split(state, cluster, opts, _member_matrices)
            if new is not None:
                self.touched[new.id] = None
                if self.groups_of:
                    for m in new.members:
                        self._placed(m.article_id, new.id, cluster.id)
        if opts.refine_every and state.n_docs % opts.refine_every == 0:
            self._refine()

    def _refine(self) -> None:
        limit = self.options.candidates
        index = self.state.active_postings
        for small, big in refine(self.state, self.options,
                                 lambda keys: self._candidates(index, keys, limit), _cos_normed):
            self.touched[big.id] = None
            self.touched.pop(small.id, None)
            if self.groups_of:
                for m in small.members:
                    self._placed(m.article_id, big.id, small.id)


def _split_due(n: int, opts: StoryOptions) -> bool:
    """Split tests at every ``split_every`` members up to 8 tests, then at 32, 48, 64, ..."""
    if n < 2 * opts.split_min_part or n > opts.split_max_members:
        return False
    if n <= 8 * opts.split_every:
        return n % opts.split_every == 0
    return n % 16 == 0


def _features(article: Article, opts: StoryOptions) -> Features:
    return extract(article.title, article.text, max_words=opts.max_words,
                   lead_sentences=opts.lead_sentences, lead_chars=opts.lead_chars,
                   weekdays=opts.weekday_keys)


def stream(ordered: Sequence[tuple[Article, int | None]], opts: StoryOptions,
           ) -> Iterator[tuple[int, int | None, Features | None]]:
    """The stream of :func:`order_articles`' output as (position in ``ordered``, day,
    features): each day's articles, and then the undated ones, densest first in chunks of
    ``opts.density_chunk`` (:mod:`storytrace.stories.density`), with the features read to order
    them; ``None`` features when the input order is kept."""
    for day, group in groupby(range(len(ordered)), key=lambda i: ordered[i][1]):
        positions = list(group)
        if opts.density_chunk < 1 or len(positions) < 2:
            for i in positions:
                yield i, day, None
            continue
        positions.sort(key=lambda i: ordered[i][0].id)  # ties within a chunk go by id
        for at in range(0, len(positions), opts.density_chunk):
            chunk = positions[at:at + opts.density_chunk]
            feats = [_features(ordered[i][0], opts) for i in chunk]
            for k in densest_first(feats, opts.text_weight, opts.entity_weight,
                                   opts.entity_idf_power):
                yield chunk[k], day, feats[k]


def order_articles(articles: Sequence[Article],
                   evidence: StoryEvidence) -> list[tuple[Article, int | None]]:
    """Articles by day with their day ordinals: dated by date, then undated (within a day the
    input order, which :func:`stream` then reorders)."""
    dated: list[tuple[int, int, Article]] = []
    undated: list[Article] = []
    for i, article in enumerate(articles):
        day = _day(article, evidence)
        if day is None:
            undated.append(article)
        else:
            dated.append((day, i, article))
    dated.sort(key=lambda t: (t[0], t[1]))
    return [(a, d) for d, _, a in dated] + [(a, None) for a in undated]


def _build(cluster: Cluster, options: StoryOptions) -> Story:
    """The record of a story, unpacking it for the moment if it is frozen."""
    if cluster.packed is None:
        return build_story(cluster, options)
    cluster.thaw()
    try:
        return build_story(cluster, options)
    finally:
        cluster.freeze()


def assign_stories(
    articles: Sequence[Article],
    options: StoryOptions = StoryOptions(),  # noqa: B008 - frozen, immutable default
    evidence: StoryEvidence = StoryEvidence(),  # noqa: B008 - frozen, immutable default
    state: StoryState | None = None,
) -> tuple[list[Story], StoryState]:
    """Assign ``articles`` to stories in one streaming pass; return the stories they touched.

    ``state`` is the result of an earlier run (or ``None`` to start empty); it is updated in
    place and returned, so a later run assigns only its new articles. Running over two halves
    (the second later in time) gives the same partition as one run over all articles.

    Returns the stories that received an article in this run (full records, including the
    articles of earlier runs), in order of creation, and the state.

    With ``options.embeddings`` every article's title and lead is embedded first, in batches
    (see :mod:`storytrace.stories.embed`); this raises
    :class:`~storytrace.stories.embed.EmbeddingsUnavailable` (a ``StorytraceError``) when the
    ``storytrace[embed]`` extra is not installed. Keep ``embeddings`` the same across the runs
    that share one state: stories built without embeddings have no story vector.
    """
    state = state if state is not None else StoryState()
    assigner = _Assigner(state, options, evidence)
    ordered = order_articles(articles, evidence)
    if options.embeddings:
        from .embed import embed_articles  # lazy: the default path never imports torch

        vectors = embed_articles([a for a, _ in ordered])  # batched, before the stream
        for i, day, feats in stream(ordered, options):
            assigner.assign(ordered[i][0], day, vectors[i], feats)
    else:
        for i, day, feats in stream(ordered, options):
            assigner.assign(ordered[i][0], day, None, feats)
    built = []
    for sid in assigner.touched:
        cluster = state.resident.get(sid)
        if cluster is None and sid in state.clusters:  # spilled since (or never: forgotten)
            cluster = state.clusters[sid]
        if cluster is not None:
            built.append((cluster.seq, _build(cluster, options)))
    built.sort(key=itemgetter(0))
    return [story for _, story in built], state
