"""The story summary: central, independently supported, non-redundant sentences, each cited."""

from __future__ import annotations

import numpy as np

from ..records import Citation, DigestSentence
from .index import StoryIndex
from .options import DigestOptions
from .rank import lexrank, mmr_select, top_k
from .support import Carriers, carriers, support_counts


def unit_centrality(index: StoryIndex, options: DigestOptions) -> np.ndarray:
    """LexRank centrality per sentence, computed over units (copies count once)."""
    n = len(index.sentences)
    if n == 0:
        return np.zeros(0)
    reps, inverse = np.unique(index.units, return_inverse=True)
    first = np.full(len(reps), -1, dtype=np.int64)
    for i, u in enumerate(inverse):
        if first[u] < 0:
            first[u] = i
    scores = lexrank(index.matrix[first], damping=options.damping)
    return scores[inverse] * len(reps)  # 1.0 = average centrality


def cite(index: StoryIndex, found: Carriers, m: int) -> tuple[Citation, ...]:
    """Citations of row ``m``: per article, its best sentence carrying the information."""
    own = int(found.rows[m])
    citations = []
    for a, (lo, hi) in enumerate(index.bounds):
        if hi <= lo:
            continue
        if index.sentences[own].article == a:
            best = own
        else:
            mask = found.carries[lo:hi, m]
            if not mask.any():
                continue
            sims = np.where(mask, found.similarity[lo:hi, m], -1.0)
            best = lo + int(np.argmax(sims))
        s = index.sentences[best]
        article = index.articles[a]
        citations.append(Citation(
            article_id=article.id, outlet=article.outlet, start=s.start, end=s.end,
            score=round(float(max(0.0, min(1.0, found.similarity[best, m]))), 4),
        ))
    return tuple(citations)


def make_sentence(index: StoryIndex, found: Carriers, m: int, score: float) -> DigestSentence:
    """The digest sentence for row ``m`` with its citations, speaker and date."""
    i = int(found.rows[m])
    s = index.sentences[i]
    citations = cite(index, found, m)
    speaker = s.speaker
    if speaker is None:
        for j in np.flatnonzero(index.units == s.unit):
            if index.sentences[j].speaker:
                speaker = index.sentences[j].speaker
                break
    by_id = {a.id: d for a, d in zip(index.articles, index.days, strict=True)}
    days = [by_id[c.article_id] for c in citations if by_id.get(c.article_id)]
    return DigestSentence(
        text=s.text, article_id=index.articles[s.article].id, start=s.start, end=s.end,
        citations=citations, speaker=speaker, date=min(days) if days else None,
        score=round(float(score), 6),
    )


def summarize(
    index: StoryIndex, options: DigestOptions, centrality: np.ndarray | None = None,
) -> tuple[DigestSentence, ...]:
    """The extractive summary of the story (see ``DigestOptions`` for length and weights)."""
    n = len(index.sentences)
    if n == 0 or (options.words is None and options.sentences <= 0):
        return ()
    if centrality is None:
        centrality = unit_centrality(index, options)
    # one representative per unit: its earliest copy
    seen: set[int] = set()
    reps = []
    for i, s in enumerate(index.sentences):
        if s.unit not in seen:
            seen.add(s.unit)
            reps.append(i)
    reps_arr = np.array(reps, dtype=np.int64)
    eligible = np.array([
        index.sentences[i].words >= options.min_words and not index.sentences[i].headline
        for i in reps
    ], dtype=bool)
    if not eligible.any():
        eligible = np.array([not index.sentences[i].headline for i in reps], dtype=bool)
        if not eligible.any():
            eligible[:] = True
    pool = reps_arr[eligible]
    pool = pool[top_k(centrality[pool], options.candidates)]
    found = carriers(index, pool, options)
    support = support_counts(index, found)
    scores = centrality[pool] * (1.0 + options.independence * np.log2(support))
    similarity = found.similarity[pool, :]  # candidate x candidate

    unit_quotes: dict[int, set[str]] = {}
    if options.one_per_quote:
        for s in index.sentences:
            if s.quote:
                unit_quotes.setdefault(s.unit, set()).add(s.quote)
    quote_keys = [unit_quotes.get(index.sentences[int(i)].unit, set()) for i in pool]
    quoted = [
        bool(unit_quotes.get(index.sentences[int(i)].unit)) or index.sentences[int(i)].quote
        is not None for i in pool
    ] if options.one_per_quote else [index.sentences[int(i)].quote is not None for i in pool]
    used: set[str] = set()
    words_used = [0]

    def allowed(selected: list[int], candidate: int) -> bool:
        if quote_keys[candidate] & used:
            return False
        row = int(pool[candidate])
        if any(found.carries[row, m] or found.carries[int(pool[m]), candidate]
               for m in selected):
            return False  # the same information is already in the summary
        if options.max_quotes is not None and quoted[candidate]:
            if sum(quoted[m] for m in selected) >= options.max_quotes:
                return False
        if options.words is not None and selected:
            if words_used[0] + index.sentences[int(pool[candidate])].words > options.words:
                return False
        used.update(quote_keys[candidate])
        words_used[0] += index.sentences[int(pool[candidate])].words
        return True

    def full(selected: list[int]) -> bool:
        if options.words is not None:
            return words_used[0] >= options.words
        return len(selected) >= options.sentences

    picked = mmr_select(scores, similarity, lam=options.mmr_lambda, full=full, allowed=allowed)
    picked.sort(key=lambda m: (index.sentences[int(pool[m])].article,
                               index.sentences[int(pool[m])].position))
    return tuple(make_sentence(index, found, m, scores[m]) for m in picked)
