"""Server-side SVG charts: the index sparklines and the story timeline (no JavaScript needed).

Every piece of text that reaches the SVG goes through ``markupsafe.escape``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..records import Episode
from ..store.web_queries import ArticleRow


def sparkline(days: Sequence[date], *, width: int = 120, height: int = 28, bins: int = 20,
              color: str = "#2563eb") -> Markup:
    """Articles over time as a small column chart (``days`` in any order)."""
    if not days:
        return Markup(f'<svg class="spark" width="{width}" height="{height}" '
                      'role="img" aria-label="no dated articles"></svg>')
    first, last = min(days), max(days)
    span = (last - first).days
    counts = [0] * bins
    for day in days:
        counts[(day - first).days * (bins - 1) // span if span else bins // 2] += 1
    top = max(counts)
    step = width / bins
    label = escape(f"{len(days)} dated article{'s' * (len(days) != 1)}, "
                   f"{first.isoformat()} to {last.isoformat()}")
    bars = []
    for i, count in enumerate(counts):
        if count:
            h = max(3.0, count / top * (height - 3))
            bars.append(f'<rect x="{i * step + 0.5:.1f}" y="{height - 1 - h:.1f}" '
                        f'width="{max(step - 1.5, 1):.1f}" height="{h:.1f}" rx="1"/>')
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}" stroke="#e5e7eb"/>'
        f'<g fill="{color}">{"".join(bars)}</g></svg>'
    )


def _gap_text(days: int) -> str:
    if days >= 700:
        return f"{round(days / 365)} years later"
    if days >= 60:
        return f"{round(days / 30.4)} months later"
    if days >= 14:
        return f"{round(days / 7)} weeks later"
    return f"{days} days later"


class _Scale:
    """Days to x, with long quiet gaps between bursts of coverage compressed to a break mark."""

    BREAK_PX = 70.0

    def __init__(self, days: list[date], x0: float, width: float) -> None:
        self.days = days
        total = max((days[-1] - days[0]).days, 1)
        limit = max(14, total * 0.12)
        self.gaps = [(a, b) for a, b in zip(days, days[1:], strict=False)
                     if (b - a).days > limit]
        compressed = sum((b - a).days for a, b in self.gaps)
        linear_days = max(total - compressed, 1)
        self.px_per_day = max(0.0, width - self.BREAK_PX * len(self.gaps)) / linear_days
        self.x0 = x0 + (width / 2 if len(days) == 1 else 0)
        self.segments: list[tuple[date, date]] = []
        start = days[0]
        for a, b in self.gaps:
            self.segments.append((start, a))
            start = b
        self.segments.append((start, days[-1]))

    def x(self, day: date) -> float:
        pos = self.x0
        cursor = self.days[0]
        for a, b in self.gaps:
            if day <= a:
                break
            if day < b:  # inside a compressed gap
                return pos + (a - cursor).days * self.px_per_day + \
                    self.BREAK_PX * (day - a).days / max((b - a).days, 1)
            pos += (a - cursor).days * self.px_per_day + self.BREAK_PX
            cursor = b
        return pos + (day - cursor).days * self.px_per_day

    def ticks(self) -> list[tuple[date, str]]:
        out: list[tuple[date, str]] = []
        for first, last in self.segments:
            seg_px = (last - first).days * self.px_per_day
            n = max(1, int(seg_px // 110))
            span = (last - first).days
            picks = [first] if span == 0 else sorted(
                {first + timedelta(days=round(span * i / n)) for i in range(n + 1)})
            for day in picks:
                fmt = "%-d %b %Y" if not out or day.year != out[-1][0].year else "%-d %b"
                out.append((day, day.strftime(fmt)))
        return out

    def breaks(self) -> list[tuple[float, str]]:
        return [(self.x(a) + self.BREAK_PX / 2, _gap_text((b - a).days)) for a, b in self.gaps]


MAX_LANES = 24


def timeline(rows: Sequence[ArticleRow], episodes: Sequence[Episode],
             color: Callable[[str | None], str], href: Callable[[str], str],
             *, width: int = 960) -> Markup:
    """Articles by date, one lane per outlet, episodes shaded (later ones are follow-ups)."""
    dated = [r for r in rows if r.day is not None]
    sizes = Counter(r.source for r in rows)
    if len(sizes) > MAX_LANES:  # the biggest outlets get lanes, the rest share the last one
        kept = {o for o, _ in sizes.most_common(MAX_LANES - 1)}
        other = f"{len(sizes) - len(kept)} other outlets"
    else:
        kept, other = set(sizes), ""

    def lane_name(row: ArticleRow) -> str:
        return row.source if row.source in kept else other

    outlets = sorted(dict.fromkeys(lane_name(r) for r in rows), key=lambda o: o == other)
    lanes = outlets
    lane_h, top, left, right, bottom = 30, 34, 170, 24, 50
    height = top + lane_h * max(1, len(outlets)) + bottom
    parts: list[str] = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-label="Timeline: {len(rows)} articles across {len(outlets)} outlets">'
    ]
    if not dated:
        parts.append(f'<text x="{left}" y="{top + 16}" class="muted">No dated articles.</text>')
        parts.append("</svg>")
        return Markup("".join(parts))
    plot_w = width - left - right
    scale = _Scale(sorted({r.day for r in dated}), left + 14, plot_w - 28)  # type: ignore[misc]
    x = scale.x

    # episodes: shaded bands, the first is the original coverage, later ones are follow-ups
    for episode in episodes:
        if episode.first is None or episode.last is None:
            continue
        x0, x1 = x(episode.first) - 6, x(episode.last) + 6
        cls = "episode" if episode.index == 0 else "episode followup"
        label = "Original coverage" if episode.index == 0 else f"Follow-up {episode.index}"
        n = len(episode.article_ids)
        parts.append(
            f'<g class="{cls}"><title>{escape(label)}: {n} article{"s" * (n != 1)}, '
            f'{episode.first.isoformat()} to {episode.last.isoformat()}</title>'
            f'<rect x="{x0:.1f}" y="{top - 6}" width="{max(x1 - x0, 12):.1f}" '
            f'height="{lane_h * len(outlets) + 12}" rx="6"/>'
            + (f'<text x="{x1:.1f}" y="{top - 12}" text-anchor="end">'
               if x0 + 4 + 7 * len(label) > width - right
               else f'<text x="{x0 + 4:.1f}" y="{top - 12}">') + f"{escape(label)}</text></g>"
        )
    # lanes
    lane_of = {o: i for i, o in enumerate(outlets)}
    for i, outlet in enumerate(outlets):
        y = top + i * lane_h + lane_h / 2
        parts.append(
            f'<line class="lane" x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
            f'<circle cx="{left - 150}" cy="{y}" r="5" '
            f'fill="{color(outlet) if outlet in kept else "#9ca3af"}"/>'
            f'<text class="lane-label" x="{left - 140}" y="{y + 4}">'
            f'{escape(outlet[:20] + ("…" if len(outlet) > 20 else ""))}</text>'
        )
    # axis
    axis_y = top + lane_h * len(outlets) + 8
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{axis_y}" '
                 f'y2="{axis_y}"/>')
    for tick, label in scale.ticks():
        tx = x(tick)
        parts.append(f'<line class="tick" x1="{tx:.1f}" x2="{tx:.1f}" y1="{axis_y}" '
                     f'y2="{axis_y + 5}"/><text class="tick-label" x="{tx:.1f}" '
                     f'y="{axis_y + 19}" text-anchor="middle">{escape(label)}</text>')
    for bx, label in scale.breaks():
        parts.append(f'<g class="break"><rect x="{bx - 9:.1f}" y="{axis_y - 5}" width="18" '
                     f'height="10"/><path d="M{bx - 7:.1f},{axis_y + 4} l5,-8 M{bx + 2:.1f},'
                     f'{axis_y + 4} l5,-8"/><text x="{bx:.1f}" y="{axis_y + 34}" '
                     f'text-anchor="middle">{escape(label)}</text></g>')
    # dots: up to three articles of one lane on one day side by side, more as one counted dot
    cells: dict[tuple[int, date], list[ArticleRow]] = defaultdict(list)
    for row in dated:
        cells[(lane_of[lane_name(row)], row.day)].append(row)  # type: ignore[index]
    by_lane: dict[int, list[str]] = defaultdict(list)
    for (lane, day), items in cells.items():
        cy0 = top + lane * lane_h + lane_h / 2
        outlet_color = color(items[0].source) if lanes[lane] != other else "#9ca3af"
        if len(items) <= 3:
            for k, row in enumerate(items):
                when = day.isoformat() + (" (inferred)" if row.inferred else "")
                title = escape(f"{row.headline} — {row.source}, {when}")
                by_lane[lane].append(
                    f'<a href="{escape(href(row.id))}"><circle class="dot" cx="{x(day):.1f}" '
                    f'cy="{cy0 + (0, -7, 7)[k]:.1f}" r="6" fill="{color(row.source)}">'
                    f"<title>{title}</title></circle></a>"
                )
            continue
        n = len(items)
        names = "; ".join(r.headline for r in items[:5]) + ("; …" if n > 5 else "")
        title = escape(f"{n} articles — {lanes[lane]}, {day.isoformat()}: {names}")
        radius = min(12.5, 6 + math.sqrt(n))
        by_lane[lane].append(
            f'<a href="{escape(href(items[0].id))}"><g class="dot-group"><title>{title}</title>'
            f'<circle class="dot many" cx="{x(day):.1f}" cy="{cy0:.1f}" r="{radius:.1f}" '
            f'fill="{outlet_color}"/><text x="{x(day):.1f}" y="{cy0 + 3.5:.1f}" '
            f'text-anchor="middle">{n}</text></g></a>'
        )
    for lane in sorted(by_lane):
        parts.extend(by_lane[lane])
    undated = len(rows) - len(dated)
    if undated:
        parts.append(f'<text class="muted" x="{left - 150}" y="{axis_y + 19}">'
                     f'+ {undated} undated article{"s" * (undated != 1)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
