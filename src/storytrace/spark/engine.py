"""The analysis on Spark: the local engine's pure stage functions inside partitions, and the
global steps of reuse written with DataFrames.

Where the work goes:

- **read**: every JSONL line (or Parquet row) is parsed on the executors by the JSONL reader's
  own ``record_to_events``; bad records become rows of the ``rejects`` table.
- **quotes, claims**: ``mapInArrow`` over the articles, calling the functions the local engine
  calls (``quotes_of_batch``, ``claims_of_batch``).
- **reuse**: anchors per article on the executors (``anchors_of``); document frequencies with a
  ``groupBy``; candidate pairs by joining articles on their usable anchors (the DF limit bounds
  the skew of that join); each pair aligned on the executors (``align_pair``); connected
  components of the article graph with iterated DataFrame joins; each component's passages
  clustered by ``cluster_pairs`` in a grouped ``applyInArrow``.
- **corpus-wide stages** (statements, inferred dates, conflicts, stories, digests): the driver
  runs ``pipeline.corpus_stages`` over the records the executors returned, the same function the
  local engine runs, so both engines give the same answers. Story assignment is one streaming
  pass in publication order by design; it runs on the driver.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import InputError, ReadError
from ..ingest import ReadOptions
from ..ingest.jsonl import _names, record_to_events
from ..pipeline import AnalyzeOptions, claims_of_batch, corpus_stages, quotes_of_batch
from ..records import AlignedPair, Article, Passage, Source
from ..serialize import from_json, to_dict, to_json
from ..store.exports import add_external_ids

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


def _date_text(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: str | None) -> date | datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def article_row(article: Article, line: int) -> dict[str, Any]:
    """An article as a row of the articles table (the columns of ``export --what articles``)."""
    source = article.source
    return {
        "article_id": article.id, "external_id": article.external_id, "outlet": article.outlet,
        "url": article.url, "published": _date_text(article.published), "title": article.title,
        "text": article.text, "words": article.word_count, "revision": 1,
        "source_path": source.path if source else None,
        "source_line": source.line if source else None,
        "source_record": source.record if source else None, "line": line,
    }


def row_article(row: dict[str, Any]) -> Article:
    """The article of a row of the articles table."""
    return Article(
        id=row["article_id"], outlet=row["outlet"], url=row["url"],
        published=_parse_date(row["published"]), title=row["title"], text=row["text"],
        source=Source(row["source_path"], row.get("source_line"), row.get("source_record"))
        if row.get("source_path") else None,
        external_id=row["external_id"],
    )


def _parse_records(rows: Iterator[tuple[Any, int]], path: str,
                   options: ReadOptions) -> Iterator[tuple[str, dict[str, Any]]]:
    names = _names(options)
    for value, index in rows:
        line = index + 1
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


def read_input(spark, path: str, options: ReadOptions):
    """The articles and rejects DataFrames of a JSONL (also .gz) or Parquet input."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    is_parquet = path.rstrip("/").endswith(".parquet") or (
        Path(path).is_dir() and any(Path(path).glob("*.parquet")))
    if is_parquet:
        frame = spark.read.parquet(path)
        rdd = frame.rdd.map(lambda row: row.asDict(recursive=True)).zipWithIndex()
    else:
        rdd = spark.read.text(path).rdd.map(lambda row: row.value).zipWithIndex()
    parsed = rdd.mapPartitions(lambda rows: _parse_records(rows, path, options)).cache()
    articles = spark.createDataFrame(
        parsed.filter(lambda kv: kv[0] == "article").map(lambda kv: kv[1]), ARTICLE_SCHEMA)
    rejects = spark.createDataFrame(
        parsed.filter(lambda kv: kv[0] == "reject").map(lambda kv: kv[1]), REJECT_SCHEMA)
    # the same id twice: the later record is the current revision, as in the store
    latest = Window.partitionBy("article_id").orderBy(F.col("line").desc())
    articles = (articles.withColumn("_rank", F.row_number().over(latest))
                .where("_rank = 1").drop("_rank"))
    return articles, rejects


# ------------------------------------------------------------------ per-article stages
def _records_fn(compute, options):
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            articles = [row_article(row) for row in batch.to_pylist()]
            records = compute(articles, options)
            counters: dict[str, int] = {}
            ids, idxs, data = [], [], []
            for record in records:
                idx = counters.get(record.article_id, 0)
                counters[record.article_id] = idx + 1
                ids.append(record.article_id)
                idxs.append(idx)
                data.append(to_json(record))
            yield pa.RecordBatch.from_arrays(
                [pa.array(ids, pa.string()), pa.array(idxs, pa.int32()),
                 pa.array(data, pa.string())], names=["article_id", "idx", "data"])
    return run


RECORD_SCHEMA = "article_id string, idx int, data string"


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


