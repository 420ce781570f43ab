"""Evaluation gate of the quotes stage: fails when a score drops below its pinned floor.

The floors are the scores reached when they were pinned (see notes/issue-4.md), rounded down.
Sets whose texts are absent (the seeds outside a plain clone) are skipped.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FLOORS = {
    "fiction": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.97},
    "heldout": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.97},
    "heldout2": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.97},
    "heldout3": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.93},
    "heldout4": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.97},
    "seeds": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.95},
    "examples": {"exact_f1": 0.97, "overlap_f1": 0.97, "speaker_acc": 0.97, "cue_acc": 0.97},
    "all": {"exact_f1": 0.98, "overlap_f1": 0.98, "speaker_acc": 0.98, "cue_acc": 0.97},
}


@pytest.fixture(scope="module")
def results() -> dict:
    spec = importlib.util.spec_from_file_location("evaluation_quotes",
                                                  ROOT / "evaluation" / "quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.evaluate()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_floors(results: dict, name: str) -> None:
    if name not in results:
        pytest.skip(f"no labelled texts for the {name!r} set here")
    got = results[name]
    for metric, floor in FLOORS[name].items():
        assert got[metric] >= floor, (
            f"{name} {metric} = {got[metric]:.3f} < floor {floor}; errors:\n"
            + "\n".join(got["errors"][:20]))
