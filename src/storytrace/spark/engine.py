"""The analysis on Spark: the local engine's pure stage functions inside partitions, and the
global steps written with DataFrames (no RDD API: the same code runs under Spark Connect).

Where the work goes:

- **read**: every JSONL line (or Parquet row) is parsed on the executors by the JSONL reader's
  own ``record_to_events`` (``mapInArrow``); bad records become rows of the ``rejects`` table.
  Line numbers come from ``monotonically_increasing_id`` and per-partition counts.
- **quotes, claims**: one ``mapInArrow`` over the articles calling ``records_of_batch``, the
  function the local engine calls (an article's people are found once for both).
- **reuse**: anchors per article on the executors (``anchors_of``); document frequencies (and,
  with ``max_outlet_df``, per-outlet frequencies) with ``groupBy``; candidate pairs by joining
  articles on their usable anchors (the DF limit bounds the skew of that join); each pair
  aligned on the executors (``align_pair``); connected components of the article graph with
  iterated DataFrame joins; each component's passages clustered by ``cluster_pairs`` in a
  grouped ``applyInArrow``.
- **corpus-wide stages**, the pieces of ``pipeline.corpus_stages``: statements matched on the
  executors (:mod:`storytrace.spark.statements`: 3-gram join, pair checks, each statement
  rebuilt in its own task; the driver only joins the links); the claim index for date
  inference (all claims) on the driver, which holds records and each article's lead (or with
  story windows only its dates), never whole texts; undated articles dated and their claims
  re-read on the executors (``date_undated``, the index shipped with the function); the story
  pass on the driver over the leads (one streaming pass in publication order, by design) or,
  with ``AnalyzeOptions.story_windows``, one streaming pass per time window on the executors
  (``groupBy(window).applyInArrow``) and the windows' compact story summaries merged on the
  driver (:mod:`storytrace.stories.windows`); conflicts and digests per story on the
  executors (``groupBy(story).applyInArrow`` over the story's articles and records, calling
  ``story_conflicts``/``story_digest``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import InputError, ReadError
from ..facts.types import InferredDate
from ..ingest import ReadOptions
from ..ingest.jsonl import _names, record_to_events
from ..pipeline import (
    AnalyzeOptions,
    article_key,
    claim_index,
    date_undated,
    quote_key,
    records_of_batch,
    settled_claims,
    stories_of,
    story_conflicts,
    story_digest,
    story_lead,
    story_lead_chars,
)
from ..records import (
    AlignedPair,
    Article,
    Claim,
    Conflict,
    Digest,
    Passage,
    Quote,
    ReuseCluster,
    Source,
    Statement,
    Story,
)
from ..serialize import from_json, to_dict, to_json
from ..store.exports import add_external_ids
from ..stories import StoryEvidence
from ..stories.state import Cluster
from ..stories.windows import (
    WindowMerger,
    article_day,
    partition_evidence,
    window_of,
    window_stories,
)
from .rows import date_text, parse_date
from .statements import spark_statements

ARTICLE_SCHEMA = (
    "article_id string, external_id string, outlet string, url string, published string, "
    "title string, text string, words int, revision int, source_path string, "
    "source_line int, source_record string, line long"
)
REJECT_SCHEMA = "path string, line long, record string, reason string"


@dataclass(slots=True)
class SparkReport:
    """What a Spark run produced, and how long each step took (seconds)."""

    articles: int = 0
    rejects: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def article_row(article: Article, line: int) -> dict[str, Any]:
    """An article as a row of the articles table (the columns of ``export --what articles``)."""
    source = article.source
    return {
        "article_id": article.id, "external_id": article.external_id, "outlet": article.outlet,
        "url": article.url, "published": date_text(article.published), "title": article.title,
        "text": article.text, "words": article.word_count, "revision": 1,
        "source_path": source.path if source else None,
        "source_line": source.line if source else None,
        "source_record": source.record if source else None, "line": line,
    }


def row_article(row: dict[str, Any]) -> Article:
    """The article of a row of the articles table."""
    return Article(
        id=row["article_id"], outlet=row.get("outlet"), url=row.get("url"),
        published=parse_date(row.get("published")), title=row.get("title"), text=row["text"],
        source=Source(row["source_path"], row.get("source_line"), row.get("source_record"))
        if row.get("source_path") else None,
        external_id=row.get("external_id"),
    )


PARSED_SCHEMA = "kind string, " + ARTICLE_SCHEMA + ", path string, record string, reason string"
_ARTICLE_COLUMNS = [c.split()[0] for c in ARTICLE_SCHEMA.split(", ")]
_PARSED_COLUMNS = ["kind", *_ARTICLE_COLUMNS, "path", "record", "reason"]
_PARSED_TYPES = {"words": pa.int32(), "revision": pa.int32(), "source_line": pa.int32(),
                 "line": pa.int64()}


def _parse_records(rows: Iterator[tuple[Any, int]], path: str,
                   options: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    names = _names(options)
    for value, line in rows:
        if isinstance(value, str):
            if not value.strip():
                continue
            try:
                record = json.loads(value)
            except ValueError as exc:
                yield "reject", {"path": path, "line": line, "record": None,
                                 "reason": f"broken JSON ({exc.msg} at column {exc.colno})"}
                continue
        else:
            record = value
        for event in record_to_events(record, Source(path, line), options, names):
            if isinstance(event, Article):
                yield "article", article_row(event, line)
            elif isinstance(event, ReadError):
                yield "reject", {"path": path, "line": line, "record": event.record,
                                 "reason": event.reason}


def _parse_fn(path: str, options: ReadOptions, value_column: str | None):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            lines = batch.column("_line").to_pylist()
            if value_column is not None:
                values = batch.column(value_column).to_pylist()
            else:
                values = batch.drop_columns(["_line"]).to_pylist()
            columns: dict[str, list[Any]] = {name: [] for name in _PARSED_COLUMNS}
            for kind, row in _parse_records(zip(values, lines, strict=True), path, options):
                columns["kind"].append(kind)
                for name in _PARSED_COLUMNS[1:]:
                    columns[name].append(row.get(name))
            yield pa.RecordBatch.from_arrays(
                [pa.array(columns[n], _PARSED_TYPES.get(n, pa.string())) for n in _PARSED_COLUMNS],
                names=_PARSED_COLUMNS)
    return run


def with_line_numbers(frame):
    """``frame`` with ``_line``: 1 + the row's position in the input (as ``zipWithIndex``
    numbers rows), from ``monotonically_increasing_id`` and the row count of each partition."""
    from pyspark.sql import functions as F

    tagged = frame.withColumn("_id", F.monotonically_increasing_id()) \
        .withColumn("_part", F.spark_partition_id()).cache()
    counts = sorted((row["_part"], row["n"]) for row in
                    tagged.groupBy("_part").agg(F.count("*").alias("n")).collect())
    offsets, total = [], 0
    for part, n in counts:
        offsets.append((part, total))
        total += n
    spark = frame.sparkSession
    starts = spark.createDataFrame(offsets or [(0, 0)], "_part int, _offset long")
    first_id = F.shiftleft(F.col("_part").cast("long"), 33)
    return tagged.join(F.broadcast(starts), "_part") \
        .withColumn("_line", F.col("_offset") + F.col("_id") - first_id + 1) \
        .drop("_id", "_part", "_offset")


def read_input(spark, path: str, options: ReadOptions):
    """The articles and rejects DataFrames of a JSONL (also .gz) or Parquet input."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    is_parquet = path.rstrip("/").endswith(".parquet") or (
        Path(path).is_dir() and any(Path(path).glob("*.parquet")))
    if is_parquet:
        frame, value_column = spark.read.parquet(path), None
    else:
        frame, value_column = spark.read.text(path), "value"
    parsed = with_line_numbers(frame).mapInArrow(
        _parse_fn(path, options, value_column), PARSED_SCHEMA).cache()
    articles = parsed.where(F.col("kind") == "article").select(*_ARTICLE_COLUMNS)
    rejects = parsed.where(F.col("kind") == "reject") \
        .select("path", "line", "record", "reason")
    # the same id twice: the later record is the current revision, as in the store
    latest = Window.partitionBy("article_id").orderBy(F.col("line").desc())
    articles = (articles.withColumn("_rank", F.row_number().over(latest))
                .where("_rank = 1").drop("_rank"))
    return articles, rejects


