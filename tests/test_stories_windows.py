"""The windowed story pass (issue 8): time windows clustered apart, then merged."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, timedelta

import pytest

from storytrace.records import Article
from storytrace.stories import StoryEvidence, StoryOptions, assign_stories
from storytrace.stories.state import Cluster
from storytrace.stories.windows import (
    UNDATED,
    WindowMerger,
    WindowOptions,
    partition_evidence,
    split_windows,
    window_context,
    window_stories,
    windowed_stories,
)
from storytrace.synthetic import generate_with_truth
from tests.test_stories_seeds import _seeds


def _article(aid: str, day: date | None, text: str = "Some words.") -> Article:
    return Article(id=aid, outlet="o", url=None, published=day, title=None, text=text)


def _corpus(n: int, seed: int) -> tuple[list[Article], dict[str, str], dict[str, int]]:
    articles, truth, episode = [], {}, {}
    for article, info in generate_with_truth(n, seed=seed, days=365):
        articles.append(article)
        truth[article.id] = info.story
        episode[article.id] = info.episode
    return articles, truth, episode


def _pairwise_f1(predicted: dict[str, str], truth: dict[str, str]) -> float:
    def pairs(counts: Counter) -> int:
        return sum(k * (k - 1) // 2 for k in counts.values())

    tp = pairs(Counter((predicted[a], truth[a]) for a in truth))
    pp = pairs(Counter(predicted[a] for a in truth))
    gp = pairs(Counter(truth.values()))
    p, r = tp / pp, tp / gp
    return 2 * p * r / (p + r)


def _partition(stories) -> dict[str, str]:
    return {a: s.id for s in stories for a in s.article_ids}


def test_articles_go_to_calendar_windows_and_undated_ones_last():
    d = date(2025, 3, 1)
    articles = [_article("late", d + timedelta(days=40)), _article("none", None),
                _article("inferred", None), _article("early", d),
                _article("early2", d + timedelta(days=1))]
    evidence = StoryEvidence(dates={"inferred": d + timedelta(days=41)})
    windows = split_windows(articles, evidence, 30)
    keys = [k for k, _ in windows]
    assert keys == sorted(keys) and keys[-1] == UNDATED
    by_id = {a.id: k for k, members in windows for a in members}
    assert by_id["late"] == by_id["inferred"] == (d + timedelta(days=40)).toordinal() // 30
    assert by_id["none"] == UNDATED
    # the order given is kept inside a window
    assert [a.id for k, m in windows for a in m if k == by_id["early"]] == ["early", "early2"]
    with pytest.raises(ValueError):
        WindowOptions(days=0)


def test_evidence_is_cut_per_window_and_links_across_windows_are_kept():
    window = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    evidence = StoryEvidence(shared_passages=[("a", "c")],
                             shared_groups=[["a", "b", "c", "x"], ["d", "e"], ["c", "d"]],
                             people={"a": ["P"], "x": ["Q"]}, dates={"e": date(2025, 1, 1)})
    per_window, across = partition_evidence(evidence, window)
    assert set(per_window) == {1, 2, 3}
    assert list(per_window[1].shared_groups) == [("a", "b")]
    assert list(per_window[2].shared_groups) == [("c", "d")]
    assert dict(per_window[1].people) == {"a": ["P"]} and dict(per_window[3].dates)
    assert sorted(across) == [("a", "b", "c"), ("a", "c"), ("d", "e")]


def test_one_window_is_exactly_the_single_pass():
    articles, _truth, _ = _corpus(400, seed=3)
    single, _state = assign_stories(articles, StoryOptions())
    windowed = windowed_stories(articles, StoryOptions(),
                                window_options=WindowOptions(days=100_000))
    assert windowed == single  # same records: ids, titles, episodes, order


def test_window_summaries_are_compact_and_survive_json():
    articles, _truth, _ = _corpus(300, seed=4)
    summaries = window_stories(articles, StoryOptions(), StoryEvidence())
    assert summaries and all(not c.vectors and c.packed is None for c in summaries)
    assert sum(len(c.members) for c in summaries) == len(articles)
    text = json.dumps([c.to_json() for c in summaries])
    assert not any(a.text[:200] in text for a in articles)  # no article text travels
    again = [Cluster.from_json(d) for d in json.loads(text)]
    merged = WindowMerger(StoryOptions(), WindowOptions())
    merged.add_window(1, again)
    direct = WindowMerger(StoryOptions(), WindowOptions())
    direct.add_window(1, window_stories(articles, StoryOptions(), StoryEvidence()))
    assert merged.stories() == direct.stories()
    with pytest.raises(ValueError):
        merged.add_window(1, [])  # windows come in increasing order


def test_each_window_reads_the_last_days_of_the_window_before_as_context():
    start = 30 * 24643  # the first day of window 24643
    articles = [_article(f"d{k}", date.fromordinal(start + k)) for k in (-15, -10, -9, -1, 0, 5)]
    articles.append(_article("undated", None))
    evidence = StoryEvidence(people={"d-1": ["Petra Lind"], "d5": ["Petra Lind"]},
                             shared_groups=[["d-1", "d0"], ["d-15", "d5"]])
    windows = split_windows(articles, evidence, 30)
    context = window_context(windows, evidence, WindowOptions(days=30, overlap_days=10))
    assert {k: [a.id for a in v] for k, v in context.items()} == {24643: ["d-10", "d-9", "d-1"]}
    assert window_context(windows, evidence, WindowOptions(days=30, overlap_days=0)) == {}
    window = {a.id: k for k, members in windows for a in members}
    per_window, across = partition_evidence(
        evidence, window, {a.id: k for k, v in context.items() for a in v})
    assert per_window[24643].people == {"d-1": ["Petra Lind"], "d5": ["Petra Lind"]}
    assert per_window[24642].people == {"d-1": ["Petra Lind"]}
    assert list(per_window[24643].shared_groups) == [("d-1", "d0")]  # context linked in
    assert across == [("d-1", "d0"), ("d-15", "d5")]  # the merge still sees both
    with pytest.raises(ValueError):
        WindowOptions(days=7, overlap_days=8)


def test_a_story_running_across_a_window_boundary_stays_one_story():
    """Its articles after the boundary join it through the context articles their window read
    (with context on, two windows' stories never join on centroid similarity alone)."""
    start = 30 * 24643
    places = ["Tamsin Vale", "the Harlow road", "the old mill", "Brack Lane", "the quarry gate",
              "the river Ost"]
    articles = [_article(f"flood{k}", date.fromordinal(start + k),
                         f"Flood waters from the Tamsin Vale quarry reached {places[k + 3]}, "
                         f"mayor Petra Lind said. The Okonjo family left the mill. Pumps from "
                         f"Kessel County worked through the night.")
                for k in range(-3, 3)]
    articles.append(_article("bees", date.fromordinal(start + 1),
                             "Beekeepers met in Harlow to talk about honey prices and hives."))
    single = _partition(assign_stories(articles)[0])
    assert len({single[a.id] for a in articles if a.id.startswith("flood")}) == 1
    for overlap in (10, 0):
        stories = windowed_stories(articles, StoryOptions(),
                                   window_options=WindowOptions(days=30, overlap_days=overlap))
        assert _partition(stories) == single, overlap
    assert window_stories(articles[3:6], StoryOptions(), StoryEvidence(), articles[:3])[0] \
        .member_list()[0].article_id == "flood-3"  # the context is read first


def test_windowed_pass_is_close_to_the_truth_and_the_single_pass():
    """The floor: pairwise F1 against the generator's truth on 2,000 articles over a year
    (measured 0.996, the single pass 0.999) and against the single pass (measured 0.997);
    follow-ups linked 15/17 (as the single pass)."""
    articles, truth, episode = _corpus(2000, seed=1)
    options = StoryOptions()
    single = _partition(assign_stories(articles, options)[0])
    windowed = _partition(windowed_stories(articles, options,
                                           window_options=WindowOptions(days=30)))
    assert _pairwise_f1(windowed, truth) >= 0.98
    assert _pairwise_f1(windowed, single) >= 0.98
    # follow-ups months later still join their first episode's story
    first: dict[str, Counter] = {}
    for a, s in truth.items():
        if episode[a] == 0:
            first.setdefault(s, Counter())[windowed[a]] += 1
    follow = [a for a in truth if episode[a] > 0 and truth[a] in first]
    linked = sum(windowed[a] == first[truth[a]].most_common(1)[0][0] for a in follow)
    assert follow and linked >= 0.8 * len(follow)


def test_evidence_across_windows_joins_stories():
    d = date.fromordinal(30 * 24643 - 2)  # two days before a window ends
    a = _article("a", d, "Quarry flood at Tamsin Vale. The Okonjo family lost a mill.")
    b = _article("b", d + timedelta(days=5), "Beekeepers meet in Harlow. Honey prices rose.")
    apart = windowed_stories([a, b], StoryOptions(), window_options=WindowOptions(days=30))
    assert len(apart) == 2 and a.published.toordinal() // 30 != b.published.toordinal() // 30
    linked = windowed_stories([a, b], StoryOptions(), StoryEvidence(shared_groups=[["a", "b"]]),
                              WindowOptions(days=30))
    assert len(linked) == 1 and linked[0].id == apart[0].id


def test_seeds_follow_up_links_across_windows(seeds_dir):
    articles = _seeds(seeds_dir)
    days = {a.published.toordinal() // 30 for a in articles}
    assert len(days) == 2  # 000 is in a window of its own, a year after 001 and 002
    stories = windowed_stories(articles, StoryOptions(), window_options=WindowOptions(days=30))
    assert len(stories) == 1, [s.article_ids for s in stories]
    assert len(stories[0].episodes) == 2
    assert stories[0] == assign_stories(articles)[0][0]  # the single pass's very record


def test_pipeline_stories_of_honours_story_windows():
    from dataclasses import replace

    from storytrace.pipeline import AnalyzeOptions, article_key, stories_of

    articles, _truth, _ = _corpus(300, seed=5)
    single = AnalyzeOptions()
    windowed = replace(single, story_windows=WindowOptions(days=30))
    by_pipeline = stories_of(articles, [], [], [], [], {}, windowed)
    direct = windowed_stories(sorted(articles, key=article_key), StoryOptions(),
                              window_options=WindowOptions(days=30))
    assert [s.article_ids for s in by_pipeline] == [s.article_ids for s in direct]
    assert [s.id for s in by_pipeline] == [s.id for s in direct]
    calls = []
    stories_of(articles, [], [], [], [], {}, windowed,
               assign=lambda ordered, evidence: calls.append(len(ordered)) or direct)
    assert calls == [len(articles)]
