"""Claim extraction: what one article states about people (ages, births, deaths, family, health).

``extract_claims`` scans the article sentence by sentence with the patterns of
:mod:`storytrace.facts.patterns`, resolves each subject with :class:`~.entities.Resolver`
(people.py names and pronouns, plus child roles such as "the newborn") and turns dates and ages
into the documented value formats:

========================  =====================================================================
attribute                 value
========================  =====================================================================
``age``                   ``"<N> years|months|weeks|days"`` (singular for 1), at ``holds_at``
``age_at_death``          same format; the age on the day of death
``born`` / ``died``       ISO day, month, year or ``start/end`` interval (``2021-11-01/2021-12-30``)
``parent_of``             the child's canonical name (subject is the parent)
``partner_of``            the partner; ``ex_partner_of``: a former partner or spouse
``sibling_of``            the sibling (twins named together are siblings)
``expecting``             the other parent when named, else ``"child"``
``diagnosis``             the condition as written (``"hydrocephalus"``, ``"tumor"``)
``cause_of_death``        the condition as written (``"brain cancer"``, ``"brain tumour"``)
``ordinal_child``         ``"7"`` for "his seventh child"
========================  =====================================================================

``holds_at`` is the article's publication day; for an undated article it is the earliest day of
the inferred range passed as ``inferred`` (then ``holds_at_inferred`` is true), else ``None``.
Relative dates ("last month", "earlier this year", "in June") need a date to resolve against
and are dropped when the article has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..people import People, sentence_spans
from ..records import Article, Claim, stable_hash
from . import patterns as P
from .dates import (
    ORDINALS,
    Interval,
    add_units,
    age_value,
    format_interval,
    month_interval,
    month_number,
    parse_number,
    parse_numeric_date,
    resolve_relative,
    safe_date,
)
from .entities import PRONOUNS, Resolver
from .options import FactOptions
from .types import InferredDate

__all__ = ["extract_claims", "find_dates", "DateMention"]

_STOP_FIRST = {
    "The", "A", "An", "In", "On", "At", "And", "But", "When", "While", "After", "Before", "As",
    "If", "So", "Then", "This", "That", "These", "Those", "His", "Her", "Their", "Its", "He",
    "She", "They", "It", "We", "I", "You", "Over", "Since", "During", "Meanwhile", "Also",
    "Alongside", "Earlier", "Later", "Last", "Next", "Oh", "Mr", "Mrs", "Ms", "Dr", "Sources",
    "Source", "Physically", "According", "Despite", "Although", "Though", "Now", "Today",
    "Yesterday", "Tomorrow", "Here", "There", "Where", "What", "Who", "Why", "How", "Such",
    "Our", "My", "Your", "Some", "Many", "Most", "All", "Both", "Each", "Every", "No", "Not",
    "Five", "Four", "One", "Two", "Three", "Six", "Seven", "Eight", "Nine", "Ten", "Cannon’s",
}
_NOT_PERSON = {
    "Instagram", "Twitter", "Facebook", "TikTok", "YouTube", "God", "ET", "Story", "Show",
    "Thanksgiving", "Christmas", "Easter", "Heart", "Soul", "Earth", "Mentally", "Spiritually",
    "Physically", "Little Man", "MIRACLE", "BLESSING", "Mayo Clinic", "Texas", "California",
    "Wednesday", "Tuesday", "Monday", "Thursday", "Friday", "Saturday", "Sunday", "Covid",
    "COVID", "Hollywood", "America", "London", "Paris", "New York", "Los Angeles", "Jan", "Feb",
}
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in the text, resolved to an interval when possible."""

    start: int
    end: int
    interval: Interval | None
    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    relative: str | None = None


def _clean_name(surface: str) -> str | None:
    """Strip leading sentence words ("In October" -> None, "The Nick" -> "Nick")."""
    toks = surface.split()
    while toks and (toks[0] in _STOP_FIRST or toks[0] in _MONTHS):
        toks = toks[1:]
    if not toks:
        return None
    name = " ".join(toks)
    if name in _NOT_PERSON or toks[0] in _NOT_PERSON or name in _MONTHS:
        return None
    if name.isupper() and len(name) > 3:
        return None
    return name


