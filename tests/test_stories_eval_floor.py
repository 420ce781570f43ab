"""Evaluation gate: ECB+ story clustering scores must not drop below the pinned floors.

Runs the streaming clusterer on both halves of ECB+ (../shared/eval/ecbplus, skipped when
absent) in a few seconds; ``python evaluation/stories.py`` prints the full report with the
batch baseline. Floors sit a little under the scores measured when they were pinned
(see notes/issue-6.md).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "ecbplus"

# measured (file order, session 3, lead and weekday features): dev F1 0.901, B3 0.916,
# ARI 0.899; test F1 0.891, B3 0.925, ARI 0.889 (session 2: dev 0.888, test 0.873). The test
# floors sit above session 2's scores, so losing the lead feature fails this gate.
FLOORS = {
    "dev": {"F1": 0.885, "B3_F1": 0.90, "ARI": 0.88},
    "test": {"F1": 0.875, "B3_F1": 0.905, "ARI": 0.87},
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
    docs = data[half]
    gold = {a.id: g for a, g, _ in docs}
    scores = ev.score(ev.streaming(docs), gold)
    for metric, floor in FLOORS[half].items():
        assert scores[metric] >= floor, f"{half} {metric} {scores[metric]:.3f} < floor {floor}"


def test_scorer_on_a_known_partition():
    ev = _evaluation()
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = ev.score(gold, gold)
    assert perfect["F1"] == 1.0 and perfect["B3_F1"] == 1.0 and perfect["ARI"] == 1.0
    merged = ev.score({k: "one" for k in gold}, gold)
    assert merged["R"] == 1.0 and merged["P"] == pytest.approx(2 / 6)
