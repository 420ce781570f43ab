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
    NUMBER_WORDS,
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
from .dates import WEEKDAYS as WEEKDAY_INDEX
from .entities import _NOT_PERSON_LAST, PRONOUNS, ROLE_WORDS, Resolver
from .options import DEFAULT_OPTIONS, FactOptions
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
    "Five", "Four", "One", "Two", "Three", "Six", "Seven", "Eight", "Nine", "Ten",
    "Footballer", "Singer", "Actor", "Actress", "Model", "Rapper", "Presenter", "Star", "Host",
    "Defender", "Chef", "Comedian", "Director", "TV", "Reality", "Former", "Late", "Veteran",
    "Player", "Captain", "Coach", "Author", "Writer", "Musician", "Dancer", "Producer",
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
    if len(toks) > 1 and toks[-1] in _NOT_PERSON_LAST:
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
    deceased: list[tuple[int, str]] = field(default_factory=list)

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
        if unit == "years" and n >= 18:
            self.resolver.grown.add(subject)
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
        if g.get("yrel") and at is not None:
            shift = {"last": -1, "this": 0, "next": 1}[g["yrel"]]
            d = safe_date(at.end.year + shift, month, day)
            return DateMention(start, end, Interval.day(d) if d else None, weekday, month, day,
                               d.year if d else None)
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
    if g["wd2"]:
        # "on Saturday" in a dated article: the latest such day on or before publication
        interval = None
        if at is not None and at.start == at.end:
            wd = WEEKDAY_INDEX[g["wd2"].lower()]
            interval = Interval.day(at.end - timedelta(days=(at.end.weekday() - wd) % 7))
        return DateMention(start, end, interval, relative=m.group(0))
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


_DATE_GATE = re.compile(
    rf"\d|{P.MONTH_NAME}|\b(?:last|earlier|this|yesterday|later|ago)\b")


def _date_matches(text: str, sentences: list[tuple[int, int]] | None) -> Iterator[re.Match]:
    if sentences is None:
        yield from P.DATE_PHRASE.finditer(text)
        return
    for s0, s1 in sentences:
        if _DATE_GATE.search(text, s0, s1):
            yield from P.DATE_PHRASE.finditer(text, s0, s1)


