"""Evaluation gate: ECB+ story clustering scores must not drop below the pinned floors.

Runs the streaming clusterer on both halves of ECB+ (../shared/eval/ecbplus, skipped when
absent) in 20 shuffled stream orders each (``evaluation/stories.py``'s ``shuffled_mean``, a few
seconds); ``python evaluation/stories.py --shuffles 20`` prints the full report with the file
order and the batch baseline. The floors are on the mean over the orders: a single order moves
F1 by about ±0.02 when a tie breaks the other way, which would hide a real loss of that size or
fail a change that loses nothing. They sit a little under the scores measured when they were
pinned (see notes/issue-6.md).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "ecbplus"

# measured (mean of 20 orders, session 7, with the entity share guard): dev F1 0.903, B3 0.926,
# ARI 0.900; test F1 0.887, B3 0.922, ARI 0.885. Session 2 (no lead feature) scored dev 0.876 /
# 0.908 / 0.872 and test 0.876 / 0.913 / 0.873: below every floor, so losing the lead fails.
SHUFFLES = 20
FLOORS = {
    "dev": {"F1": 0.895, "B3_F1": 0.918, "ARI": 0.892},
    "test": {"F1": 0.88, "B3_F1": 0.915, "ARI": 0.878},
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
    scores = ev.shuffled_mean(data[half], SHUFFLES)
    for metric, floor in FLOORS[half].items():
        assert scores[metric] >= floor, f"{half} {metric} {scores[metric]:.3f} < floor {floor}"


def test_scorer_on_a_known_partition():
    ev = _evaluation()
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = ev.score(gold, gold)
    assert perfect["F1"] == 1.0 and perfect["B3_F1"] == 1.0 and perfect["ARI"] == 1.0
    merged = ev.score({k: "one" for k in gold}, gold)
    assert merged["R"] == 1.0 and merged["P"] == pytest.approx(2 / 6)
