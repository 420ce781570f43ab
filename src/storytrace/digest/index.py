"""The story's sentences as vectors: the shared index every digest part reads.

Articles are ordered by publication (undated articles last, in input order). Each sentence gets:
a TF-IDF vector (rows of ``matrix``, L2-normalised), a *unit* (exact copies of one sentence across
articles share a unit), a *source key* (the outlet, or the reuse cluster when the sentence lies
inside a reused passage, so that copies count as one source), and, when it lies inside a quotation,
a quote key and the speaker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..records import Article, Quote, ReuseCluster
from .options import DigestOptions
from .text import is_number, looks_like_headline, spacy_sentences, split_sentences, terms


@dataclass(slots=True)
class Sentence:
    """One sentence of one article, with what the digest knows about it."""

    article: int
    """Index of the article in ``StoryIndex.articles``."""
    position: int
    """Index of the sentence inside its article."""
    start: int
    end: int
    text: str
    words: int
    unit: int = -1
    source: str = ""
    quote: str | None = None
    speaker: str | None = None
    headline: bool = False


def _day(article: Article) -> date | None:
    try:
        return article.published_date
    except AttributeError:  # pragma: no cover - defensive: a foreign object as ``published``
        return None


def order_articles(articles: Sequence[Article]) -> list[Article]:
    """Articles by publication day (undated last), then by input order; duplicates by id dropped."""
    seen: set[str] = set()
    unique = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            unique.append(article)
    indexed = list(enumerate(unique))
    indexed.sort(key=lambda pair: (_day(pair[1]) is None, _day(pair[1]) or date.min, pair[0]))
    return [article for _, article in indexed]


_QUOTE_CHARS = re.compile(r"[“”\"\n]")


def quoted_regions(text: str) -> list[tuple[int, int, int]]:
    """Quoted spans ``(start, end, group)`` found from quote marks alone (no speaker).

    Curly quotes open and close; straight quotes alternate inside a paragraph; a quotation left
    open at a paragraph end continues when the next paragraph opens with a quote mark (the
    multi-paragraph convention). Spans of one group belong to one quotation or one paragraph.
    """
    regions: list[tuple[int, int, int]] = []
    open_at: int | None = None
    group = 0
    carry = False
    for match in _QUOTE_CHARS.finditer(text):
        ch, pos = match.group(), match.start()
        if ch == "\n":
            if open_at is not None:
                if pos > open_at:
                    regions.append((open_at, pos, group))
                open_at = None
                carry = True
            continue
        if open_at is None:
            if not (carry and regions):
                group += 1
            carry = False
            if ch != "”":
                open_at = pos + 1
        else:
            if ch == "“":  # a new opening before a close: restart
                open_at = pos + 1
                continue
            if pos > open_at:
                regions.append((open_at, pos, group))
            open_at = None
            carry = False
    if open_at is not None and len(text) > open_at:
        regions.append((open_at, len(text), group))
    return regions


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


class _CachedTerms:
    """``terms`` with a per-story cache: copied sentences are analysed once."""

    def __init__(self) -> None:
        self.cache: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = terms(text)
        return found


@dataclass
class StoryIndex:
    """Sentences, vectors and bookkeeping for one story (built once by ``build_index``)."""

    articles: list[Article]
    days: list[date | None]
    sentences: list[Sentence]
    bounds: list[tuple[int, int]]
    """Per article, the range ``[lo, hi)`` of its sentences in ``sentences``."""
    matrix: sparse.csr_matrix
    """Sentences x terms, TF-IDF, rows L2-normalised."""
    binary: sparse.csr_matrix
    """Sentences x terms, 1 where the sentence has the term."""
    idf: np.ndarray
    numeric: np.ndarray
    """Per term, whether it is a number."""
    units: np.ndarray
    """Per sentence, its unit (exact copies share one)."""
    vocabulary: dict[str, int]
    """Term -> column of ``matrix``."""
    terms: list[str]
    """Column of ``matrix`` -> term."""

    def article_of(self, sentence: int) -> Article:
        return self.articles[self.sentences[sentence].article]


def build_index(
    articles: Sequence[Article],
    *,
    quotes: Sequence[Quote] = (),
    clusters: Sequence[ReuseCluster] = (),
    options: DigestOptions,
) -> StoryIndex:
    """Segment, vectorise and annotate every sentence of the story."""
    ordered = order_articles(articles)
    days = [_day(a) for a in ordered]
    texts = [a.text or "" for a in ordered]
    if options.segmenter == "spacy":
        all_spans = spacy_sentences(texts, max_chars=options.max_sentence_chars)
    else:
        all_spans = [split_sentences(t, max_chars=options.max_sentence_chars) for t in texts]

    quotes_by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        quotes_by_article.setdefault(quote.article_id, []).append(quote)
    passages_by_article: dict[str, list[tuple[int, int, str]]] = {}
    for cluster in clusters:
        for member in cluster.members:
            p = member.passage
            passages_by_article.setdefault(p.article_id, []).append((p.start, p.end, cluster.id))

    sentences: list[Sentence] = []
    bounds: list[tuple[int, int]] = []
    for index, (article, text, spans) in enumerate(zip(ordered, texts, all_spans, strict=True)):
        lo = len(sentences)
        outlet_key = "o:" + (article.outlet or f"article:{article.id}").strip().lower()
        art_quotes = quotes_by_article.get(article.id, [])
        regions = quoted_regions(text)  # quote marks, for quotations the quotes stage missed
        passages = passages_by_article.get(article.id, [])
        cursor = 0
        for position, (start, end) in enumerate(spans):
            sent_text = text[start:end]
            length = end - start
            sentence = Sentence(
                article=index, position=position, start=start, end=end, text=sent_text,
                words=len(sent_text.split()), source=outlet_key,
                headline=position < 2 and looks_like_headline(sent_text),
            )
            for p_start, p_end, cluster_id in passages:
                if _overlap(start, end, p_start, p_end) * 2 >= length:
                    sentence.source = "c:" + cluster_id
                    break
            for q in art_quotes:
                if _overlap(start, end, q.start, q.end) * 2 >= length:
                    sentence.quote = q.statement_id or f"q:{article.id}:{q.start}"
                    sentence.speaker = q.speaker.name if q.speaker else None
                    break
            else:
                while cursor < len(regions) and regions[cursor][1] <= start:
                    cursor += 1  # regions and sentences both run left to right
                inside, group, k = 0, None, cursor
                while k < len(regions) and regions[k][0] < end:
                    inside += _overlap(start, end, regions[k][0], regions[k][1])
                    group = regions[k][2] if group is None else group
                    k += 1
                if inside * 2 >= length:
                    sentence.quote = f"r:{article.id}:{group}"
            sentences.append(sentence)
        bounds.append((lo, len(sentences)))

    # units: sentences with the same terms in the same order (copies, re-punctuated copies)
    analyzer = _CachedTerms()
    keys: dict[tuple[str, ...], int] = {}
    units = np.empty(len(sentences), dtype=np.int64)
    unique_texts: list[str] = []
    for i, sentence in enumerate(sentences):
        key = tuple(analyzer(sentence.text)) or ("\x00text", sentence.text.strip().lower())
        unit = keys.setdefault(key, len(keys))
        if unit == len(unique_texts):
            unique_texts.append(sentence.text)
        units[i] = unit
        sentence.unit = unit

    # TF-IDF over units: a copied sentence is one document, so copies do not lower the IDF of
    # the words they repeat (reused text counts once)
    matrix = sparse.csr_matrix((len(sentences), 1), dtype=np.float32)
    idf = np.ones(1, dtype=np.float32)
    vocabulary = np.array(["_"])
    if sentences:
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)
        try:
            unit_matrix = vectorizer.fit_transform(unique_texts).tocsr()
            matrix = unit_matrix[units]
            idf = vectorizer.idf_.astype(np.float32)
            vocabulary = vectorizer.get_feature_names_out()
        except ValueError:  # no sentence has a content term (only stop words or symbols)
            pass
    matrix.sort_indices()
    binary = matrix.copy()
    binary.data[:] = 1.0
    numeric = np.array([is_number(str(t)) for t in vocabulary], dtype=bool)
    return StoryIndex(
        articles=ordered, days=days, sentences=sentences, bounds=bounds, matrix=matrix,
        binary=binary.tocsr(), idf=idf, numeric=numeric, units=units,
        vocabulary={str(t): i for i, t in enumerate(vocabulary)},
        terms=[str(t) for t in vocabulary],
    )
