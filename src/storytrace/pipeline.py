"""Runs ingestion and the stages over a store, in-process (the default, local engine).

The stages themselves are pure functions; this module is the glue that reads their inputs from
the store, calls them, and writes their records back, each stage in one transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from .digest import DigestOptions, digest_story
from .errors import ReadError, StoreError
from .facts import FactOptions, check_claims, extract_claims, infer_publication_date
from .facts.types import InferredDate
from .ingest import ReadOptions, expand_paths, read_file
from .quotes import QuoteOptions, match_statements, quotes_for_articles
from .records import Article, Claim, Conflict, Digest, Quote, ReuseCluster, Statement, Story
from .reuse import ReuseOptions
from .store import Store
from .stories import StoryEvidence, StoryOptions, assign_stories


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
        console=Console(stderr=True),
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


# --------------------------------------------------------------------------- analyze
STAGES = ("quotes", "facts", "reuse", "statements", "conflicts", "stories", "digests")


@dataclass(frozen=True, kw_only=True)
class AnalyzeOptions:
    """The options of every stage, and how many articles each per-article transaction holds."""

    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)
    facts: FactOptions = field(default_factory=FactOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    digest: DigestOptions = field(default_factory=DigestOptions)
    batch_size: int = 200


@dataclass(slots=True)
class AnalyzeReport:
    """What ``analyze`` did: how many articles each stage read, and the totals in the store."""

    processed: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    stories: int = 0
    clusters: int = 0
    statements: int = 0
    conflicts: int = 0
    quotes: int = 0
    claims: int = 0

    @property
    def did_nothing(self) -> bool:
        return not any(self.processed.values())


class _ArticleMap(Mapping[str, Article]):
    """A read-through, cached mapping of article id to article over the store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, Article] = {}

    def __getitem__(self, article_id: str) -> Article:
        article = self._cache.get(article_id)
        if article is None:
            found = list(self._store.articles(ids=[article_id]))
            if not found:
                raise KeyError(article_id)
            article = self._cache[article_id] = found[0]
        return article

    def preload(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self._cache[article.id] = article

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._store.connection.execute("SELECT id FROM articles"))

    def __len__(self) -> int:
        return self._store.count_articles()


def _watermark(store: Store, stage: str) -> int:
    value = store.get_state(f"seq:{stage}")
    return int(value) if value else 0


def set_watermark(con: Any, stage: str, seq: int) -> None:
    """Record (inside a transaction) that ``stage`` has processed articles up to ``seq``."""
    con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (f"seq:{stage}", str(seq).encode()))


def _seq_of(store: Store) -> dict[str, int]:
    return dict(store.connection.execute("SELECT id, seq FROM articles"))


