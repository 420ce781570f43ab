"""A person's timeline, and wordings grouped as variants of one fact.

:func:`group_variants` puts "brain cancer", "brain tumour" and "the tumor" about one person into
one group (a variant, not a conflict): conditions are reduced to a concept (every cancer or
tumour is ``cancer``; spelling variants are folded) and grouped per person; a group's attribute
is ``cause_of_death`` when any member is one.

:func:`person_timeline` collects what the claims say about one person (under any of their
names): the birth interval intersected from every claim that can be dated, ages over time,
death, health, relations and the conflicts that involve them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from ..records import Claim, Conflict
from .dates import Interval, birth_interval, format_interval, parse_age_value, parse_interval
from .entities import alias_map
from .types import Timeline, TimelineEntry, VariantGroup

__all__ = ["group_variants", "person_timeline", "condition_concept"]

_CANCER = re.compile(r"cancer|tumou?r|glioma|glioblastoma|lymphoma|leuka?emia|carcinoma|"
                     r"sarcoma|blastoma", re.I)
_ORGAN = re.compile(r"\b(brain|lung|breast|pancreatic|prostate|colon|colorectal|skin|liver|"
                    r"ovarian|bone|stomach|throat|cervical|kidney|blood)\b", re.I)


def condition_concept(value: str) -> tuple[str, str | None]:
    """``"brain tumour"`` -> ``("cancer", "brain")``; ``"Hydrocephalus"`` -> ``("hydrocephalus",
    None)``."""
    v = " ".join(value.lower().split()).replace("tumour", "tumor").replace("leukaemia",
                                                                           "leukemia")
    organ_m = _ORGAN.search(v)
    organ = organ_m.group(1).lower() if organ_m else None
    if _CANCER.search(v):
        return "cancer", organ
    v = re.sub(r"['’]s\b", "s", v)
    if v in ("covid", "covid-19", "coronavirus"):
        return "covid-19", None
    return v, organ


def group_variants(claims: Sequence[Claim]) -> list[VariantGroup]:
    """Health and cause-of-death claims grouped by person and concept (one group per fact)."""
    names = alias_map([c.subject for c in claims])
    buckets: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.attribute not in ("diagnosis", "cause_of_death"):
            continue
        concept, _ = condition_concept(c.value)
        buckets[(names.get(c.subject, c.subject), concept)].append(c)
    groups: list[VariantGroup] = []
    for (subject, concept), members in sorted(buckets.items()):
        organs = {o for c in members if (o := condition_concept(c.value)[1])}
        # different organs ("brain cancer" vs "lung cancer") are different facts
        splits: dict[str | None, list[Claim]] = defaultdict(list)
        first_organ = sorted(organs)[0] if organs else None
        for c in members:
            organ = condition_concept(c.value)[1]
            splits[organ if organ else first_organ].append(c)
        for organ, part in sorted(splits.items(), key=lambda kv: kv[0] or ""):
            attribute = "cause_of_death" if any(c.attribute == "cause_of_death"
                                                for c in part) else "diagnosis"
            values = tuple(dict.fromkeys(c.value for c in part))
            label = f"{organ} {concept}" if organ and len(organs) > 1 else concept
            groups.append(VariantGroup(subject, attribute, label, values, tuple(part)))
    return groups


_RELATIONS = {"parent_of": ("child", "parent"), "partner_of": ("partner", "partner"),
              "ex_partner_of": ("ex-partner", "ex-partner"), "sibling_of": ("sibling", "sibling"),
              "expecting": ("expecting with", "expecting with")}


def person_timeline(name: str, claims: Sequence[Claim],
                    conflicts: Sequence[Conflict] = ()) -> Timeline:
    """Everything ``claims`` say about ``name`` (any alias: "Zen" finds "Zen Scott Cannon"),
    dated and sorted, with the conflicts that involve the person."""
    everyone = [c.subject for c in claims] + [c.value for c in claims
                                              if c.attribute in _RELATIONS]
    names = alias_map(everyone + [name])
    canonical = names.get(name, name)
    if canonical == name and name not in everyone:
        # a surname or first name given on the command line: "Cannon" -> "Nick Cannon"
        low = name.lower()
        hits = sorted({n for n in names.values()
                       if low in [t.lower() for t in n.split()]})
        if len(hits) >= 1:
            canonical = min(hits, key=lambda n: (-sum(1 for c in claims
                                                      if names.get(c.subject) == n), n))
    aliases = tuple(sorted({n for n, k in names.items() if k == canonical}))
    mine = [c for c in claims if names.get(c.subject, c.subject) == canonical]
    entries: list[TimelineEntry] = []
    born: Interval | None = None
    died: Interval | None = None
    for c in mine:
        if c.attribute == "died":
            iv = parse_interval(c.value)
            if iv is not None:
                died = iv if died is None or died.intersect(iv).empty else died.intersect(iv)
    for c in sorted(mine, key=lambda c: (c.holds_at or date.min, c.attribute)):
        iv: Interval | None = None
        when = c.holds_at.isoformat() if c.holds_at else ""
        what = f"{c.attribute.replace('_', ' ')}: {c.value}"
        if c.attribute == "born":
            iv = parse_interval(c.value)
            when = c.value
            what = "born"
        elif c.attribute == "died":
            when = c.value
            what = "died"
        elif c.attribute in ("age", "age_at_death"):
            age = parse_age_value(c.value)
            if age and c.attribute == "age_at_death" and died is not None:
                iv = birth_interval(age[0], age[1], died)
                when = format_interval(died)
            elif age and c.holds_at is not None:
                at = Interval.day(c.holds_at)
                if died is not None and c.holds_at > died.end:
                    at = died
                iv = birth_interval(age[0], age[1], at)
            what = f"{'aged' if c.attribute == 'age' else 'died aged'} {c.value}"
        elif c.attribute in _RELATIONS:
            continue
        if iv is not None:
            born = iv if born is None or born.intersect(iv).empty else born.intersect(iv)
        entries.append(TimelineEntry(when, what + f" [{c.article_id}]", (c,)))
    relations: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in claims:
        if c.attribute not in _RELATIONS:
            continue
        subj = names.get(c.subject, c.subject)
        val = names.get(c.value, c.value)
        if subj == canonical:
            relations[(_RELATIONS[c.attribute][0], val)].append(c)
        elif val == canonical:
            relations[(_RELATIONS[c.attribute][1], subj)].append(c)
    ids = {c.id for c in mine} | {c.id for cs in relations.values() for c in cs}
    mine_conflicts = tuple(k for k in conflicts
                           if k.claim_a.id in ids or (k.claim_b is not None
                                                      and k.claim_b.id in ids))
    return Timeline(
        person=canonical, aliases=aliases,
        born=format_interval(born) if born is not None else None,
        died=format_interval(died) if died is not None else None,
        entries=tuple(sorted(entries, key=lambda e: e.when or "~")),
        relations=tuple((r, o, tuple(cs)) for (r, o), cs in sorted(relations.items())),
        conflicts=mine_conflicts,
    )

