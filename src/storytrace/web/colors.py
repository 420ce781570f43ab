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


def global_colors(outlets_by_size: Iterable[str]) -> dict[str, str]:
    """The store-wide colours: the biggest outlets take the palette in order."""
    return {outlet: PALETTE[i] for i, outlet in enumerate(outlets_by_size) if i < len(PALETTE)}


class OutletColors:
    """Outlet -> colour, distinct among the given outlets, store-wide colours kept where they can.

    Each of ``outlets`` takes its ``preferred`` colour unless an earlier one already has it,
    then the first unused palette colour; outlets not given hash into the palette.
    """

    def __init__(self, outlets: Iterable[str | None] = (),
                 preferred: dict[str, str] | None = None) -> None:
        self._colors: dict[str, str] = {}
        self._preferred = preferred or {}
        used: set[str] = set()
        for outlet in outlets:
            if not outlet or outlet in self._colors:
                continue
            color = self._preferred.get(outlet)
            if color is None or color in used:
                free = [c for c in PALETTE if c not in used]
                color = free[0] if free else PALETTE[len(self._colors) % len(PALETTE)]
            used.add(color)
            self._colors[outlet] = color

    def __call__(self, outlet: str | None) -> str:
        if not outlet:
            return UNKNOWN
        color = self._colors.get(outlet) or self._preferred.get(outlet)
        if color is None:
            color = PALETTE[int(stable_hash(outlet.lower(), length=6), 16) % len(PALETTE)]
            self._colors[outlet] = color
        return color

    def mapping(self) -> dict[str, str]:
        return dict(self._colors)