def analyze(store: Store, options: AnalyzeOptions | None = None, *,
            progress: bool = False) -> AnalyzeReport:
    """Run every stage over what is new in ``store`` since the last run.

    Per-article stages (quotes, facts) commit in batches together with their watermark; the
    corpus-wide stages (reuse, statements, conflicts, stories, digests) each commit in one
    transaction. A run that is killed resumes where it stopped; a run with nothing new does
    nothing.
    """
    options = options or AnalyzeOptions()
    report = AnalyzeReport()
    top = store.max_seq()
    with progress_bar(enabled=progress) as bar:
        report.processed["quotes"] = _per_article_stage(
            store, "quotes", top, options.batch_size, bar,
            lambda batch: quotes_of_batch(batch, options.quotes),
            store.replace_quotes,
        )
        report.processed["facts"] = _per_article_stage(
            store, "facts", top, options.batch_size, bar,
            lambda batch: claims_of_batch(batch, options.facts),
            store.replace_claims,
        )
        report.processed["reuse"] = _reuse_stage(store, top, options.reuse, bar)
        if _watermark(store, "global") < top or any(
            _watermark(store, s) < top for s in ("quotes", "facts", "reuse")
        ):
            _global_stages(store, top, bar, options)
            report.processed["global"] = top
    con = store.connection
    report.articles = store.count_articles()
    for name, table in (("stories", "stories"), ("clusters", "reuse_clusters"),
                        ("statements", "statements"), ("conflicts", "conflicts"),
                        ("quotes", "quotes"), ("claims", "claims")):
        setattr(report, name, con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    return report


def quotes_of_batch(batch: Sequence[Article], options: QuoteOptions) -> list[Quote]:
    """The quotes stage over a batch of articles (both engines call this)."""
    return [quote for quotes in quotes_for_articles(batch, options) for quote in quotes]


def claims_of_batch(batch: Sequence[Article], options: FactOptions) -> list[Claim]:
    """The claims of a batch of articles (both engines call this)."""
    return [claim for article in batch for claim in extract_claims(article, options)]


def _per_article_stage(store: Store, stage: str, top: int, batch_size: int, bar: Progress,
                       compute: Any, replace: Any) -> int:
    since = _watermark(store, stage)
    if since >= top:
        return 0
    pending = store.connection.execute(
        "SELECT count(*) FROM articles WHERE seq > ?", (since,)
    ).fetchone()[0]
    task = bar.add_task(stage, total=pending)
    done = 0
    batch: list[Article] = []
    seqs = _seq_of(store)

    def flush() -> None:
        records = compute(batch)
        with store.atomic() as con:
            replace(con, [a.id for a in batch], records)
            set_watermark(con, stage, max(seqs[a.id] for a in batch))
        bar.advance(task, len(batch))

    for article in list(store.articles(since_seq=since, order="seq")):
        batch.append(article)
        if len(batch) >= batch_size:
            flush()
            done += len(batch)
            batch = []
    if batch:
        flush()
        done += len(batch)
    return done


def _reuse_stage(store: Store, top: int, options: Any, bar: Progress) -> int:
    from .reuse import ReuseIndex, cluster_pairs, update_reuse

    since = _watermark(store, "reuse")
    if since >= top:
        return 0
    revised = store.connection.execute(
        "SELECT count(*) FROM articles WHERE seq > ? AND revision > 1", (since,)
    ).fetchone()[0]
    blob = store.get_state("reuse:index")
    index = None
    if revised or blob is None or since == 0:
        since = 0  # an edited article invalidates its old anchors: rebuild from scratch
    else:
        try:
            index = ReuseIndex.from_bytes(blob)
        except StoreError:  # an index of an older format: rebuild it
            since = 0
    new = list(store.articles(since_seq=since, order="seq"))
    task = bar.add_task("reuse", total=len(new))
    articles = _ArticleMap(store)
    articles.preload(new)
    index, pairs = update_reuse(index, new, articles.__getitem__, options)
    bar.advance(task, len(new))
    with store.atomic() as con:
        if since == 0:
            store.clear_reuse(con)
        store.add_reuse_pairs(con, pairs)
        clusters = cluster_pairs(store.reuse_pairs(), articles)
        store.replace_clusters(con, clusters)
        con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)",
                    ("reuse:index", index.to_bytes()))
        set_watermark(con, "reuse", top)
    return len(new)


@dataclass(slots=True)
class CorpusRecords:
    """The records of the corpus-wide stages."""

    statements: list[Statement]
    quotes: list[Quote]
    claims: list[Claim]
    inferred: dict[str, InferredDate]
    conflicts: list[Conflict]
    stories: list[Story]
    digests: list[Digest]


