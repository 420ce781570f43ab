"""Plain-text rendering of a digest (what ``storytrace digest STORY_ID`` prints)."""

from __future__ import annotations

from collections.abc import Mapping

from ..records import Article, Citation, Digest, DigestSentence


def _sources(citations: tuple[Citation, ...], articles: Mapping[str, Article]) -> str:
    def name(c: Citation) -> str:
        if c.outlet:
            return c.outlet
        article = articles.get(c.article_id)
        if article is not None:
            return article.outlet or article.external_id or article.title or article.id
        return c.article_id

    return ", ".join(dict.fromkeys(name(c) for c in citations))


def _line(sentence: DigestSentence, articles: Mapping[str, Article]) -> str:
    text = sentence.text
    if sentence.speaker:
        text = f"{sentence.speaker}: {text}" if any(q in text for q in "“”\"") else (
            f"{sentence.speaker}: “{text}”")
    when = f"[{sentence.date.isoformat()}] " if sentence.date else ""
    return f"{when}{text} ({_sources(sentence.citations, articles)})"


def render_digest(digest: Digest, articles: Mapping[str, Article] | None = None) -> str:
    """The digest as text: summary with sources, key events, what's new per article."""
    articles = articles or {}
    lines = [f"Story {digest.story_id}".rstrip(), "", "Summary"]
    lines += [f"  - {_line(s, articles)}" for s in digest.summary] or ["  (nothing to summarise)"]
    if digest.events:
        lines += ["", "Key events"]
        for event in digest.events:
            when = event.date.isoformat() if event.date else "undated"
            lines.append(f"  - {when}: {event.description} ({_sources(event.sources, articles)})")
    if digest.whats_new:
        lines += ["", "What's new"]
        for news in digest.whats_new:
            article = articles.get(news.article_id)
            name = news.article_id
            if article is not None:
                outlet = article.outlet or article.external_id or "?"
                name = f"{outlet}: {article.title or article.id}"
            lines.append(f"  {name} ({len(news.sentences)} new, {news.covered} already reported)")
            lines += [f"    - {s.text}" for s in news.sentences]
    return "\n".join(lines) + "\n"
