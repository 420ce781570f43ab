"""Citations by claims: articles that state the same fact as a summary sentence, in any words.

Word overlap misses an outlet that words a fact differently or spreads it over several sentences
("her 5-month-old son" here, "the tumor" three paragraphs later). The facts stage gives
structured claims with evidence spans; a digest sentence *carries* a claim when its span overlaps
the claim's evidence, and every other article stating the **same claim** supports it:

- the same canonical subject (kin words dropped, "Son Zen" -> "Zen", then the facts stage's
  :func:`~storytrace.facts.entities.alias_map`: "Zen" -> "Zen Scott Cannon");
- the same attribute family (``age`` and ``age_at_death`` are one; ``diagnosis`` and
  ``cause_of_death`` are one);
- a compatible value: equal; for conditions, one :func:`~storytrace.facts.group_variants`
  group ("brain tumour", "tumor", "brain cancer"); for dates, overlapping day ranges
  ("2021-12-05" and "2021-11-01/2021-12-29"); for ages, the same number and unit, and when both
  are ages at publication, overlapping birth ranges (a "35" a year later is not the same fact).

Only the attributes of ``DigestOptions.claim_attributes`` cite (by default events and ages):
background relations ("his son Zen") appear in nearly every sentence of a story and would cite
articles for information they do not carry.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..facts import group_variants
from ..facts.dates import Interval, birth_interval, parse_age_value, parse_interval
from ..facts.entities import alias_map, clean_person
from ..records import Claim
from .index import StoryIndex

_FAMILY = {"age_at_death": "age", "cause_of_death": "condition", "diagnosis": "condition"}
_KIN = {"son", "daughter", "baby", "boy", "girl", "little", "late", "infant", "newborn", "the",
        "mr", "mrs", "ms", "dr", "tot", "toddler"}


def _strip_kin(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1 and tokens[0].lower() in _KIN:
        tokens = tokens[1:]
    return clean_person(" ".join(tokens)) or " ".join(tokens)


def _norm(value: str) -> str:
    return re.sub(r"\W+", " ", value.lower()).strip()


@dataclass
class ClaimIndex:
    """The story's citing claims, each placed on the sentence that states it."""

    claims: list[Claim] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)
    """Sentence id (in ``StoryIndex.sentences``) whose span overlaps each claim's evidence most."""
    subject: list[str] = field(default_factory=list)
    """Canonical subject of each claim."""
    value: list[str] = field(default_factory=list)
    """Canonical value: for ``expecting`` the other parent's canonical name (or ``"child"``),
    else lower-cased with punctuation folded."""
    group: list[int] = field(default_factory=list)
    """Variant group of a condition claim (-1 otherwise)."""
    by_sentence: dict[int, list[int]] = field(default_factory=dict)
    by_key: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(canonical subject, attribute family) -> claims."""


def index_claims(index: StoryIndex, claims: Sequence[Claim],
                 attributes: Sequence[str]) -> ClaimIndex:
    """Place the claims of ``attributes`` on the story's sentences and canonicalise them.

    Claims of articles outside the story, or whose evidence overlaps no sentence, are dropped."""
    wanted = set(attributes)
    position = {a.id: k for k, a in enumerate(index.articles)}
    starts = [s.start for s in index.sentences]
    kept: list[tuple[Claim, int]] = []
    for claim in claims:
        if claim.attribute not in wanted or claim.article_id not in position:
            continue
        lo, hi = index.bounds[position[claim.article_id]]
        k = max(lo, bisect.bisect_right(starts, claim.start, lo, hi) - 1)
        best, overlap = -1, 0
        while k < hi and index.sentences[k].start < max(claim.end, claim.start + 1):
            s = index.sentences[k]
            shared = min(s.end, claim.end) - max(s.start, claim.start)
            if shared > overlap:
                best, overlap = k, shared
            k += 1
        if best >= 0:
            kept.append((claim, best))
    out = ClaimIndex()
    if not kept:
        return out
    people = [_strip_kin(c.subject) for c, _ in kept]
    people += [_strip_kin(c.value) for c, _ in kept if c.attribute == "expecting"]
    names = alias_map(people)
    subjects = [names.get(_strip_kin(c.subject), _strip_kin(c.subject)) for c, _ in kept]
    # variant groups over the canonical subjects ("Son Zen"'s tumour is Zen's tumour)
    renamed = [replace(c, subject=subject) for (c, _), subject in zip(kept, subjects, strict=True)]
    position_of = {id(c): n for n, c in enumerate(renamed)}
    groups: dict[int, int] = {}
    for g, variant in enumerate(group_variants(renamed)):
        for member in variant.claims:
            groups[position_of[id(member)]] = g
    for n, (claim, sentence) in enumerate(kept):
        subject = subjects[n]
        if claim.attribute == "expecting":  # the other parent's canonical name, or "child"
            other = _strip_kin(claim.value)
            value = names.get(other, other) if other.lower() != "child" else "child"
        else:
            value = _norm(claim.value)
        family = _FAMILY.get(claim.attribute, claim.attribute)
        out.claims.append(claim)
        out.sentence.append(sentence)
        out.subject.append(subject)
        out.value.append(value)
        out.group.append(groups.get(n, -1))
        out.by_sentence.setdefault(sentence, []).append(n)
        out.by_key.setdefault((subject, family), []).append(n)
        if claim.attribute == "expecting":  # "A expecting B" is "B expecting A"
            out.by_key.setdefault((out.value[n], family), []).append(n)
    return out


def _interval(value: str) -> Interval | None:
    try:
        return parse_interval(value)
    except (ValueError, TypeError):  # pragma: no cover - defensive: facts gives ISO values
        return None


def _births(claim: Claim, age: tuple[int, str]) -> Interval | None:
    if claim.attribute != "age" or claim.holds_at is None:
        return None
    try:
        return birth_interval(age[0], age[1], Interval.day(claim.holds_at))
    except (ValueError, OverflowError):  # pragma: no cover - far dates
        return None


def compatible(found: ClaimIndex, a: int, b: int) -> bool:
    """Whether claims ``a`` and ``b`` of ``found`` state the same fact (subjects already match)."""
    ca, cb = found.claims[a], found.claims[b]
    family = _FAMILY.get(ca.attribute, ca.attribute)
    if family != _FAMILY.get(cb.attribute, cb.attribute):
        return False
    va, vb = found.value[a], found.value[b]
    if family == "age":
        pa, pb = parse_age_value(ca.value), parse_age_value(cb.value)
        if pa is None or pb is None:
            return va == vb
        if pa != pb:
            return False
        ia, ib = _births(ca, pa), _births(cb, pb)
        return ia is None or ib is None or not ia.intersect(ib).empty
    if family == "condition":
        return va == vb or (found.group[a] >= 0 and found.group[a] == found.group[b])
    if family in ("born", "died"):
        ia, ib = _interval(ca.value), _interval(cb.value)
        if ia is None or ib is None:
            return va == vb
        return not ia.intersect(ib).empty
    if family == "expecting":
        pair_a = {found.subject[a], va}
        pair_b = {found.subject[b], vb}
        return pair_a == pair_b or ("child" in (va, vb) and found.subject[a] == found.subject[b])
    return va == vb


def supporting_sentences(index: StoryIndex, found: ClaimIndex,
                         sentence: int) -> dict[int, dict[int, set[int]]]:
    """For the story sentence ``sentence``: per other article (position in ``index.articles``),
    its sentences stating a claim ``sentence`` carries, each with the carried claims it states
    (sentences that also contradict one of them are left out, see :func:`contradicts`)."""
    own_article = index.sentences[sentence].article
    out: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for a in found.by_sentence.get(sentence, ()):
        family = _FAMILY.get(found.claims[a].attribute, found.claims[a].attribute)
        keys = [(found.subject[a], family)]
        if family == "expecting":
            keys.append((found.value[a], family))
        seen: set[int] = set()
        for key in keys:
            for b in found.by_key.get(key, ()):
                if b in seen:
                    continue
                seen.add(b)
                j = found.sentence[b]
                article = index.sentences[j].article
                if article != own_article and compatible(found, a, b):
                    out[article][j].add(a)
    return {k: {j: carried for j, carried in v.items()
                if not contradicts(index, found, sentence, [j])}
            for k, v in out.items()} if out else {}


_EXCLUSIVE = ("age", "born", "died")
"""Attribute families with one true value per person: a different value is a contradiction
(a person can have several conditions or pregnancies, so those never contradict)."""


def contradicts(index: StoryIndex, found: ClaimIndex, sentence: int,
                others: Sequence[int]) -> bool:
    """Whether the story sentences ``others`` state, about a subject of a claim ``sentence``
    carries, a birth, death or age incompatible with it ("died on Saturday" against "died on
    Sunday"): such sentences share words, not information, and do not cite it."""
    carried = found.by_sentence.get(sentence, ())
    if not carried:
        return False
    for j in others:
        for b in found.by_sentence.get(j, ()):
            family = _FAMILY.get(found.claims[b].attribute, found.claims[b].attribute)
            if family not in _EXCLUSIVE:
                continue
            same = [a for a in carried if found.subject[a] == found.subject[b]
                    and _FAMILY.get(found.claims[a].attribute, found.claims[a].attribute)
                    == family]
            if same and not any(compatible(found, a, b) for a in same):
                return True
    return False
