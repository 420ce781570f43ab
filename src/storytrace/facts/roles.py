"""Role mentions: definite noun phrases that stand for a person the article has already named.

News refers to people by role as often as by name: "the Masked Singer host" (Nick Cannon),
"the model, 29" (Alyssa Scott), "the 42-year-old", "the actress", "the Texas native". A role
mention resolves to an adult of the article (never a child it names as one), in this order:

1. with an age ("the model, 29", "the 42-year-old"): the person the article gives that age;
2. the person the same role word was attached to earlier ("model Brittany Bell", "Kasimir
   Oduya, a footballer", or an earlier "the model" resolved to her);
3. at the start of a sentence: the first person of the previous sentence (its subject, a
   pronoun resolved there);
4. the person named most recently.

Candidates must fit: the role's gender ("the actress", "the ex-wife"), its age (a person the
article gives another age is not "the model, 29"), and a role mention never refers to someone
already named earlier in its own sentence ("Cannon has praised the Texas native" is not Cannon;
"The Masked Singer host and the model" are two people). Resolved mentions are recorded in the
article's :class:`~.entities.Resolver`, so pronouns, "the couple" and the extractors see them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from .dates import NUMBER, parse_number
from .entities import Resolver

__all__ = ["ROLE_GENDER", "RoleMention", "find_role_mentions", "resolve_roles"]

ROLE_GENDER: dict[str, str | None] = {
    "host": None, "model": None, "actress": "f", "actor": "m", "singer": None, "rapper": None,
    "star": None, "presenter": None, "comedian": None, "comedienne": "f", "musician": None,
    "dancer": None, "producer": None, "influencer": None, "personality": None,
    "entertainer": None, "mogul": None, "alum": None, "alumnus": "m", "alumna": "f",
    "native": None, "footballer": None, "defender": None, "striker": None, "midfielder": None,
    "goalkeeper": None, "player": None, "athlete": None, "boxer": None, "golfer": None,
    "chef": None, "author": None, "writer": None, "novelist": None, "director": None,
    "businessman": "m", "businesswoman": "f", "socialite": None, "politician": None,
    "designer": None, "broadcaster": None, "journalist": None, "captain": None, "coach": None,
    "skater": None, "swimmer": None, "cyclist": None, "pilot": None, "doctor": None,
    "nurse": None, "wife": "f", "husband": "m", "ex-wife": "f", "ex-husband": "m",
    "girlfriend": "f", "boyfriend": "m", "ex-girlfriend": "f", "ex-boyfriend": "m",
    "fiancé": "m", "fiance": "m", "fiancée": "f", "fiancee": "f", "widow": "f",
    "widower": "m", "mother": "f", "mom": "f", "mum": "f", "father": "m", "dad": "m",
    "grandmother": "f", "grandfather": "m", "judge": None, "lawyer": None, "attorney": None,
    "teacher": None, "professor": None, "scientist": None, "architect": None,
    "engineer": None, "farmer": None, "senator": None, "mayor": None, "minister": None,
    "councillor": None, "officer": None, "soldier": None, "surgeon": None,
    "photographer": None, "artist": None, "painter": None, "poet": None, "filmmaker": None,
    "composer": None, "drummer": None, "guitarist": None, "pianist": None, "frontman": "m",
    "frontwoman": "f", "co-star": None, "youtuber": None, "blogger": None,
    "entrepreneur": None, "billionaire": None, "heiress": "f", "duke": "m", "duchess": "f",
    "king": "m", "queen": "f", "prince": "m", "princess": "f", "pensioner": None,
    "campaigner": None, "activist": None, "philanthropist": None, "tycoon": None,
}
"""Role nouns that stand for an adult, with the gender they imply (``None``: either)."""

_MULTI = r"(?:mother|father|mom|dad|mum)-of-(?:\w+)"
_ROLE_WORDS = "|".join(sorted(map(re.escape, ROLE_GENDER), key=len, reverse=True))
# modifiers between "the" and the role noun: capitalised words of a show or place ("Masked
# Singer", "America's Got Talent", "Texas") or adjectives ("former", "retired"); at most four
_MODIFIER = r"(?:[A-Z][\w’'.&-]*|[a-z]+(?:-[a-z]+)*)"
_VERB_AFTER = (r"said|says|has|had|have|was|is|who|and|told|wrote|writes|shared|shares|added|"
               r"revealed|welcomed|posted|confirmed|previously|also|later|then|recently|opened|"
               r"announced|penned|explained|continued|gave|became|died|married|appeared|"
               r"took|made|admitted|insisted|captioned|called|described|lives|lived")
ROLE_MENTION = re.compile(
    rf"\b[Tt]he\s+(?P<mods>(?:{_MODIFIER}\s+){{0,4}}?)"
    rf"(?:(?P<num>{NUMBER})-year-old(?:\s+(?P<role2>{_ROLE_WORDS}|{_MULTI}))?"
    rf"|(?P<role>{_ROLE_WORDS}|{_MULTI}))"
    r"(?![\w-])(?!\s+(?:of|to)\b)(?![ \t]+[A-Z][a-z])"
)
"""``the [modifiers] ROLE`` or ``the N-year-old [ROLE]``; not followed by a name (that is an
apposition: "the model Brittany Bell"), nor by "of"/"to" ("the mother of his child")."""

_AFTER_AGE_OK = re.compile(rf"\s*(?:[,.;:)!?”\"—–]|$|\s-\s)|\s+(?:{_VERB_AFTER})\b")
_APPOSITIVE_AGE = re.compile(rf",\s+(?P<num>{NUMBER})(?:[ -](?P<unit>years?|months?))?"
                             r"(?:[ -]old)?(?=\s*[,.;:)—–]|\s+(?:and|who|has|had|was|is)\b)")
_PAREN_AGE = re.compile(r"\s+\((?P<num>\d{1,3})\)")
# evidence that a role word belongs to a person: "Oduya, a footballer"
_ROLE_APPOSITION = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,3}}?(?P<role>{_ROLE_WORDS})"
                              r"\b", re.I)


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A definite role phrase in the text (``text[start:end]``), e.g. "the Masked Singer host"."""

    start: int
    end: int
    role: str | None
    """The role noun, lower-cased ("host"); ``None`` for a bare "the 42-year-old"."""
    gender: str | None
    age: tuple[int, str] | None
    """The age the phrase gives ("the 42-year-old": (42, "years"); "the model, 29": (29,
    "years")), else ``None``."""
    age_end: int
    """Where the evidence of the age ends (``end`` when the phrase itself holds it)."""


