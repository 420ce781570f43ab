"""HTML built from character offsets, with every piece of article text escaped.

Article text is hostile: it is never passed through ``|safe``. These functions escape each
text segment with ``markupsafe.escape`` and only wrap it in elements whose attributes they
compose themselves (classes from a fixed set, titles escaped, hrefs to our own pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape
from rapidfuzz.distance import Indel


@dataclass(frozen=True, slots=True)
class Span:
    """An annotation of ``text[start:end]``: a CSS class, a hover title, an optional link."""

    start: int
    end: int
    cls: str
    title: str = ""
    href: str | None = None
    anchor: str | None = None
    """An element id placed where the span starts (a link target)."""


def mark_text(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` as HTML with the spans marked; overlapping spans split into flat segments."""
    n = len(text)
    valid = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = {0, n}
    for span in valid:
        cuts.add(span.start)
        cuts.add(span.end)
    bounds = sorted(cuts)
    starts: dict[int, list[Span]] = {}
    for span in valid:
        starts.setdefault(span.start, []).append(span)
    active: list[Span] = []
    out: list[str] = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        active = [s for s in active if s.end > left]
        for span in starts.get(left, ()):
            active.append(span)
            if span.anchor:
                out.append(f'<span class="anchor" id="{escape(span.anchor)}"></span>')
        piece = escape(text[left:right])
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(s.cls for s in active))
        titles = " · ".join(dict.fromkeys(s.title for s in active if s.title))
        href = next((s.href for s in active if s.href), None)
        title_attr = f' title="{escape(titles)}"' if titles else ""
        if href:
            out.append(f'<a class="{escape(classes)}" href="{escape(href)}"{title_attr}>'
                       f"{piece}</a>")
        else:
            out.append(f'<span class="{escape(classes)}"{title_attr}>{piece}</span>')
    return Markup("".join(out))


@dataclass(frozen=True, slots=True)
class Coverage:
    """A piece of a statement and the fragments (outlet, article, offset) that quoted it."""

    start: int
    end: int
    quoted_by: tuple[tuple[str | None, str, int], ...]


def statement_html(text: str, coverage: Sequence[Coverage],
                   color: Callable[[str | None], str],
                   href: Callable[[str, int], str]) -> Markup:
    """A rebuilt statement, each fragment underlined in the colours of the outlets quoting it.

    Each quoted piece links to the first article that quoted it; pieces nobody quoted verbatim
    stay plain.
    """
    out: list[str] = []
    n = len(text)
    for piece in coverage:
        start, end = max(0, piece.start), min(n, piece.end)
        if start >= end:
            continue
        chunk = escape(text[start:end])
        if not piece.quoted_by:
            out.append(f'<span class="unquoted">{chunk}</span>')
            continue
        outlets = list(dict.fromkeys(o or "unknown outlet" for o, _, _ in piece.quoted_by))
        shadows = ", ".join(
            f"inset 0 -{3 * (i + 1)}px 0 {color(None if o == 'unknown outlet' else o)}"
            for i, o in enumerate(outlets[:4])
        )
        outlet, article_id, offset = piece.quoted_by[0]
        title = escape("Quoted by " + ", ".join(outlets))
        out.append(
            f'<a class="frag" href="{escape(href(article_id, offset))}" title="{title}" '
            f'data-outlets="{len(outlets)}" style="box-shadow: {shadows}; '
            f'padding-bottom: {3 * min(len(outlets), 4)}px">{chunk}</a>'
        )
    return Markup("".join(out))


def coverage_of(text_len: int,
                fragments: Sequence[tuple[int, int, str | None, str, int]]) -> list[Coverage]:
    """Split ``[0, text_len)`` at fragment bounds: which fragments cover each piece.

    ``fragments`` holds ``(statement_start, statement_end, outlet, article_id, article_start)``.
    """
    cuts = {0, text_len}
    for s, e, *_ in fragments:
        if 0 <= s < e <= text_len:
            cuts.update((s, e))
    bounds = sorted(cuts)
    pieces = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        by = tuple((o, a, off) for s, e, o, a, off in fragments if s <= left and right <= e)
        pieces.append(Coverage(left, right, by))
    return pieces


_TOKEN = re.compile(r"\s+|[^\s]+")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                             "\u00a0": " "})


def word_diff(a: str, b: str, *, limit: int = 3000) -> tuple[Markup, Markup, float]:
    """Two passages with their differing words marked (``del`` in a, ``ins`` in b).

    Word-level Indel opcodes from rapidfuzz (whitespace runs are tokens too, so the text is
    kept exactly). Returns both as HTML and the share of words that match (0..1). Passages
    longer than ``limit`` tokens are compared on their first ``limit`` tokens.
    """
    ta, tb = _TOKEN.findall(a)[:limit], _TOKEN.findall(b)[:limit]
    out_a: list[str] = []
    out_b: list[str] = []
    same = 0
    # typographic variants (curly or straight quotes, dashes) are not wording differences
    na = [t.translate(_TYPOGRAPHY) for t in ta]
    nb = [t.translate(_TYPOGRAPHY) for t in tb]
    for op in Indel.opcodes(na, nb):
        left = "".join(ta[op.src_start:op.src_end])
        right = "".join(tb[op.dest_start:op.dest_end])
        if op.tag == "equal":
            out_a.append(str(escape(left)))
            out_b.append(str(escape(right)))
            same += sum(1 for t in ta[op.src_start:op.src_end] if not t.isspace())
            continue
        if left:
            out_a.append(f"<del>{escape(left)}</del>")
        if right:
            out_b.append(f"<ins>{escape(right)}</ins>")
    words = max(1, sum(1 for t in ta if not t.isspace()) + sum(1 for t in tb if not t.isspace()))
    return Markup("".join(out_a)), Markup("".join(out_b)), min(1.0, 2 * same / words)
