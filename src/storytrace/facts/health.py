"""Health: diagnoses ("diagnosed hydrocephalus", "admitted to the hospital with pneumonia",
"who had dementia") and conditions named on their own ("the tumor began to grow")."""

from __future__ import annotations

import re

from . import patterns as P
from .builder import (
    Builder,
    norm_space,
    subject_before,
)


def extract_health(b: Builder, text: str, s0: int, s1: int, first_person: str | None) -> None:
    """Diagnoses in ``[s0, s1)`` (``first_person``: whom a condition named on its own
    is about, ``None`` when nobody)."""
    seen: set[int] = set()
    for pattern in (P.DIAGNOSED, P.HOSPITAL, P.WHO_HAD):
        for m in pattern.finditer(text, s0, s1):
            if pattern is P.WHO_HAD:
                before = [p for _, p, _, _ in b.resolver._between(s0, m.start()) if p]
                subject = before[-1] if before else None
            else:
                subject = subject_before(b, s0, m.start())
                if subject is None and not _OTHER_SUBJECT.search(text, s0, m.start()):
                    subject = first_person
            seen.add(m.start("cond"))
            if subject:
                b.add(subject, "diagnosis", norm_space(m["cond"]), m.start(), m.end())
    # "the tumor began to grow": a condition named on its own is about the sentence's person
    for m in _THE_CONDITION.finditer(text, s0, s1):
        if m.start("cond") in seen or first_person is None:
            continue
        if re.search(r"\b(?:died|passed away)\b", text[s0:s1]):
            continue  # handled as a cause of death
        b.add(first_person, "diagnosis", norm_space(m["cond"]), m.start(), m.end())


# "Four people were treated for smoke inhalation, Drumlock said": not about the speaker
_OTHER_SUBJECT = re.compile(r"\b(?:people|residents|patients|others|victims|passengers|"
                            r"firefighters|officers|workers|children|staff|crew|(?:one|two|three|"
                            r"four|five|six|seven|eight|nine|ten|\d+)\s+(?:\w+\s+)?(?:men|women|"
                            r"people|others))\b", re.I)
_THE_CONDITION = re.compile(rf"\b[Tt]he\s+(?P<cond>{P.CONDITION})\b")
