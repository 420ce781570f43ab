"""Server-side SVG charts: the index sparklines and the story timeline (no JavaScript needed).

Every piece of text that reaches the SVG goes through ``markupsafe.escape``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from markupsafe import Markup, escape

from ..records import Episode
from ..store.web_queries import ArticleRow


def sparkline(days: Sequence[date], *, width: int = 120, height: int = 28, bins: int = 24,
              color: str = "#2563eb") -> Markup:
    """Articles over time as a small area chart (``days`` sorted or not)."""
    if not days:
        return Markup(f'<svg class="spark" width="{width}" height="{height}" '
                      'role="img" aria-label="no dated articles"></svg>')
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    counts = [0] * bins
    for day in days:
        counts[min(bins - 1, (day - first).days * bins // (span + 1))] += 1
    top = max(counts)
    step = width / (bins - 1)
    points = [(i * step, height - 2 - (c / top) * (height - 4)) for i, c in enumerate(counts)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    area = f"0,{height} {line} {width},{height}"
    label = escape(f"{len(days)} dated articles from {first.isoformat()} to {last.isoformat()}")
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{label}"><title>{label}</title>'
        f'<polygon points="{area}" fill="{color}" fill-opacity="0.15"/>'
        f'<polyline points="{line}" fill="none" stroke="{color}" stroke-width="1.5" '
        'stroke-linejoin="round"/></svg>'
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
        if total == 1 and not self.gaps:
            self.px_per_day = width / 2
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


def timeline(rows: Sequence[ArticleRow], episodes: Sequence[Episode],
             color: Callable[[str | None], str], href: Callable[[str], str],
             *, width: int = 960) -> Markup:
    """Articles by date, one lane per outlet, episodes shaded (later ones are follow-ups)."""
    dated = [r for r in rows if r.day is not None]
    outlets = list(dict.fromkeys(r.outlet or "unknown outlet" for r in rows))
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
            + (f'<text x="{x1:.1f}" y="{top - 12}" text-anchor="end">' if x1 > width - 120
               else f'<text x="{x0 + 4:.1f}" y="{top - 12}">') + f"{escape(label)}</text></g>"
        )
    # lanes
    for i, outlet in enumerate(outlets):
        y = top + i * lane_h + lane_h / 2
        parts.append(
            f'<line class="lane" x1="{left}" x2="{width - right}" y1="{y}" y2="{y}"/>'
            f'<circle cx="{left - 150}" cy="{y}" r="5" fill="{color(outlet)}"/>'
            f'<text class="lane-label" x="{left - 140}" y="{y + 4}">'
            f'{escape(outlet[:22] + ("…" if len(outlet) > 22 else ""))}</text>'
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
    # dots: articles of one outlet on one day stack a little
    seen: Counter[tuple[str, date]] = Counter()
    lane_of = {o: i for i, o in enumerate(outlets)}
    by_lane: dict[int, list[str]] = defaultdict(list)
    for row in dated:
        outlet = row.outlet or "unknown outlet"
        key = (outlet, row.day)  # type: ignore[arg-type]
        k = seen[key]
        seen[key] += 1
        offset = (0, -7, 7, -3.5, 3.5)[k % 5]
        cx = x(row.day) + (k // 5) * 3  # type: ignore[arg-type]
        cy = top + lane_of[outlet] * lane_h + lane_h / 2 + offset
        title = escape(f"{row.title or '(no title)'} — {outlet}, {row.day.isoformat()}")  # type: ignore[union-attr]
        by_lane[lane_of[outlet]].append(
            f'<a href="{escape(href(row.id))}"><circle class="dot" cx="{cx:.1f}" cy="{cy:.1f}" '
            f'r="6" fill="{color(row.outlet)}"><title>{title}</title></circle></a>'
        )
    for lane in sorted(by_lane):
        parts.extend(by_lane[lane])
    undated = len(rows) - len(dated)
    if undated:
        parts.append(f'<text class="muted" x="{left - 150}" y="{axis_y + 19}">'
                     f'+ {undated} undated article{"s" * (undated != 1)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
