"""What's new: for every article after the first, the sentences no earlier article covered.

A sentence is *covered* when an earlier article has an exact copy of it, or a sentence at least
``cover_threshold`` similar (TF-IDF cosine) while it states no number or name the story had not
mentioned before, or when nearly all its content words were already in earlier articles. The
uncovered sentences are ordered so that new facts come first: novelty (dissimilarity to what came
before and share of new words) times importance to the story (centrality), boosted for sentences
that carry a claim or a new number or name, and lowered for quotations (a reported fact before the
words around it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..records import ArticleNews, Citation, Claim, DigestSentence
from .index import StoryIndex
from .options import DigestOptions
from .text import STOP_WORDS, stem

_NAME = re.compile(r"(?<=[\s(“\"'‘])[A-Z][\w’'-]*[a-z][\w’'-]*")


def _name_terms(text: str) -> set[str]:
    """Normalised terms of the capitalised words of a sentence (not its first word)."""
    out = set()
    for match in _NAME.finditer(text):
        for part in re.findall(r"[^\W\d_]+", match.group()):
            word = part.lower()
            if word not in STOP_WORDS and len(word) > 1:
                out.add(stem(word))
    return out


EVENT_TERMS = frozenset(
    stem(w) for w in (
        "expecting pregnant pregnancy born birth died death welcomed married engaged divorced "
        "split arrested charged hospitalized hospitalised announced confirmed anniversary "
        "diagnosed sued resigned appointed elected killed injured released"
    ).split()
)
"""Terms that mark a sentence as reporting an event (a new fact rather than background)."""


def whats_new(
    index: StoryIndex,
    options: DigestOptions,
    centrality: np.ndarray,
    claims: Sequence[Claim] = (),
) -> tuple[ArticleNews, ...]:
    """Per article after the first (by date), its new sentences, new facts first."""
    if len(index.articles) < 2:
        return ()
    n = len(index.sentences)
    claim_spans: dict[str, list[tuple[int, int]]] = {}
    for claim in claims:
        claim_spans.setdefault(claim.article_id, []).append((claim.start, claim.end))
    article_of = np.array([s.article for s in index.sentences], dtype=np.int64)
    lows = np.array([lo for lo, _ in index.bounds], dtype=np.int64)
    lo_of = lows[article_of] if n else np.zeros(0, dtype=np.int64)
    # a unit first seen in an earlier article is an exact copy of something already reported
    _, first_of_unit = np.unique(index.units, return_index=True)
    unit_ids = np.searchsorted(np.unique(index.units), index.units)
    copied = first_of_unit[unit_ids] < lo_of if n else np.zeros(0, dtype=bool)
    fresh = np.flatnonzero(~copied & (lo_of > 0))
    max_sim = np.zeros(n)
    representatives = np.sort(first_of_unit)  # earlier copies add nothing to the maximum
    for chunk in range(0, len(fresh), 1024):
        rows = fresh[chunk:chunk + 1024]
        limit = int(lo_of[rows].max())
        earlier = representatives[: np.searchsorted(representatives, limit)]
        if len(earlier) == 0:
            continue
        product = (index.matrix[rows] @ index.matrix[earlier].T).tocsr()
        row_limit = np.repeat(lo_of[rows], np.diff(product.indptr))
        product.data[earlier[product.indices] >= row_limit] = 0.0
        filled = np.diff(product.indptr) > 0  # row maxima without sorting the product
        if filled.any():
            best = np.maximum.reduceat(product.data, product.indptr[:-1][filled])
            max_sim[rows[filled]] = best
    # the first sentence that used each term: a term is new to sentence i if first >= lo_of[i]
    csc = index.binary.tocsc()
    csc.sort_indices()
    nonempty = np.diff(csc.indptr) > 0
    first_use = np.full(csc.shape[1], n, dtype=np.int64)
    first_use[nonempty] = csc.indices[csc.indptr[:-1][nonempty]]
    top_centrality = float(centrality.max()) if n else 1.0
    scored: dict[int, list[tuple[float, int]]] = {}
    covered = np.zeros(len(index.articles), dtype=np.int64)
    np.add.at(covered, article_of[copied], 1)
    indptr, indices = index.binary.indptr, index.binary.indices
    for i in fresh:
        s = index.sentences[i]
        cols = indices[indptr[i]:indptr[i + 1]]
        weights = index.idf[cols]
        total = float(weights.sum())
        unseen = first_use[cols] >= lo_of[i]
        new_share = float(weights[unseen].sum() / total) if total > 0 else 0.0
        new_numbers = bool((unseen & index.numeric[cols]).any())
        new_names = any(
            (col := index.vocabulary.get(t)) is not None and first_use[col] >= lo_of[i]
            for t in _name_terms(s.text)
        )
        new_key = new_numbers or new_names
        sim = float(max_sim[i])
        if not new_key and (sim >= options.cover_threshold or (total > 0 and new_share < 0.1)):
            covered[s.article] += 1
            continue
        if s.words < options.min_words or s.headline:
            continue
        novelty = 0.5 * (1.0 - min(1.0, sim)) + 0.5 * new_share
        lead = 1.0 + 1.0 / (1 + s.position)
        importance = (0.25 + float(centrality[i]) / (top_centrality or 1.0)) * lead
        bonus = 1.0 + 0.25 * new_key
        if any(index.terms[c] in EVENT_TERMS for c in cols):
            bonus += 0.5
        spans = claim_spans.get(index.articles[s.article].id, ())
        if any(c0 < s.end and s.start < c1 for c0, c1 in spans):
            bonus += 0.5
        if s.quote:
            bonus *= 0.6
        scored.setdefault(s.article, []).append((novelty * importance * bonus, int(i)))
    results = []
    for a in range(1, len(index.articles)):
        article = index.articles[a]
        ranked = sorted(scored.get(a, []), key=lambda pair: (-pair[0], pair[1]))
        if options.news_sentences is not None:
            ranked = ranked[: options.news_sentences]
        sentences = tuple(
            DigestSentence(
                text=index.sentences[i].text, article_id=article.id,
                start=index.sentences[i].start, end=index.sentences[i].end,
                citations=(Citation(article_id=article.id, outlet=article.outlet,
                                    start=index.sentences[i].start, end=index.sentences[i].end),),
                speaker=index.sentences[i].speaker, date=index.days[a], score=round(score, 6),
            )
            for score, i in ranked
        )
        results.append(ArticleNews(article_id=article.id, sentences=sentences,
                                   covered=int(covered[a])))
    return tuple(results)
