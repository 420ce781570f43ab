"""The records every stage reads and writes.

All offsets are character offsets into the stored ``Article.text``: for every record with a
``start``/``end`` pair, ``article.text[start:end]`` is the span the record describes.
Records are frozen dataclasses so that stages stay pure functions from records to records.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal


def stable_hash(*parts: str | None, length: int = 16) -> str:
    """A short, stable hex digest of the given parts (``None`` hashes like an empty string)."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Source:
    """Where an article came from: a file and, inside it, a line or a record."""

    path: str
    line: int | None = None
    """1-based line number (JSONL) when the article is one line of its file."""
    record: str | None = None
    """Record locator inside a container (WARC record id, or ``offset:N``)."""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
        if self.record:
            where += f" [{self.record}]"
        return where


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as stored: the unit every stage reads."""

    id: str
    outlet: str | None
    url: str | None
    published: date | datetime | None
    title: str | None
    text: str
    source: Source | None = None
    external_id: str | None = None
    """The record's own id in its input (JSONL ``id``/``doc_id``, a text file's stem)."""

    @staticmethod
    def make_id(outlet: str | None, url: str | None, text: str) -> str:
        """The stable article id: hash of outlet and URL when there is a URL, else of the content.

        Keying on the URL makes a re-published (edited) page a new revision of the same article.
        """
        if url:
            return stable_hash("url", (outlet or "").lower(), url.strip())
        return stable_hash("text", (outlet or "").lower(), text)

    @property
    def published_date(self) -> date | None:
        """The publication day, whatever the precision of ``published``."""
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published

    @property
    def content_hash(self) -> str:
        """Hash of everything a revision can change; equal hashes mean an unchanged article."""
        return stable_hash(
            self.outlet, self.url, self.title, self.text,
            self.published.isoformat() if self.published else None, length=32,
        )

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of one article."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ReuseMember:
    """One copy of a reused passage inside a cluster."""

    passage: Passage
    score: float
    """Similarity of this copy to the rest of its cluster, 0..1."""


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Two passages aligned to each other, with their similarity (0..1)."""

    a: Passage
    b: Passage
    score: float


OriginStatus = Literal["earliest", "tie", "unknown"]


@dataclass(frozen=True, slots=True)
class ReuseCluster:
    """Passages that are copies of one another across articles."""

    id: str
    members: tuple[ReuseMember, ...]
    origin: str | None
    """Article id of the earliest-dated member; ``None`` when dates tie or are unknown."""
    origin_status: OriginStatus
    pairs: tuple[AlignedPair, ...] = ()


SpeakerKind = Literal["person", "organisation", "anonymous", "unknown"]


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said a quote, as a canonical name."""

    name: str | None
    kind: SpeakerKind
    mentions: tuple[str, ...] = ()
    confidence: float = 0.0

    @staticmethod
    def unknown() -> Speaker:
        return Speaker(name=None, kind="unknown", mentions=(), confidence=0.0)


QuoteKind = Literal["direct", "partial", "multi-paragraph", "nested", "headline", "scare"]


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation inside an article (offsets exclude the quote marks)."""

    article_id: str
    start: int
    end: int
    text: str
    speaker: Speaker
    kind: QuoteKind = "direct"
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    statement_id: str | None = None
    parent: tuple[int, int] | None = None
    """For a nested quote, the (start, end) of the quote that contains it."""


@dataclass(frozen=True, slots=True)
class StatementFragment:
    """Where one article quoted a part of a statement."""

    article_id: str
    start: int
    end: int
    statement_start: int
    statement_end: int
    """Span of this fragment inside ``Statement.text``."""


@dataclass(frozen=True, slots=True)
class WordingDifference:
    """A place where an article's fragment words a statement differently."""

    article_id: str
    start: int
    end: int
    article_text: str
    statement_text: str


@dataclass(frozen=True, slots=True)
class Statement:
    """One utterance rebuilt, in order, from the fragments that outlets quoted of it."""

    id: str
    text: str
    speaker: Speaker
    fragments: tuple[StatementFragment, ...]
    differences: tuple[WordingDifference, ...] = ()
    first_article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A fact an article states about a person, holding at a date."""

    article_id: str
    subject: str
    attribute: str
    """age, born, died, parent_of, child_of, partner_of, ex_partner_of, sibling_of, expecting,
    diagnosis, cause_of_death, ordinal_child, ..."""
    value: str
    holds_at: date | None
    start: int
    end: int
    evidence: str
    id: str = ""
    holds_at_inferred: bool = False


ConflictKind = Literal["contradiction", "stale"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two claims that cannot both be true after date arithmetic (or one that looks stale)."""

    kind: ConflictKind
    claim_a: Claim
    claim_b: Claim | None
    explanation: str


@dataclass(frozen=True, slots=True)
class Episode:
    """A burst of coverage inside a story; later episodes are follow-ups."""

    index: int
    article_ids: tuple[str, ...]
    first: date | None
    last: date | None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that tell one story, across outlets and time."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    first: date | None = None
    last: date | None = None
    people: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    episodes: tuple[Episode, ...] = ()
    cluster_ids: tuple[str, ...] = ()
    statement_ids: tuple[str, ...] = ()
    claim_ids: tuple[str, ...] = ()


# --- digest (issue 9) -------------------------------------------------------------------------

_Day = date


@dataclass(frozen=True, slots=True)
class Citation:
    """An article that carries a digest sentence's information, and the sentence that does."""

    article_id: str
    outlet: str | None
    start: int
    end: int
    """Span of the supporting sentence in that article's text."""
    score: float = 1.0
    """Similarity of the supporting sentence to the cited information, 0..1."""


@dataclass(frozen=True, slots=True)
class DigestSentence:
    """One extracted sentence of a digest: a span of one article, with its citations."""

    text: str
    article_id: str
    start: int
    end: int
    citations: tuple[Citation, ...] = ()
    speaker: str | None = None
    """Canonical speaker when the sentence is (part of) a direct quote."""
    date: _Day | None = None
    """Earliest publication day among the cited articles (``None`` when no article is dated)."""
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class ArticleNews:
    """What one article of a story adds over the articles published before it."""

    article_id: str
    sentences: tuple[DigestSentence, ...] = ()
    covered: int = 0
    """How many of the article's sentences earlier articles already carried."""


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """A dated event of a story (birth, death, announcement, statement) with its sources."""

    date: _Day | None
    description: str
    sources: tuple[Citation, ...] = ()
    kind: str = ""
    """born, died, expecting, diagnosis, statement, ... (a claim attribute or ``statement``)."""


@dataclass(frozen=True, slots=True)
class Digest:
    """A story's cited summary, what each follow-up adds, and its key events."""

    story_id: str
    summary: tuple[DigestSentence, ...] = ()
    whats_new: tuple[ArticleNews, ...] = ()
    events: tuple[KeyEvent, ...] = ()
