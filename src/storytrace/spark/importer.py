"""Load the Parquet output of a Spark run into the SQLite store, so `serve` and the CLI show it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import Claim, Conflict, Digest, Quote, ReuseCluster, Statement, Story
from ..serialize import from_dict
from ..store import Store
from .engine import row_article

_KINDS = ("articles", "quotes", "claims", "reuse", "statements", "conflicts", "stories", "digests")


def _rows(folder: Path, kind: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = folder / kind
    if not path.exists():
        return []
    return pq.read_table(path).to_pylist()


def import_run(store: Store, folder: str | Path) -> dict[str, int]:
    """Store a Spark run's tables (``run_spark`` output) in ``store``; returns counts per kind.

    Articles are ingested like any input (idempotent, revisions kept); the stage records replace
    those in the store, in one transaction, and the stages' watermarks are set so that a later
    local ``analyze`` only processes what is new (the reuse index is rebuilt then).
    """
    from ..facts.types import InferredDate
    from ..pipeline import set_watermark

    folder = Path(folder)
    if not (folder / "articles").exists():
        raise InputError(f"{folder} is not the output of a Spark run (no articles table)")
    articles = [row_article(row) for row in _rows(folder, "articles")]
    summary = store.ingest_file(folder / "articles", articles)
    if summary.rejected:
        raise InputError(f"{folder}: articles could not be stored: {summary.rejected[0]}")
    quotes = [from_dict(Quote, r) for r in _rows(folder, "quotes")]
    claims = [from_dict(Claim, r) for r in _rows(folder, "claims")]
    clusters = [from_dict(ReuseCluster, r) for r in _rows(folder, "reuse")]
    statements = [from_dict(Statement, r) for r in _rows(folder, "statements")]
    conflicts = [from_dict(Conflict, r) for r in _rows(folder, "conflicts")]
    stories = [from_dict(Story, r) for r in _rows(folder, "stories")]
    digests = [from_dict(Digest, r) for r in _rows(folder, "digests")]
    inferred = {r["article_id"]: from_dict(InferredDate, r)
                for r in _rows(folder, "inferred_dates")}
    ids = [a.id for a in articles]
    top = store.max_seq()
    with store.atomic() as con:
        store.replace_quotes(con, ids, quotes)
        store.replace_claims(con, ids, claims)
        store.clear_reuse(con)
        store.replace_clusters(con, clusters)
        store.replace_statements(con, statements, [])
        store.replace_conflicts(con, conflicts)
        store.replace_inferred_dates(con, inferred)
        store.replace_stories(con, stories)
        store.replace_digests(con, digests)
        con.execute("DELETE FROM state WHERE name = 'reuse:index' OR name GLOB 'reuse:index#*'")
        for stage in ("quotes", "facts", "reuse", "global"):
            set_watermark(con, stage, top)
    return {"articles": len(articles), "quotes": len(quotes), "claims": len(claims),
            "reuse": len(clusters), "statements": len(statements), "conflicts": len(conflicts),
            "stories": len(stories), "digests": len(digests)}
