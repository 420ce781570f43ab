"""Benchmark of the web UI: response times of the story and index pages on a large store.

Builds a store of ``--n`` generated articles (``storytrace.synthetic``) plus one story of
``--big`` articles, with stage records derived from the generator's ground truth and the text
(stories with episodes, reuse clusters from the implanted copies, quotes, statements, age claims
and their contradictions); serves it with uvicorn in a subprocess on a free loopback port; then
fires concurrent requests from httpx threads and prints the median and 95th percentile per page.

    python benchmarks/web.py                    # 5,000 articles, under a minute
    python benchmarks/web.py --n 100000         # the issue's run
    python benchmarks/web.py --db bench-data/web-100k.db --n 100000   # keep/reuse the store

Goal (issue 7): story page under 200 ms at the median with a 500-article story.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import os
import random
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import httpx

from storytrace.records import (
    Article,
    Claim,
    Conflict,
    Episode,
    Passage,
    Quote,
    ReuseCluster,
    ReuseMember,
    Speaker,
    Statement,
    StatementFragment,
    Story,
    stable_hash,
)
from storytrace.store import Store
from storytrace.synthetic import generate_with_truth

_QUOTE = re.compile(r'"([^"\n]{8,400}?)[,.]?" ([A-Z][a-z]+(?: [A-Z][a-z]+)?) '
                    r"(said|told|added|noted|continued)")
_AGE = re.compile(r"([A-Z][a-z]+ [A-Z][a-z]+), (\d{1,2}),")


def _day(article: Article) -> date | None:
    return article.published_date


def build_store(path: Path, n: int, big: int, seed: int) -> dict[str, object]:
    """Generate, ingest and derive stage records; returns facts about the store."""
    started = time.perf_counter()
    items = list(generate_with_truth(n, seed=seed))
    if big:
        items += list(generate_with_truth(big, seed=seed + 1, story_size=(big, big), days=20,
                                          start=date(2025, 6, 1)))
        items[-big:] = [(a, dataclasses.replace(t, story="big-story"))
                        for a, t in items[-big:]]
    generated = time.perf_counter() - started
    with Store.open(path) as store:
        for start in range(0, len(items), 5000):
            store.ingest_file(f"synthetic-{start}", [a for a, _ in items[start:start + 5000]])
        by_story: dict[str, list[tuple[Article, object]]] = defaultdict(list)
        for article, truth in items:
            by_story[truth.story].append((article, truth))
        quotes: list[Quote] = []
        claims: list[Claim] = []
        conflicts: list[Conflict] = []
        clusters: list[ReuseCluster] = []
        statements: list[Statement] = []
        stories: list[Story] = []
        texts = {a.id: a.text for a, _ in items}
        for sid, members in by_story.items():
            people = members[0][1].people
            by_last = {p.split()[-1]: p for p in people}
            fragments: dict[tuple[str, str], list[Quote]] = defaultdict(list)
            ages: dict[str, list[Claim]] = defaultdict(list)
            for article, truth in members:
                for m in _QUOTE.finditer(article.text):
                    name = by_last.get(m.group(2).split()[-1], m.group(2))
                    statement_id = stable_hash(sid, name, m.group(1), length=12)
                    quote = Quote(article.id, m.start(1), m.end(1), m.group(1),
                                  Speaker(name, "person", (m.group(2),), 0.9),
                                  cue=m.group(3), cue_start=m.start(3), cue_end=m.end(3),
                                  statement_id=statement_id)
                    quotes.append(quote)
                    fragments[(statement_id, name)].append(quote)
                for m in _AGE.finditer(article.text):
                    claim = Claim(article.id, m.group(1), "age", m.group(2), _day(article),
                                  m.start(), m.end(), m.group(0),
                                  id=stable_hash(article.id, m.group(0), str(m.start()),
                                                 length=12))
                    claims.append(claim)
                    ages[m.group(1)].append(claim)
                for reuse in truth.reuse:
                    src = Passage(reuse.source_id, reuse.source_start, reuse.source_end,
                                  texts[reuse.source_id][reuse.source_start:reuse.source_end])
                    dst = Passage(reuse.target_id, reuse.target_start, reuse.target_end,
                                  texts[reuse.target_id][reuse.target_start:reuse.target_end])
                    clusters.append(ReuseCluster(
                        stable_hash("c", src.article_id, dst.article_id, str(src.start),
                                    length=12),
                        (ReuseMember(src, 1.0), ReuseMember(dst, 0.9)),
                        reuse.source_id, "earliest"))
            story_statements = []
            for (statement_id, name), frags in fragments.items():
                if len({q.article_id for q in frags}) < 2:
                    continue
                text = frags[0].text
                story_statements.append(Statement(
                    statement_id, text, Speaker(name, "person"),
                    tuple(StatementFragment(q.article_id, q.start, q.end, 0, len(text))
                          for q in frags[:200]),
                    first_article_id=frags[0].article_id))
            statements += story_statements
            for subject, found in ages.items():
                values = {c.value for c in found}
                if len(values) > 1:
                    a = found[0]
                    b = next(c for c in found if c.value != a.value)
                    conflicts.append(Conflict(
                        "contradiction", a, b,
                        f"{subject}: {a.value} on {a.holds_at} and {b.value} on {b.holds_at} "
                        "cannot both hold"))
            arts = sorted((a for a, _ in members), key=lambda a: (_day(a) or date.max, a.id))
            episodes: dict[int, list[Article]] = defaultdict(list)
            for article, truth in members:
                episodes[truth.episode].append(article)
            days = [d for d in (_day(a) for a in arts) if d]
            stories.append(Story(
                id=stable_hash("story", sid, length=12),
                title=arts[0].title or sid, article_ids=tuple(a.id for a in arts),
                first=min(days) if days else None, last=max(days) if days else None,
                people=tuple(people[:5]),
                outlets=tuple(dict.fromkeys(a.outlet for a in arts if a.outlet)),
                episodes=tuple(Episode(i, tuple(a.id for a in eps),
                                       min((d for d in map(_day, eps) if d), default=None),
                                       max((d for d in map(_day, eps) if d), default=None))
                               for i, eps in sorted(episodes.items())),
                statement_ids=tuple(s.id for s in story_statements),
            ))
        ids = [a.id for a, _ in items]
        with store.atomic() as con:
            store.replace_quotes(con, ids, quotes)
            store.replace_statements(con, statements, [])
            store.replace_clusters(con, clusters)
            store.replace_claims(con, ids, claims)
            store.replace_conflicts(con, conflicts)
            store.replace_stories(con, stories)
        big_id = stable_hash("story", "big-story", length=12) if big else stories[0].id
        return {
            "articles": store.count_articles(), "stories": len(stories), "quotes": len(quotes),
            "claims": len(claims), "conflicts": len(conflicts), "clusters": len(clusters),
            "statements": len(statements), "big_story": big_id,
            "story_ids": [s.id for s in stories if len(s.article_ids) >= 3],
            "generate_s": generated, "build_s": time.perf_counter() - started,
        }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(db: Path, port: int, cache_size: int) -> subprocess.Popen[bytes]:
    code = ("import uvicorn, sys; from storytrace.web import create_app; "
            "uvicorn.run(create_app(sys.argv[1], cache_size=int(sys.argv[3])), host='127.0.0.1', "
            "port=int(sys.argv[2]), log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port), str(cache_size)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1.0)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the server did not start")


def _rss_peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _load(base: str, urls: list[str], concurrency: int, budget_s: float) -> list[float]:
    """Fetch ``urls`` with ``concurrency`` threads; latencies in ms (stops at ``budget_s``)."""
    deadline = time.monotonic() + budget_s
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(base_url=base, timeout=30.0, limits=limits) as client:
        def one(url: str) -> float | None:
            if time.monotonic() > deadline:
                return None
            t0 = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return elapsed

        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            return [ms for ms in pool.map(one, urls) if ms is not None]


def _report(name: str, latencies: list[float], wall: float) -> None:
    if not latencies:
        print(f"{name:<28} no requests completed")
        return
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(f"{name:<28} n={len(ordered):>4}  median {statistics.median(ordered):7.1f} ms  "
          f"p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms  {len(ordered) / wall:6.1f} req/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="generated articles (default 5000)")
    parser.add_argument("--big", type=int, default=500, help="articles of the big story")
    parser.add_argument("--requests", type=int, default=200, help="requests per page kind")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="store file to build (kept) or reuse")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per page kind")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="storytrace-web-bench-")
    db = args.db or Path(tmp.name) / "web.db"
    if db.exists():
        print(f"reusing {db}")
        with Store.open(db, readonly=True) as store:
            rows = store.connection.execute(
                "SELECT id, size FROM stories ORDER BY size DESC").fetchall()
            facts = {"articles": store.count_articles(), "stories": len(rows),
                     "big_story": rows[0][0], "story_ids": [r[0] for r in rows if r[1] >= 3]}
    else:
        db.parent.mkdir(parents=True, exist_ok=True)
        facts = build_store(db, args.n, args.big, args.seed)
        print(f"built {db}: {facts['articles']:,} articles, {facts['stories']:,} stories, "
              f"{facts['quotes']:,} quotes, {facts['statements']:,} statements, "
              f"{facts['clusters']:,} reuse clusters, {facts['claims']:,} claims, "
              f"{facts['conflicts']:,} conflicts in {facts['build_s']:.1f} s "
              f"({facts['articles'] / facts['build_s']:,.0f} articles/s)")
    try:
        for cache_size in (0, 256):
            _run(db, facts, args, cache_size)
    finally:
        tmp.cleanup()


def _run(db: Path, facts: dict[str, object], args: argparse.Namespace, cache_size: int) -> None:
    port = _free_port()
    server = _serve(db, port, cache_size)
    base = f"http://127.0.0.1:{port}"
    rng = random.Random(args.seed)
    label = "no page cache" if cache_size == 0 else f"page cache of {cache_size}"
    print(f"--- server with {label}")
    try:
        t0 = time.perf_counter()
        httpx.get(f"{base}/", timeout=120.0).raise_for_status()
        print(f"first index request (builds the stories overview): "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        big = f"/story/{facts['big_story']}"
        single = []
        for _ in range(5):
            t0 = time.perf_counter()
            httpx.get(f"{base}{big}", timeout=120.0).raise_for_status()
            single.append((time.perf_counter() - t0) * 1000)
        print(f"big story page, one client, 5 requests: first {single[0]:.0f} ms, median "
              f"{statistics.median(single):.0f} ms")
        ids = facts["story_ids"] or [facts["big_story"]]
        sorts = ["size", "recent", "outlets", "conflicts"]
        kinds = {
            f"story page ({args.big} articles)": [big] * args.requests,
            "story page (random stories)": [f"/story/{rng.choice(ids)}"
                                            for _ in range(args.requests)],
            "index (sort, page)": [f"/?sort={rng.choice(sorts)}&page={rng.randint(1, 20)}"
                                   for _ in range(args.requests)],
            "index (search words)": [f"/?q={rng.choice(['fire', 'trial', 'county', 'vote'])}"
                                     for _ in range(args.requests)],
            f"story JSON ({args.big} articles)": [big + ".json"] * max(20, args.requests // 4),
        }
        print(f"{args.concurrency} concurrent clients on loopback, {args.requests} requests "
              "per page kind:")
        for name, urls in kinds.items():
            t0 = time.perf_counter()
            latencies = _load(base, urls, args.concurrency, args.budget)
            _report(name, latencies, time.perf_counter() - t0)
        print(f"server peak memory: {_rss_peak_mb(server.pid):.0f} MB; client peak memory: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
