"""Stories: streaming clustering of articles across outlets and time, with follow-up episodes.

    stories, state = assign_stories(articles, StoryOptions(), StoryEvidence(...), state)

See :mod:`storytrace.stories.assign` for the algorithm and :class:`StoryOptions` for the score.
"""

from .assign import assign_stories, order_articles
from .options import StoryEvidence, StoryOptions
from .state import StoryState

__all__ = ["StoryEvidence", "StoryOptions", "StoryState", "assign_stories", "order_articles"]
