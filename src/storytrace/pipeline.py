"""Runs ingestion and the stages over a store, in-process (the default, local engine).

The stages themselves are pure functions; this module is the glue that reads their inputs from
the store, calls them, and writes their records back, each stage in one transaction.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
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
from .facts import (
    ClaimIndex,
    FactOptions,
    check_claims,
    extract_claims,
    index_claims,
    infer_publication_date_with,
    resolve_relatives,
)
from .facts.entities import alias_map
from .facts.relatives import DESCRIPTOR
from .facts.types import InferredDate
from .ingest import ReadOptions, expand_paths, read_file
from .people import find_people
from .quotes import QuoteOptions, match_statements, quotes_for_article, quotes_for_articles
from .records import Article, Claim, Conflict, Digest, Quote, ReuseCluster, Statement, Story
from .reuse import ReuseOptions
from .store import Store
from .stories import StoryEvidence, StoryOptions, assign_stories
from .stories.windows import WindowOptions, windowed_stories


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
    """The options of every stage, how many articles each per-article transaction holds, and
    how many processes the local engine computes in."""

    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)
    facts: FactOptions = field(default_factory=FactOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    digest: DigestOptions = field(default_factory=DigestOptions)
    batch_size: int = 200
    workers: int = 1
    """Processes for the per-article stages (quotes, facts: one batch per task) and the
    per-story ones (conflicts, digests) of the local engine; 1 computes in this process, 0 uses
    one per CPU. The results, and the store's transactions, are the same for any value (the
    pool needs the ``fork`` start method, as on Linux; elsewhere it computes in-process)."""
    story_windows: WindowOptions | None = None
    """Run the story pass by time windows, then merge them (:mod:`storytrace.stories.windows`:
    one streaming pass per window of ``days`` days — on Spark one executor task each — and a
    story-level merge in window order); None (the default) runs the single streaming pass.
    Both engines give the same stories for the same value."""


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

    def __init__(self, store: Store, *, cache: bool = True) -> None:
        self._store = store
        self._pid = os.getpid()
        self._cache: dict[str, Article] = {}
        self._keep = cache

    def _reader(self) -> Store:
        # an SQLite connection must not cross a fork: a forked worker opens its own
        if os.getpid() != self._pid and self._store.path != ":memory:":
            self._store = Store.open(self._store.path, readonly=True)
            self._pid = os.getpid()
        return self._store

    def __getitem__(self, article_id: str) -> Article:
        article = self._cache.get(article_id)
        if article is None:
            found = list(self._reader().articles(ids=[article_id]))
            if not found:
                raise KeyError(article_id)
            article = found[0]
            if self._keep:
                self._cache[article_id] = article
        return article

    def preload(self, articles: Iterable[Article]) -> None:
        for article in articles:
            self._cache[article.id] = article

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._store.connection.execute("SELECT id FROM articles"))

    def __len__(self) -> int:
        return self._store.count_articles()


class _StoredArticles(Sequence[Article]):
    """The articles stored after ``since``, in ``seq`` order, as a lazy sequence: iterating
    streams them from the store; ``[k]`` fetches one; only their ids are held."""

    def __init__(self, store: Store, since: int) -> None:
        self._store = store
        self._since = since
        self._ids = [row[0] for row in store.connection.execute(
            "SELECT id FROM articles WHERE seq > ? ORDER BY seq", (since,))]

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[Article]:
        return self._store.articles(since_seq=self._since, order="seq")

    def __getitem__(self, k: int) -> Article:  # type: ignore[override]
        return next(self._store.articles(ids=[self._ids[k]]))


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
        report.processed.update(_article_stages(store, top, options, bar))
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


def records_of_batch(batch: Sequence[Article],
                     options: AnalyzeOptions) -> tuple[list[Quote], list[Claim]]:
    """The quotes and the claims of a batch of articles in one pass: each article's people are
    found once for both stages (both engines call this)."""
    quotes: list[Quote] = []
    claims: list[Claim] = []
    for article in batch:
        people = find_people(article.text)
        quotes.extend(quotes_for_article(article, options.quotes, people))
        claims.extend(extract_claims(article, options.facts, people))
    return quotes, claims


def _article_stages(store: Store, top: int, options: AnalyzeOptions,
                    bar: Progress) -> dict[str, int]:
    """Quotes and facts over the articles new to each, one pass and one transaction per batch
    (an article new to both has its people found once)."""
    since_quotes, since_facts = _watermark(store, "quotes"), _watermark(store, "facts")
    since = min(since_quotes, since_facts)
    done = {"quotes": 0, "facts": 0}
    if since >= top:
        return done
    pending = store.connection.execute(
        "SELECT count(*) FROM articles WHERE seq > ?", (since,)
    ).fetchone()[0]
    task = bar.add_task("quotes, facts", total=pending)
    seqs = _seq_of(store)

    def flush(batch: list[Article], found: tuple[list[Quote], list[Claim]] | None) -> None:
        both = [a for a in batch if seqs[a.id] > since_quotes and seqs[a.id] > since_facts]
        quotes, claims = found if found is not None else records_of_batch(both, options)
        only_quotes = [a for a in batch if since_facts >= seqs[a.id] > since_quotes]
        only_facts = [a for a in batch if since_quotes >= seqs[a.id] > since_facts]
        quotes += quotes_of_batch(only_quotes, options.quotes)
        claims += claims_of_batch(only_facts, options.facts)
        top_seq = max(seqs[a.id] for a in batch)
        with store.atomic() as con:
            for stage, todo, records, replace_records, since_stage in (
                    ("quotes", both + only_quotes, quotes, store.replace_quotes, since_quotes),
                    ("facts", both + only_facts, claims, store.replace_claims, since_facts)):
                if todo:
                    replace_records(con, [a.id for a in todo], records)
                    done[stage] += len(todo)
                if top_seq > since_stage:
                    set_watermark(con, stage, top_seq)
        bar.advance(task, len(batch))

    articles = list(store.articles(since_seq=since, order="seq"))
    batches = [articles[k:k + options.batch_size]
               for k in range(0, len(articles), options.batch_size)]
    with _pool(options.workers, len(batches)) as pool:
        if pool is None:
            for batch in batches:
                flush(batch, None)
        else:
            both = [[a for a in b if seqs[a.id] > max(since_quotes, since_facts)]
                    for b in batches]
            for batch, found in zip(batches, pool.imap(_records_task, [
                    (b, options) for b in both]), strict=True):
                flush(batch, found)
    return done


def _records_task(work: tuple[Sequence[Article], AnalyzeOptions]
                  ) -> tuple[list[Quote], list[Claim]]:
    return records_of_batch(*work)


@contextmanager
def _pool(workers: int, tasks: int) -> Iterator[Any]:
    """A pool of ``workers`` forked processes (0: one per CPU), or ``None`` when one process
    is enough (``workers`` 1, a single task, or no ``fork`` start method)."""
    import multiprocessing
    import os

    count = workers or os.cpu_count() or 1
    count = min(count, tasks)
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with multiprocessing.get_context("fork").Pool(count) as pool:
        yield pool


def _reuse_stage(store: Store, top: int, options: Any, bar: Progress) -> int:
    from .reuse import ReuseIndex, cluster_pairs, update_reuse

    since = _watermark(store, "reuse")
    if since >= top:
        return 0
    revised = store.connection.execute(
        "SELECT count(*) FROM articles WHERE seq > ? AND revision > 1", (since,)
    ).fetchone()[0]
    blob = store.get_blob("reuse:index")
    index = None
    if revised or blob is None or since == 0:
        since = 0  # an edited article invalidates its old anchors: rebuild from scratch
    else:
        try:
            index = ReuseIndex.from_bytes(blob)
        except StoreError:  # an index of an older format: rebuild it
            since = 0
    # read from the store as needed, never the whole corpus at once (1M articles are ~13 GiB)
    new = _StoredArticles(store, since)
    task = bar.add_task("reuse", total=len(new))
    articles = _ArticleMap(store, cache=False)
    index, pairs = update_reuse(index, new, articles.__getitem__, options)
    bar.advance(task, len(new))
    with store.atomic() as con:
        if since == 0:
            store.clear_reuse(con)
        store.add_reuse_pairs(con, pairs)
        clusters = cluster_pairs(store.reuse_pairs(), articles)
        store.replace_clusters(con, clusters)
        store.put_blob(con, "reuse:index", index.to_bytes())
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


def quote_key(quote: Quote) -> tuple[Any, ...]:
    """The canonical order of quotes: by article, then position (ties by kind and text)."""
    return (quote.article_id, quote.start, quote.end, quote.kind, quote.text)


def claim_key(claim: Claim) -> tuple[Any, ...]:
    """The canonical order of claims: by person and attribute, then article and position."""
    return (claim.subject, claim.attribute, claim.article_id, claim.start, claim.end, claim.id)


def cluster_key(cluster: ReuseCluster) -> tuple[Any, ...]:
    """The canonical order of reuse clusters: largest first, then by id."""
    return (-len(cluster.members), cluster.id)


def article_key(article: Article) -> tuple[Any, ...]:
    """The canonical order of articles handed to the story pass: dated by date, then by id."""
    return (article.published is None, _iso(article.published), article.id)


def statements_of(quotes: Iterable[Quote], articles: Mapping[str, Article],
                  options: AnalyzeOptions) -> tuple[list[Statement], list[Quote]]:
    """Statements across the corpus, and every quote (canonical order) with its statement id.

    ``articles`` needs only the publication dates (texts are not read)."""
    return match_statements(sorted(quotes, key=quote_key), articles, options.quotes)


INDEX_ATTRIBUTES = ("born", "died", "age")
"""The attributes of the claims :func:`claim_index` reads from dated articles (it reads every
claim of the undated articles)."""


def claim_index(claims: Sequence[Claim], articles: Mapping[str, Article],
                names: Iterable[str] | None = None) -> ClaimIndex:
    """What dating undated articles needs from the corpus, built once (claims in canonical
    order; ``articles`` needs only the publication dates).

    An engine that does not hold every claim passes only what the index reads: the claims with
    :data:`INDEX_ATTRIBUTES` and every claim of the undated articles, plus ``names``: every
    claim's subject and every ``*_of`` claim's value (any order, repeats allowed), from which
    the cross-article name map is built as from all the claims. The index is the same."""
    return index_claims(sorted(claims, key=claim_key), articles,
                        names=None if names is None else alias_map(names))


def date_undated(article: Article, index: ClaimIndex,
                 options: AnalyzeOptions) -> tuple[InferredDate | None, list[Claim]]:
    """An undated article's inferred date range and, when there is one, its claims re-read
    against it (relative dates such as "last month" need one). ``(None, [])`` otherwise."""
    guess = infer_publication_date_with(article, index, options.facts)
    if guess is None:
        return None, []
    return guess, extract_claims(article, options.facts, inferred=guess)


def settled_claims(claims: Iterable[Claim], inferred: Mapping[str, InferredDate],
                   redone: Iterable[Claim]) -> list[Claim]:
    """The corpus's final claims, sorted: those of the articles dated by inference replaced by
    ``redone`` (their re-read claims), then each subject or value that names a person only by
    relation ("Kasimir Oduya's father") replaced by the one person other claims relate that way
    (left as it is when none or several fit)."""
    out = [c for c in claims if c.article_id not in inferred]
    out.extend(redone)
    out.sort(key=claim_key)  # resolving reads claims in order: the same answer in any engine
    return sorted(resolve_relatives(out), key=claim_key)


RELATION_ATTRIBUTES = ("parent_of", "partner_of", "ex_partner_of", "sibling_of")
"""The attributes of the claims that can name a relative (:func:`relatives_resolved`)."""


def relatives_resolved(claims: Sequence[Claim],
                       names: Iterable[str]) -> list[tuple[Claim, Claim]]:
    """The claims that :func:`settled_claims` rewrites to name a relative, as (old, new) pairs,
    from only what that step reads (for an engine that does not hold every claim).

    ``claims``: the claims with :data:`RELATION_ATTRIBUTES` and those whose subject or value
    names a person by relation (``DESCRIPTOR``; a superset is fine); ``names``: every claim's
    subject and every ``*_of`` claim's value (any order, repeats allowed): the name map
    ``resolve_relatives`` builds from all the claims."""
    claims = sorted(claims, key=claim_key)
    if not any(DESCRIPTOR.match(c.subject) or DESCRIPTOR.match(c.value) for c in claims):
        return []
    name_map = alias_map(n for n in set(names) if not DESCRIPTOR.match(n))
    return [(old, new) for old, new in zip(claims, resolve_relatives(claims, name_map),
                                           strict=True) if new is not old]


def story_lead_chars(options: AnalyzeOptions) -> int | None:
    """How much of an article's text the story pass reads: the ``8 * max_words`` characters its
    features come from (at least 1,024, which holds the embedding lead); ``None``: all."""
    words = options.stories.max_words
    return max(8 * words, 1024) if words else None


def story_lead(article: Article, options: AnalyzeOptions) -> Article:
    """The article cut to what the story pass reads (:func:`story_lead_chars`), so an engine
    can hand that pass compact articles and get the same stories."""
    limit = story_lead_chars(options)
    if limit is None or len(article.text) <= limit:
        return article
    return replace(article, text=article.text[:limit])


def stories_of(ordered: Sequence[Article], quotes: Sequence[Quote], claims: Sequence[Claim],
               clusters: Sequence[ReuseCluster], statements: Sequence[Statement],
               inferred: Mapping[str, InferredDate], options: AnalyzeOptions,
               assign: Callable[[Sequence[Article], StoryEvidence], list[Story]] | None = None,
               ) -> list[Story]:
    """The story partition of the corpus, with each story's cluster, statement and claim ids.

    ``ordered`` is every article in any order (only what :func:`story_lead` keeps is read);
    ``quotes``/``claims`` give people, clusters and statements give links. The pass is the
    single streaming one, or the windowed one when ``options.story_windows`` is set.
    ``assign(articles, evidence)``, when given, runs the pass instead (the Spark engine
    distributes the windows; it gets the articles in stream order and the evidence).
    """
    clusters = sorted(clusters, key=cluster_key)
    claims = sorted(claims, key=claim_key)
    groups = shared_groups(([m.passage.article_id for m in c.members] for c in clusters),
                             ([f.article_id for f in s.fragments] for s in statements))
    evidence = story_evidence(story_people(quotes, claims), groups, inferred)
    stories = story_pass(ordered, evidence, options, assign)
    return _attach_all(stories, clusters, statements, claims)


def story_people(quotes: Iterable[Quote], claims: Iterable[Claim]) -> dict[str, list[str]]:
    """The people of each article the story pass weighs: the named person speakers of its
    quotes and the subjects of its claims, sorted (articles with none are left out)."""
    people: dict[str, set[str]] = {}
    for quote in quotes:
        if quote.speaker.kind == "person" and quote.speaker.name:
            people.setdefault(quote.article_id, set()).add(quote.speaker.name)
    for claim in claims:
        people.setdefault(claim.article_id, set()).add(claim.subject)
    return {a: sorted(names) for a, names in people.items()}


def shared_groups(clusters: Iterable[Iterable[str]],
                    statements: Iterable[Iterable[str]]) -> list[list[str]]:
    """The article groups linking stories: one per reuse cluster (its members' article ids;
    clusters in :func:`cluster_key` order) then one per statement (its fragments' article ids),
    each sorted and each once; groups of one article are left out. Linear in each group's size,
    unlike all its pairs."""
    return [group for group in (sorted(set(ids)) for ids in (*clusters, *statements))
            if len(group) > 1]


def story_evidence(people: Mapping[str, Sequence[str]], groups: Sequence[Sequence[str]],
                   inferred: Mapping[str, InferredDate]) -> StoryEvidence:
    """What the story pass weighs besides the texts: each article's people
    (:func:`story_people`), the evidence groups (:func:`shared_groups`) and the inferred
    dates of undated articles (their midpoints)."""
    return StoryEvidence(
        shared_groups=[list(g) for g in groups],
        people={a: list(names) for a, names in people.items()},
        dates={a: d.midpoint for a, d in inferred.items()},
    )


def story_pass(ordered: Sequence[Article], evidence: StoryEvidence, options: AnalyzeOptions,
               assign: Callable[[Sequence[Article], StoryEvidence], list[Story]] | None = None,
               ) -> list[Story]:
    """The story partition of ``ordered`` (every article, any order, cut to its
    :func:`story_lead`) given the ``evidence`` (:func:`story_evidence`), without record ids
    attached: the single streaming pass, the windowed one (``options.story_windows``) or
    ``assign(articles in stream order, evidence)``."""
    ordered = sorted((story_lead(a, options) for a in ordered), key=article_key)
    if assign is not None:
        return assign(ordered, evidence)
    if options.story_windows is not None:
        return windowed_stories(ordered, options.stories, evidence, options.story_windows)
    stories, _state = assign_stories(ordered, options.stories, evidence)
    return stories


def story_conflicts(story: Story, claims: Iterable[Claim], articles: Mapping[str, Article],
                    inferred: Mapping[str, InferredDate],
                    options: AnalyzeOptions) -> list[Conflict]:
    """Contradictions and stale facts among one story's claims.

    People are identified by name, so claims are checked within a story: two stories'
    namesakes are not taken for one person. ``claims`` may hold other articles' claims (they
    are ignored) in any order; ``articles`` must hold the story's articles (dates only).
    """
    position = {a: k for k, a in enumerate(story.article_ids)}
    mine = sorted((c for c in claims if c.article_id in position),
                  key=lambda c: (position[c.article_id], *claim_key(c)))
    if not mine:
        return []
    return check_claims(mine, _Subset(articles, story.article_ids), options.facts,
                        inferred={a: d for a, d in inferred.items() if a in position})


def story_digest(story: Story, articles: Mapping[str, Article], quotes: Iterable[Quote],
                 claims: Iterable[Claim], clusters: Iterable[ReuseCluster],
                 statements: Iterable[Statement], inferred: Mapping[str, InferredDate],
                 options: AnalyzeOptions) -> Digest:
    """The digest of one story. The record arguments may hold other stories' records (they are
    ignored) in any order; ``articles`` must hold the story's articles (full texts)."""
    position = {a: k for k, a in enumerate(story.article_ids)}
    cluster_ids, statement_ids = set(story.cluster_ids), set(story.statement_ids)
    return digest_story(
        [_dated(articles[a], inferred) for a in story.article_ids], story_id=story.id,
        quotes=sorted((q for q in quotes if q.article_id in position),
                      key=lambda q: (position[q.article_id], *quote_key(q))),
        claims=sorted((c for c in claims if c.article_id in position),
                      key=lambda c: (position[c.article_id], *claim_key(c))),
        clusters=sorted((c for c in clusters if c.id in cluster_ids), key=cluster_key),
        statements=sorted((s for s in statements if s.id in statement_ids), key=lambda s: s.id),
        options=options.digest,
    )


