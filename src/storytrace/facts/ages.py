"""Ages of named people: "Cannon, 42,", "4-year-old daughter Zeela", "Zion and Zillion, 15
months", "Arlo (4)", "Liv turned one"."""

from __future__ import annotations

import re

from . import patterns as P
from .builder import (
    Builder,
    clean_name,
    possessors,
    split_names,
)
from .dates import parse_age_value
from .relatives import descriptor, relative_of
from .roles import resolve_roles


def extract_ages(b: Builder, text: str, s0: int, s1: int) -> None:
    """Ages next to names in ``[s0, s1)``: appositive ("Cannon, 42,"), prenominal
    ("4-year-old daughter Zeela"), in brackets ("Arlo (4)") and "turned N"."""
    for m in P.PRENOMINAL_AGE.finditer(text, s0, s1):
        name = clean_name(m["name"])
        if not name:
            continue
        subject = b.resolver.name(name)
        roles = m["roles"].split()
        if roles and roles[0] in ("son", "daughter", "boy", "girl", "baby"):
            b.resolver.add_child(m.start("name"), subject, roles[0])
        b.age(subject, m["num"], m["unit"], m.start(), m.end())
    for m in P.APPOSITIVE_AGE.finditer(text, s0, s1):
        names = split_names(m["names"])
        for offset, name in names:
            pos = m.start("names") + offset
            if re.search(r"old\s+(?:\w+\s+)?$", text[max(0, pos - 20):pos]):
                continue  # "20-month-old Powerful and Rise Messiah, 2 months": own age
            if re.search(r"\b(?:on|in|since|until|by)\s+$", text[max(0, pos - 6):pos]):
                continue  # "on Monday, 5" is not an age
            b.age(b.resolver.name(name), m["num"], m["unit"], pos, m.end())
    for m in P.PAREN_AGE.finditer(text, s0, s1):
        name = clean_name(m["names"])
        if name:
            b.age(b.resolver.name(name), m["num"], None, m.start(), m.end())
    for m in P.TURNED.finditer(text, s0, s1):
        name = clean_name(m["names"])
        if name:
            b.age(b.resolver.name(name), m["num"], m["unit"], m.start(), m.end())


def extract_role_ages(b: Builder, sentences: list[tuple[int, int]]) -> None:
    """Resolve the article's role mentions ("the model, 29", "the 42-year-old") once the ages
    of named people are known, and claim the ages they carry."""
    ages: dict[str, set[tuple[int, str]]] = {}
    for subject, attribute, value in b.claims:
        if attribute == "age" and (age := parse_age_value(value)) is not None:
            ages.setdefault(subject, set()).add(age)
    for mention, person in resolve_roles(b.resolver, ages, sentences):
        if mention.age is not None:
            n, unit = mention.age
            b.age(person, str(n), unit, mention.start, mention.age_end)


_ROLE_TURNED = re.compile(
    rf"(?P<poss>[Hh]is|[Hh]er|[Tt]heir|{P.NAME}['’]s)\s+(?:(?:baby|little|young|infant)\s+)?"
    r"(?P<role>son|daughter|boy|girl|baby)\s*,?\s+who\s+(?:(?:just|recently|has)\s+)*"
    rf"(?:turned|turns|is\s+now)\s+(?P<num>{P.NUMBER})\b(?:\s+{P.UNIT})?(?![ -]old)"
)
_GENDER = {"son": "m", "boy": "m", "daughter": "f", "girl": "f"}


def extract_role_turned(b: Builder, text: str, s0: int, s1: int,
                        sentences: list[tuple[int, int]], index: int) -> None:
    """ "she added, of her son, who turned one last month": the son is the child just named
    ("Teodor slept through ...", same or previous sentence); he gets the age, the possessor
    is his parent."""
    for m in _ROLE_TURNED.finditer(text, s0, s1):
        gender = _GENDER.get(m["role"].lower())
        parents = possessors(b, m["poss"], m.start("poss"))  # a grown child can be a parent
        start = sentences[index - 1][0] if index > 0 else s0
        child = b.resolver.child_before(m.start(), gender) or b.resolver.person_before(
            m.start(), gender, start, exclude=parents)
        if child is None:
            continue
        b.age(child, m["num"], m["unit"], m.start(), m.end())
        if (child, "age") not in {(k[0], k[1]) for k in b.claims}:
            continue  # not a child's age after all
        for parent in parents:
            b.add(parent, "parent_of", child, m.start(), m.end("role"))


_RELATIVE_AGE = re.compile(
    rf"(?P<poss>{P.NAME}['’]s|[Hh]is|[Hh]er)\s+(?:late\s+)?(?P<rel>father|mother|dad|mom|mum|"
    rf"husband|wife|brother|sister|partner),\s+(?P<num>{P.NUMBER}){P.AGE_END}")


def extract_relative_ages(b: Builder, text: str, s0: int, s1: int) -> None:
    """ "Calder's partner, 44,": the partner the article names, else the descriptor "Ines
    Calder's partner" (resolved across articles by :func:`~.relatives.resolve_relatives`)."""
    for m in _RELATIVE_AGE.finditer(text, s0, s1):
        owners = possessors(b, m["poss"], m.start("poss"))
        if owners:
            subject = relative_of(b.claims.values(), owners[0], m["rel"]) or \
                descriptor(owners[0], m["rel"])
            b.age(subject, m["num"], None, m.start(), m.end())
