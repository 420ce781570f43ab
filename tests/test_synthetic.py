"""The synthetic corpus generator: deterministic, sized, exact truth, fictional, writable."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime
from itertools import islice

import pytest

from storytrace.records import Article
from storytrace.synthetic import (
    STOCK_PHRASES,
    ArticleTruth,
    generate_articles,
    generate_with_truth,
    outlet_catalogue,
    write_html_files,
    write_jsonl,
    write_text_files,
)


@pytest.fixture(scope="module")
def corpus() -> list[tuple[Article, ArticleTruth]]:
    return list(generate_with_truth(600, seed=11))


def test_same_seed_same_output() -> None:
    a = [(x.id, x.title, x.text, x.url, x.published) for x in generate_articles(150, seed=3)]
    b = [(x.id, x.title, x.text, x.url, x.published) for x in generate_articles(150, seed=3)]
    c = [(x.id, x.title, x.text) for x in generate_articles(150, seed=4)]
    assert a == b
    assert [x[:3] for x in a] != c


def test_generate_articles_is_the_truth_stream_without_truth() -> None:
    plain = [a.text for a in generate_articles(80, seed=9)]
    with_truth = [a.text for a, _ in generate_with_truth(80, seed=9)]
    assert plain == with_truth


def test_is_a_lazy_generator() -> None:
    stream = generate_articles(10_000_000, seed=1)
    first = list(islice(stream, 5))  # would never return if the corpus were built up front
    assert len(first) == 5


def test_sizes_ids_and_order(corpus) -> None:
    assert len(corpus) == 600
    ids = [a.id for a, _ in corpus]
    assert len(set(ids)) == 600
    assert [a.external_id for a, _ in corpus[:3]] == ["syn-000000", "syn-000001", "syn-000002"]
    published = [t.published for _, t in corpus]  # the truth keeps undated articles' dates
    assert published == sorted(published)
    undated = [a for a, _ in corpus if a.published is None]
    assert 0.005 * len(corpus) <= len(undated) <= 0.05 * len(corpus)
    for a, t in corpus:
        assert 300 <= a.word_count <= 900, (a.external_id, a.word_count)
        assert a.id == Article.make_id(a.outlet, a.url, a.text)
        assert isinstance(t.published, datetime)
        assert date(2025, 1, 1) <= t.published.date() < date(2026, 1, 1)
        if a.published is None:
            assert re.fullmatch(r"https://[a-z]+\.example/news/[a-z0-9-]+", a.url), a.url
        else:
            assert a.published == t.published
            assert re.fullmatch(r"https://[a-z]+\.example/2025/\d\d/[a-z0-9-]+", a.url), a.url
            assert a.url.split("/")[4] == f"{a.published.month:02d}"
        assert a.title and a.text.strip() == a.text
        assert "\n\n" in a.text and "\n\n\n" not in a.text
        assert "\n" not in a.text.replace("\n\n", "")  # no line break inside a paragraph


def test_exact_count_for_awkward_sizes() -> None:
    for n in (0, 1, 7, 13):
        assert sum(1 for _ in generate_articles(n, seed=2, story_size=(5, 9))) == n


def test_outlets_and_stories(corpus) -> None:
    outlets = {a.outlet for a, _ in corpus}
    assert 30 <= len(outlets) <= 40
    assert outlets <= {o.name for o in outlet_catalogue(40, seed=11)}
    by_story: dict[str, list[tuple[Article, ArticleTruth]]] = defaultdict(list)
    for a, t in corpus:
        by_story[t.story].append((a, t))
    sizes = [len(v) for v in by_story.values()]
    assert max(sizes) <= 12 and min(sizes) >= 1
    assert len({t.kind for _, t in corpus}) == 6
    for members in by_story.values():
        place = members[0][1].place
        assert place and all(t.place == place for _, t in members)
        # articles of one story share their place and people, and stay close in time per episode
        assert all(place in a.text or place in (a.title or "") for a, _ in members)
        names = {n.split()[-1] for n in members[0][1].people}
        assert all(any(n in a.text for n in names) for a, _ in members)
        for ep in (0, 1):
            days = [t.published.date() for _, t in members if t.episode == ep]
            if days:
                assert (max(days) - min(days)).days <= 5
    follow_ups = [t for _, t in corpus if t.episode == 1]
    assert follow_ups, "some stories get a follow-up episode"


def test_reuse_truth_spans_are_exact(corpus) -> None:
    texts = {a.id: a for a, _ in corpus}
    truth = {a.id: t for a, t in corpus}
    reused = [(a, r) for a, t in corpus for r in t.reuse]
    wire = [(a, r) for a, r in reused if "statement" not in r.edits]
    assert 0.14 <= len(wire) / len(corpus) <= 0.26
    edits = Counter()
    for target, r in reused:
        source = texts[r.source_id]
        assert r.target_id == target.id
        assert truth[r.source_id].story == truth[r.target_id].story
        assert truth[r.source_id].published <= truth[r.target_id].published
        src = source.text[r.source_start:r.source_end]
        tgt = target.text[r.target_start:r.target_end]
        assert src and tgt
        assert src == src.strip() and tgt == tgt.strip()
        assert len(src.split()) == r.words
        assert 20 <= r.words <= 300
        # the copy is the source lightly edited: most words survive, in order
        src_words, tgt_words = src.split(), tgt.split()
        common = sum((Counter(src_words) & Counter(tgt_words)).values())
        assert common >= 0.85 * len(src_words)
        if not r.edits or r.edits == ("statement",):
            assert tgt == src
        if r.edits == ("statement",):  # quoted verbatim, in quotation marks, with a speaker
            assert target.text[r.target_start - 1] == '"' and "said" in target.text[
                r.target_start - 80:r.target_end + 80]
        edits.update(r.edits)
    assert edits["substitution"] > 0 and edits["statement"] > 0


def test_reuse_rate_zero_and_one() -> None:
    assert not any(r for _, t in generate_with_truth(200, seed=1, reuse_rate=0.0)
                   for r in t.reuse if "statement" not in r.edits)
    full = list(generate_with_truth(200, seed=1, reuse_rate=1.0))
    assert sum(bool(t.reuse) for _, t in full) > 0.7 * len(full)


def test_texts_look_fictional_and_newsy(corpus) -> None:
    text = "\n".join(a.text for a, _ in corpus)
    # invented outlets, people and places only: nothing from the real seed stories
    for real in ("Cannon", "Alyssa", "Zen ", "Instagram", "Mariah", "New York", "London"):
        assert real not in text
    assert re.search(r'"[^"]+," [A-Z][a-z]+ (said|added|continued)\.', text)
    assert re.search(r'"[^"]+," (she|he) (said|added|continued)\.', text)
    assert re.search(r"a spokesperson for the [^.]+ told the [A-Z]", text)
    assert re.search(r"[A-Z][a-z]+ [A-Z][a-z]+, \d{2},", text)  # ages
    assert re.search(r"died (at the scene|in hospital|before help arrived)", text)
    assert re.search(r"welcomed a (son|daughter)", text) or "become parents to" in text


def test_argument_checks() -> None:
    with pytest.raises(ValueError):
        next(generate_articles(-1))
    with pytest.raises(ValueError):
        next(generate_articles(5, story_size=(3, 2)))
    with pytest.raises(ValueError):
        next(generate_articles(5, reuse_rate=1.5))
    with pytest.raises(ValueError):
        next(generate_articles(5, outlets=0))


def test_writers(tmp_path) -> None:
    arts = list(generate_articles(12, seed=5))
    assert write_jsonl(arts, tmp_path / "c.jsonl") == 12
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == [a.external_id for a in arts]
    assert rows[0]["text"] == arts[0].text and rows[0]["published"].startswith("2025-")
    for row, a in zip(rows, arts, strict=True):
        assert row["published"] == (a.published.isoformat() if a.published else None)
    assert write_jsonl(arts, tmp_path / "c.jsonl.gz") == 12
    with gzip.open(tmp_path / "c.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert len(fh.read().splitlines()) == 12

    assert write_text_files(arts, tmp_path / "txt") == 12
    body = (tmp_path / "txt" / "syn-000000.txt").read_text(encoding="utf-8")
    title, blank, rest = body.split("\n", 2)
    assert title == arts[0].title and blank == "" and rest.rstrip("\n") == arts[0].text

    assert write_html_files(arts, tmp_path / "html") == 12
    page = (tmp_path / "html" / "syn-000000.html").read_text(encoding="utf-8")
    assert "<title>" in page and 'property="og:site_name"' in page
    assert 'property="article:published_time"' in page and "<article" in page
    assert "<nav" in page and "<footer" in page and "<aside" in page


def test_html_pages_extract_cleanly(tmp_path) -> None:
    trafilatura = pytest.importorskip("trafilatura")
    arts = list(generate_articles(3, seed=8))
    write_html_files(arts, tmp_path)
    for a in arts:
        page = (tmp_path / f"{a.external_id}.html").read_text(encoding="utf-8")
        doc = trafilatura.bare_extraction(page, with_metadata=True)
        doc = doc.as_dict() if hasattr(doc, "as_dict") else doc
        assert doc["sitename"] == a.outlet
        assert doc["date"] == a.published_date.isoformat()
        extracted = doc["text"]
        first, last = a.text.split("\n\n")[0], a.text.split("\n\n")[-1]
        assert first[:60] in extracted and last[-60:] in extracted
        assert "Privacy policy" not in extracted and "morning briefing" not in extracted


# ----------------------------------------------------------------------------------------------
# Varied text: what the reuse, quotes and facts stages see
# ----------------------------------------------------------------------------------------------

def _runs(text: str, k: int, stock: re.Pattern[str]) -> set[str]:
    out: set[str] = set()
    for part in stock.split(text):  # a stock phrase breaks a run
        words = re.findall(r"\w+", part.lower())
        out.update(" ".join(words[i:i + k]) for i in range(len(words) - k + 1))
    return out


def test_unrelated_articles_share_no_long_run(corpus) -> None:
    stock = re.compile("|".join(re.escape(p) for p in STOCK_PHRASES), re.I)
    sample = corpus[:400]
    for k, most in ((8, 0.6), (12, 0.02)):
        stories: dict[str, set[str]] = defaultdict(set)
        for a, t in sample:
            for run in _runs(a.text, k, stock):
                stories[run].add(t.story)
        shared = [run for run, s in stories.items() if len(s) > 1]
        # the template generator this replaced: 29 shared 8-word runs per article on 300 articles
        assert len(shared) <= most * len(sample), (k, len(shared), shared[:10])
    assert all(len(p.split()) < 8 or p.startswith("has pleaded") for p in STOCK_PHRASES)


def test_every_story_quotes_one_statement_verbatim(corpus) -> None:
    by_story: dict[str, list[tuple[Article, ArticleTruth]]] = defaultdict(list)
    for a, t in corpus:
        by_story[t.story].append((a, t))
    texts = {a.id: a.text for a, _ in corpus}
    for members in by_story.values():
        if len(members) < 2:
            continue
        statements = [r for _, t in members for r in t.reuse if r.edits == ("statement",)]
        assert statements, members[0][1].story
        r = statements[0]
        words = texts[r.source_id][r.source_start:r.source_end]
        assert len(words.split()) >= 20
        holders = [a for a, _ in members if words in a.text]
        assert len(holders) >= 2
        assert not any(words in a.text for a, t in corpus if t.story != members[0][1].story)


def test_reuse_stage_finds_the_story_reuse_and_little_else() -> None:
    from storytrace.reuse import ReuseOptions, cluster_pairs, update_reuse

    items = list(generate_with_truth(300, seed=21, days=60))
    articles = {a.id: a for a, _ in items}
    story = {a.id: t.story for a, t in items}
    # the default max_df: no boilerplate limit needed to keep unrelated articles apart
    _, pairs = update_reuse(None, list(articles.values()), articles.__getitem__, ReuseOptions())
    found = {frozenset((p.a.article_id, p.b.article_id)) for p in pairs}
    implanted = {frozenset((r.source_id, r.target_id)) for _, t in items for r in t.reuse}
    assert len(implanted) > 100
    assert len(implanted & found) >= 0.97 * len(implanted)
    unrelated = [p for p in found if len({story[x] for x in p}) > 1]
    assert len(unrelated) <= 0.02 * len(found), len(unrelated)
    clusters = cluster_pairs(pairs, articles)
    # no corpus-wide template cluster (the old generator's largest held hundreds of articles);
    # a story has at most 12 articles
    assert max(len(c.members) for c in clusters) <= 3 * 12


def test_quotes_and_facts_stages_read_the_text() -> None:
    from storytrace.facts import extract_claims
    from storytrace.quotes import quotes_for_articles

    arts = list(generate_articles(120, seed=13))
    attributes = Counter(c.attribute for a in arts for c in extract_claims(a))
    for attribute in ("age", "died", "born", "parent_of", "ex_partner_of"):
        assert attributes[attribute] > 0, attributes
    quotes = [q for qs in quotes_for_articles(arts) for q in qs]
    assert len(quotes) >= 5 * len(arts)
    named = [q for q in quotes if q.speaker.kind == "person" and q.speaker.name]
    assert len(named) >= 0.5 * len(quotes)
