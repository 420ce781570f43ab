"""Runs ingestion and the stages over a store, in-process (the default, local engine).

The stages themselves are pure functions; this module is the glue that reads their inputs from
the store, calls them, and writes their records back, each stage in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .errors import ReadError
from .ingest import ReadOptions, expand_paths, read_file
from .store import Store


@dataclass(slots=True)
class IngestReport:
    """What one ``ingest`` did over all its files."""

    files: int = 0
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    rejected: list[ReadError] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)


def progress_bar(*, enabled: bool = True) -> Progress:
    """The progress display every long step uses (hidden when output is not a terminal)."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        disable=not enabled,
        transient=True,
    )


def ingest_paths(store: Store, paths: Iterable[str | Path], options: ReadOptions | None = None,
                 *, progress: bool = False) -> IngestReport:
    """Read every file under ``paths`` into ``store``, one transaction per file.

    Bad records and unreadable files are reported, never raised: the batch goes on.
    """
    options = options or ReadOptions()
    report = IngestReport()
    files: list[Path] = []
    for item in expand_paths(paths):
        if isinstance(item, ReadError):
            report.rejected.append(item)
        else:
            files.append(item)
    with progress_bar(enabled=progress) as bar:
        task = bar.add_task("ingest", total=len(files))
        for path in files:
            summary = store.ingest_file(path, read_file(path, options))
            report.files += 1
            report.new += summary.new
            report.unchanged += summary.unchanged
            report.revised += summary.revised
            report.rejected.extend(summary.rejected)
            report.warnings.extend(summary.warnings)
            report.skipped.update(summary.skipped)
            bar.advance(task)
    return report
