"""Family relations: children with their parents and co-parents ("shares twins Monroe and
Moroccan, 11, with ex-wife Mariah Carey"), possessive relations ("Cannon's ex-wife"),
marriages, siblings and partners, ordinal children ("his seventh child") and expecting."""

from __future__ import annotations

import re

from . import patterns as P
from .builder import (
    ADULT_ROLE,
    COUPLE,
    MONTHS,
    Builder,
    clean_name,
    has_age,
    possessors,
    resolve_ref,
    split_names,
)
from .datefind import DateMention
from .dates import (
    ORDINALS,
    format_interval,
)
from .entities import PRONOUNS


def extract_family(b: Builder, text: str, s0: int, s1: int, dates: list[DateMention]) -> None:
    """Family lists after a trigger ("shares twins Monroe and Moroccan, 11, with ex-wife
    Mariah Carey and ..."): children, ages, co-parents, twins and "welcomed ... in June"."""
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
            parents = possessors(b, trig["poss"], trig.start())
        elif before:
            subj = before["subj"]
            if COUPLE.fullmatch(subj):
                parents = b.resolver.couple(before.start("subj"))
            elif ADULT_ROLE.fullmatch(subj):
                ref = b.resolver.adult_role(before.start("subj"))
                parents = [ref] if ref else []
            else:
                for _offset, name in split_names(subj) or []:
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


