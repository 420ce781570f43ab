"""Evaluation gate: the reuse scores on a small labelled corpus must not drop below the floors.

The corpus is ``evaluation/reuse.py``'s deterministic generator (400 articles, 150 implanted
passages copied 1-3 times with edits). Floors are pinned just under the scores reached.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "evaluation" / "reuse.py"

FLOORS = {
    "precision_all": 0.995,
    "recall_all": 0.995,
    "precision_long": 0.995,
    "recall_long": 0.995,
    "recall_short": 0.995,
    "precision_short": 0.99,
}
MAX_MEDIAN_BOUNDARY_ERROR = 2.0


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    spec = importlib.util.spec_from_file_location("reuse_evaluation", EVAL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses need their module registered
    spec.loader.exec_module(module)
    return module.evaluate(n_articles=400, n_implants=150, seed=11)


@pytest.mark.parametrize("name,floor", sorted(FLOORS.items()))
def test_score_floor(scores, name, floor):
    assert scores[name] >= floor, f"{name} dropped to {scores[name]:.4f} (floor {floor})"


def test_boundary_error(scores):
    assert scores["median_boundary_error"] <= MAX_MEDIAN_BOUNDARY_ERROR
