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
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..people import People, find_people, pronoun_gender, sentence_spans

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
    _sentences: list[tuple[int, int]] = field(default_factory=list)
    _full_names: dict[str, str] = field(default_factory=dict)
    _noted: list[tuple[int, str]] = field(default_factory=list)
    _raw: dict[str, str] = field(default_factory=dict)
    grown: set[str] = field(default_factory=set)
    """Persons with an adult age in this article (a grown child is not skipped as a minor)."""
    _mentions: list[tuple[int, str | None, str, str]] = field(default_factory=list)
    """people.py's mentions merged with names it missed: (start, person, kind, text)."""

    @staticmethod
    def of(text: str, people: People | None = None,
           sentences: list[tuple[int, int]] | None = None) -> Resolver:
        people = people if people is not None else find_people(text)
        resolver = Resolver(text, people)
        resolver._roles = [(m.start(), m.end(), _CHILD_ROLE_GENDER.get(m[1].lower()))
                           for m in CHILD_ROLE.finditer(text)]
        resolver._sentences = sentences if sentences is not None else sentence_spans(text)
        # full names people.py did not keep ("Marisol Quint has ..."): surname -> full name
        known = {n for p in people.persons if (n := clean_person(p.name))}
        resolver._raw = {n: p.name for p in people.persons if (n := clean_person(p.name))}
        starts = [m.start for m in people.mentions]
        overridden: dict[int, str] = {}
        for m in _FULL_NAME.finditer(text):
            first, last = m[1], m[2]
            if first in _NOT_FIRST or last in _NOT_FIRST or last in _NOT_PERSON_LAST:
                continue
            full = f"{first} {last}"
            resolver._full_names.setdefault(last, full)
            resolver._full_names.setdefault(full, full)
            if full in known or any(full in k for k in known):
                continue
            before = text[max(0, m.start() - 30):m.start()].split()
            if before and (before[-1] in _PARTICLES or (
                    before[-1][:1].isupper() and before[-1].lower() not in ROLE_WORDS
                    and before[-1] not in _NOT_FIRST)):
                continue  # the tail of a longer name ("De La Rosa"), not "Footballer Kasimir"
            # people.py read "Lio Brandt" as a mention of another Brandt: take the full name
            i = bisect_left(starts, m.start())
            overlaps = [j for j in (i - 1, i, i + 1) if 0 <= j < len(starts)
                        and people.mentions[j].start < m.end()
                        and people.mentions[j].end > m.start() and people.mentions[j].person]
            for j in overlaps:
                overridden[j] = full
            # a full name whose surname is used alone elsewhere is a person ("Quint, 36")
            if overlaps or re.search(rf"(?<![A-Z][a-z]) {last}\b(?! [A-Z])", text[m.end():]):
                resolver._noted.append((m.start(), full))
        resolver._mentions = sorted(
            [(mm.start, clean_person(overridden.get(j, mm.person)), mm.kind, mm.text)
             for j, mm in enumerate(people.mentions)] +
            [(pos, name, "name", name) for pos, name in resolver._noted
             if pos not in {mm.start for mm in people.mentions}],
            key=lambda t: t[0])
        return resolver

    def add_child(self, pos: int, name: str, role: str | None) -> None:
        """Record that ``name`` is named as a child at ``pos`` (role: son/daughter/...)."""
        gender = None
        if role:
            gender = _CHILD_ROLE_GENDER.get(role.lower().rstrip("s"))
        if all(n != name for _, n, _ in self.children):
            self.children.append((pos, name, gender))
            self.children.sort()

    def note(self, pos: int, name: str) -> None:
        """Record a person the extractors found at ``pos`` (a co-parent people.py missed)."""
        self._noted.append((pos, name))
        if all(t[0] != pos for t in self._mentions):
            insort(self._mentions, (pos, name, "name", name), key=lambda t: t[0])

    def name(self, surface: str) -> str:
        """Canonical name of a surface form ("Cannon" -> "Nick Cannon")."""
        surface = re.sub(r"['’]s?$", "", surface.strip())
        if " " not in surface:
            # a surname: the person of that surname introduced first in the text
            fulls = {n for p in self.people.persons
                     if len(p.name.split()) > 1 and p.name.split()[-1] == surface
                     and (n := clean_person(p.name))}
            fulls |= {f for f in self._full_names.values() if f.split()[-1] == surface}
            placed = [(self.text.find(f), f) for f in fulls if self.text.find(f) >= 0]
            if placed:
                return clean_person(min(placed)[1]) or surface
        return clean_person(self.people.canonical(surface) or self._full_names.get(surface)
                            or surface) or surface

    def couple(self, pos: int) -> list[str]:
        """ "The couple"/"they": the two adults named most recently before ``pos``."""
        kids = {name for _, name, _ in self.children} - self.grown
        out: list[str] = []
        for start, person, _, _ in reversed(self._mentions):
            if start >= pos or not person or person in kids or person in out:
                continue
            out.append(person)
            if len(out) == 2:
                break
        return out

    def adult_role(self, pos: int) -> str | None:
        """ "The TV presenter", "the defender": the previous sentence's first adult, else the
        nearest adult named before ``pos``."""
        kids = {name for _, name, _ in self.children} - self.grown
        k = bisect_left(self._sentences, (pos + 1, 0)) - 1
        if k >= 1 and self.text[self._sentences[k][0]:pos].strip(" (\"“'") == "":
            prev = self._sentences[k - 1]
            for _, person, _, _ in self._between(prev[0], prev[1]):
                if person and person not in kids:
                    return person
        for start, person, _, _ in reversed(self._mentions):
            if start < pos and person and person not in kids:
                return person
        return None

    def gender(self, name: str) -> str | None:
        person = self.people.get(name) or self.people.get(self._raw.get(name, name))
        if person is not None and person.gender:
            return person.gender
        for _, child, gender in self.children:
            if child == name:
                return gender
        return None

    def _compatible(self, name: str, gender: str | None) -> bool:
        g = self.gender(name)
        return gender is None or g is None or g == gender

    def child_for_role(self, pos: int, gender: str | None) -> str | None:
        """The child a role like "the newborn" at ``pos`` refers to."""
        candidates = [(p, n, g) for p, n, g in self.children if p < pos][::-1] or self.children
        for _, name, g in candidates:
            if gender is None or g is None or g == gender:
                return name
        return None

    def role_at(self, start: int) -> str | None:
        """The child a role phrase starting at ``start`` refers to, if any."""
        for s, _e, g in self._roles:
            if s == start:
                return self.child_for_role(s, g)
        return None

    def pronoun(self, pos: int, word: str, *, adult: bool = False,
                strict: bool = False) -> str | None:
        """The person a pronoun at ``pos`` refers to (names, then later child roles).

        ``adult``: the pronoun is a parent, partner or expectant parent ("he is also father
        to", "she and X are expecting"), so the children named so far are skipped.
        """
        gender = pronoun_gender(word)
        all_kids = {name for _, name, _ in self.children}
        kids = all_kids if strict else all_kids - self.grown
        # a sentence-initial "He"/"She" is most often the subject of the sentence before (or,
        # when that subject cannot be meant, of the one before that)
        k = bisect_left(self._sentences, (pos + 1, 0)) - 1
        if k >= 1 and self.text[self._sentences[k][0]:pos].strip(" (\"“'") == "":
            for back in range(k - 1, max(-1, k - 4), -1):
                prev = self._sentences[back]
                first = next(iter(self._between(prev[0], prev[1])), None)
                if first is None:
                    continue
                start, person, kind, surface = first
                if kind == "pronoun":
                    if gender is not None and pronoun_gender(surface) == gender and \
                            start - prev[0] < 3:
                        return self.pronoun(start, surface.lower(), adult=adult, strict=strict)
                    continue
                if person and (not adult or person not in all_kids) and \
                        self._compatible(person, gender):
                    return person
        if adult:
            candidates = sorted((start, person) for start, person, _, _ in self._mentions
                                if person)
            i = bisect_left(candidates, (pos, "")) - 1
            while i >= 0 and pos - candidates[i][0] < 600:
                _, person = candidates[i]
                i -= 1
                if person not in kids and self._compatible(person, gender):
                    return person
            person = self.people.resolve_pronoun(pos, word)
            name = clean_person(person.name) if person is not None else None
            return name if name not in kids else None
        person = self.people.resolve_pronoun(pos, word)
        if person is None:
            for _start, name, _, _ in reversed(self._between(max(0, pos - 400), pos)):
                if name and self._compatible(name, gender):
                    return name
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
        return clean_person(person.name) if person is not None else None

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
        skip = set(exclude) | ({name for _, name, _ in self.children} - self.grown)
        for _, person, _, _ in self._between(start, end):
            if person and person not in skip:
                return person
        return None

    def _between(self, start: int, end: int) -> list[tuple[int, str | None, str, str]]:
        lo = bisect_left(self._mentions, (start,), key=lambda t: (t[0],))
        out = []
        for t in self._mentions[lo:]:
            if t[0] >= end:
                break
            out.append(t)
        return out


