"""The claim builder of one article and the helpers every extractor shares: name clean-up,
name lists, and the resolution of subject phrases (names, pronouns, roles, possessives)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..records import Article, Claim, stable_hash
from . import patterns as P
from .dates import (
    Interval,
    age_value,
    parse_number,
)
from .entities import _NOT_PERSON_LAST, PRONOUNS, ROLE_WORDS, Resolver
from .options import FactOptions

STOP_FIRST = {
    "The", "A", "An", "In", "On", "At", "And", "But", "When", "While", "After", "Before", "As",
    "If", "So", "Then", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "He",
    "She", "They", "It", "We", "I", "You", "Over", "Since", "During", "Meanwhile", "Also",
    "Alongside", "Earlier", "Later", "Last", "Next", "Oh", "Mr", "Mrs", "Ms", "Dr", "Sources",
    "Source", "Physically", "According", "Despite", "Although", "Though", "Now", "Today",
    "Yesterday", "Tomorrow", "Here", "There", "Where", "What", "Who", "Why", "How", "Such",
    "Our", "My", "Your", "Some", "Many", "Most", "All", "Both", "Each", "Every", "No", "Not",
    "Five", "Four", "One", "Two", "Three", "Six", "Seven", "Eight", "Nine", "Ten",
    "Footballer", "Singer", "Actor", "Actress", "Model", "Rapper", "Presenter", "Star", "Host",
    "Defender", "Chef", "Comedian", "Director", "TV", "Reality", "Former", "Late", "Veteran",
    "Player", "Captain", "Coach", "Author", "Writer", "Musician", "Dancer", "Producer",
}
NOT_PERSON = {
    "Instagram", "Twitter", "Facebook", "TikTok", "YouTube", "God", "ET", "Story", "Show",
    "Thanksgiving", "Christmas", "Easter", "Heart", "Soul", "Earth", "Mentally", "Spiritually",
    "Physically", "Little Man", "MIRACLE", "BLESSING", "Mayo Clinic", "Texas", "California",
    "Wednesday", "Tuesday", "Monday", "Thursday", "Friday", "Saturday", "Sunday", "Covid",
    "COVID", "Hollywood", "America", "London", "Paris", "New York", "Los Angeles", "Jan", "Feb",
}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"}


def clean_name(surface: str) -> str | None:
    """Strip leading sentence words ("In October" -> None, "The Nick" -> "Nick")."""
    toks = surface.split()
    while toks and (toks[0] in STOP_FIRST or toks[0] in MONTHS):
        toks = toks[1:]
    if not toks:
        return None
    name = " ".join(toks)
    if name in NOT_PERSON or toks[0] in NOT_PERSON or name in MONTHS:
        return None
    if len(toks) > 1 and toks[-1] in _NOT_PERSON_LAST:
        return None
    if name.isupper() and len(name) > 3:
        return None
    return name


def split_names(surface: str) -> list[tuple[int, str]]:
    """(offset inside ``surface``, name) for a name list "Zion and Zillion" / "A, B and C"."""
    out = []
    for m in re.finditer(P.NAME, surface):
        offset = m.start()
        name = m.group(0)
        toks = name.split()
        dropped = 0
        while toks and (toks[0] in STOP_FIRST or toks[0] in MONTHS):
            dropped += len(toks[0]) + 1
            toks = toks[1:]
        if toks and clean_name(" ".join(toks)):
            out.append((offset + dropped, " ".join(toks)))
    return out


@dataclass
class Builder:
    """The claims of one article as they are found (deduplicated by subject, attribute and
    value; the earliest evidence wins), with the article's resolver and date."""

    article: Article
    resolver: Resolver
    options: FactOptions
    at: Interval | None
    holds_at: date | None
    inferred: bool
    claims: dict[tuple, Claim] = field(default_factory=dict)
    deceased: list[tuple[int, str]] = field(default_factory=list)

    def add(self, subject: str | None, attribute: str, value: str | None, start: int, end: int,
            holds_at: date | None = None) -> None:
        """Add one claim (ignored when empty, self-referential, or already found earlier)."""
        if not subject or not value or subject == value:
            return
        text = self.article.text
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        key = (subject, attribute, value)
        if key in self.claims and self.claims[key].start <= start:
            return
        when = holds_at if holds_at is not None else self.holds_at
        cid = stable_hash(self.article.id, subject, attribute, value, str(start), str(end))
        self.claims[key] = Claim(
            article_id=self.article.id, subject=subject, attribute=attribute, value=value,
            holds_at=when, start=start, end=end, evidence=text[start:end], id=cid,
            holds_at_inferred=self.inferred and holds_at is None,
        )

    def age(self, subject: str | None, num: str, unit: str | None, start: int, end: int,
            attribute: str = "age") -> None:
        """Add an age claim from a number as written ("five", "15") and a unit; implausible
        ages are dropped. Records adults and children on the resolver."""
        n = parse_number(num)
        if n is None or subject is None:
            return
        unit = (unit or "years").lower()
        if not unit.endswith("s"):
            unit += "s"
        limits = {"years": self.options.max_age_years, "months": 12 * 30, "weeks": 520,
                  "days": 3660}
        if n > limits.get(unit, 0):
            return
        if unit == "years" and n >= 18:
            self.resolver.grown.add(subject)
        elif unit != "years" or n < 16:
            self.resolver.young.add(subject)
            self.resolver.note_child_mention(start, end, subject)
        self.add(subject, attribute, age_value(n, unit), start, end)