def _split_names(surface: str) -> list[tuple[int, str]]:
    """(offset inside ``surface``, name) for a name list "Zion and Zillion" / "A, B and C"."""
    out = []
    for m in re.finditer(P.NAME, surface):
        offset = m.start()
        name = m.group(0)
        toks = name.split()
        dropped = 0
        while toks and (toks[0] in _STOP_FIRST or toks[0] in _MONTHS):
            dropped += len(toks[0]) + 1
            toks = toks[1:]
        if toks and _clean_name(" ".join(toks)):
            out.append((offset + dropped, " ".join(toks)))
    return out


@dataclass
class _Builder:
    article: Article
    resolver: Resolver
    options: FactOptions
    at: Interval | None
    holds_at: date | None
    inferred: bool
    claims: dict[tuple, Claim] = field(default_factory=dict)

    def add(self, subject: str | None, attribute: str, value: str | None, start: int, end: int,
            holds_at: date | None = None) -> None:
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
        self.add(subject, attribute, age_value(n, unit), start, end)


def _date_interval(m: re.Match[str], at: Interval | None, anchor: Interval | None,
                   text: str) -> DateMention:
    """Resolve one DATE_PHRASE match."""
    g = m.groupdict()
    start, end = m.start(), m.end()
    if g["mon"] or g["mon2"]:
        month = month_number(g["mon"] or g["mon2"])
        day = int(g["day"] or g["day2"])
        year_s = g["year"] or g["year2"]
        weekday = None
        if g["wd"]:
            weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"].index(g["wd"].lower())
        if month is None:
            return DateMention(start, end, None)
        if year_s:
            d = safe_date(int(year_s), month, day)
            return DateMention(start, end, Interval.day(d) if d else None, weekday, month, day,
                               int(year_s))
        if not 1 <= day <= 31 or safe_date(2000, month, day) is None:  # February 30
            return DateMention(start, end, None, weekday, month, None)
        interval = None
        if at is not None:
            d = _latest_on_or_before(month, day, at.end, weekday)
            if d is not None and (at.end - d).days < 366:
                interval = Interval.day(d)
        return DateMention(start, end, interval, weekday, month, day)
    if g["mon3"]:
        month = month_number(g["mon3"])
        if month is None:
            return DateMention(start, end, None)
        return DateMention(start, end, month_interval(int(g["year3"]), month), None, month,
                           None, int(g["year3"]))
    if g["year4"]:
        y = int(g["year4"])
        return DateMention(start, end, Interval(date(y, 1, 1), date(y, 12, 31)), year=y)
    if g["mon5"]:
        month = month_number(g["mon5"])
        interval = resolve_relative(g["mon5"], at) if at is not None else None
        return DateMention(start, end, interval, None, month, relative=m.group(0))
    if g["rel"]:
        interval = resolve_relative(g["rel"], at) if at is not None else None
        return DateMention(start, end, interval, relative=g["rel"])
    if g["later"]:
        n = 1 if g["lnum"].lower() == "a" else parse_number(g["lnum"])
        unit = g["lunit"].lower()
        unit = unit if unit.endswith("s") else unit + "s"
        interval = None
        if anchor is not None and n is not None:
            interval = Interval(add_units(anchor.start, n, unit),
                                add_units(anchor.end, n + 1, unit) - timedelta(days=1))
        return DateMention(start, end, interval, relative=g["later"])
    return DateMention(start, end, None)


def _latest_on_or_before(month: int, day: int, limit: date, weekday: int | None) -> date | None:
    for year in range(limit.year, limit.year - 12, -1):
        d = safe_date(year, month, day)
        if d is None or d > limit:
            continue
        if weekday is None or d.weekday() == weekday:
            return d
        if weekday is not None and (limit - d).days > 366:
            return None
    return None


