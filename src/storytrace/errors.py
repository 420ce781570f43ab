"""Errors a user can cause.

Every one is a ``StorytraceError``; the library raises, only the CLI turns them into one line
and an exit code (0 ok, 1 some inputs failed, 2 usage error)::

    StorytraceError
    ├── InputError            a path or option the user gave is unusable
    ├── ReadError             one record of one input could not be read (the batch goes on)
    └── StoreError            the database cannot be used (not a storytrace db, newer schema, ...)
"""

from __future__ import annotations


class StorytraceError(Exception):
    """Base class of the errors a user can cause; the message says what to do."""

    exit_code = 1


class InputError(StorytraceError):
    """A path or option given by the user cannot be used."""

    exit_code = 2


class StoreError(StorytraceError):
    """The store cannot be opened or written."""

    exit_code = 1


class ReadError(StorytraceError):
    """One record of one input could not be turned into an article.

    Readers *yield* these (rather than raise) so that the rest of the batch goes on.
    """

    def __init__(self, path: str, reason: str, line: int | None = None,
                 record: str | None = None) -> None:
        self.path = path
        self.line = line
        self.record = record
        self.reason = reason
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """``path:line [record]``, as far as known."""
        from .records import Source

        return str(Source(self.path, self.line, self.record))

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"
