"""`analyze`: every stage over the store, incremental, idempotent, and safe to kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storytrace import Corpus
from storytrace.pipeline import analyze, ingest_paths
from storytrace.store import Store
from storytrace.synthetic import generate_articles, write_jsonl

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def signature(store: Store) -> dict[str, object]:
    return {
        "stories": sorted(sorted(s.article_ids) for s in store.stories()),
        "clusters": sorted(sorted((m.passage.article_id, m.passage.start, m.passage.end)
                                  for m in c.members) for c in store.clusters()),
        "quotes": sorted((q.article_id, q.start, q.end, q.speaker.name or "", q.statement_id or "")
                         for q in store.quotes()),
        "claims": sorted((c.article_id, c.id) for c in store.claims()),
        "conflicts": sorted((c.kind, c.claim_a.id, c.claim_b.id if c.claim_b else "")
                            for c in store.conflicts()),
        "digests": store.connection.execute("SELECT count(*) FROM digests").fetchone()[0],
    }


def test_analyze_examples_then_nothing_to_do(db_path):
    with Store.open(db_path) as store:
        ingest_paths(store, [EXAMPLES])
        first = analyze(store)
        assert first.articles == 16 and first.stories == 4
        assert first.clusters >= 2 and first.statements >= 1 and first.conflicts >= 2
        before = signature(store)
        second = analyze(store)
        assert second.did_nothing
        assert signature(store) == before


def test_incremental_run_equals_one_run(tmp_path, seeds_dir, monkeypatch):
    import storytrace.store.db as db

    # the stored reuse index in small pieces, as a 1M-article index (~2 GB) is stored
    monkeypatch.setattr(db, "BLOB_PIECE", 4096)
    with Store.open(tmp_path / "steps.db") as steps:
        ingest_paths(steps, [EXAMPLES])
        analyze(steps)
        ingest_paths(steps, [seeds_dir])
        report = analyze(steps)
        assert report.processed["quotes"] == 3  # only the new articles are read again
        assert steps.connection.execute(
            "SELECT count(*) FROM state WHERE name GLOB 'reuse:index#*'").fetchone()[0] > 1
        stepwise = signature(steps)
    with Store.open(tmp_path / "once.db") as once:
        ingest_paths(once, [EXAMPLES, seeds_dir])
        analyze(once)
        assert signature(once) == stepwise


def test_revised_article_is_analyzed_again(tmp_path):
    page = tmp_path / "wire.jsonl"
    line = ('{{"id": "w1", "url": "https://courier.example/w1", "published_at": "2025-04-02", '
            '"title": "Bridge closed", "text": "{}"}}\n')
    page.write_text(line.format('\\"The bridge is unsafe,\\" engineer Tomas Reyes said.'))
    with Corpus.open(tmp_path / "c.db") as corpus:
        corpus.ingest([page])
        corpus.analyze()
        assert [q.speaker.name for q in corpus.quotes()] == ["Tomas Reyes"]
        page.write_text(line.format('\\"It will reopen in May,\\" mayor Lena Ortiz said.'))
        assert corpus.ingest([page]).revised == 1
        corpus.analyze()
        assert [q.speaker.name for q in corpus.quotes()] == ["Lena Ortiz"]


@pytest.mark.slow
def test_sigkill_mid_analyze_then_rerun_gives_the_uninterrupted_result(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(generate_articles(300, seed=3, days=60), corpus)
    with Store.open(tmp_path / "clean.db") as clean:
        ingest_paths(clean, [corpus])
        analyze(clean)
        expected = signature(clean)

    killed = tmp_path / "killed.db"
    with Store.open(killed) as store:
        ingest_paths(store, [corpus])
    cmd = [sys.executable, "-m", "storytrace", "--db", str(killed), "analyze"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120

    def progressed() -> bool:
        con = sqlite3.connect(killed)
        try:
            row = con.execute("SELECT value FROM state WHERE name = 'seq:quotes'").fetchone()
            return row is not None
        except sqlite3.OperationalError:
            return False
        finally:
            con.close()

    while not progressed() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(killed) as store:
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        analyze(store)
        assert signature(store) == expected


def test_worker_processes_give_the_same_store(tmp_path):
    """``workers=2`` forks processes for the per-article batches and the per-story digests and
    conflicts: the stored records are the same as computed in one process."""
    from storytrace.pipeline import AnalyzeOptions

    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(generate_articles(100, seed=12, days=30), corpus)
    results = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            ingest_paths(store, [corpus])
            report = analyze(store, AnalyzeOptions(batch_size=25, workers=workers))
            assert report.processed["quotes"] == report.processed["facts"] == 100
            results.append((signature(store),
                            [store.digest_json(s.id) for s in store.stories()]))
    assert results[0] == results[1]
    # enough batches and stories that both pools ran (2+ tasks each)
    assert len(results[0][0]["stories"]) >= 16 and results[0][0]["claims"]
