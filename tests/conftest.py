"""Shared fixtures: the seed articles (from ../shared/seeds, skipped when absent) and stores."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
EXAMPLES = REPO / "examples"


@pytest.fixture
def seeds_dir() -> Path:
    """The folder of the three seed articles; skips the test when ../shared is not beside us."""
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (a plain clone has no ../shared)")
    return SEEDS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "storytrace.db"
