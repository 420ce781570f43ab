"""Digest: a cited multi-document summary of a story, what each follow-up adds, key events.

::

    digest_story(articles, quotes=..., claims=..., clusters=..., statements=...) -> Digest
      ├── index.build_index      sentences, TF-IDF vectors, copies (units), sources, quotes
      ├── summary.summarize      LexRank over units x outlet independence, MMR, citations
      ├── news.whats_new         per later article, sentences no earlier article covered
      └── events.key_events      dated births, deaths, announcements, statements

A pure function from records to a record: no I/O. ``render_digest`` formats a digest as text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import (
    Article,
    ArticleNews,
    Citation,
    Claim,
    Digest,
    DigestSentence,
    KeyEvent,
    Quote,
    ReuseCluster,
    Statement,
)
from .claims import index_claims
from .events import key_events
from .index import build_index
from .news import whats_new
from .options import DigestOptions
from .render import render_digest
from .summary import follow_up_leads, summarize, unit_centrality

__all__ = [
    "ArticleNews", "Citation", "Digest", "DigestOptions", "DigestSentence", "KeyEvent",
    "digest_story", "render_digest",
]


def digest_story(
    articles: Sequence[Article],
    *,
    story_id: str = "",
    quotes: Sequence[Quote] = (),
    claims: Sequence[Claim] = (),
    clusters: Sequence[ReuseCluster] = (),
    statements: Sequence[Statement] = (),
    options: DigestOptions = DigestOptions(),  # noqa: B008 - frozen, immutable default
) -> Digest:
    """Digest one story: its summary (cited), what's new per article, and its key events.

    ``articles`` are the story's articles in any order (they are ordered by publication date;
    undated ones come last). ``quotes``/``statements`` give speakers to quoted sentences and keep
    one sentence per quotation; ``clusters`` (reuse) make copies count as one source; ``claims``
    (facts) become dated key events, mark new facts in what's new, and cite for a summary
    sentence every article stating the same claim (same subject, attribute and compatible
    value), whatever its wording (``DigestOptions.cite_claims``). Records of articles outside
    ``articles`` are ignored. Never raises on odd input: an empty story gives an empty digest.
    """
    index = build_index(articles, quotes=quotes, clusters=clusters, options=options)
    centrality = unit_centrality(index, options)
    ids = {a.id for a in index.articles}
    news = whats_new(index, options, centrality, [c for c in claims if c.article_id in ids])
    citing = index_claims(index, claims, options.claim_attributes) if options.cite_claims else None
    return Digest(
        story_id=story_id,
        summary=summarize(index, options, centrality,
                          reserved=follow_up_leads(index, news, options), claims=citing),
        whats_new=news,
        events=key_events(index.articles, claims=claims, statements=statements, quotes=quotes,
                          limit=options.events),
    )
