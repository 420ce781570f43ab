"""The Python API: a ``Corpus`` over a store, for use without the command line.

    from storytrace import Corpus
    with Corpus.open("news.db") as corpus:          # or Corpus.open() for an in-memory store
        corpus.ingest(["crawl.warc.gz", "feeds/"])
        corpus.analyze()
        for story in corpus.stories():
            print(story.title, len(story.article_ids))
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .ingest import ReadOptions
from .pipeline import AnalyzeOptions, AnalyzeReport, IngestReport, ingest_paths
from .pipeline import analyze as run_analysis
from .records import Article, Claim, Conflict, Quote, ReuseCluster, Statement, Story
from .serialize import from_dict
from .store import Store


class Corpus:
    """A collection of articles and everything storytrace found in them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def open(cls, path: str | Path = ":memory:", *, readonly: bool = False) -> Corpus:
        """The corpus stored at ``path`` (created when missing; ``:memory:`` keeps nothing)."""
        return cls(Store.open(path, readonly=readonly))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(self, paths: Iterable[str | Path], options: ReadOptions | None = None
               ) -> IngestReport:
        """Read files, folders or globs into the corpus (idempotent)."""
        return ingest_paths(self.store, paths, options)

    def add(self, articles: Iterable[Article], source: str = "<python>") -> None:
        """Add articles built in Python (one transaction)."""
        self.store.ingest_file(source, articles)

    def analyze(self, options: AnalyzeOptions | None = None) -> AnalyzeReport:
        """Run every stage on what is new since the last call."""
        return run_analysis(self.store, options)

    def articles(self) -> list[Article]:
        return list(self.store.articles())

    def stories(self) -> list[Story]:
        return self.store.stories()

    def quotes(self, speaker: str | None = None) -> list[Quote]:
        return self.store.quotes(speaker=speaker)

    def statements(self) -> list[Statement]:
        return self.store.statements()

    def clusters(self) -> list[ReuseCluster]:
        return self.store.clusters()

    def claims(self, subject: str | None = None) -> list[Claim]:
        return self.store.claims(subject=subject)

    def conflicts(self) -> list[Conflict]:
        return self.store.conflicts()

    def digest(self, story_id: str):
        """The digest of one story (``None`` before ``analyze``)."""
        from .records import Digest

        data = self.store.digest_json(story_id)
        return from_dict(Digest, data) if data else None


def analyze(paths: Iterable[str | Path], db: str | Path = ":memory:") -> Corpus:
    """Ingest ``paths`` and analyze them: the one-call entry point. Close the corpus when done."""
    corpus = Corpus.open(db)
    corpus.ingest(paths)
    corpus.analyze()
    return corpus