def _family_segment(b: Builder, text: str, trig: re.Match[str], seg_end: int,
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
            coparents = [b.resolver.name(n) for _, n in split_names(item["resp"])]
            kids = pending or (groups[-1][0] if groups else [])
            for (child, cs, ce, role), cop in zip(kids, coparents, strict=False):
                groups.append(([(child, cs, ce, role)], [cop], "", item.end()))
            if pending:
                pending = []
            last_end = item.end()
            continue
        if item["coparent"]:
            name = clean_name(item["coparent"])
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
        name = clean_name(item["child"])
        if not name:
            continue
        child = b.resolver.name(name)
        if child in parents or name in MONTHS:
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
                if gap.strip() not in ("and", ",", "&") or has_age(b, pc):
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


def extract_possessive_relations(b: Builder, text: str, s0: int, s1: int,
                          sentences: list[tuple[int, int]], index: int) -> None:
    """Possessive relations: "her son Zen", "Cannon's ex-wife Mariah Carey", "his
    father, Bastian Oduya", "Nick Cannon's partner" (the previous sentence's subject)."""
    for m in P.POSSESSIVE_CHILD.finditer(text, s0, s1):
        if m["poss"].lower() == "their" and re.search(r"birth\s+to\s+$",
                                                      text[max(s0, m.start() - 12):m.start()]):
            continue  # "she gave birth to their daughter": read by the birth pattern
        parents = possessors(b, m["poss"], m.start("poss"), strict=True)
        role = m["role"].lower()
        kids = []
        for offset, name in split_names(m["names"]):
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
            ref = resolve_ref(b, m["poss"], m.start("poss")) if m["poss"].lower() in PRONOUNS \
                else None
            owners = [ref] if ref else possessors(b, m["poss"], m.start("poss"))
        else:
            owners = possessors(b, m["poss"], m.start("poss"))
        if not owners:
            continue
        other = None
        end = m.end()
        if m["name"]:
            name = clean_name(m["name"])
            other = b.resolver.name(name) if name else None
        elif m.start() == s0 and index > 0:
            # "Nick Cannon's partner has penned ..." after a sentence about Alyssa Scott
            # (the previous sentence's subject; not when that is the owner: "X, 39, said ...
            # X's partner, 44, has not spoken" is about someone else)
            ps, pe = sentences[index - 1]
            first = b.resolver.first_person(ps, pe)
            other = first if first not in owners else None
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


def extract_marriages(b: Builder, text: str, s0: int, s1: int) -> None:
    """"X married Y", "X was previously married to Y", "his first marriage, to Y"."""
    for m in P.MARRIED.finditer(text, s0, s1):
        if m["a"]:
            a = resolve_ref(b, m["a"], m.start("a"), adult=True)
            name = clean_name(m["b"])
            other = b.resolver.name(name) if name else None
            once = (m["once"] or "").strip()
            kind = "ex_partner_of" if once in ("previously", "once", "formerly", "briefly") or \
                once == "first" and m["was"] else "partner_of"
        else:
            trig = P.FAMILY_TRIGGER.search(text, s0, m.start())
            if trig:
                continue  # "leaves a son from his first marriage, to X": the family parser
            owners = possessors(b, m["poss"], m.start("poss"), strict=True)
            a = owners[0] if owners else None
            name = clean_name(m["c"])
            other = b.resolver.name(name) if name else None
            kind = "ex_partner_of" if m["which"] in ("first", "previous", "former") else \
                "partner_of"
        if a and other and a != other:
            b.add(a, kind, other, m.start(), m.end())


def extract_siblings_and_partners(b: Builder, text: str, s0: int, s1: int) -> None:
    """"Liv joins big brother Arlo", "with his wife X" (partners named without a possessive
    owner are the sentence's first adult's)."""
    join = P.SIBLING_JOIN.search(text, s0, s1)
    if join:
        if join["a"][:4] in ("The ", "the "):  # "The baby joins big sister Wren"
            a = b.resolver.child_before(join.start("a"), None)
        else:
            name = clean_name(join["a"])
            a = b.resolver.name(name) if name else None
        for m in P.SIBLING_ITEM.finditer(text, join.end("a"), s1):
            for _, other in split_names(m["names"]):
                o = b.resolver.name(other)
                if a and o != a:
                    b.add(a, "sibling_of", o, join.start(), m.end())
    trig = P.FAMILY_TRIGGER.search(text, s0, s1)
    for m in P.BARE_RELATION.finditer(text, s0, s1):
        if trig and trig.start() < m.start():
            continue  # "shares twins ... with ex-wife X" is read by the family parser
        if m["rel"].startswith(("his ", "her ")):
            continue  # possessive forms are read by RELATION_ROLE
        name = clean_name(m["name"])
        other = b.resolver.name(name) if name else None
        owner = b.resolver.first_adult_between(s0, m.start(), exclude=[other or ""]) \
            or b.resolver.adult_role(s0)
        if not other or not owner or owner == other:
            continue
        kind = "ex_partner_of" if m["rel"].startswith("ex") else "partner_of"
        b.add(owner, kind, other, m.start(), m.end())


def extract_ordinals(b: Builder, text: str, s0: int, s1: int) -> None:
    """"his seventh child", "Zen, Cannon's seventh child": the ordinal and the parent."""
    for m in P.ORDINAL_CHILD.finditer(text, s0, s1):
        if m["subj"]:
            child = resolve_ref(b, m["subj"], m.start("subj"))
            poss, ord_word = m["poss"], m["ord"]
            ppos = m.start("poss")
        else:
            name = clean_name(m["name2"])
            child = b.resolver.name(name) if name else None
            poss, ord_word = m["poss2"], m["ord2"]
            ppos = m.start("poss2")
        n = ORDINALS.get(ord_word.lower())
        if n is None:
            digits = re.match(r"\d+", ord_word)
            n = int(digits.group(0)) if digits else None
        parents = possessors(b, poss, ppos)
        if not child or n is None or child in parents:
            continue
        b.add(child, "ordinal_child", str(n), m.start(), m.end())
        for parent in parents:
            b.add(parent, "parent_of", child, m.start(), m.end())


def extract_expecting(b: Builder, text: str, s0: int, s1: int) -> None:
    """"she and X are expecting", "his upcoming child with X"."""
    for m in P.EXPECTING.finditer(text, s0, s1):
        if m["subj"] and COUPLE.fullmatch(m["subj"]):
            pair = b.resolver.couple(m.start("subj"))
            if len(pair) == 2:
                b.add(pair[0], "expecting", pair[1], m.start(), m.end())
                b.add(pair[1], "expecting", pair[0], m.start(), m.end())
            continue
        if m["subj"]:
            subj = resolve_ref(b, m["subj"], m.start("subj"), adult=True)
            other = None
            if m["other"] and m["other"][0].isupper():
                name = clean_name(m["other"])
                other = b.resolver.name(name) if name else None
            b.add(subj, "expecting", other or "child", m.start(), m.end())
            if other:
                b.add(other, "expecting", subj or "child", m.start(), m.end())
        else:
            parents = possessors(b, m["poss"], m.start("poss"))
            other = None
            if m["with"]:
                name = clean_name(m["with"])
                other = b.resolver.name(name) if name else None
            for parent in parents:
                b.add(parent, "expecting", other or "child", m.start(), m.end())
            if other and parents:
                b.add(other, "expecting", parents[0], m.start(), m.end())


_EXPECTING_BEFORE = re.compile(r"(?:expecting|pregnant|unborn|carrying|upcoming|due|future|"
                               r"another|new)\s+(?:\w+\s+){0,2}$", re.I)
_CHILD_GENDER = {"son": "m", "baby boy": "m", "daughter": "f", "baby girl": "f"}


def extract_unnamed_children(b: Builder, text: str, s0: int, s1: int) -> None:
    """Children named by role only: "Nick Cannon's partner ... a tribute to their baby boy"
    (the boy named earlier: Cannon is his father), "her son. ... Idris, who turned one"."""
    for m in P.UNNAMED_CHILD.finditer(text, s0, s1):
        if _EXPECTING_BEFORE.search(text, max(s0, m.start() - 30), m.start()):
            continue  # an unborn child is not the child named before
        role = " ".join(m["role"].lower().split())
        gender = _CHILD_GENDER.get(role)
        child = b.resolver.child_before(m.start(), gender)
        if child is None and role in _CHILD_GENDER:
            child = b.resolver.child_after(m.end(), gender)
        if child is None:
            continue
        for parent in possessors(b, m["poss"], m.start("poss"), strict=True):
            if parent != child and parent not in b.resolver.minors():
                b.add(parent, "parent_of", child, m.start(), m.end())
    for m in P.CHILD_WORD_RELATION.finditer(text, s0, s1):
        word = m["role"].lower()
        child = b.resolver.child_before(m.start(), {"boy": "m", "girl": "f"}.get(word))
        parent = b.resolver.first_adult_between(s0, m.start(), exclude=[child or ""])
        if child and parent:
            b.add(parent, "parent_of", child, m.start(), m.end())


_TWINS = re.compile(rf"\btwins?\s*,?\s+(?P<a>{P.NAME})\s+(?:and|&)\s+(?P<b>{P.NAME})\b")


def extract_twins(b: Builder, text: str, s0: int, s1: int) -> None:
    """ "the twins, Ruben and Sol": siblings, whoever their parents are."""
    for m in _TWINS.finditer(text, s0, s1):
        na, nb = clean_name(m["a"]), clean_name(m["b"])
        if not na or not nb:
            continue
        x, y = b.resolver.name(na), b.resolver.name(nb)
        if x != y:
            b.add(x, "sibling_of", y, m.start(), m.end())
            b.add(y, "sibling_of", x, m.start(), m.end())
