"""The lead of a news article and the weekday it names: two cheap signals of *which* event.

Two look-alike events (two rehab admissions, two offers to one player, a rule and its reversal)
share their topic words and often every name; what tells them apart is concentrated in the
lead, the first sentences a news article opens with: who did what, where, when. So the lead's
content words and names count again in an article's features (as much as the title does), and
the names of weekdays, which news reports give for the day an event happened ("on Thursday"),
become keys of the entity vector ("w:thursday").

Pure string work with one precompiled regex: a few microseconds per article.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?]+(?:[ \t]*\n|(?=\s))|\n")
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
"""Lowercase weekday names: ``w:``-keys of the entity vector when ``weekday_keys`` is on."""


def lead(body: str, sentences: int = 3, chars: int = 512) -> str:
    """The first ``sentences`` sentences of ``body``, cut to at most ``chars`` characters.

    A sentence ends at ``.``, ``!`` or ``?`` before white space, or at a line break (headlines
    and datelines are lines of their own); punctuation closing a line ends one sentence. Only
    sentences that end within the first ``chars`` characters are taken (fewer than
    ``sentences`` when the cap comes first); when none does, the first ``chars`` characters are
    the lead. ``sentences`` 0 gives ``""``.
    """
    if sentences <= 0 or chars <= 0:
        return ""
    head = body[:chars]
    end = 0
    found = 0
    for m in _SENTENCE_END.finditer(head):
        end = m.end()
        found += 1
        if found == sentences:
            break
    return head[:end] if end else head
