"""storytrace: follow one news story across many outlets."""

from .errors import InputError, ReadError, StoreError, StorytraceError
from .records import (
    AlignedPair,
    Article,
    Claim,
    Conflict,
    Episode,
    Passage,
    Quote,
    ReuseCluster,
    ReuseMember,
    Source,
    Speaker,
    Statement,
    StatementFragment,
    Story,
    WordingDifference,
)

__version__ = "0.1.0"

__all__ = [
    "Corpus", "analyze", "extract_quotes",
    "AlignedPair", "Article", "Claim", "Conflict", "Episode", "InputError", "Passage", "Quote",
    "ReadError", "ReuseCluster", "ReuseMember", "Source", "Speaker", "Statement",
    "StatementFragment", "StoreError", "Story", "StorytraceError", "WordingDifference",
]

_LAZY = {"Corpus": "api", "analyze": "api", "extract_quotes": "quotes"}


def __getattr__(name: str):
    """The API entry points load the stages (and scikit-learn) only when first used."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storytrace' has no attribute {name!r}")
