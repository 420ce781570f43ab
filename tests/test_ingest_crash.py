"""A killed ingest leaves a consistent store, and re-running it completes the job exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from storytrace.store import Store

FILES, PER_FILE = 120, 60


def write_corpus(folder):
    folder.mkdir()
    for f in range(FILES):
        with open(folder / f"batch{f:03d}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(PER_FILE):
                body = " ".join(f"Word{(f * 7 + i * 13 + k) % 997}" for k in range(400))
                handle.write(json.dumps({
                    "id": f"{f}-{i}", "url": f"https://courier.example/{f}/{i}",
                    "headline": f"Report {f}-{i}", "body": f"Report {f} {i}. {body}.",
                    "published_at": "2025-05-01",
                }) + "\n")


def count(db) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def test_sigkill_mid_ingest_then_rerun(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "st.db"
    write_corpus(corpus)
    cmd = [sys.executable, "-m", "storytrace", "--db", str(db), "ingest", str(corpus)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count(db) < PER_FILE * 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count(db)
    assert 0 < stored < FILES * PER_FILE, "the kill should land mid-ingest"
    assert stored % PER_FILE == 0, "every file is stored whole or not at all"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{FILES * PER_FILE - stored} new, {stored} unchanged" in done.stdout
    with Store.open(db) as store:
        assert store.count_articles() == FILES * PER_FILE
        ids = store.connection.execute("SELECT count(DISTINCT external_id) FROM articles")
        assert ids.fetchone()[0] == FILES * PER_FILE
