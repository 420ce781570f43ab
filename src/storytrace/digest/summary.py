"""The story summary: central, independently supported, non-redundant sentences, each cited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from ..records import ArticleNews, Citation, DigestSentence
from .claims import ClaimIndex, contradicts, supporting_sentences
from .index import StoryIndex
from .options import DigestOptions
from .rank import lexrank, mmr_select, top_k
from .support import Carriers, carriers, support_counts


def unit_centrality(index: StoryIndex, options: DigestOptions) -> np.ndarray:
    """LexRank centrality per sentence, computed over units (copies count once)."""
    n = len(index.sentences)
    if n == 0:
        return np.zeros(0)
    reps, first, inverse = np.unique(index.units, return_index=True, return_inverse=True)
    # teleport prior: news puts what matters first, so earlier positions get more weight
    positions = np.array([s.position for s in index.sentences], dtype=np.float64)
    earliest = np.full(len(reps), np.inf)
    np.minimum.at(earliest, inverse, positions)
    prior = 1.0 + options.lead / (1.0 + earliest)
    scores = lexrank(index.matrix[first], damping=options.damping, prior=prior)
    return scores[inverse] * len(reps)  # 1.0 = average centrality


def cite(index: StoryIndex, found: Carriers, m: int,
         claims: ClaimIndex | None = None) -> tuple[Citation, ...]:
    """Citations of row ``m``: per article, its best sentence carrying the information.

    With ``claims``, an article whose wording carries nothing is still cited when it states a
    claim the row's sentence carries (see :mod:`.claims`): its sentence stating the most of
    them (ties: the most similar), scored by the share of the row's claims it states; and a
    sentence that shares the row's words but states a birth, death or age incompatible with the
    row's claims is not a source."""
    own = int(found.rows[m])
    citations = []
    by_claim = supporting_sentences(index, claims, own) if claims is not None else {}
    carried = len(claims.by_sentence.get(own, ())) if claims is not None else 0
    for a, (lo, hi) in enumerate(index.bounds):
        if hi <= lo:
            continue
        last = best = own
        if index.sentences[own].article != a:
            mask = found.carries[lo:hi, m].copy()
            pairs = (found.pair_carries[lo:hi, m].copy() if found.pair_carries is not None
                     else np.zeros(hi - lo, dtype=bool))
            if carried:
                # sentences sharing the words but not the facts ("died on Saturday") are no source
                for j in np.flatnonzero(mask):
                    mask[j] = not contradicts(index, claims, own, [lo + int(j)])
                for j in np.flatnonzero(pairs):
                    pairs[j] = not contradicts(index, claims, own, [lo + int(j), lo + int(j) + 1])
            if mask.any():
                sims = np.where(mask, found.similarity[lo:hi, m], -1.0)
                last = best = lo + int(np.argmax(sims))
            elif pairs.any():
                # the article states it over two consecutive sentences: cite both
                following = np.zeros(hi - lo)
                following[:-1] = found.similarity[lo + 1:hi, m]
                sims = np.where(pairs, found.similarity[lo:hi, m] + following, -1.0)
                best = lo + int(np.argmax(sims))
                last = best + 1
            elif by_claim.get(a):
                stated = by_claim[a]
                best = max(stated, key=lambda j: (len(stated[j]), float(found.similarity[j, m]),
                                                  -j))
                article = index.articles[a]
                s = index.sentences[best]
                citations.append(Citation(
                    article_id=article.id, outlet=article.outlet, start=s.start, end=s.end,
                    score=round(len(stated[best]) / max(1, carried), 4)))
                continue
            else:
                continue
        first_s, last_s = index.sentences[best], index.sentences[last]
        article = index.articles[a]
        score = max(found.similarity[best, m], found.similarity[last, m])
        citations.append(Citation(
            article_id=article.id, outlet=article.outlet, start=first_s.start, end=last_s.end,
            score=round(float(max(0.0, min(1.0, score))), 4),
        ))
    return tuple(citations)


def make_sentence(index: StoryIndex, found: Carriers, m: int, score: float,
                  claims: ClaimIndex | None = None) -> DigestSentence:
    """The digest sentence for row ``m`` with its citations, speaker and date."""
    i = int(found.rows[m])
    s = index.sentences[i]
    citations = cite(index, found, m, claims)
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


def follow_up_leads(
    index: StoryIndex, news: Sequence[ArticleNews], options: DigestOptions,
) -> list[int]:
    """The leading new sentence of every follow-up episode (sentence ids, in time order).

    A follow-up episode starts at an article published more than ``episode_gap_days`` after the
    previous dated article; its lead is the best-scored new sentence of its articles.
    """
    by_article = {n.article_id: n for n in news}
    location = {(index.articles[s.article].id, s.start): i
                for i, s in enumerate(index.sentences)}
    leads: list[int] = []
    previous: date | None = None
    best: tuple[float, int] | None = None
    for article, day in zip(index.articles, index.days, strict=True):
        if day is not None and previous is not None and (
                day - previous).days > options.episode_gap_days:
            if best is not None:
                leads.append(best[1])
            best = (-1.0, -1)
        if day is not None:
            previous = day
        item = by_article.get(article.id)
        if best is not None and item is not None and item.sentences:
            top = item.sentences[0]
            if top.score > best[0]:
                best = (top.score, location[(article.id, top.start)])
    if best is not None and best[1] >= 0:
        leads.append(best[1])
    return [i for i in leads if i >= 0]


def summarize(
    index: StoryIndex, options: DigestOptions, centrality: np.ndarray | None = None,
    reserved: Sequence[int] = (),
    claims: ClaimIndex | None = None,
) -> tuple[DigestSentence, ...]:
    """The extractive summary of the story (see ``DigestOptions`` for length and weights).

    ``reserved`` sentences (the leads of follow-up episodes) are taken first when they fit.
    ``claims`` (see :func:`.claims.index_claims`) add the articles stating the same claims as
    a summary sentence to its citations.
    """
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
    in_pool = set(pool.tolist())
    extra = list(dict.fromkeys(int(i) for i in reserved if int(i) not in in_pool))
    pool = np.concatenate([pool, np.array(extra, dtype=np.int64)])
    position = {int(i): m for m, i in enumerate(pool)}
    found = carriers(index, pool, options)
    support = support_counts(index, found)
    positions = np.array([index.sentences[int(i)].position for i in pool], dtype=np.float64)
    words = np.array([index.sentences[int(i)].words for i in pool], dtype=np.float64)
    scores = (centrality[pool] * (1.0 + options.independence * np.log2(support))
              * (1.0 + options.lead_bonus / (1.0 + positions))
              * (np.minimum(words, 40.0) / 20.0) ** options.length_weight)
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
        if any(found.carries[int(pool[m]), candidate] for m in selected):
            return False  # a chosen sentence already carries this information
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

    picked = mmr_select(scores, similarity, lam=options.mmr_lambda, full=full, allowed=allowed,
                        initial=[position[int(i)] for i in reserved])
    # in story order: first reported first (earliest citing article), then article, position
    made = [(make_sentence(index, found, m, scores[m], claims), index.sentences[int(pool[m])])
            for m in picked]
    made.sort(key=lambda pair: (pair[0].date is None, pair[0].date or date.min,
                                pair[1].article, pair[1].position))
    return tuple(sentence for sentence, _ in made)
