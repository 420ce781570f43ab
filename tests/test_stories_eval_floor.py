"""Evaluation gate: ECB+ story clustering scores must not drop below the pinned floors.

Runs the streaming clusterer on both halves of ECB+ (../shared/eval/ecbplus, skipped when
absent); ``python evaluation/stories.py --shuffles 20`` prints the full report with the batch
baseline. Every ECB+ document has the same (missing) date, so each half is one day of the stream,
taken densest first (:mod:`storytrace.stories.density`): the scores do not depend on the order
of the file, which the second test checks on shuffled orders. The floors sit a little under the
scores measured when they were pinned (see notes/issue-6.md).
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from storytrace.stories import StoryOptions

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "ecbplus"

# measured (session 8, densest first): dev F1 0.930, B3 0.942, ARI 0.928; test F1 0.905,
# B3 0.935, ARI 0.903. In input order (density_chunk=0) the means of 20 shuffled orders were dev
# 0.903 / 0.926 / 0.900 and test 0.887 / 0.922 / 0.885: under every floor, so losing the order
# fails. The test F1 floor is the goal, 0.90.
FLOORS = {
    "dev": {"F1": 0.925, "B3_F1": 0.937, "ARI": 0.923},
    "test": {"F1": 0.90, "B3_F1": 0.93, "ARI": 0.898},
}


def _evaluation():
    spec = importlib.util.spec_from_file_location("storytrace_eval_stories",
                                                  REPO / "evaluation" / "stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def halves():
    if not (DATA / "docs.jsonl").exists():
        pytest.skip(f"ECB+ evaluation data not found at {DATA}")
    ev = _evaluation()
    dev, test = ev.halves(ev.load(DATA))
    return ev, {"dev": dev, "test": test}


@pytest.mark.parametrize("half", ["dev", "test"])
def test_ecbplus_floor(halves, half):
    ev, data = halves
    scores = ev.score(ev.streaming(data[half]), {a.id: g for a, g, _ in data[half]})
    for metric, floor in FLOORS[half].items():
        assert scores[metric] >= floor, f"{half} {metric} {scores[metric]:.3f} < floor {floor}"


def test_ecbplus_stories_do_not_depend_on_the_file_order(halves):
    ev, data = halves
    docs = data["dev"]
    expected = ev.streaming(docs)
    for seed in (1, 2):
        order = docs[:]
        random.Random(seed).shuffle(order)
        assert ev.streaming(order) == expected
    # in input order they do: the shuffled file gives other stories (partition or ids)
    assert ev.streaming(order, StoryOptions(density_chunk=0)) != ev.streaming(
        docs, StoryOptions(density_chunk=0))


def test_scorer_on_a_known_partition():
    ev = _evaluation()
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = ev.score(gold, gold)
    assert perfect["F1"] == 1.0 and perfect["B3_F1"] == 1.0 and perfect["ARI"] == 1.0
    merged = ev.score({k: "one" for k in gold}, gold)
    assert merged["R"] == 1.0 and merged["P"] == pytest.approx(2 / 6)
