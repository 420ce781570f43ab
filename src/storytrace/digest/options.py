"""Configuration of the digest stage: one frozen, keyword-only dataclass with defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InputError


@dataclass(frozen=True, kw_only=True)
class DigestOptions:
    """How a story is digested. Similarities are cosines of TF-IDF sentence vectors; shares of
    content words are weighted by IDF. Invalid values raise ``InputError``."""

    sentences: int = 5
    """Length of the summary in sentences (ignored when ``words`` is set)."""
    words: int | None = None
    """Length of the summary in words: sentences are added while the total stays within it
    (at least one sentence is always kept)."""
    segmenter: Literal["regex", "spacy"] = "regex"
    """Sentence splitter: a fast rule-based splitter (default; ~470x faster than the parser for
    the same sentences on our corpora, see ``notes/issue-9.md``) or spaCy's dependency parser
    (``storytrace.nlp.load(("parser",))``)."""
    min_words: int = 5
    """Sentences shorter than this are never picked for the summary or what's new (they still
    count as coverage and as citations)."""
    max_sentence_chars: int = 600
    """A run of text without sentence boundaries is cut at whitespace into pieces this long."""
    cite_threshold: float = 0.3
    """A sentence of another article at least this similar to a summary sentence cites it
    (the article carries the same information) ..."""
    cite_min_overlap: float = 0.4
    """... while it holds at least this share of the summary sentence's content words (IDF
    weighted) and every number the summary sentence states."""
    cite_overlap: float = 0.6
    """... or, whatever the cosine, holds at least this share of them (and every number)."""
    cite_contained: float = 0.6
    """... or, as similar, is a shorter sentence at least this share of whose content words
    (IDF weighted; at least three words, every number) the summary sentence holds: it states
    part of the summary sentence (1.0 disables this)."""
    cite_pairs: bool = True
    """... or, when no single sentence of an article does, two consecutive sentences together
    hold ``cite_overlap`` of them and every number (the citation spans both)."""
    cite_claims: bool = True
    """... or, failing all of these, the article states a claim (facts stage) the summary
    sentence carries: same canonical subject, attribute and a compatible value (equal, one
    variant group, overlapping dates or birth ranges); see ``storytrace.digest.claims``."""
    claim_attributes: tuple[str, ...] = (
        "age", "age_at_death", "born", "died", "cause_of_death", "diagnosis", "expecting",
    )
    """Claim attributes that cite. Background relations (``parent_of``, ``partner_of`` ...) are
    left out: "his son Zen" appears in most sentences of a story without being their news."""
    cover_threshold: float = 0.45
    """What's new: a sentence is covered by an earlier article when one of that article's
    sentences is at least this similar and the sentence adds no new number or name."""
    lead: float = 1.0
    """Position prior of the centrality: a sentence at position ``p`` of its article (its
    earliest copy) is teleported to with weight ``1 + lead / (1 + p)`` (0: uniform LexRank)."""
    lead_bonus: float = 1.0
    """Score multiplier ``1 + lead_bonus / (1 + p)`` for a sentence at position ``p``."""
    length_weight: float = 0.5
    """Score multiplier ``(min(words, 40) / 20) ** length_weight``: informative sentences are
    rarely very short."""
    episode_gap_days: int = 30
    """Articles published more than this many days after the previous one start a follow-up
    episode; the summary keeps the leading new fact of every follow-up episode."""
    damping: float = 0.85
    """LexRank damping: share of a sentence's score that flows from similar sentences."""
    independence: float = 0.5
    """Weight of outlet independence: a sentence supported by ``k`` independent sources (distinct
    outlets; copies inside one reuse cluster count once) has its centrality multiplied by
    ``1 + independence * log2(k)``."""
    mmr_lambda: float = 0.8
    """Maximal marginal relevance: 1 ranks by score only, lower values penalise redundancy."""
    candidates: int = 200
    """Only the most central sentences (this many) are scored for support and MMR."""
    one_per_quote: bool = True
    """Keep at most one sentence of any quoted statement in the summary."""
    max_quotes: int | None = 1
    """At most this many summary sentences from quotations (``None``: no limit): a summary tells
    the story in reported facts and keeps the one quotation the outlets agree on most."""
    news_sentences: int | None = 5
    """How many new sentences to keep per article in what's new (``None``: all of them)."""
    events: int = 12
    """Maximum number of key events."""

    def __post_init__(self) -> None:
        problems = []
        if self.sentences < 0:
            problems.append(f"sentences must be >= 0, got {self.sentences}")
        if self.words is not None and self.words < 0:
            problems.append(f"words must be >= 0 or None, got {self.words}")
        if self.segmenter not in ("regex", "spacy"):
            problems.append(f"segmenter must be 'regex' or 'spacy', got {self.segmenter!r}")
        for name in ("cite_threshold", "cite_min_overlap", "cite_overlap", "cite_contained",
                     "cover_threshold", "mmr_lambda"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                problems.append(f"{name} must be between 0 and 1, got {value}")
        if not 0.0 <= self.damping < 1.0:
            problems.append(f"damping must be in [0, 1), got {self.damping}")
        for name in ("min_words", "candidates", "events", "episode_gap_days"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.max_sentence_chars < 20:
            problems.append(f"max_sentence_chars must be >= 20, got {self.max_sentence_chars}")
        if problems:
            raise InputError("invalid digest options: " + "; ".join(problems))