def _align_fn(options, good_broadcast):
    from ..reuse.align import align_pair
    from ..reuse.engine import _doc_tokens

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        good, bad = good_broadcast.value
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
    itself and its neighbours, until no label changes (at most the graph's diameter rounds).
    """
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).distinct().cache()
    labels = both.select(F.col("src").alias("id")).distinct() \
        .withColumn("label", F.col("id")).localCheckpoint()
    for _ in range(max_iterations):
        offers = both.join(labels, both.src == labels.id) \
            .select(F.col("dst").alias("id"), F.col("label").alias("offer"))
        updated = labels.join(offers.groupBy("id").agg(F.min("offer").alias("offer")), "id",
                              "left") \
            .select("id", F.least("label", F.coalesce("offer", "label")).alias("label")) \
            .localCheckpoint()
        changed = updated.join(labels.withColumnRenamed("label", "old"), "id") \
            .where(F.col("label") != F.col("old")).limit(1).count()
        labels = updated
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


def spark_reuse(spark, articles, options):
    """Reuse clusters and aligned pairs, computed with DataFrames (see the module docstring)."""
    from pyspark.sql import functions as F

    from ..records import ReuseCluster

    if options.max_outlet_df:
        raise InputError("the per-outlet boilerplate limit (max_outlet_df) is not in the Spark "
                         "engine yet; leave it unset with --engine spark")
    anchors = articles.select("article_id", "text").mapInArrow(
        _anchors_fn(options), "article_id string, anchor long").cache()
    limit = options.df_limit(articles.count())
    frequency = anchors.groupBy("anchor").agg(F.count("*").alias("df"))
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
    broadcast = spark.sparkContext.broadcast((good_array, bad_array))
    pairs = with_texts.mapInArrow(_align_fn(options, broadcast),
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
    pair_records = [from_json(AlignedPair, row.data) for row in pairs.collect()]
    anchors.unpersist()
    good.unpersist()
    pairs.unpersist()
    return clusters, pair_records


# ------------------------------------------------------------------ the run
def run_spark(input_path: str, output_dir: str, *, master: str | None = "local[*]",
              options: AnalyzeOptions | None = None,
              read_options: ReadOptions | None = None, spark=None) -> SparkReport:
    """Analyze a JSONL or Parquet input on Spark and write Parquet tables to ``output_dir``.

    The tables are those of ``storytrace export`` (articles, reuse, quotes, statements, claims,
    conflicts, stories, digests) plus ``rejects`` (records that could not be read).
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

    articles, rejects = read_input(spark, input_path, read_options)
    articles = articles.repartition(max(2, spark.sparkContext.defaultParallelism * 2)).cache()
    report.articles = articles.count()
    reject_rows = rejects.collect()
    report.rejects = len(reject_rows)
    lap("read")

    from ..records import Claim, Quote

    quote_rows = articles.mapInArrow(_records_fn(quotes_of_batch, options.quotes), RECORD_SCHEMA)
    quotes = [from_json(Quote, r.data) for r in quote_rows.orderBy("article_id", "idx").collect()]
    lap("quotes")
    claim_rows = articles.mapInArrow(_records_fn(claims_of_batch, options.facts), RECORD_SCHEMA)
    claims = [from_json(Claim, r.data) for r in claim_rows.orderBy("article_id", "idx").collect()]
    lap("facts")
    clusters, _pairs = spark_reuse(spark, articles, options.reuse)
    lap("reuse")

    by_id = {row["article_id"]: row_article(row) for row in
             (r.asDict() for r in articles.toLocalIterator())}
    ordered = list(by_id.values())
    records = corpus_stages(by_id, ordered, quotes, claims, clusters, options)
    lap("corpus stages")

    external = {a.id: a.external_id for a in ordered}
    claims = sorted(records.claims, key=lambda c: (c.article_id, c.start, c.end, c.id))
    tables: dict[str, list[dict[str, Any]]] = {
        "reuse": [to_dict(c) for c in clusters],
        "quotes": [to_dict(q) for q in records.quotes],
        "statements": [to_dict(s) for s in records.statements],
        "claims": [to_dict(c) for c in claims],
        "conflicts": [to_dict(c) for c in records.conflicts],
        "stories": [to_dict(s) for s in records.stories],
        "digests": [to_dict(d) for d in records.digests],
        "inferred_dates": [to_dict(d) for d in records.inferred.values()],
    }
    out = output_dir.rstrip("/")
    articles.drop("line").write.mode("overwrite").parquet(f"{out}/articles")
    spark.createDataFrame(reject_rows, REJECT_SCHEMA).write.mode("overwrite") \
        .parquet(f"{out}/rejects")
    for kind, rows in tables.items():
        for row in rows:
            add_external_ids(row, external)
        report.counts[kind] = len(rows)
        _write_json_rows(spark, rows, f"{out}/{kind}")
    lap("write")
    return report


def _write_json_rows(spark, rows: list[dict[str, Any]], path: str) -> None:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    if lines:
        frame = spark.read.json(spark.sparkContext.parallelize(lines, max(1, len(lines) // 5000)))
    else:
        frame = spark.createDataFrame([], "article_id string")
    frame.write.mode("overwrite").parquet(path)
