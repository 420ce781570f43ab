"""Plain-text rendering of a digest (what ``storytrace digest STORY_ID`` prints)."""

from __future__ import annotations

from collections.abc import Mapping

from ..records import Article, Citation, Digest, DigestSentence


def _sources(citations: tuple[Citation, ...]) -> str:
    names = list(dict.fromkeys(c.outlet or c.article_id for c in citations))
    return ", ".join(names)


def _line(sentence: DigestSentence) -> str:
    text = sentence.text
    if sentence.speaker:
        text = f"{sentence.speaker}: {text}" if any(q in text for q in "“”\"") else (
            f"{sentence.speaker}: “{text}”")
    when = f"[{sentence.date.isoformat()}] " if sentence.date else ""
    return f"{when}{text} ({_sources(sentence.citations)})"


def render_digest(digest: Digest, articles: Mapping[str, Article] | None = None) -> str:
    """The digest as text: summary with sources, key events, what's new per article."""
    articles = articles or {}
    lines = [f"Story {digest.story_id}".rstrip(), "", "Summary"]
    lines += [f"  - {_line(s)}" for s in digest.summary] or ["  (nothing to summarise)"]
    if digest.events:
        lines += ["", "Key events"]
        for event in digest.events:
            when = event.date.isoformat() if event.date else "undated"
            lines.append(f"  - {when}: {event.description} ({_sources(event.sources)})")
    if digest.whats_new:
        lines += ["", "What's new"]
        for news in digest.whats_new:
            article = articles.get(news.article_id)
            name = news.article_id
            if article is not None:
                name = f"{article.outlet or '?'}: {article.title or article.id}"
            lines.append(f"  {name} ({len(news.sentences)} new, {news.covered} already reported)")
            lines += [f"    - {s.text}" for s in news.sentences]
    return "\n".join(lines) + "\n"
