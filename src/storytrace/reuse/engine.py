"""The reuse stage: batch (``find_reuse``) and incremental (``update_reuse``) entry points.

``find_reuse(articles)`` is exactly ``update_reuse(None, articles, ...)`` followed by
``cluster_pairs``, so a corpus analysed in one go and the same corpus analysed in daily batches
give the same pairs and clusters (as long as no anchor crosses the document-frequency limit in
between: pairs found before an n-gram became common are kept).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Sequence

import numpy as np

from ..records import AlignedPair, Article, Passage, ReuseCluster
from .align import DocTokens, align_pair, usable_mask
from .cluster import cluster_pairs
from .index import CHUNK_CHARS, KeyBuilder, ReuseIndex, candidate_pairs, chunks
from .normalize import tokenize
from .options import ReuseOptions
from .shingles import ngram_hashes

DEFAULT_OPTIONS = ReuseOptions()
PAIR_CHUNK = 1000
"""Candidate pairs aligned together (their articles are tokenised as one batch)."""
_UNTOUCHED = -1
_FETCHED = -2


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
    replace the pairs it stored for it; an id given twice counts once (its last text). An index
    built with another ``ngram`` is rebuilt from the indexed articles (fetched with ``lookup``).

    Memory is bounded by batches, not by the corpus: ``new_articles`` is iterated once, one
    batch of texts at a time, and read again by position (``new_articles[k]``) only for the
    candidates, chunk by chunk; no article is held beyond its batch or chunk, so it may be a
    lazy sequence over a store. What grows with the corpus is the index (8 bytes per anchor,
    about 2 KB per news article), the ids, and the aligned pairs returned.
    """
    fingerprint = options.fingerprint()
    if index is None:
        index = ReuseIndex(fingerprint=fingerprint)
    rebuild = index.fingerprint != fingerprint
    old = index if not rebuild else ReuseIndex(
        ids=index.ids, fingerprint=fingerprint,
        outlets=index.outlets or ("",) * len(index.ids))
    number = {aid: k for k, aid in enumerate(old.ids)}
    ids = list(old.ids)
    outlets = list(old.outlets) + [""] * (len(ids) - len(old.outlets))
    # per article number: its position in new_articles, _FETCHED (re-indexed through lookup),
    # or _UNTOUCHED (an old article not given in this call); one int64 each, not a dict
    source = array("q", [_UNTOUCHED]) * len(ids)
    builder = KeyBuilder()
    batch_texts: list[str] = []
    batch_numbers: list[int] = []
    batch_chars = 0

    def flush() -> None:
        nonlocal batch_chars
        builder.add_texts(batch_texts, batch_numbers, options.ngram, options.window)
        batch_texts.clear()
        batch_numbers.clear()
        batch_chars = 0

    def add(k: int, art: Article) -> None:
        nonlocal batch_chars
        m = number.get(art.id)
        if m is None:
            m = number[art.id] = len(ids)
            ids.append(art.id)
            outlets.append("")
            source.append(_UNTOUCHED)
        elif source[m] != _UNTOUCHED:  # an id given twice: its earlier text is forgotten
            if m in batch_numbers:
                at = batch_numbers.index(m)
                del batch_numbers[at], batch_texts[at]
            else:
                builder.drop(m)
        source[m] = k
        outlets[m] = sys.intern(art.outlet or "")
        batch_texts.append(art.text)
        batch_numbers.append(m)
        batch_chars += len(art.text)
        if batch_chars >= CHUNK_CHARS:
            flush()

    for k, art in enumerate(new_articles):
        add(k, art)
    if rebuild:  # the indexed articles are new to an index of another fingerprint
        for m, aid in enumerate(old.ids):
            if source[m] == _UNTOUCHED:
                add(_FETCHED, lookup(aid))
    flush()
    new_keys = builder.build()
    if not rebuild:
        given = np.frombuffer(source, dtype=np.int64)[: len(old.ids)]
        old = old.without(np.flatnonzero(given >= 0))
        del given  # (a view: ``source`` cannot grow while it lives)
    per_outlet = options.max_outlet_df
    all_outlets = tuple(outlets)
    codes = ReuseIndex(ids=tuple(ids), outlets=all_outlets).outlet_codes() if per_outlet \
        else None
    pairs = candidate_pairs(old, new_keys, options.max_df, options.min_shared, codes,
                            per_outlet or 0)
    merged = old.merged(tuple(ids), new_keys, all_outlets)
    del old, new_keys
    good, bad = merged.anchor_sets(options.max_df, per_outlet or options.max_df)

    def article(m: int) -> Article:
        k = source[m]
        return new_articles[k] if k >= 0 else lookup(ids[m])

    return merged, _align_all(pairs, ids, article, options, good, bad)


def _align_all(pairs: np.ndarray, ids: list[str], article: Callable[[int], Article],
               options: ReuseOptions, good: np.ndarray, bad: np.ndarray) -> list[AlignedPair]:
    """Align candidate pairs (article numbers) chunk by chunk: each chunk's articles are fetched
    and tokenised together, and let go before the next chunk."""
    aligned: list[AlignedPair] = []
    for lo in range(0, len(pairs), PAIR_CHUNK):
        chunk = pairs[lo : lo + PAIR_CHUNK]
        needed = sorted(set(chunk.ravel().tolist()))
        arts = {m: article(m) for m in needed}
        built = _doc_tokens([arts[m].text for m in needed], options.ngram, good, bad)
        toks = dict(zip(needed, built, strict=True))
        # canonical order inside a pair: smaller article id first
        for ka, kb in chunk.tolist():
            if ids[ka] > ids[kb]:
                ka, kb = kb, ka
            aa, ab = arts[ka], arts[kb]
            for sp in align_pair(toks[ka], toks[kb], options):
                aligned.append(AlignedPair(
                    a=Passage(aa.id, sp.a_start, sp.a_end, aa.text[sp.a_start:sp.a_end]),
                    b=Passage(ab.id, sp.b_start, sp.b_end, ab.text[sp.b_start:sp.b_end]),
                    score=sp.score,
                ))
        del arts, built, toks
    aligned.sort(key=lambda p: (p.a.article_id, p.b.article_id, p.a.start, p.b.start,
                                p.a.end, p.b.end))
    return aligned


def find_reuse(articles: Sequence[Article],
               options: ReuseOptions = DEFAULT_OPTIONS) -> list[ReuseCluster]:
    """All reuse clusters of a corpus: ``update_reuse(None, ...)`` then ``cluster_pairs``."""
    by_id = {a.id: a for a in articles}

    def lookup(aid: str) -> Article:
        return by_id[aid]

    _index, pairs = update_reuse(None, articles, lookup, options)
    return cluster_pairs(pairs, by_id)
