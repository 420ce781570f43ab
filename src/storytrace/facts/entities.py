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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ..people import People, find_people, pronoun_gender, sentence_spans

__all__ = ["Resolver", "alias_map", "CHILD_ROLE", "CHILD_ROLE_GENDER", "PRONOUNS"]

PRONOUNS = {"he", "him", "his", "she", "her", "hers", "they", "them", "their"}
CHILD_ROLE_GENDER = {
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
    young: set[str] = field(default_factory=set)
    """Persons with a child's age in this article ("Ossian, 3"): never a parent or partner."""
    _mentions: list[tuple[int, str | None, str, str]] = field(default_factory=list)
    """people.py's mentions merged with names it missed: (start, person, kind, text)."""
    _noted_gender: dict[str, str | None] = field(default_factory=dict)
    """Gender of names people.py missed, from the first pronoun after them in the sentence."""
    _role_refs: dict[int, str] = field(default_factory=dict)
    _child_names: set[str] = field(default_factory=set)
    _mentioned: set[str] | None = None
    _name_cache: dict[str, str] = field(default_factory=dict)
    _minors: tuple[tuple[int, int, int], set[str]] = field(
        default_factory=lambda: ((-1, -1, -1), set()))
    """Start of a resolved role mention ("the model") -> the person."""

    @staticmethod
    def of(text: str, people: People | None = None,
           sentences: list[tuple[int, int]] | None = None) -> Resolver:
        people = people if people is not None else find_people(text)
        resolver = Resolver(text, people)
        resolver._roles = [(m.start(), m.end(), CHILD_ROLE_GENDER.get(m[1].lower()))
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
            if overlaps or _surname_alone(text, last, m.end()) \
                    or _PERSON_AFTER.match(text, m.end()) or \
                    before and before[-1].lower() in ROLE_WORDS:
                resolver._noted.append((m.start(), full))
                pro = _PRONOUN_AFTER.match(text, m.end())
                if pro and full not in resolver._noted_gender:
                    resolver._noted_gender[full] = pronoun_gender(pro[1])
        taken = {mm.start for mm in people.mentions}
        resolver._mentions = sorted(
            [(mm.start, clean_person(overridden.get(j, mm.person)), mm.kind, mm.text)
             for j, mm in enumerate(people.mentions)] +
            [(pos, name, "name", name) for pos, name in resolver._noted if pos not in taken],
            key=lambda t: t[0])
        return resolver

    def add_child(self, pos: int, name: str, role: str | None) -> None:
        """Record that ``name`` is named as a child at ``pos`` (role: son/daughter/...)."""
        gender = None
        if role:
            gender = CHILD_ROLE_GENDER.get(role.lower().rstrip("s"))
        if name not in self._child_names:
            self._child_names.add(name)
            insort(self.children, (pos, name, gender))

    def note(self, pos: int, name: str) -> None:
        """Record a person the extractors found at ``pos`` (a co-parent people.py missed)."""
        self._noted.append((pos, name))
        i = bisect_left(self._mentions, (pos,), key=lambda t: (t[0],))
        if i == len(self._mentions) or self._mentions[i][0] != pos:
            self._mentions.insert(i, (pos, name, "name", name))

    def name(self, surface: str) -> str:
        """Canonical name of a surface form ("Cannon" -> "Nick Cannon")."""
        hit = self._name_cache.get(surface)
        if hit is None:
            hit = self._name_cache[surface] = self._name(surface)
        return hit

    def _name(self, surface: str) -> str:
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
        kids = self.minors()
        out: list[str] = []
        for _start, person, _, _ in self._back(max(0, pos - 5000), pos):
            if not person or person in kids or person in out:
                continue
            out.append(person)
            if len(out) == 2:
                break
        return out

    def note_child_mention(self, start: int, end: int, name: str) -> None:
        """Make sure a young person given an age in ``[start, end)`` ("Idris, who turned
        one") is mentioned, even when people.py had no evidence for the name (only the first
        time: a list insert per age would make long lists quadratic)."""
        if self._mentioned is None:
            self._mentioned = {person for _, person, _, _ in self._mentions if person}
        if name in self._mentioned:
            return
        self._mentioned.add(name)
        at = self.text.find(name.split()[0], start, end)
        self.note(at if at >= 0 else start, name)

    def note_role(self, start: int, end: int, person: str) -> None:
        """Record that the role mention ``text[start:end]`` ("the model") is ``person``."""
        self._role_refs[start] = person
        i = bisect_left(self._mentions, (start,), key=lambda t: (t[0],))
        if i < len(self._mentions) and self._mentions[i][0] == start:
            if self._mentions[i][1] is None:
                self._mentions[i] = (start, person, "role", self.text[start:end])
            return
        self._mentions.insert(i, (start, person, "role", self.text[start:end]))

    def refers_to(self, start: int) -> str | None:
        """The person a role mention starting at ``start`` was resolved to, if any."""
        return self._role_refs.get(start)

    def minors(self) -> set[str]:
        """The children the article names as such, less those with an adult age."""
        key = (len(self.children), len(self.young), len(self.grown))
        if self._minors[0] != key:  # these only grow: their sizes version the answer
            self._minors = (key, ({name for _, name, _ in self.children} | self.young)
                            - self.grown)
        return self._minors[1]

    def mentions(self) -> list[tuple[int, str | None, str, str]]:
        """Every mention: (start, person or ``None`` for pronouns/roles, kind, surface)."""
        return self._mentions

    def mentions_before(self, pos: int, window: int) -> list[tuple[int, str | None, str, str]]:
        """The mentions starting in ``[pos - window, pos)``."""
        return self._between(max(0, pos - window), pos)

    def pronouns_between(self, start: int, end: int) -> list[tuple[int, str]]:
        """Third-person pronouns in ``[start, end)`` with the person each refers to."""
        out = []
        for pos, person, kind, surface in self._between(start, end):
            if kind == "pronoun" and person is None and surface.lower() in PRONOUNS:
                ref = self.pronoun(pos, surface.lower())
                if ref:
                    out.append((pos, ref))
        return out

    def first_person(self, start: int, end: int) -> str | None:
        """The first person of ``[start, end)`` (a sentence's subject): a name, a resolved role
        mention or a resolved pronoun; children named as such are skipped."""
        kids = self.minors()
        for pos, person, kind, surface in self._between(start, end):
            if person is None and kind == "pronoun" and surface.lower() in PRONOUNS:
                person = self.pronoun(pos, surface.lower())
            if person and person not in kids:
                return person
        return None

    def adult_role(self, pos: int) -> str | None:
        """ "The TV presenter", "the defender": the person the role mention at ``pos`` was
        resolved to (:mod:`.roles`), else the previous sentence's first adult, else the
        nearest adult named before ``pos``."""
        if pos in self._role_refs:
            return self._role_refs[pos]
        kids = self.minors()
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
        return self._noted_gender.get(name)

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

    def child_before(self, pos: int, gender: str | None) -> str | None:
        """The child an unnamed "her son" at ``pos`` means: the latest child named before it
        with a compatible gender, else the latest person with a child's age ("Idris, 1")."""
        for p, name, g in reversed(self.children):
            if p < pos and (gender is None or g is None or g == gender):
                return name
        for _start, person, _, _ in self._back(max(0, pos - 2000), pos):
            if person in self.young and person not in self.grown and \
                    self._compatible(person, gender):
                return person
        return None

    def child_after(self, pos: int, gender: str | None, window: int = 300) -> str | None:
        """The first person with a child's age named in ``(pos, pos + window)`` ("her son. ...
        Idris, who turned one"), gender permitting."""
        for _, person, _, _ in self._between(pos + 1, pos + window):
            if person in self.young and person not in self.grown and \
                    self._compatible(person, gender):
                return person
        return None

    def person_before(self, pos: int, gender: str | None, start: int,
                      exclude: Iterable[str] = ()) -> str | None:
        """The latest person named in ``[start, pos)`` who is neither an adult by age nor
        excluded, gender permitting (a child mentioned by name just before "her son")."""
        skip = set(exclude) | self.grown
        for _, person, kind, _ in self._back(start, pos):
            if person and kind != "role" and person not in skip and \
                    self._compatible(person, gender):
                return person
        return None

    def role_at(self, start: int) -> str | None:
        """The child a role phrase starting at ``start`` refers to, if any."""
        i = bisect_left(self._roles, (start, 0, None), key=lambda t: (t[0], 0, None))
        if i < len(self._roles) and self._roles[i][0] == start:
            return self.child_for_role(start, self._roles[i][2])
        return None

    def pronoun(self, pos: int, word: str, *, adult: bool = False,
                strict: bool = False) -> str | None:
        """The person a pronoun at ``pos`` refers to (names, then later child roles).

        ``adult``: the pronoun is a parent, partner or expectant parent ("he is also father
        to", "she and X are expecting"), so the children named so far are skipped.
        """
        gender = pronoun_gender(word)
        all_kids = {name for _, name, _ in self.children} | self.young
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
            for _start, name, _, _ in self._back(max(0, pos - 400), pos):
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
                return self.child_for_role(pos, CHILD_ROLE_GENDER.get(m[1].lower()))
            return None
        return self.name(s)

    def first_adult_between(self, start: int, end: int, exclude: Iterable[str] = ()) -> str | None:
        """The first person named in ``[start, end)`` who is not a known child nor excluded."""
        skip = set(exclude) | self.minors()
        for _, person, _, _ in self._between(start, end):
            if person and person not in skip:
                return person
        return None

    def _back(self, start: int, end: int) -> Iterator[tuple[int, str | None, str, str]]:
        """The mentions starting in ``[start, end)``, latest first, lazily (callers usually
        stop at the first that fits)."""
        i = bisect_left(self._mentions, (end,), key=lambda t: (t[0],)) - 1
        while i >= 0 and self._mentions[i][0] >= start:
            yield self._mentions[i]
            i -= 1

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


# a full name people.py had no evidence for, followed by what people do: "Marisol Quint has
# shared", "Dorian Vale's girlfriend", "Tova Lund died"
_PERSON_AFTER = re.compile(
    r"(?:\s+(?:has|had|have|is|was)(?:\s+(?:also|just|now|recently|previously|since))?\s+"
    r"(?:shared|opened|died|welcomed|revealed|announced|paid|posted|penned|given|become|spoken|"
    r"married|expecting|pregnant|divorced|split|separated|engaged|admitted|confirmed|said|born|"
    r"diagnosed)\b"
    r"|\s+(?:said|says|told|wrote|shared|revealed|died|welcomed|posted|announced|married|gave)\b"
    r"|\s+and\s+(?:his|her)\s+(?:ex-)?(?:wife|husband|partner|girlfriend|boyfriend|fianc)"
    r"|\s+(?:have|has|share|shared|welcomed)\s+(?:a|an|two|three|four|their|twins|son|daughter)\b"
    r"|['’]s\s+(?:ex-)?(?:wife|husband|partner|girlfriend|boyfriend|fianc[ée]e?|mother|father|"
    r"son|daughter|sister|brother|widow|widower)\b)")
_PRONOUN_AFTER = re.compile(r"[^.!?\n]{0,80}?\b(he|she|his|her|him)\b", re.I)

_NOT_PERSON_LAST = {
    "Hour", "Show", "Television", "TV", "Hospital", "Hospice", "Street", "Road", "Lane", "Rooms",
    "Council", "Police", "Service", "Services", "Press", "News", "Post", "Herald", "Gazette",
    "Ledger", "Star", "Courier", "Times", "Station", "Church", "School", "College",
    "University", "Centre", "Center", "Club", "Park", "Bay", "Hill", "Point", "Valley",
    "Constabulary", "Freight", "Supplies", "Company", "Group", "Estate", "Row", "Quay",
    "Clinic", "Instagram", "Story", "Festival", "Awards", "Theatre", "Theater", "Hall",
}


def _surname_alone(text: str, last: str, start: int) -> bool:
    """Whether ``last`` is used on its own after ``start`` (" Quint," but not "Marisol Quint"
    nor "Quint Hall"): a plain scan, no per-name regex to compile."""
    needle = " " + last
    i = text.find(needle, start)
    while i >= 0:
        j = i + len(needle)
        after_ok = j >= len(text) or not (text[j].isalnum() or text[j] == "_")
        not_name_after = not (text[j:j + 1] == " " and text[j + 1:j + 2].isupper())
        not_name_before = not (i >= 2 and text[i - 2].isupper() and text[i - 1].islower()) \
            if i >= 2 else True
        if after_ok and not_name_after and not_name_before:
            return True
        i = text.find(needle, i + 1)
    return False


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
