"""Who a claim is about: people.py's within-article resolution plus family roles and aliases.

:class:`Resolver` wraps :class:`storytrace.people.People` for one article and adds what claims
need beyond names and pronouns:

- **child roles** ("the newborn", "their baby boy", "the little one", "her son") resolve to the
  child the article has named with that role (the first named son, daughter or child);
- **pronouns** prefer a child role mentioned after the last matching name ("a tribute to their
  baby boy after he died" is about the boy, not his father);
- names people.py did not keep (a child called "Powerful") stay as written.

:func:`alias_map` resolves names **across articles**: a single name ("Zen") and the one longer
name of the corpus that starts with it ("Zen Scott Cannon") are one person; so are "Nick" and
"Nick Cannon". The longest form is canonical. A single token shared by several longer names is
left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..people import People, find_people, pronoun_gender

__all__ = ["Resolver", "alias_map", "CHILD_ROLE", "PRONOUNS"]

PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their"}
_CHILD_ROLE_GENDER = {
    "son": "m", "boy": "m", "baby boy": "m", "little man": "m", "daughter": "f", "girl": "f",
    "baby girl": "f", "newborn": None, "baby": None, "infant": None, "little one": None,
    "child": None, "infant son": "m", "infant daughter": "f", "toddler": None,
}
CHILD_ROLE = re.compile(
    r"\b(?:[Tt]he|[Tt]heir|[Hh]is|[Hh]er|[Tt]his)\s+(?:(?:late|young|little|baby|infant|newborn)\s+)?"
    r"(baby boy|baby girl|little one|little man|newborn|infant son|infant daughter|son|daughter|"
    r"baby|infant|toddler|boy|girl)\b(?!\s*,?\s*[A-Z])"
)


@dataclass
class Resolver:
    """Resolve surfaces, pronouns and child roles of one article to canonical names."""

    text: str
    people: People
    children: list[tuple[int, str, str | None]] = field(default_factory=list)
    """(position, name, gender) of children the article names with a role ("son Zen")."""
    _roles: list[tuple[int, int, str | None]] = field(default_factory=list)

    @staticmethod
    def of(text: str, people: People | None = None) -> Resolver:
        people = people if people is not None else find_people(text)
        resolver = Resolver(text, people)
        resolver._roles = [(m.start(), m.end(), _CHILD_ROLE_GENDER.get(m[1].lower()))
                           for m in CHILD_ROLE.finditer(text)]
        return resolver

    def add_child(self, pos: int, name: str, role: str | None) -> None:
        """Record that ``name`` is named as a child at ``pos`` (role: son/daughter/...)."""
        gender = None
        if role:
            gender = _CHILD_ROLE_GENDER.get(role.lower().rstrip("s"))
        if all(n != name for _, n, _ in self.children):
            self.children.append((pos, name, gender))
            self.children.sort()

    def name(self, surface: str) -> str:
        """Canonical name of a surface form ("Cannon" -> "Nick Cannon")."""
        surface = re.sub(r"['’]s?$", "", surface.strip())
        return self.people.canonical(surface) or surface

    def gender(self, name: str) -> str | None:
        person = self.people.get(name)
        if person is not None and person.gender:
            return person.gender
        for _, child, gender in self.children:
            if child == name:
                return gender
        return None

    def child_for_role(self, pos: int, gender: str | None) -> str | None:
        """The child a role like "the newborn" at ``pos`` refers to."""
        candidates = [(p, n, g) for p, n, g in self.children if p < pos] or self.children
        for _, name, g in candidates:
            if gender is None or g is None or g == gender:
                return name
        return None

    def role_at(self, start: int) -> str | None:
        """The child a role phrase starting at ``start`` refers to, if any."""
        for s, e, g in self._roles:
            if s == start:
                return self.child_for_role(s, g)
        return None

    def pronoun(self, pos: int, word: str, *, adult: bool = False) -> str | None:
        """The person a pronoun at ``pos`` refers to (names, then later child roles).

        ``adult``: the pronoun is a parent, partner or expectant parent ("he is also father
        to", "she and X are expecting"), so the children named so far are skipped.
        """
        gender = pronoun_gender(word)
        skip: tuple[tuple[int, int], ...] = ()
        if adult:
            kids = {name for _, name, _ in self.children}
            skip = tuple((m.start, m.end) for m in self.people.mentions if m.person in kids)
            person = self.people.resolve_pronoun(pos, word, skip=skip)
            return person.name if person is not None else None
        person = self.people.resolve_pronoun(pos, word)
        last_name_pos = -1
        if person is not None:
            starts = [m.start for m in person.mentions if m.start < pos]
            last_name_pos = starts[-1] if starts else -1
        i = bisect_left(self._roles, (pos, 0, None)) - 1 if self._roles else -1
        while i >= 0:
            s, _, g = self._roles[i]
            if s <= last_name_pos:
                break
            if pos - s < 300 and (gender is None or g is None or g == gender):
                child = self.child_for_role(s, g or gender)
                if child:
                    return child
            i -= 1
        return person.name if person is not None else None

    def subject(self, surface: str, pos: int) -> str | None:
        """Resolve a subject phrase found at ``pos``: a name, a pronoun or a child role."""
        s = surface.strip()
        if not s:
            return None
        if s.lower() in PRONOUNS:
            return self.pronoun(pos, s.lower())
        if s[0].islower() or s.split()[0] in ("The", "Their", "His", "Her"):
            m = CHILD_ROLE.match(self.text, pos)
            if m:
                return self.child_for_role(pos, _CHILD_ROLE_GENDER.get(m[1].lower()))
            return None
        return self.name(s)

    def first_adult_between(self, start: int, end: int, exclude: Iterable[str] = ()) -> str | None:
        """The first person named in ``[start, end)`` who is not a known child nor excluded."""
        skip = set(exclude) | {name for _, name, _ in self.children}
        for m in self.people.mentions_between(start, end):
            if m.person and m.person not in skip:
                return m.person
        return None


def alias_map(names: Iterable[str]) -> Mapping[str, str]:
    """Map each name to its cross-article canonical form (the longest unambiguous name)."""
    unique = sorted(set(names), key=lambda n: (-len(n.split()), n))
    out: dict[str, str] = {}
    multi = [n for n in unique if len(n.split()) > 1]
    for name in unique:
        toks = name.split()
        if len(toks) == 1:
            longer = [n for n in multi if n.split()[0] == name]
            if len(longer) == 1:
                out[name] = longer[0]
                continue
        out[name] = name
    return out
