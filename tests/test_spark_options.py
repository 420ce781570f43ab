"""Spark engine details that the equivalence test does not reach quickly: the per-outlet
boilerplate limit (``ReuseOptions.max_outlet_df``) and line numbers of rejected records."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from storytrace.records import Article
from storytrace.reuse import ReuseOptions, find_reuse

pytest.importorskip("pyspark", reason="the Spark engine is the [spark] extra")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java 17+ (java not found)", allow_module_level=True)

WORDS = ("harbour lantern council ferry orchard mill quarry beacon ledger almanac copper willow "
         "tannery granary chapel viaduct meadow foundry brook shingle cobble garrison weir "
         "sluice causeway spire thatch kiln mortar rampart bastion furrow hedgerow").split()
FOOTER = ("Sign up for the morning briefing from our newsroom and get the headlines of the "
          "valley delivered to your inbox before seven every weekday")


def filler(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) + str(rng.randrange(400)) for _ in range(n)]
    return " ".join(" ".join(words[k:k + 12]).capitalize() + "." for k in range(0, n, 12))


def corpus(outlet_of) -> list[Article]:
    rng = random.Random(4)
    out = []
    for k in range(36):
        body = filler(rng, 100)
        if k % 2 == 0:  # 18 articles end with the footer
            body += " " + FOOTER + ". " + filler(rng, 24)
        out.append(Article(id=f"a{k:02d}", outlet=outlet_of(k), url=None, published=None,
                           title=None, text=body))
    return out


@pytest.fixture(scope="module")
def spark():
    from storytrace.spark import spark_session

    session = spark_session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()


def _spark_clusters(spark, articles, options):
    from storytrace.spark.engine import ARTICLE_SCHEMA, article_row, spark_reuse

    frame = spark.createDataFrame([article_row(a, k) for k, a in enumerate(articles)],
                                  ARTICLE_SCHEMA)
    clusters, _aligned = spark_reuse(spark, frame, options)
    return {frozenset((m.passage.article_id, m.passage.start, m.passage.end) for m in c.members)
            for c in clusters}


def _local_clusters(articles, options):
    return {frozenset((m.passage.article_id, m.passage.start, m.passage.end) for m in c.members)
            for c in find_reuse(articles, options)}


@pytest.mark.parametrize("outlets", ["one outlet", "no outlet"])
def test_per_outlet_boilerplate_limit_agrees_with_the_local_engine(spark, outlets):
    # articles without an outlet count as outlets of their own
    outlet_of = {"one outlet": lambda k: "The Valley Ledger",
                 "no outlet": lambda k: None}[outlets]
    articles = corpus(outlet_of)
    options = ReuseOptions(max_outlet_df=10)
    local = _local_clusters(articles, options)
    assert _spark_clusters(spark, articles, options) == local
    # the footer is reuse without the limit; with it, only when outlets differ
    assert len(_local_clusters(articles, ReuseOptions())) == 1
    assert len(local) == (0 if outlets == "one outlet" else 1)


def test_rejects_carry_their_line_numbers(spark, tmp_path):
    from storytrace.ingest import ReadOptions
    from storytrace.spark.engine import read_input

    lines = []
    for k in range(300):
        if k % 97 == 5:
            lines.append(f'{{"id": "broken-{k}", "text": ')
        else:
            lines.append(json.dumps({"id": f"n{k}", "text": f"Article number {k} says little."}))
    path = tmp_path / "input.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "4000")  # several partitions
    try:
        assert spark.read.text(str(path)).rdd.getNumPartitions() > 1
        articles, rejects = read_input(spark, str(path), ReadOptions())
        reject_lines = sorted(r["line"] for r in rejects.collect())
        got = {r["external_id"]: r["line"]
               for r in articles.select("external_id", "line").collect()}
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert reject_lines == [6, 103, 200, 297]
    assert len(got) == 296 and got["n0"] == 1 and got["n299"] == 300


def test_records_written_by_the_executors_equal_the_driver_table(spark, tmp_path):
    """Quotes written from a DataFrame by the executors (``write_records``) give the Parquet
    table the driver wrote from ``to_dict`` rows: same column types (all-null columns as
    strings, a nested tuple as a list), same rows, canonical order."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from storytrace.pipeline import quote_key
    from storytrace.records import Quote, Speaker
    from storytrace.serialize import to_dict
    from storytrace.spark.engine import _write_rows, write_records
    from storytrace.spark.statements import QUOTE_ARROW, numbered_quotes, quote_columns
    from storytrace.store.exports import add_external_ids

    quotes = [Quote(article_id=f"a{k % 3}", start=100 - 7 * k, end=130 - 7 * k,
                    text=f"words {k} «ü»", kind="partial" if k % 5 == 0 else "direct",
                    speaker=Speaker("Ada Marr", "person", ("Marr",), 0.5) if k % 2
                    else Speaker.unknown(),
                    cue="said" if k % 4 == 0 else None, parent=(1, 2) if k == 5 else None)
              for k in range(12)]
    external = {"a0": "x0", "a1": None, "a2": "x2"}
    frame = numbered_quotes(spark.createDataFrame(pa.table(quote_columns(quotes),
                                                           schema=QUOTE_ARROW)))
    ids = spark.createDataFrame(list(external.items()), "article_id string, external_id string")
    assert write_records(spark, frame, ids, ["idx"], str(tmp_path / "executors")) == 12
    rows = [to_dict(q) for q in sorted(quotes, key=quote_key)]
    for row in rows:
        add_external_ids(row, external)
    _write_rows(spark, rows, str(tmp_path / "driver"))
    ours, theirs = pq.read_table(tmp_path / "executors"), pq.read_table(tmp_path / "driver")
    assert ours.schema == theirs.schema
    assert ours.to_pylist() == theirs.to_pylist()
    assert theirs.schema.field("statement_id").type == pa.string()  # no row fills it
