"""The embedded SQLite store: schema and migrations, ingestion, stage records, exports."""

from .db import DEFAULT_DB, FileSummary, Store

__all__ = ["DEFAULT_DB", "FileSummary", "Store"]
