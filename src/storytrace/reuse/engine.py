"""The reuse stage: batch (``find_reuse``) and incremental (``update_reuse``) entry points.

``find_reuse(articles)`` is exactly ``update_reuse(None, articles, ...)`` followed by
``cluster_pairs``, so a corpus analysed in one go and the same corpus analysed in daily batches
give the same pairs and clusters (as long as no anchor crosses the document-frequency limit in
between: pairs found before an n-gram became common are kept).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..records import AlignedPair, Article, Passage, ReuseCluster
from .align import DocTokens, align_pair, usable_mask
from .cluster import cluster_pairs
from .index import ReuseIndex, anchor_keys, candidate_pairs, chunks, renumber
from .normalize import tokenize
from .options import ReuseOptions
from .shingles import ngram_hashes

DEFAULT_OPTIONS = ReuseOptions()
PAIR_CHUNK = 4000
"""Candidate pairs aligned together (their articles are tokenised as one batch)."""


def _doc_tokens(texts: list[str], ngram: int, good: np.ndarray | None = None,
                bad: np.ndarray | None = None) -> list[DocTokens]:
    out: list[DocTokens] = []
    for lo, hi in chunks([len(t) for t in texts]):
        chunk = texts[lo:hi]
        batch = tokenize(chunk)
        grams = ngram_hashes(batch.hashes, ngram)  # over the whole batch; sliced per text below
        usable = usable_mask(grams, good) if good is not None else None
        boiler = usable_mask(grams, bad) if bad is not None else None
        offsets = batch.offsets.tolist()
        for d, text in enumerate(chunk):
            t0, t1 = offsets[d], offsets[d + 1]
            g1 = max(t0, t1 - ngram + 1)
            out.append(DocTokens.build(
                text, batch.hashes[t0:t1], batch.start[t0:t1], batch.end[t0:t1],
                grams[t0:g1], None if usable is None else usable[t0:g1],
                None if boiler is None else boiler[t0:g1]))
    return out


def update_reuse(index: ReuseIndex | None, new_articles: Sequence[Article],
                 lookup: Callable[[str], Article],
                 options: ReuseOptions = DEFAULT_OPTIONS
                 ) -> tuple[ReuseIndex, list[AlignedPair]]:
    """Compare new articles with the indexed ones and with each other.

    Returns the updated index and the aligned pairs that involve a new article (pairs between
    old articles were returned by earlier calls). ``lookup`` fetches an indexed article by id
    (only those that turn out to be candidates are fetched). An article whose id is already in
    the index is re-indexed with its new text (its old anchors are dropped); the caller should
    replace the pairs it stored for it. An index built with another ``ngram`` is rebuilt from
    the indexed articles (fetched with ``lookup``).
    """
    fingerprint = options.fingerprint()
    if index is None:
        index = ReuseIndex(fingerprint=fingerprint)
    new_by_id: dict[str, Article] = {}
    for art in new_articles:
        new_by_id[art.id] = art
    if index.fingerprint != fingerprint:
        for aid in index.ids:
            new_by_id.setdefault(aid, lookup(aid))
        index = ReuseIndex(ids=index.ids, fingerprint=fingerprint,
                           outlets=index.outlets or ("",) * len(index.ids))
    number = {aid: k for k, aid in enumerate(index.ids)}
    revised = np.array([number[aid] for aid in new_by_id if aid in number], dtype=np.int64)
    index = index.without(revised)
    ids = list(index.ids)
    for aid in new_by_id:
        if aid not in number:
            number[aid] = len(ids)
            ids.append(aid)
    new_list = sorted(new_by_id.values(), key=lambda a: number[a.id])
    new_numbers = np.array([number[a.id] for a in new_list], dtype=np.int64)

    local_keys, positions = anchor_keys([a.text for a in new_list], options.ngram,
                                        options.window)
    new_keys = renumber(local_keys, new_numbers)
    # candidates against the old index (revised articles count as new)
    outlets = list(index.outlets) + [""] * (len(ids) - len(index.outlets))
    for art in new_list:
        outlets[number[art.id]] = art.outlet or ""
    merged = index.merged(tuple(ids), new_keys, positions, tuple(outlets))
    per_outlet = options.max_outlet_df
    pairs = candidate_pairs(index, new_keys, positions, options.max_df, options.min_shared,
                            None, merged.outlet_codes() if per_outlet else None,
                            per_outlet or 0)
    good, bad = merged.anchor_sets(options.max_df, per_outlet or options.max_df)

    by_number: dict[int, Article] = {number[a.id]: a for a in new_list}

    def article(k: int) -> Article:
        if k not in by_number:
            by_number[k] = lookup(ids[k])
        return by_number[k]

    # canonical order inside a pair: smaller article id first
    aligned: list[AlignedPair] = []
    for lo in range(0, len(pairs), PAIR_CHUNK):
        chunk = pairs[lo : lo + PAIR_CHUNK]
        needed = sorted(set(chunk.ravel().tolist()))
        built = _doc_tokens([article(k).text for k in needed], options.ngram, good, bad)
        toks = dict(zip(needed, built, strict=True))
        for ka, kb in chunk.tolist():
            if ids[ka] > ids[kb]:
                ka, kb = kb, ka
            aa, ab = article(ka), article(kb)
            for sp in align_pair(toks[ka], toks[kb], options):
                aligned.append(AlignedPair(
                    a=Passage(aa.id, sp.a_start, sp.a_end, aa.text[sp.a_start:sp.a_end]),
                    b=Passage(ab.id, sp.b_start, sp.b_end, ab.text[sp.b_start:sp.b_end]),
                    score=sp.score,
                ))
    aligned.sort(key=lambda p: (p.a.article_id, p.b.article_id, p.a.start, p.b.start,
                                p.a.end, p.b.end))
    return merged, aligned


def find_reuse(articles: Sequence[Article],
               options: ReuseOptions = DEFAULT_OPTIONS) -> list[ReuseCluster]:
    """All reuse clusters of a corpus: ``update_reuse(None, ...)`` then ``cluster_pairs``."""
    by_id = {a.id: a for a in articles}

    def lookup(aid: str) -> Article:
        return by_id[aid]

    _index, pairs = update_reuse(None, articles, lookup, options)
    return cluster_pairs(pairs, by_id)
