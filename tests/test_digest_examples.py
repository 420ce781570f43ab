"""Digest on the example corpus (examples/, fictional): follow-ups lead with their news, copies
add nothing, and the key events of the brandvold story are dated and sourced."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from storytrace.digest import digest_story

ROOT = Path(__file__).resolve().parents[1]


def _stories() -> dict:
    spec = importlib.util.spec_from_file_location("digest_evaluation_examples",
                                                  ROOT / "evaluation" / "digest.py")
    if spec is None or spec.loader is None:  # pragma: no cover
        pytest.skip("evaluation/digest.py missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:  # rouge-score or sumy not installed
        pytest.skip(f"evaluation dependencies missing: {exc}")
    stories = {s.id.removeprefix("example:"): s for s in module.load_examples()}
    if not stories:
        pytest.skip("example corpus or its labels not found")
    return stories


@pytest.fixture(scope="module")
def stories() -> dict:
    return _stories()


def _lead(story, external_id: str) -> str:
    digest = digest_story(story.articles)
    by_external = {a.id: a.external_id for a in story.articles}
    news = next(n for n in digest.whats_new if by_external[n.article_id] == external_id)
    return news.sentences[0].text


def test_follow_ups_lead_with_their_news(stories: dict) -> None:
    assert "arrested" in _lead(stories["drennick-fire"],
                               "https://northgatestar.example/news/2024/06/15/drennick-fire-arrest")
    assert "electrical fault" in _lead(
        stories["port-amsel-fire"],
        "https://wexcombeledger.example/2024/06/port-amsel-depot-fire-electrical-fault").lower()
    assert "to thank" in _lead(stories["skerrow-rescue"], "kinloch-20240819-skerrow-thanks")
    assert "A year after the death" in _lead(stories["brandvold"], "ledger-brandvold-one-year")


def test_wire_copy_adds_nothing_new(stories: dict) -> None:
    story = stories["port-amsel-fire"]
    digest = digest_story(story.articles)
    by_external = {a.id: a.external_id for a in story.articles}
    copy = next(n for n in digest.whats_new
                if by_external[n.article_id] == "northgate-20240612-port-amsel-fire")
    assert copy.sentences == () and copy.covered >= 8


def test_summary_covers_the_follow_up_and_cites_the_wire_copies(stories: dict) -> None:
    story = stories["brandvold"]
    digest = digest_story(story.articles)
    texts = {a.id: a.text for a in story.articles}
    for s in digest.summary:
        assert texts[s.article_id][s.start:s.end] == s.text
    assert any(s.date and s.date.year == 2025 for s in digest.summary)  # the anniversary
    assert digest.summary[0].date == date(2024, 3, 3)
    fire = digest_story(stories["port-amsel-fire"].articles)
    lead = next(s for s in fire.summary if "swept through" in s.text)
    assert {c.outlet for c in lead.citations} >= {"Saltmarsh Evening Post", "Northgate Daily Star"}