def find_dates(text: str, at: Interval | None) -> list[DateMention]:
    """Every date phrase of ``text`` resolved against ``at`` (relative ones need it);
    "N months later" is anchored on the latest absolute date written before it."""
    out: list[DateMention] = []
    anchor: Interval | None = None
    for m in P.DATE_PHRASE.finditer(text):
        mention = _date_interval(m, at, anchor, text)
        out.append(mention)
        if mention.interval is not None and not mention.relative:
            anchor = mention.interval
        elif mention.interval is not None and mention.relative and mention.relative.startswith(
                ("in ", "back in ")):
            anchor = mention.interval
    for m in P.LIFESPAN.finditer(text):
        for key in ("a", "b"):
            d = parse_numeric_date(m[key])
            if d is not None:
                out.append(DateMention(m.start(key), m.end(key), Interval.day(d), year=d.year,
                                       month=d.month, day=d.day))
    out.sort(key=lambda d: d.start)
    return out


def _subject_before(b: _Builder, sent_start: int, pos: int) -> str | None:
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
    name = _clean_name(subj)
    return b.resolver.name(name) if name else None


def _resolve_ref(b: _Builder, surface: str, pos: int, adult: bool = False) -> str | None:
    s = surface.strip()
    if s.lower() in PRONOUNS:
        return b.resolver.pronoun(pos, s.lower(), adult=adult)
    name = _clean_name(s)
    return b.resolver.name(name) if name else None


def _possessors(b: _Builder, poss: str, pos: int) -> list[str]:
    """ "his and Alyssa Scott's" -> [Nick Cannon, Alyssa Scott]; "her" -> [Alyssa Scott]."""
    out = []
    body = re.sub(r"['’]s$", "", poss)
    for part_m in re.finditer(r"[^\s].*?(?=\s+and\s+|$)", body):
        part = part_m.group(0).strip()
        if part.lower().startswith("and "):
            part = part[4:]
        ref = _resolve_ref(b, part, pos + part_m.start(), adult=True)
        if ref:
            out.append(ref)
    return out


# ------------------------------------------------------------------------------------------
# the extractors, one per family of patterns


def _ages(b: _Builder, text: str, s0: int, s1: int) -> None:
    for m in P.PRENOMINAL_AGE.finditer(text, s0, s1):
        name = _clean_name(m["name"])
        if not name:
            continue
        subject = b.resolver.name(name)
        roles = m["roles"].split()
        if roles and roles[0] in ("son", "daughter", "boy", "girl", "baby"):
            b.resolver.add_child(m.start("name"), subject, roles[0])
        b.age(subject, m["num"], m["unit"], m.start(), m.end())
    for m in P.APPOSITIVE_AGE.finditer(text, s0, s1):
        names = _split_names(m["names"])
        for offset, name in names:
            pos = m.start("names") + offset
            if re.search(r"old\s+(?:\w+\s+)?$", text[max(0, pos - 20):pos]):
                continue  # "20-month-old Powerful and Rise Messiah, 2 months": own age
            if re.search(r"\b(?:on|in|since|until|by)\s+$", text[max(0, pos - 6):pos]):
                continue  # "on Monday, 5" is not an age
            b.age(b.resolver.name(name), m["num"], m["unit"], pos, m.end())
    for m in P.PAREN_AGE.finditer(text, s0, s1):
        name = _clean_name(m["names"])
        if name:
            b.age(b.resolver.name(name), m["num"], None, m.start(), m.end())
    for m in P.TURNED.finditer(text, s0, s1):
        name = _clean_name(m["names"])
        if name:
            b.age(b.resolver.name(name), m["num"], m["unit"], m.start(), m.end())


