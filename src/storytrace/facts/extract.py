"""Claim extraction: what one article states about people (ages, births, deaths, family, health).

``extract_claims`` scans the article sentence by sentence with the patterns of
:mod:`storytrace.facts.patterns`, calling one module per fact family (:mod:`.ages`,
:mod:`.family`, :mod:`.births`, :mod:`.deaths`, :mod:`.health`) behind cheap keyword gates. It
resolves each subject with :class:`~.entities.Resolver` (people.py names and pronouns, child
roles such as "the newborn", role mentions such as "the model, 29" via :mod:`.roles`) and turns
dates and ages into the documented value formats:

========================  =====================================================================
attribute                 value
========================  =====================================================================
``age``                   ``"<N> years|months|weeks|days"`` (singular for 1), at ``holds_at``
``age_at_death``          same format; the age on the day of death
``born`` / ``died``       ISO day, month, year or ``start/end`` interval (``2021-11-01/2021-12-30``)
``died`` (no date given)  ``"../<day>"``: on or before the day it was reported (the article's
                          day, or the day of "said on Sunday")
``parent_of``             the child's canonical name (subject is the parent)
``partner_of``            the partner; ``ex_partner_of``: a former partner or spouse
``sibling_of``            the sibling (twins named together are siblings)
``expecting``             the other parent when named, else ``"child"``
``diagnosis``             the condition as written (``"hydrocephalus"``, ``"tumor"``)
``cause_of_death``        the condition as written (``"brain cancer"``, ``"brain tumour"``)
``ordinal_child``         ``"7"`` for "his seventh child"
========================  =====================================================================

``holds_at`` is the article's publication day; for an undated article it is the earliest day of
the inferred range passed as ``inferred`` (then ``holds_at_inferred`` is true), else ``None``.
Relative dates ("last month", "earlier this year", "in June") need a date to resolve against
and are dropped when the article has none. A person named only by a relation ("Oduya's
father died") is the subject ``"Kasimir Oduya's father"`` unless the article names him; see
:func:`~.relatives.resolve_relatives` for the corpus-level resolution.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..people import People, sentence_spans
from ..records import Article, Claim
from . import patterns as P
from .ages import (
    extract_ages,
    extract_relative_ages,
    extract_role_ages,
    extract_role_turned,
)
from .births import extract_births
from .builder import (
    Builder,
    first_person_in,
)
from .datefind import DateMention, find_dates
from .dates import (
    NUMBER_WORDS,
    Interval,
)
from .deaths import extract_deaths, extract_lifespans, extract_was_age
from .entities import Resolver
from .family import (
    extract_expecting,
    extract_family,
    extract_marriages,
    extract_ordinals,
    extract_possessive_relations,
    extract_siblings_and_partners,
    extract_twins,
    extract_unnamed_children,
)
from .health import extract_health
from .options import DEFAULT_OPTIONS, FactOptions
from .types import InferredDate

__all__ = ["extract_claims", "find_dates", "DateMention"]


_GATE_RELATION = re.compile(
    r"son|daughter|child|kid|twin|baby|boy|girl|wife|husband|partner|friend|fianc|brother|"
    r"sister|sibling|mother|father|mom|mum|dad|parent|welcomed|birth|widow|married|marriage")
_SPEAKER_LAST = re.compile(r",\s+[a-z' -]*?\b(?:said|says|told|added|explained)\b[^,]*[.!?\"”]?$")
_GATE_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b")
_GATE_EXPECTING = re.compile(r"expecting|pregnant|upcoming|unborn|future|expected")
_GATE_DEATH = re.compile(r"died|passed away|killed|lost (?:his|her|their)|whose death")
_GATE_HEALTH = re.compile(r"diagnos|hospital|battl|suffer|treated|recovering|" + P.CONDITION)




def _sentences(text: str) -> Iterator[tuple[int, int]]:
    yield from sentence_spans(text)


def extract_claims(article: Article, options: FactOptions = DEFAULT_OPTIONS,
                   people: People | None = None, *,
                   inferred: InferredDate | None = None) -> list[Claim]:
    """The claims an article states about people, in text order.

    ``people`` is the article's :func:`storytrace.people.find_people` result (computed when not
    given). ``inferred`` gives an undated article the date range inferred for it
    (:func:`storytrace.facts.infer_publication_date`); relative dates then resolve against it.
    Never raises on odd text: impossible dates and implausible ages are simply not claims.
    """
    text = article.text
    published = article.published_date
    if published is not None:
        at: Interval | None = Interval.day(published)
        holds_at, was_inferred = published, False
    elif inferred is not None:
        at = Interval(inferred.earliest, inferred.latest)
        holds_at, was_inferred = inferred.earliest, True
    else:
        at, holds_at, was_inferred = None, None, False
    sentences = list(_sentences(text))
    resolver = Resolver.of(text, people, sentences)
    b = Builder(article, resolver, options, at, holds_at, was_inferred)
    dates = find_dates(text, at, sentences)
    # relations first: they tell the resolver who the children are ("son, Zen")
    # cheap keyword gates: most sentences of most articles state no family or health fact
    lows = [text[s0:s1].lower() for s0, s1 in sentences]
    for i, (s0, s1) in enumerate(sentences):
        if _GATE_NUMBER.search(lows[i]):
            extract_ages(b, text, s0, s1)  # first: adults' ages tell grown children from minors
    extract_role_ages(b, sentences)  # "the model, 29": needs the ages of named people
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_RELATION.search(low) or "married" in low:
            extract_marriages(b, text, s0, s1)
            extract_possessive_relations(b, text, s0, s1, sentences, i)
            extract_family(b, text, s0, s1, dates)
            extract_ordinals(b, text, s0, s1)
            extract_siblings_and_partners(b, text, s0, s1)
            extract_unnamed_children(b, text, s0, s1)
            if "twin" in low:
                extract_twins(b, text, s0, s1)
            if "who" in low:
                extract_role_turned(b, text, s0, s1, sentences, i)
        if "birth" in low or "born" in low:
            extract_births(b, text, s0, s1, dates)
    for i, (s0, s1) in enumerate(sentences):  # "Calder's partner, 44": after the relations
        if _GATE_NUMBER.search(lows[i]) and _GATE_RELATION.search(lows[i]):
            extract_relative_ages(b, text, s0, s1)
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_EXPECTING.search(low):
            extract_expecting(b, text, s0, s1)
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_DEATH.search(low):
            extract_deaths(b, text, s0, s1, dates)
        if low.lstrip().startswith(("he was", "she was")):
            extract_was_age(b, text, s0, s1)
        if _GATE_HEALTH.search(low):
            first = first_person_in(b, s0, s1)
            if first is not None and _SPEAKER_LAST.search(low):
                first = ""  # "..., Drumlock said.": the speaker is not the subject
            if first is None and i > 0:
                first = first_person_in(b, *sentences[i - 1])
            extract_health(b, text, s0, s1, first or None)
    extract_lifespans(b, text)
    named = {c.subject for c in b.claims.values() if c.attribute == "expecting"
             and c.value != "child"}
    # "has died" (no date) says less than the date the same article gives elsewhere
    dated_death = {c.subject for c in b.claims.values() if c.attribute == "died"
                   and not c.value.startswith("..")}
    return sorted((c for c in b.claims.values()
                   if not (c.attribute == "expecting" and c.value == "child"
                           and c.subject in named)
                   and not (c.attribute == "died" and c.value.startswith("..")
                            and c.subject in dated_death)),
                  key=lambda c: (c.start, c.attribute, c.subject, c.value))