_PARTICLES = {"de", "la", "le", "van", "von", "da", "del", "di", "du", "De", "La", "Le", "Van",
              "Von", "Da", "Del", "Di", "Du"}
ROLE_WORDS = {
    "footballer", "singer", "actor", "actress", "model", "rapper", "presenter", "star", "host",
    "defender", "striker", "player", "comedian", "director", "chef", "author", "writer",
    "businessman", "businesswoman", "influencer", "socialite", "politician", "musician",
    "dancer", "producer", "designer", "athlete", "boxer", "golfer", "captain", "coach",
    "manager", "presenters", "tv", "reality", "former", "late", "veteran", "broadcaster",
    "journalist", "skater", "swimmer", "cyclist", "driver", "pilot", "doctor", "nurse",
}
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)[ ]([A-Z][a-z]+)\b(?![ ][A-Z])")
_NOT_FIRST = {"The", "A", "An", "In", "On", "At", "And", "But", "When", "While", "After", "His",
              "Her", "Their", "He", "She", "It", "This", "That", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
              "April", "May", "June", "July", "August", "September", "October", "November",
              "December", "Instagram", "Show", "Story", "Singer", "Masked", "Mr", "Mrs", "Ms"}


_NOT_PERSON_LAST = {
    "Hour", "Show", "Television", "TV", "Hospital", "Hospice", "Street", "Road", "Lane", "Rooms",
    "Council", "Police", "Service", "Services", "Press", "News", "Post", "Herald", "Gazette",
    "Ledger", "Star", "Courier", "Times", "Station", "Church", "School", "College",
    "University", "Centre", "Center", "Club", "Park", "Bay", "Hill", "Point", "Valley",
    "Constabulary", "Freight", "Supplies", "Company", "Group", "Estate", "Row", "Quay",
    "Clinic", "Instagram", "Story", "Festival", "Awards", "Theatre", "Theater", "Hall",
}


def clean_person(name: str | None) -> str | None:
    """A person's name without leading role words ("Footballer Kasimir Oduya" -> "Kasimir
    Oduya"); single words are kept; ``None`` for things that are not people ("Lantern Hour")."""
    if not name:
        return name
    toks = name.split()
    if len(toks) > 1 and toks[-1] in _NOT_PERSON_LAST:
        return None
    while len(toks) > 1 and (toks[0].lower() in ROLE_WORDS or toks[0] in _NOT_FIRST):
        toks = toks[1:]
    return " ".join(toks)


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
            longer = [n for n in multi if n.split()[-1] == name]
            if len(longer) == 1 and not any(n.split()[0] == name for n in multi):
                out[name] = longer[0]
                continue
        out[name] = name
    return out