def corpus_stages(articles: Mapping[str, Article], ordered: Sequence[Article],
                  quotes: Sequence[Quote], claims: Sequence[Claim],
                  clusters: Sequence[ReuseCluster], options: AnalyzeOptions,
                  advance: Callable[[], None] = lambda: None) -> CorpusRecords:
    """Statements, inferred dates, conflicts, stories and digests of a whole corpus.

    A pure function shared by both engines: the local engine feeds it from the store, the Spark
    engine from the records its executors computed, so both give the same answers.
    ``ordered`` is every article (any order: stories order them by date).
    """
    # a canonical order, so that results never depend on the order records were stored in
    ordered = sorted(ordered, key=lambda a: (a.published is None, _iso(a.published), a.id))
    quotes = sorted(quotes, key=lambda q: (q.article_id, q.start, q.end))
    claims = sorted(claims, key=lambda c: (c.subject, c.attribute, c.article_id, c.start, c.end,
                                           c.id))
    clusters = sorted(clusters, key=lambda c: (-len(c.members), c.id))
    statements, quotes = match_statements(quotes, articles, options.quotes)
    advance()

    # undated articles: a date range inferred from their text, then their claims re-read
    # against it (relative dates such as "last month" need one)
    inferred: dict[str, InferredDate] = {}
    for article in ordered:
        if article.published is None:
            guess = infer_publication_date(article, claims, articles, options.facts)
            if guess is not None:
                inferred[article.id] = guess
    if inferred:
        redone = {aid for aid in inferred}
        claims = [c for c in claims if c.article_id not in redone] + [
            claim for aid in sorted(redone)
            for claim in extract_claims(articles[aid], options.facts, inferred=inferred[aid])
        ]
        claims.sort(key=lambda c: (c.subject, c.attribute, c.article_id, c.start, c.end, c.id))
    advance()

    shared_passages = {
        (m.passage.article_id, n.passage.article_id)
        for c in clusters for m in c.members for n in c.members
        if m.passage.article_id < n.passage.article_id
    }
    shared_statements = {
        (f.article_id, g.article_id)
        for s in statements for f in s.fragments for g in s.fragments
        if f.article_id < g.article_id
    }
    people: dict[str, set[str]] = {}
    for quote in quotes:
        if quote.speaker.kind == "person" and quote.speaker.name:
            people.setdefault(quote.article_id, set()).add(quote.speaker.name)
    for claim in claims:
        people.setdefault(claim.article_id, set()).add(claim.subject)
    evidence = StoryEvidence(
        shared_passages=sorted(shared_passages), shared_statements=sorted(shared_statements),
        people={a: sorted(names) for a, names in people.items()},
        dates={a: d.midpoint for a, d in inferred.items()},
    )
    stories, _state = assign_stories(ordered, options.stories, evidence)
    stories = [_attach(story, clusters, statements, claims) for story in stories]
    advance()

    # people are identified by name, so claims are checked within a story: two stories'
    # namesakes are not taken for one person
    claims_by_article = _group(claims, lambda c: c.article_id)
    conflicts: list[Conflict] = []
    for story in stories:
        story_claims = [c for a in story.article_ids for c in claims_by_article.get(a, ())]
        if story_claims:
            conflicts.extend(check_claims(story_claims, _Subset(articles, story.article_ids),
                                          options.facts, inferred=inferred))
    advance()

    quotes_by_article = _group(quotes, lambda q: q.article_id)
    digests = []
    for story in stories:
        digests.append(digest_story(
            [_dated(articles[a], inferred) for a in story.article_ids], story_id=story.id,
            quotes=[q for a in story.article_ids for q in quotes_by_article.get(a, ())],
            claims=[c for a in story.article_ids for c in claims_by_article.get(a, ())],
            clusters=[c for c in clusters if c.id in set(story.cluster_ids)],
            statements=[s for s in statements if s.id in set(story.statement_ids)],
            options=options.digest,
        ))
    advance()
    return CorpusRecords(statements, quotes, claims, inferred, conflicts, stories, digests)


def _global_stages(store: Store, top: int, bar: Progress, options: AnalyzeOptions) -> None:
    """The corpus-wide stages over the whole store, written in one transaction."""
    task = bar.add_task("stories", total=6)
    articles = _ArticleMap(store)
    ordered = list(store.articles())
    articles.preload(ordered)
    records = corpus_stages(articles, ordered, store.quotes(), store.claims(), store.clusters(),
                            options, lambda: bar.advance(task))
    with store.atomic() as con:
        store.replace_statements(con, records.statements, records.quotes)
        store.replace_claims(con, sorted(records.inferred), [
            c for c in records.claims if c.article_id in records.inferred])
        store.replace_conflicts(con, records.conflicts)
        store.replace_inferred_dates(con, records.inferred)
        store.replace_stories(con, records.stories)
        store.replace_digests(con, records.digests)
        set_watermark(con, "global", top)
    bar.advance(task)


class _Subset(Mapping[str, Article]):
    """The articles of one story, as a mapping over a larger one."""

    def __init__(self, articles: Mapping[str, Article], ids: Sequence[str]) -> None:
        self._articles = articles
        self._ids = tuple(ids)

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self._ids:
            raise KeyError(article_id)
        return self._articles[article_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _dated(article: Article, inferred: Mapping[str, InferredDate]) -> Article:
    """The article with its inferred date when it has none, for stages that order by date."""
    guess = inferred.get(article.id)
    if article.published is not None or guess is None:
        return article
    return replace(article, published=guess.midpoint)


def _iso(value: Any) -> str:
    return value.isoformat() if value is not None else ""


def _group(items: Iterable[Any], key: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for item in items:
        grouped.setdefault(key(item), []).append(item)
    return grouped


def _attach(story: Any, clusters: list[Any], statements: list[Any], claims: list[Any]) -> Any:
    """Fill a story's cluster, statement and claim ids from its articles."""
    members = set(story.article_ids)
    return replace(
        story,
        cluster_ids=tuple(c.id for c in clusters
                          if any(m.passage.article_id in members for m in c.members)),
        statement_ids=tuple(s.id for s in statements
                            if any(f.article_id in members for f in s.fragments)),
        claim_ids=tuple(c.id for c in claims if c.article_id in members),
    )
