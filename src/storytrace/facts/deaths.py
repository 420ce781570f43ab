"""Deaths: who died, when (the date in the clause, a "five months later" anchor), the age at
death ("aged five months", "He was 67."), the cause, and lifespans ("6•23•21 - 12•5•21",
"(1944-2024)")."""

from __future__ import annotations

import re

from . import patterns as P
from .builder import (
    Builder,
    clean_name,
    norm_space,
    possessors,
    subject_before,
)
from .datefind import DateMention
from .dates import (
    Interval,
    format_interval,
    open_before,
    parse_numeric_date,
)
from .entities import CHILD_ROLE, CHILD_ROLE_GENDER
from .relatives import descriptor, relative_of

_CHILD_ROLE_WHO = re.compile(CHILD_ROLE.pattern + r",?\s+who(?:se)?\s+$")
_RELATIVE_SUBJECT = re.compile(
    rf"(?P<poss>{P.NAME}['’]s|[Hh]is|[Hh]er)\s+(?:late\s+)?(?P<rel>father|mother|dad|mom|mum|"
    r"husband|wife|brother|sister)\s+(?:(?:had|has|have|tragically|sadly|reportedly|suddenly)"
    r"\s+)*$")
_REPORTED = re.compile(r"\b(?:said|says|announced|confirmed|told|revealed|reported|wrote|"
                       r"posted|shared)\b")
_NOT_DEAD = re.compile(r"\b(?:nearly|almost|never|not|could\s+have|would\s+have|might\s+have|"
                       r"may\s+have|if|feared|fears|rumou?red|falsely)\b[^.]*$", re.I)

# "the house where he died", "the day she died": a death mentioned in passing (often of a
# pronoun resolved by recency): dated ones are kept, undated ones are not claimed
_BACKGROUND = re.compile(r"\b(?:where|when|since|until|before|after|day|night|year|week|month|"
                         r"moment|as)\s+(?:he|she|they|him|her)\s+(?:had\s+)?$", re.I)