def subject_before(b: Builder, sent_start: int, pos: int) -> str | None:
    """The subject of a verb at ``pos``: the name, pronoun or child role just before it."""
    text = b.article.text
    window_start = max(sent_start, pos - 120)
    m = P.SUBJECT_BEFORE.search(text, window_start, pos)
    if not m:
        return None
    subj = m["subj"]
    s = m.start("subj")
    if subj.lower() in PRONOUNS:
        return b.resolver.pronoun(s, subj.lower())
    if subj[0].islower() or subj.split()[0] in ("The", "Their", "His", "Her"):
        role = b.resolver.role_at(s)
        if role:
            return role
        words = subj.lower().split()
        gender = "m" if {"son", "boy", "man"} & set(words) else (
            "f" if {"daughter", "girl"} & set(words) else None)
        return b.resolver.child_for_role(s, gender)
    name = clean_name(subj)
    return b.resolver.name(name) if name else None


def resolve_ref(b: Builder, surface: str, pos: int, adult: bool = False,
                 strict: bool = False) -> str | None:
    """A subject phrase at ``pos`` to a person: a pronoun, a role mention ("the model"), an
    adult role, or a name."""
    s = surface.strip()
    if s.lower() in PRONOUNS:
        return b.resolver.pronoun(pos, s.lower(), adult=adult, strict=strict)
    if s[:4] in ("The ", "the ") and b.resolver.refers_to(pos):
        return b.resolver.refers_to(pos)  # a role mention resolved by .roles: "the model"
    if ADULT_ROLE.fullmatch(s):
        return b.resolver.adult_role(pos)
    name = clean_name(s)
    return b.resolver.name(name) if name else None


ADULT_ROLE = re.compile(rf"[Tt]he\s+(?:[\w-]+\s+)?(?:{'|'.join(sorted(ROLE_WORDS))})")
COUPLE = re.compile(r"[Tt]he\s+(?:(?:former|happy|new|proud|grieving|two)\s+)?(?:couple|pair|two)"
                    r"|[Tt]hey|[Tt]heir")


def possessors(b: Builder, poss: str, pos: int, strict: bool = False) -> list[str]:
    """ "his and Alyssa Scott's" -> [Nick Cannon, Alyssa Scott]; "her" -> [Alyssa Scott]."""
    out: list[str] = []
    body = re.sub(r"['’]s$", "", poss)
    if COUPLE.fullmatch(body.strip()):
        return b.resolver.couple(pos)
    for part_m in re.finditer(r"[^\s].*?(?=\s+and\s+|$)", body):
        part = part_m.group(0).strip()
        if part.lower().startswith("and "):
            part = part[4:]
        ref = resolve_ref(b, part, pos + part_m.start(), adult=True, strict=strict)
        if ref:
            out.append(ref)
    return out


def has_age(b: Builder, subject: str) -> bool:
    """Whether ``subject`` already has an age claim in this article."""
    return any(k[0] == subject and k[1] == "age" for k in b.claims)


def norm_space(s: str) -> str:
    """Lower-cased, with runs of white space made single spaces."""
    return " ".join(s.split()).lower()


def first_person_in(b: Builder, s0: int, s1: int) -> str | None:
    """The first person named in ``[s0, s1)``: a name, or a role mention resolved to one ("The
    veteran presenter, who ..., had been diagnosed")."""
    for mention in b.resolver.people.mentions_between(s0, s1):
        if mention.person:
            role = next((p for pos, p, kind, _ in b.resolver.mentions_before(mention.start,
                                                                              mention.start - s0)
                         if kind == "role" and p), None)
            return role or mention.person
    return next((p for _, p, kind, _ in b.resolver.mentions_before(s1, s1 - s0)
                 if kind == "role" and p), None)
