"""Digest acceptance on the three seed articles (read from ../shared/seeds, never copied)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from storytrace.digest import DigestOptions, digest_story
from storytrace.facts import analyze_facts
from storytrace.records import Article, Quote, Speaker

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
DATES = {"000": date(2022, 12, 6), "001": date(2021, 12, 8), "002": date(2021, 12, 9)}
OUTLETS = {"000": "Outlet A", "001": "Outlet B", "002": "Outlet C"}
_MARKER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})\s+")


def load_seeds() -> list[Article]:
    if not SEEDS.is_dir() or len(list(SEEDS.glob("*.txt"))) < 3:
        pytest.skip(f"seed articles not found at {SEEDS} (they live in ../shared/seeds)")
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        marker = _MARKER.match(text)
        if marker:
            text = text[marker.end():]
        key = path.name[:3]
        articles.append(Article(id=key, outlet=OUTLETS[key], url=None, published=DATES[key],
                                title=None, text=text))
    return articles


def tribute_quotes(articles: list[Article]) -> list[Quote]:
    """What the quotes stage reports for the tribute: its opening fragment in each article."""
    quotes = []
    scott = Speaker(name="Alyssa Scott", kind="person", mentions=("Scott",), confidence=0.9)
    for article in articles:
        start = article.text.index("Oh my sweet Zen")
        end = article.text.index("The silence is deafening.") + len("The silence is deafening")
        quotes.append(Quote(article_id=article.id, start=start, end=end,
                            text=article.text[start:end], speaker=scott,
                            kind="multi-paragraph", statement_id="tribute"))
    return quotes


def test_summary_cites_the_death_and_quotes_the_tribute_once() -> None:
    articles = load_seeds()
    digest = digest_story(articles, story_id="zen", quotes=tribute_quotes(articles))
    texts = {a.id: a.text for a in articles}
    assert len(digest.summary) == 5
    for sentence in digest.summary:
        assert texts[sentence.article_id][sentence.start:sentence.end] == sentence.text
        for c in sentence.citations:
            assert 0 <= c.start < c.end <= len(texts[c.article_id])
    # the death at five months of a brain tumour, in December 2021, with citations
    death = [s for s in digest.summary
             if re.search(r"died", s.text) and re.search(r"brain (cancer|tumou?r)", s.text)
             and re.search(r"[Ff]ive months|5 months", s.text)]
    assert death, [s.text for s in digest.summary]
    assert len({c.outlet for c in death[0].citations}) >= 2
    assert death[0].date is not None and (death[0].date.year, death[0].date.month) == (2021, 12)
    # the tribute is quoted once, with its speaker, and all three outlets are cited
    tribute = [s for s in digest.summary if s.speaker == "Alyssa Scott"]
    assert len(tribute) == 1
    assert {c.outlet for c in tribute[0].citations} == set(OUTLETS.values())
    assert sum("Oh my sweet Zen" in s.text or "silence is deafening" in s.text
               or "painful reminder" in s.text for s in digest.summary) <= 1


def test_whats_new_of_the_anniversary_article_leads_with_its_news() -> None:
    articles = load_seeds()
    digest = digest_story(articles, story_id="zen", quotes=tribute_quotes(articles))
    # ordered by date: 001 (Dec 8), 002 (Dec 9), 000 (a year later)
    assert [n.article_id for n in digest.whats_new] == ["002", "000"]
    news = digest.whats_new[1]
    lead = " ".join(s.text for s in news.sentences[:3])
    assert "anniversary" in news.sentences[0].text
    assert "expecting another baby" in lead
    assert not any("silence is deafening" in s.text for s in news.sentences)
    assert news.covered >= 5  # the tribute everyone printed is not new


def test_word_budget_and_spacy_segmenter_agree_on_the_shape() -> None:
    articles = load_seeds()
    short = digest_story(articles, options=DigestOptions(words=40))
    assert 1 <= len(short.summary)
    assert sum(len(s.text.split()) for s in short.summary) <= 40 or len(short.summary) == 1


def test_claims_cite_all_three_outlets_for_the_death() -> None:
    """With the facts stage's claims, the death sentence is cited by every seed article: 001
    gives the age ("5-month-old son") and the tumour in separate sentences, with few words
    shared, which word overlap alone missed."""
    articles = load_seeds()
    claims = analyze_facts(articles).claims
    texts = {a.id: a.text for a in articles}
    digest = digest_story(articles, story_id="zen", quotes=tribute_quotes(articles),
                          claims=claims)
    assert len(digest.summary) == 5
    death = [s for s in digest.summary
             if re.search(r"died", s.text) and re.search(r"brain (cancer|tumou?r)", s.text)
             and re.search(r"[Ff]ive months|5 months", s.text)]
    assert len(death) == 1, [s.text for s in digest.summary]
    cited = {c.article_id: c for c in death[0].citations}
    assert set(cited) == {"000", "001", "002"}
    assert {c.outlet for c in death[0].citations} == set(OUTLETS.values())
    # each citation is the supporting sentence: the age in 001, the death and cancer in 000
    assert "5-month-old son" in texts["001"][cited["001"].start:cited["001"].end]
    assert "brain cancer" in texts["000"][cited["000"].start:cited["000"].end]
    for c in death[0].citations:
        assert 0.0 < c.score <= 1.0
    assert death[0].date == date(2021, 12, 8)  # first reported by 001
    # the tribute is quoted once, with its speaker, citing all three
    tribute = [s for s in digest.summary if s.speaker == "Alyssa Scott"]
    assert len(tribute) == 1
    assert {c.article_id for c in tribute[0].citations} == {"000", "001", "002"}
    assert sum("Oh my sweet Zen" in s.text or "silence is deafening" in s.text
               or "painful reminder" in s.text for s in digest.summary) == 1
    # what's new of 000 (a year later) leads with the anniversary post, then the pregnancy
    news = {n.article_id: n for n in digest.whats_new}["000"]
    assert "anniversary" in news.sentences[0].text
    assert any("expecting another baby" in s.text for s in news.sentences[1:3])
    assert not any("silence is deafening" in s.text for s in news.sentences)
    # without claims the same summary cites only by shared words: two outlets, as before
    plain = digest_story(articles, story_id="zen", quotes=tribute_quotes(articles))
    before = [s for s in plain.summary if s.start == death[0].start
              and s.article_id == death[0].article_id]
    assert before and len({c.article_id for c in before[0].citations}) == 2