def extract_deaths(b: Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    """Deaths in ``[s0, s1)``: the subject, the date (or "on or before" the article's or
    the reporting day), the age at death and the cause."""
    for m in P.DEATH_VERB.finditer(text, s0, s1):
        subject = None
        who = P.NAME_WHO_AT_START.match(text, s0, m.start())
        if who and not re.search(r"\b(?:said|says|told|announced|confirmed|wrote|shared|"
                                 r"revealed)\b", text[who.end():m.start()]):
            name = clean_name(who["subj"])  # "Hollis Brandvold, who read ..., has died"
            subject = b.resolver.name(name) if name else None
        role = _CHILD_ROLE_WHO.search(text, max(s0, m.start() - 60), m.start())
        if role:  # "a tribute to their baby girl, who died in March"
            subject = b.resolver.child_for_role(role.start(), CHILD_ROLE_GENDER.get(
                " ".join(role[1].lower().split())))
        if not subject and P.RELATIVE_WHO.search(text, max(s0, m.start() - 20), m.start()):
            # "Hollis Brandvold, the presenter who has died", "X, whose death"
            before = [p for _, p, _, _ in b.resolver._between(s0, m.start()) if p]
            subject = before[-1] if before else None
        if not subject:
            rel = _RELATIVE_SUBJECT.search(text, max(s0, m.start() - 80), m.start())
            if rel:  # "Oduya's father died": named here, else "Kasimir Oduya's father"
                owners = possessors(b, rel["poss"], rel.start("poss"))
                if owners:
                    subject = relative_of(b.claims.values(), owners[0], rel["rel"]) or \
                        descriptor(owners[0], rel["rel"])
        if not subject:
            subject = subject_before(b, s0, m.start())
        if not subject:
            continue
        b.deceased.append((m.start(), subject))
        clause_end = s1
        semi = re.search(r"[;]|\s[-—–]\s", text[m.end():s1])
        if semi:
            clause_end = m.end() + semi.start()
        # date of death: the first date after the verb in the clause, else one before it
        when: Interval | None = None
        reported: Interval | None = None
        for d in dates:
            if m.end() <= d.start < clause_end and d.interval is not None:
                if _REPORTED.search(text, m.end(), d.start):
                    reported = d.interval  # "has died, her family said on Sunday"
                    break
                when = d.interval
                break
        if when is None:
            for d in dates:
                if s0 <= d.start < m.start() and d.interval is not None and d.relative and \
                        "later" in d.relative:
                    when = d.interval
        if when is not None:
            b.add(subject, "died", format_interval(when), m.start(), m.end())
        elif reported is not None:  # died on or before the day it was reported
            b.add(subject, "died", open_before(reported.end), m.start(), m.end())
        elif b.at is not None and not _NOT_DEAD.search(text, max(s0, m.start() - 25), m.start()) \
                and not _BACKGROUND.search(text, max(s0, m.start() - 25), m.start()):
            # no date given: on or before the article's date (its latest day when inferred)
            b.add(subject, "died", open_before(b.at.end), m.start(), m.end())
        aged = P.AGED.search(text, m.end(), min(clause_end, m.end() + 60))
        if aged:
            b.age(subject, aged["num"] or aged["num2"], aged["unit"], m.start(), aged.end(),
                  "age_at_death")
        cause = P.CAUSE.search(text, m.end(), clause_end)
        if cause:
            b.add(subject, "cause_of_death", norm_space(cause["cond"]), m.start(), cause.end())


_WAS_AGE = re.compile(rf"\s*(?P<pro>He|She)\s+was\s+(?P<num>{P.NUMBER})(?:\s+years\s+old)?\.")


def extract_was_age(b: Builder, text: str, s0: int, s1: int) -> None:
    """ "He was 67." right after a sentence about a death: the age at death."""
    m = _WAS_AGE.match(text, s0, s1)
    if not m:
        return
    dead = [name for pos, name in b.deceased if s0 - 400 <= pos < s0]
    person = dead[-1] if dead else None
    if person is None:
        person = b.resolver.pronoun(m.start("pro"), m["pro"].lower())
        if person not in {name for _, name in b.deceased}:
            return
    b.age(person, m["num"], None, m.start("pro"), m.end() - 1, "age_at_death")


_YEAR_PAREN = re.compile(r"\((?:1[89]|20)\d\d")


def extract_lifespans(b: Builder, text: str) -> None:
    """Lifespans anywhere in the text: "6•23•21 - 12•5•21" (of the person the article
    mourns) and "Name (1944-2024)"."""
    for m in P.LIFESPAN.finditer(text):
        born = parse_numeric_date(m["a"])
        died = parse_numeric_date(m["b"])
        if born is None or died is None or died < born:
            continue
        subject = _deceased(b, m.start())
        if subject:
            b.add(subject, "born", born.isoformat(), m.start(), m.end("a"))
            b.add(subject, "died", died.isoformat(), m.start(), m.end())
    if not _YEAR_PAREN.search(text):
        return
    for m in P.YEAR_SPAN.finditer(text):
        name = clean_name(m["name"])
        a, c = int(m["a"]), int(m["b"])
        if name and a <= c and c - a <= 130:
            subject = b.resolver.name(name)
            b.add(subject, "born", str(a), m.start(), m.end())
            b.add(subject, "died", str(c), m.start(), m.end())


def _deceased(b: Builder, pos: int) -> str | None:
    """Whose lifespan a bare "6•23•21 - 12•5•21" is: the person the article mourns."""
    for (subject, attribute, _), _claim in b.claims.items():
        if attribute in ("died", "age_at_death", "cause_of_death"):
            return subject
    text = b.article.text
    m = re.search(r"\b(?:[Ll]ate|loss\s+of|death\s+of|mourn\w*)\b[^.]{0,60}?\b(?i:son|daughter|"
                  rf"child|baby)\s*,?\s*(?P<name>{P.NAME})", text)
    if m:
        name = clean_name(m["name"])
        if name:
            return b.resolver.name(name)
    return b.resolver.child_for_role(pos, None)
