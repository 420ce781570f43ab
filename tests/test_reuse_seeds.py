"""Acceptance of the reuse stage on the three seed articles (read from ../shared/seeds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storytrace.records import Article, ReuseCluster
from storytrace.reuse import ReuseOptions, find_reuse

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLES = REPO / "examples"


def _read(paths: list[Path]) -> list[Article]:
    """Articles from files, through storytrace.ingest when it exists, else a tiny text loader."""
    try:
        from storytrace.ingest import read_paths
    except ImportError:  # pragma: no cover - the readers are written by another helper
        return [Article(id=p.stem, outlet=None, url=None, published=None, title=None,
                        text=p.read_text(encoding="utf-8")) for p in paths if p.suffix == ".txt"]
    return [e for e in read_paths(paths) if isinstance(e, Article)]


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (a plain clone has no ../shared)")
    articles = _read(sorted(SEEDS.glob("*.txt")))
    assert len(articles) == 3
    return sorted(articles, key=lambda a: a.external_id or a.id)


@pytest.fixture(scope="module")
def clusters(seeds: list[Article]) -> list[ReuseCluster]:
    return find_reuse(seeds)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _span_of(article: Article, first: str, last: str) -> tuple[int, int]:
    start = article.text.index(first)
    end = article.text.index(last, start) + len(last)
    return start, end


def test_zen_statement_is_one_cluster_over_all_three(seeds, clusters):
    zen = [c for c in clusters if any("Oh my sweet Zen" in m.passage.text for m in c.members)]
    assert len(zen) == 1
    cluster = zen[0]
    assert {m.passage.article_id for m in cluster.members} == {a.id for a in seeds}
    by_id = {a.id: a for a in seeds}
    for member in cluster.members:
        article = by_id[member.passage.article_id]
        p = member.passage
        assert article.text[p.start:p.end] == p.text
        start, end = _span_of(article, "Oh my sweet Zen", "The silence is deafening")
        # covers the statement...
        assert p.start <= start and p.end >= end
        # ...and no more than a few words beyond it
        assert len(_words(article.text[p.start:start])) <= 3
        assert len(_words(article.text[end:p.end])) <= 3
        assert 0.8 <= member.score <= 1.0
    assert cluster.origin_status in ("unknown", "tie", "earliest")
    if cluster.origin_status != "earliest":
        assert cluster.origin is None


@pytest.mark.parametrize("first,last", [
    ("These last 5 months", "I can’t."),
    ("feel myself being carried", "not give up"),
    ("It has been an honor and privilege being your mommy", "I will love you for eternity"),
])
def test_paragraphs_shared_by_001_and_002(seeds, clusters, first, last):
    a001, a002 = seeds[1], seeds[2]
    s1, e1 = _span_of(a001, first, last)
    s2, e2 = _span_of(a002, first, last)
    found = False
    for cluster in clusters:
        for pair in cluster.pairs:
            sides = {pair.a.article_id: pair.a, pair.b.article_id: pair.b}
            if a001.id in sides and a002.id in sides:
                p1, p2 = sides[a001.id], sides[a002.id]
                if p1.start <= s1 and p1.end >= e1 and p2.start <= s2 and p2.end >= e2:
                    found = True
    assert found, f"{first!r} ... {last!r} not found shared between 001 and 002"


def test_no_other_reuse_between_the_seeds(clusters):
    # the statement and the tribute paragraphs are the only shared text
    assert len(clusters) == 2
    for cluster in clusters:
        for member in cluster.members:
            assert len(_words(member.passage.text)) >= ReuseOptions().min_words


def test_seeds_never_join_the_fictional_examples(seeds):
    folders = [EXAMPLES / name for name in ("text", "jsonl", "html", "warc")]
    folders = [f for f in folders if f.is_dir()]
    if not folders:
        pytest.skip("examples/ corpus not written yet")
    examples = _read(folders)
    assert examples
    seed_ids = {a.id for a in seeds}
    for cluster in find_reuse([*seeds, *examples]):
        ids = {m.passage.article_id for m in cluster.members}
        assert ids <= seed_ids or not (ids & seed_ids), "a cluster joins seeds and examples"
