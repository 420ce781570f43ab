"""The example corpus (examples/, labels in evaluation/labels/example_stories.tsv): its four
stories stay separate from each other and from the seed story, and follow-ups become episodes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from storytrace.records import Article
from storytrace.stories import assign_stories

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "evaluation" / "labels" / "example_stories.tsv"
SEEDS = REPO.parent / "shared" / "seeds"


def _examples() -> tuple[list[Article], dict[str, str]]:
    if not LABELS.exists() or not (REPO / "examples" / "MANIFEST.md").exists():
        pytest.skip("example corpus or its story labels are not there yet")
    from storytrace.ingest import read_paths

    labels = dict(line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines()
                  if line.strip())
    articles = [e for e in read_paths([REPO / "examples"]) if isinstance(e, Article)]
    return articles, {a.id: labels[a.external_id] for a in articles if a.external_id in labels}


def _seed_articles() -> list[Article]:
    dates = {"000": date(2022, 12, 6), "001": date(2021, 12, 8), "002": date(2021, 12, 9)}
    return [Article(id=p.stem, outlet=None, url=None, published=dates[p.name[:3]], title=None,
                    text=p.read_text(encoding="utf-8"), external_id=p.stem)
            for p in sorted(SEEDS.glob("*.txt"))]


def test_example_stories_are_recovered_exactly():
    articles, truth = _examples()
    assert len(truth) == 16
    stories, _ = assign_stories(articles)
    predicted = {aid: s.id for s in stories for aid in s.article_ids}
    by_label: dict[str, set[str]] = {}
    for aid, label in truth.items():
        by_label.setdefault(label, set()).add(predicted[aid])
    assert all(len(ids) == 1 for ids in by_label.values()), by_label
    assert len({next(iter(ids)) for ids in by_label.values()}) == len(by_label) == 4


def test_brandvold_anniversary_is_a_follow_up_episode():
    articles, truth = _examples()
    stories, _ = assign_stories(articles)
    brandvold = next(s for s in stories if truth[s.article_ids[0]] == "brandvold")
    dated = [e for e in brandvold.episodes if e.first is not None]
    assert len(dated) == 2
    assert dated[0].first == date(2024, 3, 3)
    assert dated[1].first == date(2025, 3, 8) and dated[1].last == date(2025, 3, 9)
    assert "Brandvold" in brandvold.title


def test_examples_and_seeds_together_stay_apart():
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (a plain clone has no ../shared)")
    articles, truth = _examples()
    seeds = _seed_articles()
    for s in seeds:
        truth[s.id] = "seeds"
    stories, _ = assign_stories(articles + seeds)
    assert len(stories) == 5
    for story in stories:
        assert len({truth[a] for a in story.article_ids}) == 1