def _family(b: _Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    pos = s0
    while pos < s1:
        trig = P.FAMILY_TRIGGER.search(text, pos, s1)
        if not trig:
            return
        seg_end_m = P.SEGMENT_END.search(text, trig.end(), s1)
        seg_end = seg_end_m.start() if seg_end_m else s1
        before = P.PARENT_BEFORE.search(text, max(s0, trig.start() - 80), trig.start())
        parents: list[str] = []
        if before:
            for offset, name in _split_names(before["subj"]) or []:
                parents.append(b.resolver.name(name))
            if not parents and before["subj"].lower() in PRONOUNS:
                ref = b.resolver.pronoun(before.start("subj"), before["subj"].lower(),
                                         adult=True)
                if ref:
                    parents.append(ref)
        if not parents:
            m_rel = re.search(r"\bwhom\s+(he|she)\b", text[trig.end():seg_end])
            if m_rel:
                ref = b.resolver.pronoun(trig.end() + m_rel.start(1), m_rel[1].lower(),
                                         adult=True)
                if ref:
                    parents.append(ref)
        _family_segment(b, text, trig, seg_end, parents, dates)
        pos = seg_end + 1


def _family_segment(b: _Builder, text: str, trig: re.Match[str], seg_end: int,
                    parents: list[str], dates: list[DateMention]) -> None:
    pending: list[tuple[str, int, int, str]] = []  # (child, start, end, role)
    groups: list[tuple[list[tuple[str, int, int, str]], list[str], str, int]] = []
    open_coparent: tuple[list[str], str] | None = None
    last_end = trig.end()
    last_child_end = -1
    twins_group: list[str] = []
    welcomed = trig.group(0).startswith("welcomed")
    for item in P.FAMILY_ITEM.finditer(text, trig.end(), seg_end):
        if item["resp"]:
            coparents = [b.resolver.name(n) for _, n in _split_names(item["resp"])]
            kids = pending or (groups[-1][0] if groups else [])
            for (child, cs, ce, role), cop in zip(kids, coparents, strict=False):
                groups.append(([(child, cs, ce, role)], [cop], "", item.end()))
            if pending:
                pending = []
            last_end = item.end()
            continue
        if item["coparent"]:
            name = _clean_name(item["coparent"])
            if not name:
                continue
            cop = b.resolver.name(name)
            if cop in parents:
                continue
            qual = (item["copre"] or "") + (item["mar"] or "")
            if pending:
                groups.append((pending, [cop], qual, item.end()))
                pending = []
                open_coparent = None
            else:
                open_coparent = ([cop], qual)
                if parents:
                    groups.append(([], [cop], qual, item.end()))
            last_end = item.end()
            continue
        name = _clean_name(item["child"])
        if not name:
            continue
        child = b.resolver.name(name)
        if child in parents or name in _MONTHS:
            continue
        role = (item["role"] or "").strip().lower()
        if role.startswith("twin"):
            twins_group = [child]
        elif twins_group and text[last_child_end:item.start()].strip() in ("and", ",", "&"):
            twins_group.append(child)
        b.resolver.add_child(item.start("child"), child, role or None)
        if item["pnum"]:
            b.age(child, item["pnum"], item["punit"], item.start(), item.end("child"))
        if item["num"]:
            b.age(child, item["num"], item["unit"], item.start("child"), item.end())
            # "Monroe and Moroccan, 11": the age goes back to the age-less names joined by "and"
            prev_end = item.start("child")
            for k in range(len(pending) - 1, -1, -1):
                pc, ps, pe, _ = pending[k]
                gap = text[pe:prev_end]
                if gap.strip() not in ("and", ",", "&") or _has_age(b, pc):
                    break
                b.age(pc, item["num"], item["unit"], ps, item.end())
                prev_end = ps
        entry = (child, item.start("child"), item.end("child"), role)
        if open_coparent is not None and not pending:
            groups.append(([entry], open_coparent[0], open_coparent[1], item.end()))
        else:
            pending.append(entry)
        last_end = item.end()
        last_child_end = item.end("child")
    if pending:
        groups.append((pending, [], "", pending[-1][2]))
    for kids, coparents, qual, g_end in groups:
        for child, cs, ce, _role in kids:
            for parent in parents:
                b.add(parent, "parent_of", child, min(trig.start(), cs), max(ce, g_end))
            for cop in coparents:
                b.add(cop, "parent_of", child, cs, max(ce, g_end))
        for cop in coparents:
            for parent in parents:
                q = qual.lower()
                start = trig.start()
                if re.search(r"\bex|former|previous|then-", q):
                    b.add(parent, "ex_partner_of", cop, start, g_end)
                elif re.search(r"\b(?:wife|husband|partner|girlfriend|boyfriend|fianc)", q):
                    b.add(parent, "partner_of", cop, start, g_end)
    if len(twins_group) >= 2:
        for x in twins_group:
            for y in twins_group:
                if x != y:
                    b.add(x, "sibling_of", y, trig.start(), last_end)
    if welcomed:
        kids = [k for g in groups for k in g[0]]
        if kids:
            end_child = max(k[2] for k in kids)
            for d in dates:
                if end_child <= d.start <= end_child + 40 and d.interval is not None and \
                        not text[end_child:d.start].strip(" ,").count(","):
                    for child, cs, _, _ in kids:
                        b.add(child, "born", format_interval(d.interval), cs, d.end)
                    break


def _has_age(b: _Builder, subject: str) -> bool:
    return any(k[0] == subject and k[1] == "age" for k in b.claims)


def _possessive_relations(b: _Builder, text: str, s0: int, s1: int,
                          sentences: list[tuple[int, int]], index: int) -> None:
    for m in P.POSSESSIVE_CHILD.finditer(text, s0, s1):
        parents = _possessors(b, m["poss"], m.start("poss"))
        role = m["role"].lower()
        kids = []
        for offset, name in _split_names(m["names"]):
            child = b.resolver.name(name)
            if child in parents:
                continue
            kids.append((child, m.start("names") + offset))
            b.resolver.add_child(m.start("names") + offset, child, role.split()[-1])
            if not role.endswith(("s", "ren")):
                break  # "son, Zen" names one child
        for child, cpos in kids:
            for parent in parents:
                b.add(parent, "parent_of", child, m.start(), cpos + len(child.split()[0]))
            if m["num"]:
                b.age(child, m["num"], m["unit"], m.start("num"), cpos + len(child.split()[0]))
    for m in P.RELATION_ROLE.finditer(text, s0, s1):
        owners = _possessors(b, m["poss"], m.start("poss"))
        if not owners:
            continue
        rel = m["rel"].lower()
        other = None
        end = m.end()
        if m["name"]:
            name = _clean_name(m["name"])
            other = b.resolver.name(name) if name else None
        elif m.start() == s0 and index > 0:
            # "Nick Cannon's partner has penned ..." after a sentence about Alyssa Scott
            ps, pe = sentences[index - 1]
            other = b.resolver.first_adult_between(ps, pe, exclude=owners)
            end = m.end("rel")
        if not other:
            continue
        owner = owners[0]
        if rel.startswith(("ex", "former")):
            b.add(owner, "ex_partner_of", other, m.start(), end)
        elif rel in ("wife", "husband", "partner", "girlfriend", "boyfriend") or \
                rel.startswith("fianc"):
            b.add(owner, "partner_of", other, m.start(), end)
        elif "brother" in rel or "sister" in rel:
            b.add(owner, "sibling_of", other, m.start(), end)
        elif rel in ("mother", "father", "mom", "dad"):
            b.add(other, "parent_of", owner, m.start(), end)


def _ordinals(b: _Builder, text: str, s0: int, s1: int) -> None:
    for m in P.ORDINAL_CHILD.finditer(text, s0, s1):
        if m["subj"]:
            child = _resolve_ref(b, m["subj"], m.start("subj"))
            poss, ord_word = m["poss"], m["ord"]
            ppos = m.start("poss")
        else:
            name = _clean_name(m["name2"])
            child = b.resolver.name(name) if name else None
            poss, ord_word = m["poss2"], m["ord2"]
            ppos = m.start("poss2")
        n = ORDINALS.get(ord_word.lower())
        if n is None:
            digits = re.match(r"\d+", ord_word)
            n = int(digits.group(0)) if digits else None
        parents = _possessors(b, poss, ppos)
        if not child or n is None or child in parents:
            continue
        b.add(child, "ordinal_child", str(n), m.start(), m.end())
        for parent in parents:
            b.add(parent, "parent_of", child, m.start(), m.end())


def _expecting(b: _Builder, text: str, s0: int, s1: int) -> None:
    for m in P.EXPECTING.finditer(text, s0, s1):
        if m["subj"]:
            subj = _resolve_ref(b, m["subj"], m.start("subj"), adult=True)
            other = None
            if m["other"] and m["other"][0].isupper():
                name = _clean_name(m["other"])
                other = b.resolver.name(name) if name else None
            b.add(subj, "expecting", other or "child", m.start(), m.end())
            if other:
                b.add(other, "expecting", subj or "child", m.start(), m.end())
        else:
            parents = _possessors(b, m["poss"], m.start("poss"))
            other = None
            if m["with"]:
                name = _clean_name(m["with"])
                other = b.resolver.name(name) if name else None
            for parent in parents:
                b.add(parent, "expecting", other or "child", m.start(), m.end())
            if other and parents:
                b.add(other, "expecting", parents[0], m.start(), m.end())


def _births(b: _Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    for m in P.GAVE_BIRTH.finditer(text, s0, s1):
        mother = _resolve_ref(b, m["subj"], m.start("subj"), adult=True)
        names = _split_names(m["names"])
        if not names:
            continue
        kids = [b.resolver.name(n) for _, n in names]
        parents = [mother] if mother else []
        if m["their"] == "their" and mother:
            partner = _coparent_of(b, mother)
            if partner:
                parents.append(partner)
        for child in kids:
            b.resolver.add_child(m.start("names"), child, m["role"])
            for parent in parents:
                b.add(parent, "parent_of", child, m.start(), m.end())
        when = _date_after(text, dates, m.end(), s1)
        if when is not None:
            for child in kids:
                b.add(child, "born", format_interval(when[0]), m.start("names"), when[1])
    for m in P.BORN.finditer(text, s0, s1):
        name = _clean_name(m["name"])
        if not name:
            continue
        when = _date_after(text, dates, m.end(), s1, gap=25)
        if when is not None:
            b.add(b.resolver.name(name), "born", format_interval(when[0]), m.start(), when[1])


def _coparent_of(b: _Builder, person: str) -> str | None:
    for (subject, attribute, value), claim in reversed(list(b.claims.items())):
        if attribute != "parent_of":
            continue
        if subject == person:
            continue
        others = {s for (s, a, v) in b.claims if a == "parent_of" and v == value}
        if person in others:
            return subject
    return None


def _date_after(text: str, dates: list[DateMention], pos: int, limit: int,
                gap: int = 40) -> tuple[Interval, int] | None:
    for d in dates:
        if pos <= d.start <= min(limit, pos + gap) and d.interval is not None:
            if "," in text[pos:d.start].strip(" ,") or "." in text[pos:d.start]:
                return None
            return d.interval, d.end
    return None


def _deaths(b: _Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    for m in P.DEATH_VERB.finditer(text, s0, s1):
        subject = _subject_before(b, s0, m.start())
        if not subject:
            continue
        clause_end = s1
        semi = re.search(r"[;]|\s[-—–]\s", text[m.end():s1])
        if semi:
            clause_end = m.end() + semi.start()
        # date of death: the first date after the verb in the clause, else one before it
        when: Interval | None = None
        for d in dates:
            if m.end() <= d.start < clause_end and d.interval is not None:
                when = d.interval
                break
        if when is None:
            for d in dates:
                if s0 <= d.start < m.start() and d.interval is not None and d.relative and \
                        "later" in d.relative:
                    when = d.interval
        if when is not None:
            b.add(subject, "died", format_interval(when), m.start(), m.end())
        aged = P.AGED.search(text, m.end(), min(clause_end, m.end() + 60))
        if aged:
            b.age(subject, aged["num"], aged["unit"], m.start(), aged.end(), "age_at_death")
        cause = P.CAUSE.search(text, m.end(), clause_end)
        if cause:
            b.add(subject, "cause_of_death", _norm_space(cause["cond"]), m.start(), cause.end())


def _health(b: _Builder, text: str, s0: int, s1: int, first_person: str | None) -> None:
    seen: set[int] = set()
    for pattern in (P.DIAGNOSED, P.HOSPITAL):
        for m in pattern.finditer(text, s0, s1):
            subject = _subject_before(b, s0, m.start()) or first_person
            seen.add(m.start("cond"))
            if subject:
                b.add(subject, "diagnosis", _norm_space(m["cond"]), m.start(), m.end())
    if any(k for k in b.claims if False):
        return
    # "the tumor began to grow": a condition named on its own is about the sentence's person
    for m in re.finditer(rf"\b[Tt]he\s+(?P<cond>{P.CONDITION})\b", text[s0:s1]):
        start = s0 + m.start("cond")
        if start in seen or first_person is None:
            continue
        if re.search(r"\b(?:died|passed away)\b", text[s0:s1]):
            continue  # handled as a cause of death
        b.add(first_person, "diagnosis", _norm_space(m["cond"]), s0 + m.start(), s0 + m.end())


def _lifespans(b: _Builder, text: str) -> None:
    for m in P.LIFESPAN.finditer(text):
        born = parse_numeric_date(m["a"])
        died = parse_numeric_date(m["b"])
        if born is None or died is None or died < born:
            continue
        subject = _deceased(b, m.start())
        if subject:
            b.add(subject, "born", born.isoformat(), m.start(), m.end("a"))
            b.add(subject, "died", died.isoformat(), m.start(), m.end())
    for m in P.YEAR_SPAN.finditer(text):
        name = _clean_name(m["name"])
        a, c = int(m["a"]), int(m["b"])
        if name and a <= c and c - a <= 130:
            subject = b.resolver.name(name)
            b.add(subject, "born", str(a), m.start(), m.end())
            b.add(subject, "died", str(c), m.start(), m.end())


def _deceased(b: _Builder, pos: int) -> str | None:
    """Whose lifespan a bare "6•23•21 - 12•5•21" is: the person the article mourns."""
    for (subject, attribute, _), _claim in b.claims.items():
        if attribute in ("died", "age_at_death", "cause_of_death"):
            return subject
    text = b.article.text
    m = re.search(r"\b(?:[Ll]ate|loss\s+of|death\s+of|mourn\w*)\b[^.]{0,60}?\b(?i:son|daughter|"
                  rf"child|baby)\s*,?\s*(?P<name>{P.NAME})", text)
    if m:
        name = _clean_name(m["name"])
        if name:
            return b.resolver.name(name)
    return b.resolver.child_for_role(pos, None)


def _norm_space(s: str) -> str:
    return " ".join(s.split()).lower()


def _first_person_in(b: _Builder, s0: int, s1: int) -> str | None:
    for mention in b.resolver.people.mentions_between(s0, s1):
        if mention.person:
            return mention.person
    return None


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    yield from sentence_spans(text)


def extract_claims(article: Article, options: FactOptions = FactOptions(),
                   people: People | None = None, *,
                   inferred: InferredDate | None = None) -> list[Claim]:
    """The claims an article states about people, in text order.

    ``people`` is the article's :func:`storytrace.people.find_people` result (computed when not
    given). ``inferred`` gives an undated article the date range inferred for it
    (:func:`storytrace.facts.infer_publication_date`); relative dates then resolve against it.
    Never raises on odd text: impossible dates and implausible ages are simply not claims.
    """
    text = article.text
    published = article.published_date
    if published is not None:
        at: Interval | None = Interval.day(published)
        holds_at, was_inferred = published, False
    elif inferred is not None:
        at = Interval(inferred.earliest, inferred.latest)
        holds_at, was_inferred = inferred.earliest, True
    else:
        at, holds_at, was_inferred = None, None, False
    resolver = Resolver.of(text, people)
    b = _Builder(article, resolver, options, at, holds_at, was_inferred)
    dates = find_dates(text, at)
    sentences = list(_sentences(text))
    # relations first: they tell the resolver who the children are ("son, Zen")
    for i, (s0, s1) in enumerate(sentences):
        _possessive_relations(b, text, s0, s1, sentences, i)
        _family(b, text, s0, s1, dates)
        _ordinals(b, text, s0, s1)
    for s0, s1 in sentences:
        _ages(b, text, s0, s1)
        _births(b, text, s0, s1, dates)
        _expecting(b, text, s0, s1)
    for i, (s0, s1) in enumerate(sentences):
        _deaths(b, text, s0, s1, dates)
        first = _first_person_in(b, s0, s1)
        if first is None and i > 0:
            first = _first_person_in(b, *sentences[i - 1])
        _health(b, text, s0, s1, first)
    _lifespans(b, text)
    return sorted(b.claims.values(), key=lambda c: (c.start, c.attribute, c.subject, c.value))
