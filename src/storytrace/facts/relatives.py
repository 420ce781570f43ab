"""People named only by their relation to someone: "Oduya's father died two years ago".

Within an article, :func:`relative_of` answers "who is Kasimir Oduya's father?" from the
claims the article itself makes ("Oduya's father, Bastian Oduya"); when the article does not
name him, the claim's subject is a **descriptor**, ``"Kasimir Oduya's father"``.

Across articles, :func:`resolve_relatives` replaces each descriptor by the one person other
articles relate that way to the same person ("Bastian Oduya", named as Kasimir's father in
another article): identity by relation, not by name. A descriptor stays as it is when no
article, or more than one candidate, fits (a father is a male parent: a parent whose gender
the evidence or the first name does not give is accepted only when he is the only parent).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from ..people import FIRST_NAMES
from ..records import Claim, stable_hash
from .entities import alias_map

__all__ = ["DESCRIPTOR", "RELATIVE_WORDS", "descriptor", "relative_of", "resolve_relatives"]

RELATIVE_WORDS: dict[str, tuple[str, str | None]] = {
    "father": ("parent", "m"), "dad": ("parent", "m"), "mother": ("parent", "f"),
    "mom": ("parent", "f"), "mum": ("parent", "f"), "husband": ("partner", "m"),
    "wife": ("partner", "f"), "brother": ("sibling", "m"), "sister": ("sibling", "f"),
    "partner": ("partner", None),
}
"""Relation word -> (relation, gender)."""
_CANONICAL = {"dad": "father", "mom": "mother", "mum": "mother"}
DESCRIPTOR = re.compile(r"^(?P<owner>.+)['’]s (?P<rel>father|mother|husband|wife|brother|sister|"
                        r"partner)$")
_GENDER_WORDS = {
    "m": re.compile(r"\b(?:father|dad|husband|brother|son|he|his|him|widower|boyfriend)\b", re.I),
    "f": re.compile(r"\b(?:mother|mom|mum|wife|sister|daughter|she|her|widow|girlfriend)\b",
                    re.I),
}


def descriptor(owner: str, word: str) -> str:
    """ "Kasimir Oduya", "dad" -> "Kasimir Oduya's father"."""
    word = word.lower()
    return f"{owner}'s {_CANONICAL.get(word, word)}"


def _candidates(claims: Iterable[Claim], owner: str, relation: str,
                names: Mapping[str, str]) -> list[Claim]:
    """Claims relating someone to ``owner`` by ``relation`` (the other person is the claim's
    subject for parents; either side for the symmetric relations)."""
    out = []
    for c in claims:
        subject, value = names.get(c.subject, c.subject), names.get(c.value, c.value)
        if relation == "parent" and c.attribute == "parent_of" and value == owner:
            out.append(c)
        elif relation == "partner" and c.attribute in ("partner_of", "ex_partner_of") and \
                owner in (subject, value):
            out.append(c)
        elif relation == "sibling" and c.attribute == "sibling_of" and owner in (subject, value):
            out.append(c)
    return out


def _other(c: Claim, owner: str, names: Mapping[str, str]) -> str:
    subject = names.get(c.subject, c.subject)
    return names.get(c.value, c.value) if subject == owner else subject


def _gender(person: str, evidence: Iterable[str]) -> str | None:
    """A person's gender from the relation words of the claims about them, else the first
    name."""
    votes = {g for g, rx in _GENDER_WORDS.items() for e in evidence if rx.search(e)}
    if len(votes) == 1:
        return votes.pop()
    return FIRST_NAMES.get(person.split()[0].lower())


def relative_of(claims: Iterable[Claim], owner: str, word: str,
                gender_of: Mapping[str, str | None] | None = None) -> str | None:
    """The person ``claims`` (one article's) relate to ``owner`` as ``word`` ("father"), when
    exactly one fits; ``gender_of`` gives known genders."""
    relation, gender = RELATIVE_WORDS[word.lower()]
    found = _candidates(claims, owner, relation, {})
    people: dict[str, list[str]] = {}
    for c in found:
        people.setdefault(_other(c, owner, {}), []).append(c.evidence)
    fits = [p for p, ev in people.items()
            if ((gender_of or {}).get(p) or _gender(p, ev)) in (gender, None)]
    return fits[0] if len(fits) == 1 else None


def resolve_relatives(claims: Sequence[Claim],
                      names: Mapping[str, str] | None = None) -> list[Claim]:
    """``claims`` with each descriptor subject or value ("Kasimir Oduya's father") replaced by
    the one person other claims relate that way to that person; unresolved ones unchanged."""
    if not any(DESCRIPTOR.match(c.subject) or DESCRIPTOR.match(c.value) for c in claims):
        return list(claims)
    if names is None:
        names = alias_map([c.subject for c in claims if not DESCRIPTOR.match(c.subject)] +
                          [c.value for c in claims if c.attribute.endswith("_of")
                           and not DESCRIPTOR.match(c.value)])
    cache: dict[str, str | None] = {}

    def resolve(desc: str) -> str | None:
        if desc in cache:
            return cache[desc]
        m = DESCRIPTOR.match(desc)
        out = None
        if m:
            owner = names.get(m["owner"], m["owner"])
            relation, gender = RELATIVE_WORDS[m["rel"]]
            people: dict[str, list[str]] = {}
            for c in _candidates(claims, owner, relation, names):
                other = _other(c, owner, names)
                if not DESCRIPTOR.match(other):
                    people.setdefault(other, []).append(c.evidence)
            genders = {p: _gender(p, ev) for p, ev in people.items()}
            fits = [p for p, g in genders.items() if g == gender] if gender else list(people)
            if not fits and len(people) == 1 and None in genders.values():
                fits = list(people)  # the only one, of unknown gender
            out = fits[0] if len(fits) == 1 else None
        cache[desc] = out
        return out

    result = []
    for c in claims:
        subject = resolve(c.subject) if DESCRIPTOR.match(c.subject) else None
        value = resolve(c.value) if DESCRIPTOR.match(c.value) else None
        if subject is None and value is None:
            result.append(c)
            continue
        s, v = subject or c.subject, value or c.value
        result.append(replace(c, subject=s, value=v, id=stable_hash(
            c.article_id, s, c.attribute, v, str(c.start), str(c.end))))
    return result
