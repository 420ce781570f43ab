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
    "AlignedPair", "Article", "Claim", "Conflict", "Episode", "InputError", "Passage", "Quote",
    "ReadError", "ReuseCluster", "ReuseMember", "Source", "Speaker", "Statement",
    "StatementFragment", "StoreError", "Story", "StorytraceError", "WordingDifference",
]