def corpus_stages(articles: Mapping[str, Article], ordered: Sequence[Article],
                  quotes: Sequence[Quote], claims: Sequence[Claim],
                  clusters: Sequence[ReuseCluster], options: AnalyzeOptions,
                  advance: Callable[[], None] = lambda: None) -> CorpusRecords:
    """Statements, inferred dates, conflicts, stories and digests of a whole corpus.

    Shared by both engines through its pieces: the local engine calls this over the store; the
    Spark engine calls the same pieces (:func:`statements_of`, :func:`claim_index`,
    :func:`date_undated`, :func:`stories_of`, :func:`story_conflicts`, :func:`story_digest`),
    the per-article and per-story ones on its executors, so both give the same answers.
    ``ordered`` is every article in any order, cut to its lead or not (:func:`story_lead`:
    what the story pass and the date lookups read); ``articles`` gives whole texts, read only
    for undated articles and for each story's digest, so it can read through to a store.
    """
    leads = {a.id: a for a in ordered}
    statements, quotes = statements_of(quotes, leads, options)
    advance()

    inferred: dict[str, InferredDate] = {}
    redone: list[Claim] = []
    undated = sorted(a.id for a in ordered if a.published is None)
    if undated:
        index = claim_index(claims, leads)
        for article_id in undated:
            guess, reread = date_undated(articles[article_id], index, options)
            if guess is not None:
                inferred[article_id] = guess
                redone.extend(reread)
    claims = settled_claims(claims, inferred, redone)
    advance()

    stories = stories_of(ordered, quotes, claims, clusters, statements, inferred, options)
    advance()

    claims_by_article = _group(claims, lambda c: c.article_id)
    quotes_by_article = _group(quotes, lambda q: q.article_id)
    cluster_by_id = {c.id: c for c in clusters}
    statement_by_id = {s.id: s for s in statements}

    def story_records(story: Story, by_article: dict[str, list[Any]]) -> list[Any]:
        return [r for a in story.article_ids for r in by_article.get(a, ())]

    def per_story(k: int) -> tuple[list[Conflict], Digest]:
        story = stories[k]
        story_claims = story_records(story, claims_by_article)
        return (story_conflicts(story, story_claims, leads, inferred, options),
                story_digest(story, articles, story_records(story, quotes_by_article),
                             story_claims, [cluster_by_id[c] for c in story.cluster_ids],
                             [statement_by_id[s] for s in story.statement_ids], inferred,
                             options))

    # forked workers inherit the corpus; only story numbers and results cross processes
    _FORKED["per_story"] = per_story
    try:
        with _pool(options.workers, len(stories) // 8) as pool:
            results = (pool.map(_per_story_task, range(len(stories)),
                                chunksize=max(1, len(stories) // 64))
                       if pool is not None else [per_story(k) for k in range(len(stories))])
    finally:
        _FORKED.clear()
    conflicts = [c for found, _digest in results for c in found]
    digests = [digest for _found, digest in results]
    advance()
    return CorpusRecords(statements, quotes, claims, inferred, conflicts, stories, digests)


def _global_stages(store: Store, top: int, bar: Progress, options: AnalyzeOptions) -> None:
    """The corpus-wide stages over the whole store, written in one transaction."""
    task = bar.add_task("stories", total=5)
    # leads in memory, whole texts read through when a stage needs them (1M articles' texts
    # would not fit; their leads do)
    leads = list(store.articles(text_chars=story_lead_chars(options)))
    articles = _ArticleMap(store, cache=False)
    if store.path == ":memory:" and options.workers > 1:
        articles.preload(store.articles())  # forked workers cannot reopen an in-memory store
    stored_claims = store.claims()
    records = corpus_stages(articles, leads, store.quotes(), stored_claims, store.clusters(),
                            options, lambda: bar.advance(task))
    # claims re-read against an inferred date, or resolved across articles, replace the stored
    stored_ids = {c.id for c in stored_claims}
    changed = set(records.inferred) | {c.article_id for c in records.claims
                                       if c.id not in stored_ids}
    with store.atomic() as con:
        store.replace_statements(con, records.statements, records.quotes)
        store.replace_claims(con, sorted(changed), [
            c for c in records.claims if c.article_id in changed])
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


_FORKED: dict[str, Callable[[int], Any]] = {}
"""What forked workers of :func:`corpus_stages` call (set in the parent just before forking)."""


def _per_story_task(k: int) -> Any:
    return _FORKED["per_story"](k)


def _attach_all(stories: Sequence[Story], clusters: Sequence[ReuseCluster],
                statements: Sequence[Statement], claims: Sequence[Claim]) -> list[Story]:
    """Fill each story's cluster, statement and claim ids from its articles (each list in the
    order given): one pass over the records, not one per story."""
    return attach_ids(
        stories, ((c.id, [m.passage.article_id for m in c.members]) for c in clusters),
        ((s.id, [f.article_id for f in s.fragments]) for s in statements),
        ((c.id, [c.article_id]) for c in claims))


def attach_ids(stories: Sequence[Story], clusters: Iterable[tuple[str, Sequence[str]]],
               statements: Iterable[tuple[str, Sequence[str]]],
               claims: Iterable[tuple[str, Sequence[str]]]) -> list[Story]:
    """Each story with the ids of the reuse clusters, statements and claims that touch its
    articles, each record given as (id, its article ids) and each list in the order given
    (an engine holding only ids can attach them)."""
    story_of = {a: k for k, story in enumerate(stories) for a in story.article_ids}
    ids: list[tuple[list[str], list[str], list[str]]] = [([], [], []) for _ in stories]
    for slot, records in enumerate((clusters, statements, claims)):
        for record_id, article_ids in records:
            for k in sorted({story_of[a] for a in article_ids if a in story_of}):
                ids[k][slot].append(record_id)
    return [replace(story, cluster_ids=tuple(c), statement_ids=tuple(s), claim_ids=tuple(f))
            for story, (c, s, f) in zip(stories, ids, strict=True)]
