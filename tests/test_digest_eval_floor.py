"""Evaluation gate for the digest: ROUGE and citation precision must not drop below the
pinned floors, and storytrace must beat sumy's LexRank and TextRank on the same stories."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("rouge_score")
pytest.importorskip("sumy")

ROOT = Path(__file__).resolve().parents[1]

# reached (2026-11-23) on the fictional stories of evaluation/labels/digest_fictional.json and
# the example corpus's stories: ROUGE-1/2/L 0.594/0.338/0.412, citation precision 1.0 (27/27);
# sumy LexRank 0.536/0.288/0.334, TextRank 0.543/0.308/0.372 on the same stories
CORPUS_FLOORS = {"rouge1": 0.58, "rouge2": 0.32, "rougeL": 0.39}
CORPUS_CITATION_PRECISION = 0.95
# citations by facts-stage claims (issue 9 follow-up): recall 0.466 (34/73) with precision 1.0,
# against 0.370 (27/73) by shared words alone
CORPUS_CITATION_RECALL = 0.45
# reached on the seeds (../shared/seeds, skipped when absent): 0.532/0.148/0.229, precision 1.0
# (5/5); sumy LexRank 0.369/0.108/0.226, TextRank 0.365/0.104/0.224. One story: its ROUGE-L
# margin is too thin to gate on, the corpus set above gates all three.
SEED_FLOORS = {"rouge1": 0.50, "rouge2": 0.13, "rougeL": 0.21}
SEED_CITATION_PRECISION = 0.95
# with claims the death sentence cites all three seeds: recall 0.857 (6/7), was 0.714 (5/7)
SEED_CITATION_RECALL = 0.85


def _evaluation():
    spec = importlib.util.spec_from_file_location("digest_evaluation",
                                                  ROOT / "evaluation" / "digest.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _check(result: dict, floors: dict[str, float], precision: float, recall: float,
           beat: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")) -> None:
    ours = result["rouge"]["storytrace"]
    for metric, floor in floors.items():
        assert ours[metric] >= floor, (metric, ours[metric], floor)
    for metric in beat:
        for peer in ("sumy-lexrank", "sumy-textrank"):
            assert ours[metric] > result["rouge"][peer][metric], (metric, peer, result["rouge"])
    assert result["citation_precision"] is not None
    assert result["citation_precision"] >= precision, result["citations"]
    assert result["citation_recall"] >= recall, result["citations"]


def test_fictional_and_example_stories_meet_the_floors() -> None:
    ev = _evaluation()
    stories = ev.load_fictional() + ev.load_examples()
    _check(ev.evaluate(stories), CORPUS_FLOORS, CORPUS_CITATION_PRECISION,
           CORPUS_CITATION_RECALL)


def test_seed_story_meets_the_floors() -> None:
    ev = _evaluation()
    stories = ev.load_seeds()
    if not stories:
        pytest.skip("seed articles not found at ../shared/seeds")
    _check(ev.evaluate(stories), SEED_FLOORS, SEED_CITATION_PRECISION, SEED_CITATION_RECALL,
           beat=("rouge1", "rouge2"))