# ------------------------------------------------------------------ per-article stages
def _records_fn(options: AnalyzeOptions):
    """Quotes and claims of each batch of articles: rows (kind, article_id, idx, data)."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            articles = [row_article(row) for row in batch.to_pylist()]
            quotes, claims = records_of_batch(articles, options)
            kinds, ids, idxs, data = [], [], [], []
            for kind, records in (("quote", quotes), ("claim", claims)):
                counters: dict[str, int] = {}
                for record in records:
                    idx = counters.get(record.article_id, 0)
                    counters[record.article_id] = idx + 1
                    kinds.append(kind)
                    ids.append(record.article_id)
                    idxs.append(idx)
                    data.append(to_json(record))
            yield pa.RecordBatch.from_arrays(
                [pa.array(kinds, pa.string()), pa.array(ids, pa.string()),
                 pa.array(idxs, pa.int32()), pa.array(data, pa.string())],
                names=["kind", "article_id", "idx", "data"])
    return run


RECORD_SCHEMA = "kind string, article_id string, idx int, data string"


# ------------------------------------------------------------------ reuse
def _anchors_fn(options):
    from ..reuse.index import anchors_of

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            ids = batch.column("article_id").to_pylist()
            texts = batch.column("text").to_pylist()
            hashes, docs = anchors_of(texts, options.ngram, options.window)
            yield pa.RecordBatch.from_arrays(
                [pa.array([ids[d] for d in docs.tolist()], pa.string()),
                 pa.array(hashes.view(np.int64))], names=["article_id", "anchor"])
    return run


def _align_fn(options, good: np.ndarray, bad: np.ndarray):
    """Align candidate pairs (rows a, b, text_a, text_b). ``good``/``bad`` (the usable and the
    boilerplate anchors) travel with the function: PySpark broadcasts a large function once per
    executor, and Spark Connect ships it with the plan (no ``SparkContext.broadcast``)."""
    from ..reuse.align import align_pair
    from ..reuse.engine import _doc_tokens

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            a_ids, b_ids, idxs, data = [], [], [], []
            for row in batch.to_pylist():
                ta, tb = row["text_a"], row["text_b"]
                toks = _doc_tokens([ta, tb], options.ngram)
                for k, span in enumerate(align_pair(toks[0], toks[1], options, good, bad)):
                    pair = AlignedPair(
                        a=Passage(row["a"], span.a_start, span.a_end, ta[span.a_start:span.a_end]),
                        b=Passage(row["b"], span.b_start, span.b_end, tb[span.b_start:span.b_end]),
                        score=span.score)
                    a_ids.append(row["a"])
                    b_ids.append(row["b"])
                    idxs.append(k)
                    data.append(to_json(pair))
            yield pa.RecordBatch.from_arrays(
                [pa.array(a_ids, pa.string()), pa.array(b_ids, pa.string()),
                 pa.array(idxs, pa.int32()), pa.array(data, pa.string())],
                names=["a", "b", "idx", "data"])
    return run


def connected_components(edges, max_iterations: int = 100):
    """Component label (the smallest article id) of every vertex of an undirected edge list.

    Label propagation with DataFrame joins: each round a vertex takes the smallest label among
    itself and its neighbours, then the label of its label (pointer jumping, which shortens
    long chains), until no label changes.
    """
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).distinct().cache()
    labels = both.select(F.col("src").alias("id")).distinct() \
        .withColumn("label", F.col("id")).localCheckpoint()
    for _ in range(max_iterations):
        offers = both.join(labels, both.src == labels.id) \
            .select(F.col("dst").alias("id"), F.col("label").alias("offer"))
        hooked = labels.join(offers.groupBy("id").agg(F.min("offer").alias("offer")), "id",
                             "left") \
            .select("id", F.least("label", F.coalesce("offer", "label")).alias("label"),
                    F.col("label").alias("old"))
        parents = hooked.select(F.col("id").alias("label"), F.col("label").alias("grand"))
        updated = hooked.join(parents, "label", "left") \
            .select("id", F.least("label", F.coalesce("grand", "label")).alias("label"),
                    (F.least("label", F.coalesce("grand", "label")) != F.col("old"))
                    .alias("changed")) \
            .localCheckpoint()
        # the checkpoint carries the change flags: this check reads it, with no shuffle
        changed = updated.where("changed").limit(1).count()
        labels = updated.select("id", "label")
        if not changed:
            break
    both.unpersist()
    return labels


def _cluster_fn(options):
    from ..reuse import cluster_pairs

    def run(pairs: pa.Table, members: pa.Table) -> pa.Table:
        articles = {row["article_id"]: row_article(row) for row in members.to_pylist()}
        aligned = [from_json(AlignedPair, d) for d in pairs.column("data").to_pylist()]
        clusters = cluster_pairs(aligned, articles) if aligned else []
        return pa.table({"data": pa.array([to_json(c) for c in clusters], pa.string())})
    return run


def spark_reuse(spark, articles, options) -> tuple[list[ReuseCluster], int]:
    """Reuse clusters and the number of aligned pairs, computed with DataFrames (see the module
    docstring); the pairs themselves stay on the executors (each cluster holds its own)."""
    from pyspark.sql import functions as F

    from ..records import ReuseCluster

    anchors = articles.select("article_id", "text").mapInArrow(
        _anchors_fn(options), "article_id string, anchor long").cache()
    limit = options.df_limit(articles.count())
    frequency = anchors.groupBy("anchor").agg(F.count("*").alias("df"))
    per_outlet = options.max_outlet_df
    if per_outlet and per_outlet < limit:
        # an anchor in more than max_outlet_df articles of one outlet is that outlet's
        # boilerplate; an article without an outlet is an outlet of its own (as in the index)
        outlet = articles.select(
            "article_id",
            F.when(F.coalesce(F.col("outlet"), F.lit("")) == "",
                   F.concat(F.lit("\n"), F.col("article_id")))
            .otherwise(F.col("outlet")).alias("outlet_key"))
        outlet_df = anchors.join(outlet, "article_id").groupBy("anchor", "outlet_key") \
            .agg(F.count("*").alias("n")).groupBy("anchor").agg(F.max("n").alias("outlet_df"))
        frequency = frequency.join(outlet_df, "anchor") \
            .withColumn("df", F.when(F.col("outlet_df") > per_outlet, F.lit(limit + 1))
                        .otherwise(F.col("df")))
    frequency = frequency.select("anchor", "df").cache()
    good = frequency.where((F.col("df") >= 2) & (F.col("df") <= limit)).select("anchor").cache()
    good_array = np.sort(good.toArrow().column("anchor").to_numpy().view(np.uint64))
    # boilerplate anchors: a passage made of them is not reuse (as in the local engine)
    bad_array = np.sort(frequency.where(F.col("df") > limit).select("anchor").toArrow()
                        .column("anchor").to_numpy().view(np.uint64))
    usable = anchors.join(good, "anchor")
    x, y = usable.alias("x"), usable.alias("y")
    candidates = (
        x.join(y, F.col("x.anchor") == F.col("y.anchor"))
        .where(F.col("x.article_id") < F.col("y.article_id"))
        .groupBy(F.col("x.article_id").alias("a"), F.col("y.article_id").alias("b"))
        .count().where(F.col("count") >= options.min_shared).select("a", "b")
    )
    texts = articles.select("article_id", "text")
    with_texts = (
        candidates.join(texts.withColumnRenamed("article_id", "a")
                        .withColumnRenamed("text", "text_a"), "a")
        .join(texts.withColumnRenamed("article_id", "b").withColumnRenamed("text", "text_b"), "b")
    )
    pairs = with_texts.mapInArrow(_align_fn(options, good_array, bad_array),
                                  "a string, b string, idx int, data string").cache()
    labels = connected_components(pairs.select("a", "b").distinct())
    pair_groups = pairs.join(
        labels.select(F.col("id").alias("a"), F.col("label").alias("pair_component")), "a")
    member_rows = articles.join(
        labels.select(F.col("id").alias("article_id"), F.col("label").alias("component")),
        "article_id")
    clustered = pair_groups.groupBy("pair_component") \
        .cogroup(member_rows.groupBy("component")) \
        .applyInArrow(_cluster_fn(options), "data string")
    clusters = [from_json(ReuseCluster, row.data) for row in clustered.collect()]
    clusters.sort(key=lambda c: (-len(c.members), c.id))
    aligned = pairs.count()
    anchors.unpersist()
    frequency.unpersist()
    good.unpersist()
    pairs.unpersist()
    return clusters, aligned


# ------------------------------------------------------------------ corpus-wide stages
def _dates_fn(index, options: AnalyzeOptions):
    """Undated articles: (kind, article_id, data) rows of their inferred date and re-read
    claims (``index``, the corpus's claim index, travels with the function)."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            kinds, ids, data = [], [], []
            for row in batch.to_pylist():
                article = row_article(row)
                guess, claims = date_undated(article, index, options)
                if guess is None:
                    continue
                kinds.append("date")
                ids.append(article.id)
                data.append(to_json(guess))
                for claim in claims:
                    kinds.append("claim")
                    ids.append(article.id)
                    data.append(to_json(claim))
            yield pa.RecordBatch.from_arrays(
                [pa.array(kinds, pa.string()), pa.array(ids, pa.string()),
                 pa.array(data, pa.string())], names=["kind", "article_id", "data"])
    return run


_KINDS = {"story": Story, "quote": Quote, "claim": Claim, "cluster": ReuseCluster,
          "statement": Statement, "date": InferredDate}


def _story_fn(options: AnalyzeOptions):
    """One story's conflicts and digest from its rows (kind, data): the story, its articles
    (full texts), quotes, claims, clusters, statements and inferred dates."""
    def run(table: pa.Table) -> pa.Table:
        records: dict[str, list[Any]] = {kind: [] for kind in (*_KINDS, "article")}
        for kind, data in zip(table.column("kind").to_pylist(),
                              table.column("data").to_pylist(), strict=True):
            if kind == "article":
                records[kind].append(row_article(json.loads(data)))
            else:
                records[kind].append(from_json(_KINDS[kind], data))
        story = records["story"][0]
        articles = {a.id: a for a in records["article"]}
        inferred = {d.article_id: d for d in records["date"]}
        conflicts = story_conflicts(story, records["claim"], articles, inferred, options)
        digest = story_digest(story, articles, records["quote"], records["claim"],
                              records["cluster"], records["statement"], inferred, options)
        rows = [("conflict", to_json(c)) for c in conflicts] + [("digest", to_json(digest))]
        return pa.table({"kind": pa.array([k for k, _ in rows], pa.string()),
                         "data": pa.array([d for _, d in rows], pa.string())})
    return run


def _lead_of(row: dict[str, Any], options: AnalyzeOptions) -> Article:
    return story_lead(row_article(row), options)


def spark_corpus_stages(spark, articles, quotes: list[Quote], claims: list[Claim],
                        clusters: list[ReuseCluster], options: AnalyzeOptions,
                        lap: Any = lambda name: None):
    """The corpus-wide stages (see the module docstring): returns statements, quotes (with
    statement ids), claims, inferred dates, stories, and conflicts and digests."""
    from pyspark.sql import functions as F

    # the driver holds each article's lead (what the single story pass reads), never whole
    # texts; with story windows not even that: the windows' passes read the leads on the
    # executors, the driver keeps each article's id and dates (what statements and dating read)
    windowed = options.story_windows is not None
    text = F.lit("") if windowed else F.substring("text", 1, _lead_chars(options))
    leads = {row["article_id"]: _lead_of(row, options) for row in
             (r.asDict() for r in articles.select(
                 "article_id", "external_id", "outlet", "url", "published", "title",
                 text.alias("text"),
                 "source_path", "source_line", "source_record").toLocalIterator())}
    statements, quotes = spark_statements(spark, sorted(quotes, key=quote_key), leads,
                                          options.quotes)
    lap("statements")

    inferred: dict[str, InferredDate] = {}
    redone: list[Claim] = []
    undated = articles.where(F.col("published").isNull())
    if any(a.published is None for a in leads.values()):
        index = claim_index(claims, leads)
        dated = undated.mapInArrow(_dates_fn(index, options),
                                   "kind string, article_id string, data string").collect()
        for row in dated:
            if row.kind == "date":
                guess = from_json(InferredDate, row.data)
                inferred[guess.article_id] = guess
            else:
                redone.append(from_json(Claim, row.data))
    claims = settled_claims(claims, inferred, redone)
    lap("dates")

    if windowed:
        def assign(ordered: list[Article], evidence: StoryEvidence) -> list[Story]:
            return spark_windowed_stories(spark, articles, ordered, evidence, options, lap)

        stories = stories_of(list(leads.values()), quotes, claims, clusters, statements,
                             inferred, options, assign=assign)
        del leads
        lap("stories: merge (driver)")
    else:
        stories = stories_of(list(leads.values()), quotes, claims, clusters, statements,
                             inferred, options)
        del leads
        lap("stories")

    # per story on the executors: its articles and records, grouped by story id
    story_of = {a: s.id for s in stories for a in s.article_ids}
    cluster_by_id = {c.id: c for c in clusters}
    statement_by_id = {s.id: s for s in statements}
    rows: list[tuple[str, str, str]] = []
    for story in stories:
        rows.append((story.id, "story", to_json(story)))
        rows.extend((story.id, "cluster", to_json(cluster_by_id[c])) for c in story.cluster_ids)
        rows.extend((story.id, "statement", to_json(statement_by_id[s]))
                    for s in story.statement_ids)
    for kind, records in (("quote", quotes), ("claim", claims),
                          ("date", list(inferred.values()))):
        rows.extend((story_of[r.article_id], kind, to_json(r)) for r in records
                    if r.article_id in story_of)
    schema = "story_id string, kind string, data string"
    parts = max(4, int(spark.conf.get("spark.sql.shuffle.partitions", "4")))
    records = spark.createDataFrame(rows, schema).repartition(parts)
    del rows
    membership = spark.createDataFrame(list(story_of.items()), "article_id string, story_id string")
    texts = articles.join(membership, "article_id").select(
        "story_id", F.lit("article").alias("kind"),
        F.to_json(F.struct(*[c for c in articles.columns if c != "line"])).alias("data"))
    results = records.unionByName(texts).groupBy("story_id") \
        .applyInArrow(_story_fn(options), "kind string, data string").collect()
    conflicts = [from_json(Conflict, r.data) for r in results if r.kind == "conflict"]
    digests = [from_json(Digest, r.data) for r in results if r.kind == "digest"]
    order = {s.id: k for k, s in enumerate(stories)}
    digests.sort(key=lambda d: order.get(d.story_id, len(order)))
    lap("conflicts, digests")
    return statements, quotes, claims, inferred, stories, conflicts, digests


def _window_fn(options: AnalyzeOptions):
    """One window's story pass: rows (kind, data) of its articles (leads) and evidence (people,
    groups, inferred dates) in, rows (window, seq, data) of its story summaries out."""
    def run(table: pa.Table) -> pa.Table:
        key = table.column("window")[0].as_py()
        articles: list[Article] = []
        people: dict[str, list[str]] = {}
        dates: dict[str, Any] = {}
        groups: list[list[str]] = []
        for kind, data in zip(table.column("kind").to_pylist(),
                              table.column("data").to_pylist(), strict=True):
            value = json.loads(data)
            if kind == "article":
                articles.append(row_article(value))
            elif kind == "people":
                people[value[0]] = value[1]
            elif kind == "date":
                dates[value[0]] = parse_date(value[1])
            else:
                groups.append(value)
        articles.sort(key=article_key)  # the stream order both engines use
        groups.sort()
        evidence = StoryEvidence(shared_groups=groups, people=people, dates=dates)
        summaries = window_stories(articles, options.stories, evidence)
        return pa.table({
            "window": pa.array([key] * len(summaries), pa.int64()),
            "seq": pa.array([c.seq for c in summaries], pa.int64()),
            "data": pa.array([json.dumps(c.to_json(), separators=(",", ":"))
                              for c in summaries], pa.string())})
    return run


def spark_windowed_stories(spark, articles, ordered: list[Article], evidence: StoryEvidence,
                           options: AnalyzeOptions, lap: Any = lambda name: None
                           ) -> list[Story]:
    """The windowed story pass (:mod:`storytrace.stories.windows`) on Spark: each window's
    streaming pass in one task (``groupBy(window).applyInArrow`` over its articles' leads and
    its evidence), then the windows' compact story summaries merged on the driver, window by
    window as they stream in. ``ordered`` (every article in stream order; only ids and dates
    are read) and ``evidence`` come from ``stories_of``."""
    from pyspark.sql import functions as F

    windows = options.story_windows
    assert windows is not None
    window = {a.id: window_of(article_day(a, evidence), windows.days) for a in ordered}
    per_window, across = partition_evidence(evidence, window)
    rows: list[tuple[int, str, str]] = []
    for key, part in per_window.items():
        rows.extend((key, "people", json.dumps([a, list(names)]))
                    for a, names in part.people.items())
        rows.extend((key, "date", json.dumps([a, date_text(d)])) for a, d in part.dates.items())
        rows.extend((key, "group", json.dumps(list(g))) for g in part.shared_groups)
    schema = "window long, kind string, data string"
    parts = max(4, int(spark.conf.get("spark.sql.shuffle.partitions", "4")))
    evidence_rows = spark.createDataFrame(rows, schema)
    del rows
    membership = spark.createDataFrame(list(window.items()), "article_id string, window long")
    del window
    leads = articles.join(membership, "article_id").select(
        "window", F.lit("article").alias("kind"),
        F.to_json(F.struct(*[F.substring("text", 1, _lead_chars(options)).alias("text")
                             if c == "text" else c
                             for c in articles.columns if c != "line"])).alias("data"))
    summaries = leads.unionByName(evidence_rows).repartition(parts, "window") \
        .groupBy("window").applyInArrow(_window_fn(options), "window long, seq long, data string") \
        .cache()
    summaries.count()
    lap("stories: windows (executors)")
    merger = WindowMerger(options.stories, windows, across)
    current: int | None = None
    batch: list[Cluster] = []
    for row in summaries.orderBy("window", "seq").toLocalIterator():
        if row.window != current and batch:
            merger.add_window(current, batch)  # type: ignore[arg-type]
            batch = []
        current = row.window
        batch.append(Cluster.from_json(json.loads(row.data)))
    if batch:
        merger.add_window(current, batch)  # type: ignore[arg-type]
    summaries.unpersist()
    return merger.stories()


def _lead_chars(options: AnalyzeOptions) -> int:
    return story_lead_chars(options) or (1 << 30)


# ------------------------------------------------------------------ the run
def run_spark(input_path: str, output_dir: str, *, master: str | None = "local[*]",
              options: AnalyzeOptions | None = None,
              read_options: ReadOptions | None = None, spark=None) -> SparkReport:
    """Analyze a JSONL or Parquet input on Spark and write Parquet tables to ``output_dir``.

    The tables are those of ``storytrace export`` (articles, reuse, quotes, statements, claims,
    conflicts, stories, digests) plus ``rejects`` (records that could not be read) and
    ``inferred_dates``.
    """
    from .session import spark_session

    options = options or AnalyzeOptions()
    read_options = read_options or ReadOptions()
    if not input_path.startswith(("hdfs:", "s3", "gs:", "abfs", "file:", "dbfs:")) \
            and not Path(input_path).exists():
        raise InputError(f"{input_path} does not exist")
    spark = spark or spark_session(master)
    report = SparkReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = round(now - clock, 3)
        clock = now

    parts = max(2, int(spark.conf.get("spark.sql.shuffle.partitions", "4")))
    articles, rejects = read_input(spark, input_path, read_options)
    articles = articles.repartition(parts).cache()
    report.articles = articles.count()
    reject_rows = [row.asDict() for row in rejects.collect()]
    report.rejects = len(reject_rows)
    lap("read")

    rows = articles.mapInArrow(_records_fn(options), RECORD_SCHEMA) \
        .orderBy("kind", "article_id", "idx").collect()
    quotes = [from_json(Quote, r.data) for r in rows if r.kind == "quote"]
    claims = [from_json(Claim, r.data) for r in rows if r.kind == "claim"]
    del rows
    lap("quotes, facts")
    clusters, report.counts["aligned pairs"] = spark_reuse(spark, articles, options.reuse)
    lap("reuse")

    statements, quotes, claims, inferred, stories, conflicts, digests = spark_corpus_stages(
        spark, articles, quotes, claims, clusters, options, lap)

    external = {row["article_id"]: row["external_id"]
                for row in articles.select("article_id", "external_id").collect()}
    claims = sorted(claims, key=lambda c: (c.article_id, c.start, c.end, c.id))
    tables: dict[str, list[dict[str, Any]]] = {
        "reuse": [to_dict(c) for c in clusters],
        "quotes": [to_dict(q) for q in quotes],
        "statements": [to_dict(s) for s in statements],
        "claims": [to_dict(c) for c in claims],
        "conflicts": [to_dict(c) for c in conflicts],
        "stories": [to_dict(s) for s in stories],
        "digests": [to_dict(d) for d in digests],
        "inferred_dates": [to_dict(d) for d in inferred.values()],
    }
    out = output_dir.rstrip("/")
    articles.drop("line").write.mode("overwrite").parquet(f"{out}/articles")
    _write_rows(spark, reject_rows, f"{out}/rejects",
                pa.schema([("path", pa.string()), ("line", pa.int64()),
                           ("record", pa.string()), ("reason", pa.string())]))
    for kind, table_rows in tables.items():
        for row in table_rows:
            add_external_ids(row, external)
        report.counts[kind] = len(table_rows)
        _write_rows(spark, table_rows, f"{out}/{kind}")
    articles.unpersist()
    lap("write")
    return report


def _without_null_types(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every null-typed part as string (a column no row fills has no type; Parquet
    cannot store that)."""
    if pa.types.is_null(kind):
        return pa.string()
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _without_null_types(f.type)) for f in kind])
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pa.list_(_without_null_types(kind.value_type))
    return kind


def _write_rows(spark, rows: list[dict[str, Any]], path: str,
                schema: pa.Schema | None = None) -> None:
    """Records (JSON-able dicts) as a Parquet folder, the columns typed from the rows."""
    if rows:
        array = pa.array(rows, type=pa.struct(list(schema)) if schema is not None else None)
        table = pa.Table.from_struct_array(array)
        table = table.cast(pa.schema([pa.field(f.name, _without_null_types(f.type))
                                      for f in table.schema]))
        try:
            frame = spark.createDataFrame(table)  # PySpark 4: from Arrow, also on Spark Connect
        except TypeError:  # PySpark 3.5 takes no Arrow table: JSON lines through an RDD
            lines = [json.dumps(row, ensure_ascii=False) for row in rows]
            frame = spark.read.json(spark.sparkContext.parallelize(lines,
                                                                   max(1, len(lines) // 5000)))
    else:
        frame = spark.createDataFrame([], "article_id string")
    frame.write.mode("overwrite").parquet(path)
