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
- **quotes and claims stay DataFrames** from the per-article stage to their Parquet tables
  (written by the executors with the schema the driver's ``pa.array`` would infer): the
  driver never holds them, only per-article leads (or dates), ids, people names, the
  evidence groups, statements, reuse clusters and stories.
- **corpus-wide stages**, the pieces of ``pipeline.corpus_stages``: statements matched on the
  executors (:mod:`storytrace.spark.statements`: quotes numbered by a distributed sort, 3-gram
  join, pair checks, each statement rebuilt in its own task, statement ids joined back; the
  driver only joins the links); the claim index for date inference on the driver from what it
  reads (``born``/``died``/``age`` claims, the undated articles' claims, every claim's names);
  undated articles dated and their claims re-read on the executors (``date_undated``, the
  index shipped with the function); relatives resolved from the relation claims only
  (``relatives_resolved``); each article's people for the story evidence gathered on the
  executors (names only reach the driver); the story
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import InputError, ReadError
from ..facts.types import InferredDate
from ..ingest import ReadOptions
from ..ingest.jsonl import _names, record_to_events
from ..pipeline import (
    INDEX_ATTRIBUTES,
    RELATION_ATTRIBUTES,
    AnalyzeOptions,
    article_key,
    attach_ids,
    claim_index,
    cluster_key,
    date_undated,
    records_of_batch,
    relatives_resolved,
    shared_groups,
    story_conflicts,
    story_digest,
    story_evidence,
    story_lead,
    story_lead_chars,
    story_pass,
)
from ..records import (
    AlignedPair,
    Article,
    Claim,
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
    plan_windows,
    window_stories,
)
from .rows import date_text, parse_date
from .statements import (
    QUOTE_ARROW,
    QUOTE_COLUMNS,
    numbered_quotes,
    quote_columns,
    spark_statements,
)

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
CLAIM_COLUMNS = ("article_id", "subject", "attribute", "value", "start", "end", "id", "data")
"""The columns of a claims DataFrame: what the corpus-wide steps read, and the claim's JSON."""
_CLAIM_TYPES = {"start": pa.int64(), "end": pa.int64()}
CLAIM_SCHEMA = ", ".join(f"`{c}` {'long' if c in _CLAIM_TYPES else 'string'}"
                         for c in CLAIM_COLUMNS)


def claim_columns(claims: Sequence[Claim]) -> dict[str, list[Any]]:
    """Claims as the columns of a claims DataFrame (:data:`CLAIM_COLUMNS`)."""
    return {
        "article_id": [c.article_id for c in claims], "subject": [c.subject for c in claims],
        "attribute": [c.attribute for c in claims], "value": [c.value for c in claims],
        "start": [c.start for c in claims], "end": [c.end for c in claims],
        "id": [c.id for c in claims], "data": [to_json(c) for c in claims],
    }


def _claim_table(claims: Sequence[Claim]) -> pa.Table:
    columns = claim_columns(claims)
    return pa.table({c: pa.array(columns[c], _CLAIM_TYPES.get(c, pa.string()))
                     for c in CLAIM_COLUMNS})


_RECORD_COLUMNS = ("rec", *QUOTE_COLUMNS,
                   *(c for c in CLAIM_COLUMNS if c not in QUOTE_COLUMNS))
_RECORD_ARROW = pa.schema([("rec", pa.string())] + [
    pa.field(c, QUOTE_ARROW.field(c).type if c in QUOTE_COLUMNS
             else _CLAIM_TYPES.get(c, pa.string())) for c in _RECORD_COLUMNS[1:]])
RECORD_SCHEMA = ", ".join(f"`{f.name}` {'long' if f.type == pa.int64() else 'string'}"
                          for f in _RECORD_ARROW)
"""Rows of quotes (``rec`` = "quote") and claims ("claim", also "date" rows of inferred
dates: ``article_id`` and ``data``), each kind filling its own columns."""


def _record_batch(parts: Sequence[tuple[str, dict[str, list[Any]], int]]) -> pa.RecordBatch:
    """One batch of record rows from (rec, columns, row count) parts."""
    arrays = []
    for f in _RECORD_ARROW:
        values: list[Any] = []
        for rec, columns, n in parts:
            values.extend([rec] * n if f.name == "rec" else columns.get(f.name, [None] * n))
        arrays.append(pa.array(values, f.type))
    return pa.RecordBatch.from_arrays(arrays, schema=_RECORD_ARROW)


def _records_fn(options: AnalyzeOptions):
    """Quotes and claims of each batch of articles, as record rows (:data:`RECORD_SCHEMA`)."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            articles = [row_article(row) for row in batch.to_pylist()]
            quotes, claims = records_of_batch(articles, options)
            yield _record_batch([("quote", quote_columns(quotes), len(quotes)),
                                 ("claim", claim_columns(claims), len(claims))])
    return run


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
        return pa.table({
            "id": pa.array([c.id for c in clusters], pa.string()),
            "size": pa.array([len(c.members) for c in clusters], pa.int64()),
            "article_ids": pa.array([[m.passage.article_id for m in c.members]
                                     for c in clusters], pa.list_(pa.string())),
            "data": pa.array([to_json(c) for c in clusters], pa.string())})
    return run


CLUSTER_SCHEMA = "id string, size long, article_ids array<string>, data string"
"""Reuse clusters as a DataFrame: id, member count, the members' article ids, JSON."""


def spark_reuse(spark, articles, options) -> tuple[list[ReuseCluster], int]:
    """Reuse clusters (in ``cluster_key`` order) and the number of aligned pairs, computed
    with DataFrames (:func:`reuse_frame`) and collected."""
    frame, aligned = reuse_frame(spark, articles, options)
    clusters = [from_json(ReuseCluster, row.data) for row in frame.select("data").collect()]
    return sorted(clusters, key=cluster_key), aligned


def reuse_frame(spark, articles, options) -> tuple[Any, int]:
    """Reuse clusters (a checkpointed DataFrame, :data:`CLUSTER_SCHEMA`) and the number of
    aligned pairs, computed with DataFrames (see the module docstring); the pairs and the
    clusters stay on the executors."""
    from pyspark.sql import functions as F

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
        .applyInArrow(_cluster_fn(options), CLUSTER_SCHEMA).localCheckpoint()
    aligned = pairs.count()
    anchors.unpersist()
    frequency.unpersist()
    good.unpersist()
    pairs.unpersist()
    return clustered, aligned


# ------------------------------------------------------------------ corpus-wide stages
def _dates_fn(index, options: AnalyzeOptions):
    """Undated articles in; record rows (:data:`RECORD_SCHEMA`) of their inferred dates
    ("date") and re-read claims out (``index``, the part of the corpus's claim index dating
    reads, travels with the function)."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            guesses: list[InferredDate] = []
            redone: list[Claim] = []
            for row in batch.to_pylist():
                guess, claims = date_undated(row_article(row), index, options)
                if guess is not None:
                    guesses.append(guess)
                    redone.extend(claims)
            yield _record_batch([
                ("date", {"article_id": [g.article_id for g in guesses],
                          "data": [to_json(g) for g in guesses]}, len(guesses)),
                ("claim", claim_columns(redone), len(redone))])
    return run


_KINDS = {"story": Story, "quote": Quote, "claim": Claim, "cluster": ReuseCluster,
          "statement": Statement, "date": InferredDate}


def _story_fn(options: AnalyzeOptions):
    """One story's conflicts and digest from its rows (kind, data): the story and its place
    among the stories ("seq"), its articles (full texts), quotes, claims, clusters, statements
    and inferred dates. Out: rows (kind, seq, pos: the row's place, data) whose data is the
    record's export row (its ``to_dict`` with its articles' external ids), ready to be written
    by the executors."""
    def run(table: pa.Table) -> pa.Table:
        records: dict[str, list[Any]] = {kind: [] for kind in (*_KINDS, "article")}
        seq = 0
        for kind, data in zip(table.column("kind").to_pylist(),
                              table.column("data").to_pylist(), strict=True):
            if kind == "article":
                records[kind].append(row_article(json.loads(data)))
            elif kind == "seq":
                seq = int(data)
            else:
                records[kind].append(from_json(_KINDS[kind], data))
        story = records["story"][0]
        articles = {a.id: a for a in records["article"]}
        external = {a.id: a.external_id for a in records["article"]}
        inferred = {d.article_id: d for d in records["date"]}
        conflicts = story_conflicts(story, records["claim"], articles, inferred, options)
        digest = story_digest(story, articles, records["quote"], records["claim"],
                              records["cluster"], records["statement"], inferred, options)
        rows = [("conflict", c) for c in conflicts] + [("digest", digest)]
        data = []
        for _kind, record in rows:
            row = to_dict(record)
            add_external_ids(row, external)
            data.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
        return pa.table({"kind": pa.array([k for k, _ in rows], pa.string()),
                         "seq": pa.array([seq] * len(rows), pa.int64()),
                         "pos": pa.array(range(len(rows)), pa.int64()),
                         "data": pa.array(data, pa.string())})
    return run


def _lead_of(row: dict[str, Any], options: AnalyzeOptions) -> Article:
    return story_lead(row_article(row), options)


@dataclass(slots=True)
class SparkRecords:
    """What the corpus-wide stages give on Spark: the quotes (with statement ids) and the
    final claims stay DataFrames (:data:`QUOTE_COLUMNS` + ``idx``, ``statement_id``;
    :data:`CLAIM_COLUMNS`), and so do the statements and reuse clusters (``STATEMENT_SCHEMA``,
    :data:`CLUSTER_SCHEMA`) and the conflicts and digests (``seq``: the story's place
    in ``stories``; ``data``: the export row, external ids included); the rest is small and
    held by the driver."""

    statements: Any
    clusters: Any
    quotes: Any
    claims: Any
    inferred: dict[str, InferredDate]
    stories: list[Story]
    conflicts: Any
    digests: Any


def spark_corpus_stages(spark, articles, quotes, claims, clusters, options: AnalyzeOptions,
                        lap: Any = lambda name: None) -> SparkRecords:
    """The corpus-wide stages (see the module docstring). ``quotes``: a DataFrame of quote
    rows numbered in canonical order (:func:`~storytrace.spark.statements.numbered_quotes`);
    ``claims``: a DataFrame with :data:`CLAIM_COLUMNS`; ``clusters``: the reuse clusters
    (:func:`reuse_frame`). The driver holds per-article leads (or only dates, with story
    windows), people names and story ids, the evidence groups (the ids of the clusters' and
    statements' articles) and the stories; never the records themselves."""
    from pyspark.sql import functions as F

    # the driver holds each article's lead (what the single story pass reads), never whole
    # texts; with story windows not even that: the windows' passes read the leads on the
    # executors, the driver keeps each article's id and dates (what dating reads)
    windowed = options.story_windows is not None
    text = F.lit("") if windowed else F.substring("text", 1, _lead_chars(options))
    leads = {row["article_id"]: _lead_of(row, options) for row in
             (r.asDict() for r in articles.select(
                 "article_id", "external_id", "outlet", "url", "published", "title",
                 text.alias("text"),
                 "source_path", "source_line", "source_record").toLocalIterator())}
    statement_refs, statements, quotes = spark_statements(spark, quotes, articles.select(
        "article_id", "published"), options.quotes)
    quotes = quotes.localCheckpoint()
    lap("statements")

    inferred: dict[str, InferredDate] = {}
    undated_ids = sorted(a.id for a in leads.values() if a.published is None)
    if undated_ids:
        undated = spark.createDataFrame(pa.table({"article_id": pa.array(undated_ids,
                                                                         pa.string())}))
        index = _claim_index(claims, undated, leads)
        dated = articles.join(F.broadcast(undated), "article_id").mapInArrow(
            _dates_fn(index, options), RECORD_SCHEMA).localCheckpoint()
        del index
        inferred = {r.article_id: from_json(InferredDate, r.data) for r in
                    dated.where(F.col("rec") == "date").select("article_id", "data")
                    .toLocalIterator()}
        if inferred:
            # the articles dated by inference: their claims re-read against the date
            redone = spark.createDataFrame(pa.table({"article_id": pa.array(
                sorted(inferred), pa.string())}))
            claims = claims.join(F.broadcast(redone), "article_id", "left_anti") \
                .unionByName(dated.where(F.col("rec") == "claim").select(*CLAIM_COLUMNS))
    claims = _with_relatives(spark, claims).localCheckpoint()
    lap("dates")

    # story evidence: each article's people found on the executors, only the names travel
    people_rows = quotes.where((F.col("speaker_kind") == "person") & (F.col("speaker") != "")) \
        .select("article_id", F.col("speaker").alias("name")) \
        .unionByName(claims.select("article_id", F.col("subject").alias("name"))) \
        .groupBy("article_id").agg(F.array_sort(F.collect_set("name")).alias("names"))
    people = {r.article_id: list(r.names) for r in people_rows.toLocalIterator()}
    cluster_refs = [(r.id, list(r.article_ids)) for r in sorted(
        clusters.select("id", "size", "article_ids").toLocalIterator(),
        key=lambda r: (-r.size, r.id))]  # pipeline.cluster_key
    evidence = story_evidence(people, shared_groups(
        (ids for _, ids in cluster_refs), (ids for _, ids in statement_refs)), inferred)
    del people
    if windowed:
        def assign(ordered: Sequence[Article], evidence: StoryEvidence) -> list[Story]:
            return spark_windowed_stories(spark, articles, ordered, evidence, options, lap)

        stories = story_pass(list(leads.values()), evidence, options, assign)
        del leads, evidence
        lap("stories: merge (driver)")
    else:
        stories = story_pass(list(leads.values()), evidence, options)
        del leads, evidence
        lap("stories")

    # each story's cluster and statement ids (both held here), and its claims' ids in the
    # canonical claim order, gathered on the executors
    stories = attach_ids(stories, cluster_refs, statement_refs, [])
    del cluster_refs, statement_refs
    membership = spark.createDataFrame(pa.table({
        "article_id": pa.array([a for s in stories for a in s.article_ids], pa.string()),
        "story_id": pa.array([s.id for s in stories for _ in s.article_ids], pa.string()),
    })).localCheckpoint()
    key = F.struct("subject", "attribute", "article_id", "start", "end", "id")
    claim_ids = {r.story_id: tuple(r.ids) for r in claims.join(membership, "article_id")
                 .groupBy("story_id").agg(F.array_sort(F.collect_list(key)).alias("keys"))
                 .select("story_id", F.col("keys.id").alias("ids")).toLocalIterator()}
    stories = [replace(s, claim_ids=claim_ids.get(s.id, ())) for s in stories]
    del claim_ids
    lap("stories: claim ids")

    # per story on the executors: its articles and records, grouped by story id
    story_of = {a: s.id for s in stories for a in s.article_ids}
    rows: list[tuple[str, str, str]] = []
    for k, story in enumerate(stories):
        rows.append((story.id, "story", to_json(story)))
        rows.append((story.id, "seq", str(k)))
    rows.extend((story_of[d.article_id], "date", to_json(d)) for d in inferred.values()
                if d.article_id in story_of)
    del story_of
    parts = max(4, int(spark.conf.get("spark.sql.shuffle.partitions", "4")))
    held = spark.createDataFrame(pa.table({
        name: pa.array([row[k] for row in rows], pa.string())
        for k, name in enumerate(("story_id", "kind", "data"))}))
    del rows

    def story_rows(frame, kind: str):
        return frame.join(membership, "article_id").select(
            "story_id", F.lit(kind).alias("kind"), "data")

    def linked_rows(frame, kind: str, field: str):
        links = spark.createDataFrame(pa.table({
            "id": pa.array([r for s in stories for r in getattr(s, field)], pa.string()),
            "story_id": pa.array([s.id for s in stories for _ in getattr(s, field)],
                                 pa.string())}))
        return frame.join(links, "id").select("story_id", F.lit(kind).alias("kind"), "data")

    texts = articles.join(membership, "article_id").select(
        "story_id", F.lit("article").alias("kind"),
        F.to_json(F.struct(*[c for c in articles.columns if c != "line"])).alias("data"))
    results = held.unionByName(story_rows(quotes, "quote")) \
        .unionByName(story_rows(claims, "claim")).unionByName(texts) \
        .unionByName(linked_rows(clusters, "cluster", "cluster_ids")) \
        .unionByName(linked_rows(statements, "statement", "statement_ids")) \
        .repartition(parts, "story_id").groupBy("story_id") \
        .applyInArrow(_story_fn(options), "kind string, seq long, pos long, data string") \
        .localCheckpoint()
    conflicts = results.where(F.col("kind") == "conflict").select("seq", "pos", "data")
    digests = results.where(F.col("kind") == "digest").select("seq", "pos", "data")
    lap("conflicts, digests")
    return SparkRecords(statements, clusters, quotes, claims, inferred, stories, conflicts,
                        digests)


def _claim_index(claims, undated, articles: dict[str, Article]):
    """The claim index of date inference from what it reads (``pipeline.claim_index``): the
    claims with ``INDEX_ATTRIBUTES`` and the ``undated`` articles' claims, and the names of
    every claim; the driver holds only those."""
    from pyspark.sql import functions as F

    flagged = claims.join(F.broadcast(undated.withColumn("_undated", F.lit(True))),
                          "article_id", "left")
    read = flagged.where(F.col("attribute").isin(*INDEX_ATTRIBUTES)
                         | F.col("_undated").isNotNull()).select("data")
    subset = [from_json(Claim, r.data) for r in read.toLocalIterator()]
    return claim_index(subset, articles, _claim_names(claims))


def _claim_names(claims) -> list[str]:
    """Every claim's subject and every ``*_of`` claim's value, each once."""
    from pyspark.sql import functions as F

    names = claims.select(F.col("subject").alias("name")).unionByName(
        claims.where(F.col("attribute").endswith("_of")).select(F.col("value").alias("name")))
    return [r.name for r in names.distinct().toLocalIterator()]


# a superset of ``facts.relatives.DESCRIPTOR`` in Java's regex syntax ("Kasimir Oduya's father")
_DESCRIPTOR_TAIL = "['’]s (father|mother|husband|wife|brother|sister|partner)$"


def _with_relatives(spark, claims):
    """``claims`` with the persons named only by relation resolved across the corpus
    (``pipeline.relatives_resolved``: the driver reads only the relation claims and those
    naming someone by relation, and every claim's names; the rewritten claims are swapped in on
    the executors)."""
    from pyspark.sql import functions as F

    descriptor = F.col("subject").rlike(_DESCRIPTOR_TAIL) | F.col("value").rlike(_DESCRIPTOR_TAIL)
    if not claims.where(descriptor).limit(1).count():
        return claims
    read = claims.where(F.col("attribute").isin(*RELATION_ATTRIBUTES) | descriptor)
    subset = [from_json(Claim, r.data) for r in read.select("data").toLocalIterator()]
    changed = relatives_resolved(subset, _claim_names(claims))
    if not changed:
        return claims
    keys = ("article_id", "start", "end", "id", "subject", "value")
    old = spark.createDataFrame(pa.table({
        "article_id": pa.array([o.article_id for o, _ in changed], pa.string()),
        "start": pa.array([o.start for o, _ in changed], pa.int64()),
        "end": pa.array([o.end for o, _ in changed], pa.int64()),
        "id": pa.array([o.id for o, _ in changed], pa.string()),
        "subject": pa.array([o.subject for o, _ in changed], pa.string()),
        "value": pa.array([o.value for o, _ in changed], pa.string())}))
    new = spark.createDataFrame(_claim_table([n for _, n in changed]))
    return claims.join(F.broadcast(old), list(keys), "left_anti").select(*CLAIM_COLUMNS) \
        .unionByName(new)


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
    plan = plan_windows(ordered, evidence, windows)
    per_window, across = plan.evidence, plan.across
    window = {a.id: key for key, members in plan.windows for a in members}
    context = {a.id: key for key, tail in plan.context.items() for a in tail}
    del plan
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
    membership = spark.createDataFrame([*window.items(), *context.items()],
                                       "article_id string, window long")
    del window, context
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
    from pyspark.sql import functions as F

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

    # quotes and claims stay on the executors from here to the Parquet files
    records = articles.mapInArrow(_records_fn(options), RECORD_SCHEMA).cache()
    quotes = numbered_quotes(records.where(F.col("rec") == "quote").select(*QUOTE_COLUMNS))
    claims = records.where(F.col("rec") == "claim").select(*CLAIM_COLUMNS).localCheckpoint()
    records.unpersist()
    lap("quotes, facts")
    clusters, report.counts["aligned pairs"] = reuse_frame(spark, articles, options.reuse)
    lap("reuse")

    found = spark_corpus_stages(spark, articles, quotes, claims, clusters, options, lap)

    external = {row["article_id"]: row["external_id"]
                for row in articles.select("article_id", "external_id").toLocalIterator()}
    tables: dict[str, list[dict[str, Any]]] = {
        "stories": [to_dict(s) for s in found.stories],
        "inferred_dates": [to_dict(d) for d in found.inferred.values()],
    }
    out = output_dir.rstrip("/")
    articles.drop("line").write.mode("overwrite").parquet(f"{out}/articles")
    _write_rows(spark, reject_rows, f"{out}/rejects",
                pa.schema([("path", pa.string()), ("line", pa.int64()),
                           ("record", pa.string()), ("reason", pa.string())]))
    ids = articles.select("article_id", "external_id")
    report.counts["quotes"] = write_records(spark, found.quotes, ids, ["idx"], f"{out}/quotes")
    report.counts["claims"] = write_records(spark, found.claims, ids,
                                            ["article_id", "start", "end", "id"],
                                            f"{out}/claims")
    report.counts["reuse"] = write_records(
        spark, clusters.withColumn("neg_size", -F.col("size")), ids, ["neg_size", "id"],
        f"{out}/reuse")
    report.counts["statements"] = write_records(spark, found.statements, ids, ["id"],
                                                f"{out}/statements")
    for kind in ("conflicts", "digests"):
        report.counts[kind] = write_records(spark, getattr(found, kind), None, ["seq", "pos"],
                                            f"{out}/{kind}")
    for kind, table_rows in tables.items():
        for row in table_rows:
            add_external_ids(row, external)
        report.counts[kind] = len(table_rows)
        _write_rows(spark, table_rows, f"{out}/{kind}")
    articles.unpersist()
    lap("write")
    return report


def _schema_fn():
    """Record rows (data, external_id) in; the Arrow schema ``pa.array`` infers for their
    export rows (``to_dict`` + the external id) out, serialized, one per batch."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            rows = _export_rows(batch)
            if rows:
                kind = pa.array(rows).type
                yield pa.RecordBatch.from_arrays([pa.array(
                    [pa.schema(list(kind)).serialize().to_pybytes()], pa.binary())],
                    names=["schema"])
    return run


def _export_rows(batch: pa.RecordBatch) -> list[dict[str, Any]]:
    """The records' export rows: each JSON as ``to_dict`` gives it, with its article's external
    id (``add_external_ids``) when the batch has an ``external_id`` column (else the JSON is
    the export row already)."""
    data = batch.column("data").to_pylist()
    if "external" in batch.schema.names:  # records spanning articles: their articles' ids
        rows = []
        for text, external in zip(data, batch.column("external").to_pylist(), strict=True):
            row = json.loads(text)
            add_external_ids(row, dict(external or ()))
            rows.append(row)
        return rows
    if "external_id" not in batch.schema.names:
        return [json.loads(d) for d in data]
    rows = []
    for text, external_id in zip(data, batch.column("external_id").to_pylist(), strict=True):
        row = json.loads(text)
        add_external_ids(row, {row["article_id"]: external_id})
        rows.append(row)
    return rows


def _table_fn(schema: pa.Schema):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            yield pa.RecordBatch.from_struct_array(
                pa.array(_export_rows(batch), type=pa.struct(list(schema))))
    return run


def write_records(spark, records, ids, order: list[str], path: str) -> int:
    """Write a records DataFrame (a ``data`` JSON column and the ``order`` columns) as its
    export table from the executors: the columns and types :func:`_write_rows` would give the
    same rows on the driver (types inferred per batch, then unified as ``pa.array`` infers them
    over all rows), rows in ``order``. ``ids``: the articles' (``article_id``,
    ``external_id``), joined on the records' ``article_id`` (per-article records) or, for
    records spanning articles (an ``id`` and an ``article_ids`` column), on each of their
    articles; ``None`` when ``data`` already holds the export rows. Returns the number of
    rows."""
    from pyspark.sql import functions as F

    if ids is None:
        columns, rows = ["data"], records
    elif "article_ids" in records.columns:  # records spanning articles, each with an ``id``
        external = records.select("id", F.explode(F.array_distinct("article_ids"))
                                  .alias("article_id")).join(ids, "article_id", "left") \
            .groupBy("id").agg(F.map_from_entries(F.collect_list(
                F.struct("article_id", "external_id"))).alias("external"))
        columns, rows = ["data", "external"], records.join(external, "id", "left")
    else:
        columns, rows = ["data", "external_id"], records.join(ids, "article_id", "left")
    rows = rows.select(*columns, *[c for c in order if c not in columns])
    schemas = [pa.ipc.read_schema(pa.py_buffer(r.schema)) for r in
               rows.select(*columns).mapInArrow(_schema_fn(), "schema binary").collect()]
    if not schemas:
        spark.createDataFrame([], "article_id string").write.mode("overwrite").parquet(path)
        return 0
    unified = pa.unify_schemas(schemas, promote_options="permissive")
    schema = pa.schema([pa.field(f.name, _without_null_types(f.type)) for f in unified])
    spark_schema = spark.createDataFrame(schema.empty_table()).schema
    ordered = rows.orderBy(*order).select(*columns)
    ordered.mapInArrow(_table_fn(schema), spark_schema).write.mode("overwrite").parquet(path)
    return records.count()


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
