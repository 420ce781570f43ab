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
   the executors (``build_statement``, ``groupBy(group).applyInArrow`` over the members' rows,
   joined from the quotes on the executors);
6. the members' statement ids joined back onto the quotes on the executors.

The quotes stay a DataFrame throughout (the driver never holds them): they are numbered in the
canonical order both engines sort them in (``pipeline.quote_key``; a distributed sort, then
``monotonically_increasing_id``, which grows along the sorted partitions), so groups, members
and statement ids are the local engine's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pyarrow as pa

from ..quotes.options import QuoteOptions
from ..quotes.statements import (
    MAX_GRAM_QUOTES,
    build_statement,
    continuation_links,
    fragments_linked,
    key_grams,
    statement_keys,
)
from ..records import Article, Quote, Speaker
from ..serialize import from_json, to_json
from .rows import parse_date

_SEP = "\x1f"  # joins word keys: never inside one (keys are letters and digits)


QUOTE_COLUMNS = ("article_id", "start", "end", "kind", "text", "cue", "cue_start",
                 "speaker_kind", "speaker", "data")
"""The columns of a quotes DataFrame: what the matching reads, and the quote's JSON."""
QUOTE_ARROW = pa.schema([("article_id", pa.string()), ("start", pa.int64()),
                         ("end", pa.int64()), ("kind", pa.string()), ("text", pa.string()),
                         ("cue", pa.string()), ("cue_start", pa.int64()),
                         ("speaker_kind", pa.string()), ("speaker", pa.string()),
                         ("data", pa.string())])
QUOTE_SCHEMA = ", ".join(f"`{f.name}` {'long' if f.type == pa.int64() else 'string'}"
                         for f in QUOTE_ARROW)


def quote_columns(quotes: Sequence[Quote]) -> dict[str, list]:
    """Quotes as the columns of a quotes DataFrame (:data:`QUOTE_COLUMNS`)."""
    return {
        "article_id": [q.article_id for q in quotes], "start": [q.start for q in quotes],
        "end": [q.end for q in quotes], "kind": [q.kind for q in quotes],
        "text": [q.text for q in quotes], "cue": [q.cue for q in quotes],
        "cue_start": [q.cue_start for q in quotes],
        "speaker_kind": [q.speaker.kind for q in quotes],
        "speaker": [q.speaker.name for q in quotes], "data": [to_json(q) for q in quotes],
    }


def numbered_quotes(quotes):
    """``quotes`` (a DataFrame with :data:`QUOTE_COLUMNS`) with ``idx``: numbers growing in
    the canonical quote order (``pipeline.quote_key``: article, start, end, kind, text; the
    JSON breaks ties), computed by a distributed sort; checkpointed, so the numbers are fixed."""
    from pyspark.sql import functions as F

    return quotes.orderBy("article_id", "start", "end", "kind", "text", "data") \
        .withColumn("idx", F.monotonically_increasing_id()).localCheckpoint()


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
    """One group's fragments (idx, data, published of its article) in; its statement out
    (none when the group's fragments come from one article only)."""
    def run(table: pa.Table) -> pa.Table:
        rows = sorted(zip(table.column("idx").to_pylist(), table.column("data").to_pylist(),
                          table.column("published").to_pylist(), strict=True))
        fragments = [from_json(Quote, data) for _, data, _ in rows]
        if len({q.article_id for q in fragments}) < 2:
            return _BUILT_ARROW.empty_table()
        dates = {q.article_id: _article(q.article_id, published)
                 for q, (_, _, published) in zip(fragments, rows, strict=True)}
        statement = build_statement(fragments, dates)
        return pa.table({"grp": [table.column("grp")[0].as_py()], "id": [statement.id],
                         "article_ids": [[f.article_id for f in statement.fragments]],
                         "data": [to_json(statement)]}, schema=_BUILT_ARROW)
    return run


_BUILT_ARROW = pa.schema([("grp", pa.int64()), ("id", pa.string()),
                          ("article_ids", pa.list_(pa.string())), ("data", pa.string())])
