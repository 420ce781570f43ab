"""Statements on Spark: the local engine's matching pieces on the executors, the same answer.

``quotes.statements.match_statements`` in distributed steps, each calling the function the
local engine calls:

1. every quote's word keys and 3-grams (``statement_keys``, ``key_grams``) in ``mapInArrow``;
2. candidate pairs by joining quotes on shared 3-grams (a 3-gram in more than
   ``MAX_GRAM_QUOTES`` quotes is dropped, which also bounds the join's skew), kept when they
   share two or more 3-grams and come from different articles;
3. each pair checked on the executors (``fragments_linked``), and each article's continuation
   links (``continuation_links``, ``groupBy(article).applyInArrow``);
4. the links (a few per statement, small) joined into groups on the driver with a union-find
   over quote numbers;
5. each group of two or more articles with a cross-article link rebuilt into its statement on
   the executors (``build_statement``, ``groupBy(group).applyInArrow``).

Quotes are numbered in the canonical order both engines sort them in (``pipeline.quote_key``),
so groups, members and statement ids are the local engine's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence

import pyarrow as pa

from ..quotes.options import QuoteOptions
from ..quotes.statements import (
    MAX_GRAM_QUOTES,
    _UnionFind,
    build_statement,
    continuation_links,
    fragments_linked,
    key_grams,
    statement_keys,
)
from ..records import Article, Quote, Speaker, Statement
from ..serialize import from_json, to_json
from .rows import date_text, parse_date

_SEP = "\x1f"  # joins word keys: never inside one (keys are letters and digits)


def _quote_table(quotes: Sequence[Quote]) -> pa.Table:
    """What the executors read of the quotes, as one Arrow table (Spark takes it as it is,
    far faster than Python rows)."""
    return pa.table({
        "idx": pa.array(range(len(quotes)), pa.int64()),
        "article_id": pa.array([q.article_id for q in quotes], pa.string()),
        "kind": pa.array([q.kind for q in quotes], pa.string()),
        "text": pa.array([q.text for q in quotes], pa.string()),
        "start": pa.array([q.start for q in quotes], pa.int64()),
        "cue": pa.array([q.cue for q in quotes], pa.string()),
        "cue_start": pa.array([q.cue_start for q in quotes], pa.int64()),
        "speaker_kind": pa.array([q.speaker.kind for q in quotes], pa.string()),
        "speaker": pa.array([q.speaker.name for q in quotes], pa.string()),
    })


def _keys_fn(options: QuoteOptions):
    """Quote rows in; every candidate quote's word keys (joined by ``_SEP``) and speaker out."""
    names = ("idx", "article_id", "keys", "speaker_kind", "speaker")

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            columns = {name: batch.column(name).to_pylist() for name in (
                "idx", "article_id", "kind", "text", "speaker_kind", "speaker")}
            keep = []
            keyed = []
            for k, (text, kind) in enumerate(zip(columns["text"], columns["kind"],
                                                 strict=True)):
                keys = statement_keys(text, kind, options)
                if keys is not None:
                    keep.append(k)
                    keyed.append(_SEP.join(keys))
            out = {name: [columns[name][k] for k in keep] for name in names if name != "keys"}
            out["keys"] = keyed
            yield pa.RecordBatch.from_pydict({name: out[name] for name in names},
                                             schema=_KEYED_ARROW)
    return run


_KEYS_SCHEMA = "idx long, article_id string, keys string, speaker_kind string, speaker string"
_KEYED_ARROW = pa.schema([("idx", pa.int64()), ("article_id", pa.string()),
                          ("keys", pa.string()), ("speaker_kind", pa.string()),
                          ("speaker", pa.string())])


