"""The three seed articles (../shared/seeds) form one story; 000 is a follow-up a year later."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storytrace.records import Article
from storytrace.stories import StoryEvidence, assign_stories

DATES = {"000": date(2022, 12, 6), "001": date(2021, 12, 8), "002": date(2021, 12, 9)}


def _seeds(seeds_dir: Path, dated: bool = True, undated: tuple[str, ...] = ()) -> list[Article]:
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        key = path.name[:3]
        text = path.read_text(encoding="utf-8")
        published = DATES.get(key) if dated and key not in undated else None
        out.append(Article(id=path.stem, outlet=f"seed-outlet-{key}", url=None,
                           published=published, title=None, text=text, external_id=path.stem))
    return out


def test_seeds_are_one_story_with_000_as_a_follow_up(seeds_dir):
    articles = _seeds(seeds_dir)
    stories, _ = assign_stories(articles)
    assert len(stories) == 1
    story = stories[0]
    ids = {a.external_id[:3]: a.id for a in articles}
    assert set(story.article_ids) == set(ids.values())
    assert len(story.episodes) == 2
    assert set(story.episodes[0].article_ids) == {ids["001"], ids["002"]}
    assert story.episodes[1].article_ids == (ids["000"],)
    assert story.first == date(2021, 12, 8) and story.last == date(2022, 12, 6)
    assert any("Cannon" in p for p in story.people)
    assert any("Scott" in p for p in story.people)
    assert "Cannon" in story.title or "Scott" in story.title


def test_undated_000_still_joins_the_story_as_an_undated_episode(seeds_dir):
    articles = _seeds(seeds_dir, undated=("000",))
    stories, _ = assign_stories(articles)
    assert len(stories) == 1
    story = stories[0]
    undated = next(a.id for a in articles if a.published is None)
    assert story.episodes[-1].article_ids == (undated,)
    assert story.episodes[-1].first is None
    assert story.last == date(2021, 12, 9)


def test_undated_000_with_inferred_date_is_a_dated_follow_up(seeds_dir):
    articles = _seeds(seeds_dir, undated=("000",))
    undated = next(a.id for a in articles if a.published is None)
    evidence = StoryEvidence(dates={undated: date(2022, 12, 6)})
    stories, _ = assign_stories(articles, evidence=evidence)
    assert len(stories) == 1
    assert stories[0].episodes[1].article_ids == (undated,)
    assert stories[0].episodes[1].first == date(2022, 12, 6)


def test_seeds_all_undated_are_one_story(seeds_dir):
    stories, _ = assign_stories(_seeds(seeds_dir, dated=False))
    assert len(stories) == 1
    assert len(stories[0].episodes) == 1