STATEMENT_SCHEMA = "grp long, id string, article_ids array<string>, data string"
"""Statements as a DataFrame: group number, id, the fragments' article ids, JSON."""


def _article(article_id: str, published: str | None) -> Article:
    """An article standing for its publication date only (what ``build_statement`` reads)."""
    return Article(id=article_id, outlet=None, url=None, published=parse_date(published),
                   title=None, text="")


class _Links:
    """Union-find over quote numbers (any ints): a group's root is its smallest number."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def spark_statements(spark, quotes, dates, options: QuoteOptions):
    """``match_statements`` with the work on the executors and the quotes never on the driver.

    ``quotes``: a DataFrame with ``idx`` (:func:`numbered_quotes`) and :data:`QUOTE_COLUMNS`;
    ``dates``: (``article_id``, ``published``) of the articles (what ``build_statement``
    reads). Returns each statement's id and its fragments' article ids (sorted by id: all the
    driver holds), the statements (a checkpointed DataFrame, :data:`STATEMENT_SCHEMA`), and
    ``quotes`` with each member's statement id in its ``statement_id`` column and in its JSON
    (``data``), as the local engine sets it.
    """
    from pyspark.sql import functions as F

    keyed = quotes.select("idx", "article_id", "kind", "text", "speaker_kind", "speaker") \
        .mapInArrow(_keys_fn(options), _KEYS_SCHEMA).cache()
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
    # continuation links: each article's quotes, with the link's ends' articles
    continued = [(r.a, r.b) for r in quotes.select(
        "idx", "article_id", "start", "speaker", "cue", "cue_start", "text", "kind")
        .groupBy("article_id").applyInArrow(_continuation_fn(options), "a long, b long")
        .collect()]
    keyed.unpersist()

    found = _Links()
    for x, y in linked + continued:
        found.union(x, y)
    crossing = {found.find(x) for pair in linked for x in pair}  # groups with a linked member
    members: dict[int, list[int]] = {}
    for i in sorted({x for pair in linked + continued for x in pair}):
        members.setdefault(found.find(i), []).append(i)
    candidates_of = {root: idxs for root, idxs in members.items() if root in crossing}
    no_ids = quotes.withColumn("statement_id", F.lit(None).cast("string"))
    none = spark.createDataFrame(_BUILT_ARROW.empty_table())
    if not candidates_of:
        return [], none, no_ids

    # a group needs two or more articles: the members' articles come from the executors
    group_rows = pa.table({
        "grp": pa.array([root for root, idxs in candidates_of.items() for _ in idxs], pa.int64()),
        "idx": pa.array([i for idxs in candidates_of.values() for i in idxs], pa.int64())})
    member_rows = spark.createDataFrame(group_rows).join(
        quotes.select("idx", "article_id", "data"), "idx") \
        .join(dates.select("article_id", "published"), "article_id", "left").cache()
    built = member_rows.groupBy("grp").applyInArrow(_build_fn(), STATEMENT_SCHEMA) \
        .localCheckpoint()
    refs = sorted((r.id, list(r.article_ids)) for r in
                  built.select("id", "article_ids").toLocalIterator())
    if not refs:
        member_rows.unpersist()
        return [], none, no_ids
    ids = member_rows.select("grp", "idx").join(
        built.select("grp", F.col("id").alias("statement_id")), "grp") \
        .select("idx", "statement_id").localCheckpoint()
    member_rows.unpersist()
    # the JSON of a quote ends its statement id as null: the member's id replaces it (the
    # pattern cannot occur inside a JSON string, where every quote mark is escaped)
    with_ids = quotes.join(ids, "idx", "left").withColumn(
        "data", F.when(F.col("statement_id").isNull(), F.col("data")).otherwise(
            F.expr("replace(data, '\"statement_id\":null', "
                   "concat('\"statement_id\":\"', statement_id, '\"'))")))
    return refs, built, with_ids