def find_role_mentions(text: str, start: int = 0, end: int | None = None) -> list[RoleMention]:
    """Every role mention of ``text[start:end]`` in text order."""
    end = len(text) if end is None else end
    out: list[RoleMention] = []
    for m in ROLE_MENTION.finditer(text, start, end):
        role = (m["role"] or m["role2"] or "").lower() or None
        age: tuple[int, str] | None = None
        age_end = m.end()
        if m["num"]:
            if not role and not _AFTER_AGE_OK.match(text, m.end()):
                continue  # "the 42-year-old law": not a person
            n = parse_number(m["num"])
            if n is None:
                continue
            age = (n, "years")
        else:
            a = _APPOSITIVE_AGE.match(text, m.end()) or _PAREN_AGE.match(text, m.end())
            if a is not None:
                n = parse_number(a["num"])
                unit = (a.groupdict().get("unit") or "years").lower()
                unit = unit if unit.endswith("s") else unit + "s"
                if n is not None:
                    age = (n, unit)
                    age_end = a.end("unit") if a.groupdict().get("unit") else a.end("num")
        gender = None
        if role:
            gender = ROLE_GENDER.get(role)
            if gender is None and "-of-" in role:
                gender = "f" if role.startswith(("mother", "mom", "mum")) else "m"
        out.append(RoleMention(m.start(), m.end(), role, gender, age, age_end))
    return out


_CHILD_WORDS = frozenset("son sons daughter daughters twin twins baby child children kids boy "
                         "girl newborn infant toddler".split())


