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
    published = [a.published for a, _ in corpus]
    assert published == sorted(published)
    for a, _ in corpus:
        assert 300 <= a.word_count <= 900, (a.external_id, a.word_count)
        assert a.id == Article.make_id(a.outlet, a.url, a.text)
        assert isinstance(a.published, datetime)
        assert date(2025, 1, 1) <= a.published_date < date(2026, 1, 1)
        assert re.fullmatch(r"https://[a-z]+\.example/2025/\d\d/[a-z0-9-]+", a.url), a.url
        assert a.url.split("/")[4] == f"{a.published.month:02d}"
        assert a.title and a.text.strip() == a.text
        assert "\n\n" in a.text and "\n\n\n" not in a.text


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
            days = [a.published_date for a, t in members if t.episode == ep]
            if days:
                assert (max(days) - min(days)).days <= 5
    follow_ups = [t for _, t in corpus if t.episode == 1]
    assert follow_ups, "some stories get a follow-up episode"


def test_reuse_truth_spans_are_exact(corpus) -> None:
    texts = {a.id: a for a, _ in corpus}
    story_of = {a.id: t.story for a, t in corpus}
    reused = [(a, r) for a, t in corpus for r in t.reuse]
    assert 0.14 <= len(reused) / len(corpus) <= 0.26
    edits = Counter()
    for target, r in reused:
        source = texts[r.source_id]
        assert r.target_id == target.id
        assert story_of[r.source_id] == story_of[r.target_id]
        assert source.published < target.published
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
        if not r.edits:
            assert tgt == src
        edits.update(r.edits)
    assert edits["substitution"] > 0


def test_reuse_rate_zero_and_one() -> None:
    assert not any(t.reuse for _, t in generate_with_truth(200, seed=1, reuse_rate=0.0))
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
