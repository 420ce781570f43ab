"""One colour per outlet: a fixed, readable palette assigned in a stable order."""

from __future__ import annotations

from collections.abc import Iterable

from ..records import stable_hash

PALETTE: tuple[str, ...] = (
    "#2563eb",  # blue
    "#d97706",  # amber
    "#059669",  # green
    "#9333ea",  # purple
    "#db2777",  # pink
    "#0891b2",  # cyan
    "#65a30d",  # lime
    "#dc6803",  # orange
    "#4f46e5",  # indigo
    "#0d9488",  # teal
    "#a16207",  # ochre
    "#be123c",  # rose
)
UNKNOWN = "#6b7280"


class OutletColors:
    """Outlet -> colour: the given outlets take the palette in order, others hash into it."""

    def __init__(self, outlets: Iterable[str | None] = ()) -> None:
        self._colors: dict[str, str] = {}
        for outlet in outlets:
            if outlet and outlet not in self._colors:
                self._colors[outlet] = PALETTE[len(self._colors) % len(PALETTE)]

    def __call__(self, outlet: str | None) -> str:
        if not outlet:
            return UNKNOWN
        color = self._colors.get(outlet)
        if color is None:
            color = PALETTE[int(stable_hash(outlet.lower(), length=6), 16) % len(PALETTE)]
            self._colors[outlet] = color
        return color

    def mapping(self) -> dict[str, str]:
        return dict(self._colors)
