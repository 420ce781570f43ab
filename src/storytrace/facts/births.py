"""Births: "gave birth to daughter Liv on Saturday", "Zen was born to ...", "Born in 1952,
X", "X was born on ...", with the co-parent of "their daughter"."""

from __future__ import annotations

import re

from . import patterns as P
from .builder import (
    Builder,
    clean_name,
    resolve_ref,
    split_names,
)
from .datefind import DateMention, date_after
from .dates import (
    format_interval,
)


def extract_births(b: Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    """Births in ``[s0, s1)``: "gave birth to", "born to", "Born in ..., X", "X was born on",
    with the date that follows and the parents they name or imply."""
    for m in P.GAVE_BIRTH.finditer(text, s0, s1):
        mother = resolve_ref(b, m["subj"], m.start("subj"), adult=True)
        if mother is None:
            continue
        names = split_names(m["names"])
        if not names:
            continue
        kids = [b.resolver.name(n) for _, n in names]
        parents = [mother] if mother else []
        if m["their"] == "their" and mother:
            partner = _coparent_of(b, mother)
            if partner:
                parents.append(partner)
        elif mother and m["their"] != "her":
            # "X gave birth to a boy" in an article naming her (one) current partner: his too
            partners = {v if s == mother else s for (s, a, v) in b.claims
                        if a == "partner_of" and mother in (s, v)}
            if len(partners) == 1:
                parents.append(partners.pop())
        for child in kids:
            b.resolver.add_child(m.start("names"), child, m["role"])
            for parent in parents:
                b.add(parent, "parent_of", child, m.start(), m.end())
        when = date_after(text, dates, m.end(), s1)
        if when is not None:
            for child in kids:
                b.add(child, "born", format_interval(when[0]), m.start("names"), when[1])
    for m in P.BORN_TO.finditer(text, s0, s1):
        name = clean_name(m["child"])
        if not name:
            continue
        child = b.resolver.name(name)
        parents = []
        for key in ("p1", "p2"):
            if m[key] and m[key][0].isupper():
                pname = clean_name(m[key])
                if pname:
                    parents.append(b.resolver.name(pname))
        for parent in parents:
            b.add(parent, "parent_of", child, m.start(), m.end())
        if len(parents) == 2 and re.search(r"\b(?:partner|husband|wife|boyfriend|girlfriend|"
                                           r"fianc)", m.group(0)):
            b.add(parents[0], "partner_of", parents[1], m.start(), m.end())
        when = date_after(text, dates, m.end(), s1, gap=15)
        if when is not None:
            b.add(child, "born", format_interval(when[0]), m.start(), when[1])
    for m in P.BORN_LEAD.finditer(text, s0, s1):
        name = clean_name(m["name"])
        when = next((d for d in dates if m.start("when") <= d.start < m.end("when")
                     and d.interval is not None), None)
        if name and when is not None:
            b.add(b.resolver.name(name), "born", format_interval(when.interval), m.start(),
                  m.end())
    for m in P.BORN.finditer(text, s0, s1):
        name = clean_name(m["name"])
        if not name:
            continue
        when = date_after(text, dates, m.end(), s1, gap=25)
        if when is not None:
            b.add(b.resolver.name(name), "born", format_interval(when[0]), m.start(), when[1])


def _coparent_of(b: Builder, person: str) -> str | None:
    for (subject, attribute, value) in reversed(list(b.claims)):
        if attribute == "partner_of" and person in (subject, value):
            return value if subject == person else subject
    return _coparent_by_child(b, person)


def _coparent_by_child(b: Builder, person: str) -> str | None:
    for subject, attribute, value in reversed(list(b.claims)):
        if attribute != "parent_of":
            continue
        if subject == person:
            continue
        others = {s for (s, a, v) in b.claims if a == "parent_of" and v == value}
        if person in others:
            return subject
    return None
