"""Densest first: the order of one day's articles in the story stream (fictional articles)."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.records import Article
from storytrace.stories import StoryEvidence, StoryOptions, assign_stories, order_articles
from storytrace.stories.assign import stream
from storytrace.stories.density import densest_first, densities
from storytrace.stories.features import extract
from storytrace.synthetic import generate_with_truth

DAY = date(2026, 3, 4)
FIRE = [
    ("Fire guts Pellworth cannery", "A fire destroyed the Pellworth cannery on Tuesday night. "
     "Fire chief Idris Manole said 40 firefighters fought the blaze on Quay Street."),
    ("Pellworth cannery fire: chief suspects wiring", "Fire chief Idris Manole said old wiring "
     "may have started the blaze that gutted the Pellworth cannery on Quay Street."),
    ("Cannery owners vow to rebuild in Pellworth", "The owners of the Pellworth cannery, gutted "
     "by fire on Tuesday, will rebuild on Quay Street, fire chief Idris Manole was told."),
]
QUAKE = ("Tremor of magnitude 4.1 shakes Osterby", "A magnitude 4.1 earthquake shook Osterby "
         "on Tuesday, the Varlen Seismic Institute said. Nobody was hurt.")
TRIAL = ("Jury out in Brask embezzlement trial", "Jurors began deliberating in the trial of "
         "former treasurer Mina Brask, accused of taking 2 million crowns from Calder Bank.")


def _articles(rows, day=DAY):
    return [Article(id=f"a{i}", outlet="Brindle Wire", url=None, published=day, title=t, text=x)
            for i, (t, x) in enumerate(rows)]


def _features(articles):
    opts = StoryOptions()
    return [extract(a.title, a.text, max_words=opts.max_words,
                    lead_sentences=opts.lead_sentences, lead_chars=opts.lead_chars,
                    weekdays=opts.weekday_keys) for a in articles]


def _dense_densities(feats, text_weight, entity_weight):
    """The same densities from dense vectors, written out the long way."""
    def unit_rows(vectors):
        keys = sorted({k for v in vectors for k in v})
        df = {k: sum(k in v for v in vectors) for k in keys}
        rows = np.array([[v.get(k, 0.0) * math.log(1 + len(vectors) / df[k]) for k in keys]
                         for v in vectors])
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1.0, norms)

    words, ents = unit_rows([f.words for f in feats]), unit_rows([f.entities for f in feats])
    out = []
    for i in range(len(feats)):
        total = 0.0
        for j in range(len(feats)):
            if i != j:
                sim = text_weight * words[i] @ words[j] + entity_weight * ents[i] @ ents[j]
                total += sim * sim
        out.append(total)
    return np.array(out)


def test_densities_are_sums_of_squared_similarities():
    feats = _features(_articles([*FIRE, QUAKE, TRIAL]))
    got = densities(feats, 0.35, 0.65)
    assert got == pytest.approx(_dense_densities(feats, 0.35, 0.65), rel=1e-9)
    assert densities(feats[:1], 0.35, 0.65).tolist() == [0.0]
    assert densities([], 0.35, 0.65).tolist() == []


def test_a_story_starts_from_its_most_typical_article():
    articles = _articles([QUAKE, TRIAL, *FIRE])
    order = densest_first(_features(articles), 0.35, 0.65)
    assert {articles[i].id for i in order[:3]} == {"a2", "a3", "a4"}  # the fire reports first
    assert {articles[i].id for i in order[3:]} == {"a0", "a1"}  # loners last, by id


def test_the_same_day_in_any_order_gives_the_same_order():
    def streamed(articles):
        ordered = order_articles(articles, StoryEvidence())
        return [ordered[i][0].id for i, _, _ in stream(ordered, StoryOptions())]

    articles = _articles([QUAKE, TRIAL, *FIRE])
    expected = streamed(articles)
    assert streamed(articles[::-1]) == expected


def test_the_stream_orders_each_day_and_the_undated_articles_apart():
    early = _articles([QUAKE, TRIAL, FIRE[0]], date(2026, 3, 3))
    late = [Article(id=f"b{i}", outlet=None, url=None, published=DAY, title=t, text=x)
            for i, (t, x) in enumerate(FIRE[1:])]
    undated = [Article(id="u0", outlet=None, url=None, published=None, title=None, text="")]
    ordered = order_articles([*late, *undated, *early], StoryEvidence())
    days = [day for _, day, _ in stream(ordered, StoryOptions())]
    assert days == [DAY.toordinal() - 1] * 3 + [DAY.toordinal()] * 2 + [None]
    # the single undated article is passed through without features read ahead
    assert list(stream(ordered, StoryOptions()))[-1][2] is None


def test_density_chunk_zero_keeps_the_input_order_and_small_chunks_cut_the_day():
    articles = _articles([QUAKE, TRIAL, *FIRE])
    ordered = order_articles(articles[::-1], StoryEvidence())
    for chunk in (0, -3):
        kept = list(stream(ordered, StoryOptions(density_chunk=chunk)))
        assert [i for i, _, _ in kept] == list(range(5)) and all(f is None for *_, f in kept)
    chunked = [ordered[i][0].id for i, _, _ in stream(ordered, StoryOptions(density_chunk=2))]
    # sorted by id, cut into a0 a1 | a2 a3 | a4, each chunk densest first
    assert [set(chunked[:2]), set(chunked[2:4]), chunked[4]] == [{"a0", "a1"}, {"a2", "a3"}, "a4"]


def test_articles_without_words_still_get_a_story():
    empty = [Article(id=f"e{i}", outlet=None, url=None, published=DAY, title=None, text=t)
             for i, t in enumerate(["", "  ", "1 2 3"])]
    stories, _ = assign_stories([*_articles(FIRE), *empty])
    placed = {aid for s in stories for aid in s.article_ids}
    assert placed == {"a0", "a1", "a2", "e0", "e1", "e2"}
    assert any(set(s.article_ids) == {"a0", "a1", "a2"} for s in stories)


BUSY_DAYS = [a for a, _ in generate_with_truth(160, seed=3, days=2)]


@settings(max_examples=20, deadline=None)
@given(st.permutations(BUSY_DAYS))
def test_stories_do_not_depend_on_the_input_order_within_a_day(articles):
    def partition(stories):
        return {s.id: sorted(s.article_ids) for s in stories}

    expected, _ = assign_stories(BUSY_DAYS)
    got, _ = assign_stories(articles)
    assert partition(got) == partition(expected)