def _role_of_mentions(resolver: Resolver) -> tuple[dict[str, set[str]], set[str]]:
    """Role words attached to persons by apposition ("model Brittany Bell", "Oduya, a
    footballer"), and the persons named as children ("son, Zen", "twins Zion and Zillion")."""
    text = resolver.text
    out: dict[str, set[str]] = {}
    children: set[str] = set()
    for start, person, kind, surface in resolver.mentions():
        if not person or kind == "pronoun":
            continue
        before = text[max(0, start - 30):start]
        words = before.split()
        prev = words[-1].lower() if words and before[-1:] in (" ", "\t") else ""
        if prev.rstrip(",") in _CHILD_WORDS:  # "son, Zen", "twins Zion"
            children.add(person)
        elif prev in ROLE_GENDER:  # "model Brittany Bell"
            out.setdefault(person, set()).add(prev)
        after = _ROLE_APPOSITION.match(text, start + len(surface), start + len(surface) + 60)
        if after:
            out.setdefault(person, set()).add(after["role"].lower())
    return out, children


def resolve_roles(resolver: Resolver, ages: Mapping[str, set[tuple[int, str]]],
                  sentences: list[tuple[int, int]]) -> list[tuple[RoleMention, str]]:
    """Resolve every role mention of the article, in text order, and record each in
    ``resolver`` (:meth:`~.entities.Resolver.note_role`). ``ages``: the ages the article gives
    each person so far (updated here with the ages role mentions give)."""
    text = resolver.text
    roles_of, children = _role_of_mentions(resolver)
    found: list[tuple[RoleMention, str]] = []
    sent_starts = [s for s, _ in sentences]
    for mention in find_role_mentions(text):
        k = bisect_left(sent_starts, mention.start + 1) - 1
        s0 = sentences[k][0] if k >= 0 else 0
        person = _resolve(resolver, mention, ages, roles_of, children, sentences, k, s0)
        if person is None:
            continue
        found.append((mention, person))
        resolver.note_role(mention.start, mention.end, person)
        if mention.role:
            roles_of.setdefault(person, set()).add(mention.role)
        if mention.age is not None:
            ages.setdefault(person, set()).add(mention.age)
    return found


def _resolve(resolver: Resolver, mention: RoleMention, ages: Mapping[str, set[tuple[int, str]]],
             roles_of: Mapping[str, set[str]], children: set[str],
             sentences: list[tuple[int, int]], k: int, s0: int) -> str | None:
    minors = {p for p, known in ages.items()
              if known and all(unit != "years" or n < 18 for n, unit in known)}
    kids = (resolver.minors() | children | minors) - resolver.grown
    before = [(start, person) for start, person, kind, _ in resolver.mentions_before(
        mention.start, 4000) if person and person not in kids]
    if not before:
        return None
    same_sentence = {resolver.refers_to(start) or p for start, p in before if start >= s0}
    same_sentence |= {p for start, p in resolver.pronouns_between(s0, mention.start)}

    def fits(person: str) -> bool:
        g = resolver.gender(person)
        if mention.gender and g and g != mention.gender:
            return False
        if mention.age is not None:
            known = ages.get(person, set())
            if known and mention.age not in known:
                return False
            if person in kids:
                return False
        return True

    recent = []
    for _, person in reversed(before):
        if person not in recent:
            recent.append(person)
    # 1. the person with that age in this article
    if mention.age is not None:
        for person in recent:
            if mention.age in ages.get(person, set()) and fits(person):
                return person
    candidates = [p for p in recent if p not in same_sentence and fits(p)]
    if not candidates:
        return None
    # 2. the person this role word was attached to before
    if mention.role:
        for person in candidates:
            if mention.role in roles_of.get(person, set()):
                return person
    # 3. sentence-initial: the previous sentence's first person (its subject)
    if resolver.text[s0:mention.start].strip(" (\"“'‘") == "" and k >= 1:
        first = resolver.first_person(*sentences[k - 1])
        if first in candidates:
            return first
    # 4. the most recent
    return candidates[0]