def find_dates(text: str, at: Interval | None,
               sentences: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Every date phrase of ``text`` resolved against ``at`` (relative ones need it);
    "N months later" is anchored on the latest absolute date written before it.
    ``sentences`` (spans) restricts the scan to sentences that can hold a date (faster)."""
    out: list[DateMention] = []
    anchor: Interval | None = None
    for m in _date_matches(text, sentences):
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


def _resolve_ref(b: _Builder, surface: str, pos: int, adult: bool = False,
                 strict: bool = False) -> str | None:
    s = surface.strip()
    if s.lower() in PRONOUNS:
        return b.resolver.pronoun(pos, s.lower(), adult=adult, strict=strict)
    if _ADULT_ROLE.fullmatch(s):
        return b.resolver.adult_role(pos)
    name = _clean_name(s)
    return b.resolver.name(name) if name else None


_ADULT_ROLE = re.compile(rf"[Tt]he\s+(?:[\w-]+\s+)?(?:{'|'.join(sorted(ROLE_WORDS))})")
_COUPLE = re.compile(r"[Tt]he\s+(?:couple|pair|two)|[Tt]hey|[Tt]heir")


def _possessors(b: _Builder, poss: str, pos: int, strict: bool = False) -> list[str]:
    """ "his and Alyssa Scott's" -> [Nick Cannon, Alyssa Scott]; "her" -> [Alyssa Scott]."""
    out: list[str] = []
    body = re.sub(r"['’]s$", "", poss)
    if _COUPLE.fullmatch(body.strip()):
        return b.resolver.couple(pos)
    for part_m in re.finditer(r"[^\s].*?(?=\s+and\s+|$)", body):
        part = part_m.group(0).strip()
        if part.lower().startswith("and "):
            part = part[4:]
        ref = _resolve_ref(b, part, pos + part_m.start(), adult=True, strict=strict)
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
        if trig["poss"]:
            parents = _possessors(b, trig["poss"], trig.start())
        elif before:
            subj = before["subj"]
            if _COUPLE.fullmatch(subj):
                parents = b.resolver.couple(before.start("subj"))
            elif _ADULT_ROLE.fullmatch(subj):
                ref = b.resolver.adult_role(before.start("subj"))
                parents = [ref] if ref else []
            else:
                for _offset, name in _split_names(subj) or []:
                    parents.append(b.resolver.name(name))
            if not parents and subj.lower() in PRONOUNS:
                ref = b.resolver.pronoun(before.start("subj"), subj.lower(), adult=True)
                if ref:
                    parents.append(ref)
        if not parents:
            m_rel = re.search(r"\bwhom\s+(he|she)\b", text[trig.end():seg_end])
            if m_rel:
                ref = b.resolver.pronoun(trig.end() + m_rel.start(1), m_rel[1].lower(),
                                         adult=True)
                if ref:
                    parents.append(ref)
        for parent in parents:
            b.resolver.note(trig.start() - 1, parent)
        _family_segment(b, text, trig, seg_end, parents, dates)
        pos = seg_end + 1


def _family_segment(b: _Builder, text: str, trig: re.Match[str], seg_end: int,
                    parents: list[str], dates: list[DateMention]) -> None:
    pending: list[tuple[str, int, int, str]] = []  # (child, start, end, role)
    groups: list[tuple[list[tuple[str, int, int, str]], list[str], str, int]] = []
    open_coparent: tuple[list[str], str] | None = None
    last_end = trig.end()
    last_child_end = -1
    twins_groups: list[list[str]] = []
    twins_open = False
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
            b.resolver.note(item.start("coparent"), cop)
            twins_open = False
            qual = (item["copre"] or "") + (item["link"] or "")
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
            twins_groups.append([child])
            twins_open = True
        elif twins_open and text[last_child_end:item.start()].strip() in ("and", ",", "&"):
            twins_groups[-1].append(child)
        else:
            twins_open = False
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
                if re.search(r"\bex|former|previous|then-|first\s+marriage", q):
                    b.add(parent, "ex_partner_of", cop, start, g_end)
                elif re.search(r"\b(?:wife|husband|partner|girlfriend|boyfriend|fianc)", q):
                    b.add(parent, "partner_of", cop, start, g_end)
    for twins in twins_groups:
        ends = [k[2] for g in groups for k in g[0] if k[0] in twins]
        for x in twins:
            for y in twins:
                if x != y:
                    b.add(x, "sibling_of", y, trig.start(), max(ends, default=last_end))
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
        if m["poss"].lower() == "their" and re.search(r"birth\s+to\s+$",
                                                      text[max(s0, m.start() - 12):m.start()]):
            continue  # "she gave birth to their daughter": read by the birth pattern
        parents = _possessors(b, m["poss"], m.start("poss"), strict=True)
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
        rel = m["rel"].lower()
        if "brother" in rel or "sister" in rel:  # a child can have a sister: no adult filter
            ref = _resolve_ref(b, m["poss"], m.start("poss")) if m["poss"].lower() in PRONOUNS \
                else None
            owners = [ref] if ref else _possessors(b, m["poss"], m.start("poss"))
        else:
            owners = _possessors(b, m["poss"], m.start("poss"))
        if not owners:
            continue
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
        elif rel in ("wife", "husband", "partner", "girlfriend", "boyfriend", "widow",
                     "widower") or rel.startswith("fianc"):
            b.add(owner, "partner_of", other, m.start(), end)
        elif "brother" in rel or "sister" in rel:
            b.add(owner, "sibling_of", other, m.start(), end)
        elif rel in ("mother", "father", "mom", "dad"):
            b.add(other, "parent_of", owner, m.start(), end)


def _marriages(b: _Builder, text: str, s0: int, s1: int) -> None:
    for m in P.MARRIED.finditer(text, s0, s1):
        if m["a"]:
            a = _resolve_ref(b, m["a"], m.start("a"), adult=True)
            name = _clean_name(m["b"])
            other = b.resolver.name(name) if name else None
            kind = "partner_of"
        else:
            trig = P.FAMILY_TRIGGER.search(text, s0, m.start())
            if trig:
                continue  # "leaves a son from his first marriage, to X": the family parser
            owners = _possessors(b, m["poss"], m.start("poss"), strict=True)
            a = owners[0] if owners else None
            name = _clean_name(m["c"])
            other = b.resolver.name(name) if name else None
            kind = "ex_partner_of" if m["which"] in ("first", "previous", "former") else \
                "partner_of"
        if a and other and a != other:
            b.add(a, kind, other, m.start(), m.end())


def _siblings_and_partners(b: _Builder, text: str, s0: int, s1: int) -> None:
    join = P.SIBLING_JOIN.search(text, s0, s1)
    if join:
        name = _clean_name(join["a"])
        a = b.resolver.name(name) if name else None
        for m in P.SIBLING_ITEM.finditer(text, join.end("a"), s1):
            for _, other in _split_names(m["names"]):
                o = b.resolver.name(other)
                if a and o != a:
                    b.add(a, "sibling_of", o, join.start(), m.end())
    trig = P.FAMILY_TRIGGER.search(text, s0, s1)
    for m in P.BARE_RELATION.finditer(text, s0, s1):
        if trig and trig.start() < m.start():
            continue  # "shares twins ... with ex-wife X" is read by the family parser
        if m["rel"].startswith(("his ", "her ")):
            continue  # possessive forms are read by RELATION_ROLE
        name = _clean_name(m["name"])
        other = b.resolver.name(name) if name else None
        owner = b.resolver.first_adult_between(s0, m.start(), exclude=[other or ""]) \
            or b.resolver.adult_role(s0)
        if not other or not owner or owner == other:
            continue
        kind = "ex_partner_of" if m["rel"].startswith("ex") else "partner_of"
        b.add(owner, kind, other, m.start(), m.end())


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
        if m["subj"] and _COUPLE.fullmatch(m["subj"]):
            pair = b.resolver.couple(m.start("subj"))
            if len(pair) == 2:
                b.add(pair[0], "expecting", pair[1], m.start(), m.end())
                b.add(pair[1], "expecting", pair[0], m.start(), m.end())
            continue
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
        if mother is None:
            continue
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
    for m in P.BORN_TO.finditer(text, s0, s1):
        name = _clean_name(m["child"])
        if not name:
            continue
        child = b.resolver.name(name)
        parents = []
        for key in ("p1", "p2"):
            if m[key] and m[key][0].isupper():
                pname = _clean_name(m[key])
                if pname:
                    parents.append(b.resolver.name(pname))
        for parent in parents:
            b.add(parent, "parent_of", child, m.start(), m.end())
        if len(parents) == 2 and re.search(r"\b(?:partner|husband|wife|boyfriend|girlfriend|"
                                           r"fianc)", m.group(0)):
            b.add(parents[0], "partner_of", parents[1], m.start(), m.end())
        when = _date_after(text, dates, m.end(), s1, gap=15)
        if when is not None:
            b.add(child, "born", format_interval(when[0]), m.start(), when[1])
    for m in P.BORN_LEAD.finditer(text, s0, s1):
        name = _clean_name(m["name"])
        when = next((d for d in dates if m.start("when") <= d.start < m.end("when")
                     and d.interval is not None), None)
        if name and when is not None:
            b.add(b.resolver.name(name), "born", format_interval(when.interval), m.start(),
                  m.end())
    for m in P.BORN.finditer(text, s0, s1):
        name = _clean_name(m["name"])
        if not name:
            continue
        when = _date_after(text, dates, m.end(), s1, gap=25)
        if when is not None:
            b.add(b.resolver.name(name), "born", format_interval(when[0]), m.start(), when[1])


def _coparent_of(b: _Builder, person: str) -> str | None:
    for (subject, attribute, value) in reversed(list(b.claims)):
        if attribute == "partner_of" and person in (subject, value):
            return value if subject == person else subject
    return _coparent_by_child(b, person)


def _coparent_by_child(b: _Builder, person: str) -> str | None:
    for subject, attribute, value in reversed(list(b.claims)):
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
        subject = None
        who = P.NAME_WHO_AT_START.match(text, s0, m.start())
        if who and not re.search(r"\b(?:said|says|told|announced|confirmed|wrote|shared|"
                                 r"revealed)\b", text[who.end():m.start()]):
            name = _clean_name(who["subj"])  # "Hollis Brandvold, who read ..., has died"
            subject = b.resolver.name(name) if name else None
        if not subject and P.RELATIVE_WHO.search(text, max(s0, m.start() - 20), m.start()):
            # "Hollis Brandvold, the presenter who has died", "X, whose death"
            before = [p for _, p, _, _ in b.resolver._between(s0, m.start()) if p]
            subject = before[-1] if before else None
        if not subject:
            subject = _subject_before(b, s0, m.start())
        if not subject:
            continue
        b.deceased.append((m.start(), subject))
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


_WAS_AGE = re.compile(rf"\s*(?P<pro>He|She)\s+was\s+(?P<num>{P.NUMBER})(?:\s+years\s+old)?\.")


def _was_age(b: _Builder, text: str, s0: int, s1: int) -> None:
    """ "He was 67." right after a sentence about a death: the age at death."""
    m = _WAS_AGE.match(text, s0, s1)
    if not m:
        return
    dead = [name for pos, name in b.deceased if s0 - 400 <= pos < s0]
    person = dead[-1] if dead else None
    if person is None:
        person = b.resolver.pronoun(m.start("pro"), m["pro"].lower())
        if person not in {name for _, name in b.deceased}:
            return
    b.age(person, m["num"], None, m.start("pro"), m.end() - 1, "age_at_death")


def _health(b: _Builder, text: str, s0: int, s1: int, first_person: str | None) -> None:
    seen: set[int] = set()
    for pattern in (P.DIAGNOSED, P.HOSPITAL, P.WHO_HAD):
        for m in pattern.finditer(text, s0, s1):
            if pattern is P.WHO_HAD:
                before = [p for _, p, _, _ in b.resolver._between(s0, m.start()) if p]
                subject = before[-1] if before else None
            else:
                subject = _subject_before(b, s0, m.start()) or first_person
            seen.add(m.start("cond"))
            if subject:
                b.add(subject, "diagnosis", _norm_space(m["cond"]), m.start(), m.end())
    # "the tumor began to grow": a condition named on its own is about the sentence's person
    for m in _THE_CONDITION.finditer(text, s0, s1):
        if m.start("cond") in seen or first_person is None:
            continue
        if re.search(r"\b(?:died|passed away)\b", text[s0:s1]):
            continue  # handled as a cause of death
        b.add(first_person, "diagnosis", _norm_space(m["cond"]), m.start(), m.end())


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
    if not _YEAR_PAREN.search(text):
        return
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


_GATE_RELATION = re.compile(
    r"son|daughter|child|kid|twin|baby|boy|girl|wife|husband|partner|friend|fianc|brother|"
    r"sister|sibling|mother|father|mom|mum|dad|parent|welcomed|birth|widow|married|marriage")
_GATE_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORDS})\b")
_GATE_EXPECTING = re.compile(r"expecting|pregnant|upcoming|unborn|future|expected")
_GATE_DEATH = re.compile(r"died|passed away|killed|lost (?:his|her|their)|whose death")
_GATE_HEALTH = re.compile(r"diagnos|hospital|battl|suffer|treated|recovering|" + P.CONDITION)
_YEAR_PAREN = re.compile(r"\((?:1[89]|20)\d\d")
_THE_CONDITION = re.compile(rf"\b[Tt]he\s+(?P<cond>{P.CONDITION})\b")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    yield from sentence_spans(text)


def extract_claims(article: Article, options: FactOptions = DEFAULT_OPTIONS,
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
    sentences = list(_sentences(text))
    resolver = Resolver.of(text, people, sentences)
    b = _Builder(article, resolver, options, at, holds_at, was_inferred)
    dates = find_dates(text, at, sentences)
    # relations first: they tell the resolver who the children are ("son, Zen")
    # cheap keyword gates: most sentences of most articles state no family or health fact
    lows = [text[s0:s1].lower() for s0, s1 in sentences]
    for i, (s0, s1) in enumerate(sentences):
        if _GATE_NUMBER.search(lows[i]):
            _ages(b, text, s0, s1)  # first: adults' ages tell grown children from minors
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_RELATION.search(low) or "married" in low:
            _marriages(b, text, s0, s1)
            _possessive_relations(b, text, s0, s1, sentences, i)
            _family(b, text, s0, s1, dates)
            _ordinals(b, text, s0, s1)
            _siblings_and_partners(b, text, s0, s1)
        if "birth" in low or "born" in low:
            _births(b, text, s0, s1, dates)
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_EXPECTING.search(low):
            _expecting(b, text, s0, s1)
    for i, (s0, s1) in enumerate(sentences):
        low = lows[i]
        if _GATE_DEATH.search(low):
            _deaths(b, text, s0, s1, dates)
        if low.lstrip().startswith(("he was", "she was")):
            _was_age(b, text, s0, s1)
        if _GATE_HEALTH.search(low):
            first = _first_person_in(b, s0, s1)
            if first is None and i > 0:
                first = _first_person_in(b, *sentences[i - 1])
            _health(b, text, s0, s1, first)
    _lifespans(b, text)
    named = {c.subject for c in b.claims.values() if c.attribute == "expecting"
             and c.value != "child"}
    return sorted((c for c in b.claims.values()
                   if not (c.attribute == "expecting" and c.value == "child"
                           and c.subject in named)),
                  key=lambda c: (c.start, c.attribute, c.subject, c.value))