def _grams_fn():
    """Candidate quotes' keys in; one row per (3-gram, quote) out."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            grams, idxs, arts = [], [], []
            for idx, article_id, keys in zip(batch.column("idx").to_pylist(),
                                             batch.column("article_id").to_pylist(),
                                             batch.column("keys").to_pylist(), strict=True):
                for gram in key_grams(keys.split(_SEP)):
                    grams.append(_SEP.join(gram))
                    idxs.append(idx)
                    arts.append(article_id)
            yield pa.RecordBatch.from_arrays(
                [pa.array(grams, pa.string()), pa.array(idxs, pa.int64()),
                 pa.array(arts, pa.string())], names=["gram", "idx", "article_id"])
    return run


def _linked_fn(options: QuoteOptions):
    """Candidate pairs (a, b and each side's keys and speaker) in; the pairs that are fragments
    of one statement out."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            out_a, out_b = [], []
            for row in batch.to_pylist():
                if fragments_linked(Speaker(row["speaker_a"], row["kind_a"]),
                                    Speaker(row["speaker_b"], row["kind_b"]),
                                    row["keys_a"].split(_SEP), row["keys_b"].split(_SEP),
                                    options):
                    out_a.append(row["a"])
                    out_b.append(row["b"])
            yield pa.RecordBatch.from_arrays(
                [pa.array(out_a, pa.int64()), pa.array(out_b, pa.int64())], names=["a", "b"])
    return run


def _continuation_fn(options: QuoteOptions):
    """One article's quotes in; its continuation links out."""
    def run(table: pa.Table) -> pa.Table:
        cols = [table.column(name).to_pylist() for name in (
            "idx", "start", "speaker", "cue", "cue_start", "text", "kind")]
        cues = [(idx, start, speaker, cue, cue_start) for idx, start, speaker, cue, cue_start,
                text, kind in zip(*cols, strict=True)
                if statement_keys(text, kind, options) is not None]
        links = continuation_links(cues)
        return pa.table({"a": pa.array([a for a, _ in links], pa.int64()),
                         "b": pa.array([b for _, b in links], pa.int64())})
    return run


def _build_fn():
    """One group's fragments (idx, data, published of its article) in; its statement out."""
    def run(table: pa.Table) -> pa.Table:
        rows = sorted(zip(table.column("idx").to_pylist(), table.column("data").to_pylist(),
                          table.column("published").to_pylist(), strict=True))
        fragments = [from_json(Quote, data) for _, data, _ in rows]
        dates = {q.article_id: _article(q.article_id, published)
                 for q, (_, _, published) in zip(fragments, rows, strict=True)}
        statement = build_statement(fragments, dates)
        return pa.table({"grp": pa.array([table.column("grp")[0].as_py()], pa.int64()),
                         "data": pa.array([to_json(statement)], pa.string())})
    return run


def _article(article_id: str, published: str | None) -> Article:
    """An article standing for its publication date only (what ``build_statement`` reads)."""
    return Article(id=article_id, outlet=None, url=None, published=parse_date(published),
                   title=None, text="")


def spark_statements(spark, quotes: Sequence[Quote], articles: Mapping[str, Article],
                     options: QuoteOptions) -> tuple[list[Statement], list[Quote]]:
    """``match_statements(quotes, articles, options)`` with the work on the executors.

    ``quotes`` must be in canonical order (``pipeline.quote_key``: what ``statements_of``
    sorts them into); ``articles`` needs only publication dates. Returns the statements
    (sorted by id) and the quotes with their statement ids, as the local engine does.
    """
    from pyspark.sql import functions as F

    parts = max(4, int(spark.conf.get("spark.sql.shuffle.partitions", "4")))
    frame = spark.createDataFrame(_quote_table(quotes)).repartition(parts).cache()
    keyed = frame.mapInArrow(_keys_fn(options), _KEYS_SCHEMA).cache()
    grams = keyed.select("idx", "article_id", "keys").mapInArrow(
        _grams_fn(), "gram string, idx long, article_id string")
    usable = grams.groupBy("gram").count().where(F.col("count") <= MAX_GRAM_QUOTES) \
        .select("gram")
    grams = grams.join(usable, "gram")
    a, b = grams.alias("a"), grams.alias("b")
    across = (F.col("a.idx") < F.col("b.idx")) & (F.col("a.article_id") != F.col("b.article_id"))
    pairs = a.join(b, F.col("a.gram") == F.col("b.gram")).where(across) \
        .groupBy(F.col("a.idx").alias("a"), F.col("b.idx").alias("b")).count() \
        .where(F.col("count") >= 2).select("a", "b")

    def side(name: str):
        return keyed.select(F.col("idx").alias(name), F.col("keys").alias(f"keys_{name}"),
                            F.col("speaker_kind").alias(f"kind_{name}"),
                            F.col("speaker").alias(f"speaker_{name}"))

    candidates = pairs.join(side("a"), "a").join(side("b"), "b")
    linked = [(r.a, r.b) for r in
              candidates.mapInArrow(_linked_fn(options), "a long, b long").collect()]
    continued = [(r.a, r.b) for r in frame.groupBy("article_id").applyInArrow(
        _continuation_fn(options), "a long, b long").collect()]

    found = _UnionFind(len(quotes))
    for x, y in linked + continued:
        found.union(x, y)
    crossing = {found.find(x) for pair in linked for x in pair}  # groups with a linked member
    members: dict[int, list[int]] = {}
    for i in sorted({x for pair in linked + continued for x in pair}):
        members.setdefault(found.find(i), []).append(i)
    group_of: dict[int, int] = {}
    for root, idxs in members.items():
        if root in crossing and len({quotes[i].article_id for i in idxs}) >= 2:
            group_of.update((i, root) for i in idxs)
    if not group_of:
        frame.unpersist()
        keyed.unpersist()
        return [], list(quotes)

    # the members' whole records go from the driver straight to their group's task
    members = sorted(group_of)
    built = spark.createDataFrame(pa.table({
        "grp": pa.array([group_of[i] for i in members], pa.int64()),
        "idx": pa.array(members, pa.int64()),
        "published": pa.array([date_text(getattr(articles.get(quotes[i].article_id),
                                                 "published", None))
                               for i in members], pa.string()),
        "data": pa.array([to_json(quotes[i]) for i in members], pa.string()),
    })).groupBy("grp").applyInArrow(_build_fn(), "grp long, data string").collect()
    frame.unpersist()
    keyed.unpersist()
    statement_of_group = {r.grp: from_json(Statement, r.data) for r in built}
    out = [dataclasses.replace(q, statement_id=statement_of_group[group_of[i]].id)
           if i in group_of else q for i, q in enumerate(quotes)]
    return sorted(statement_of_group.values(), key=lambda s: s.id), out
