"""Ingest benchmark: reading, and reading + storing, JSONL, plain-text and HTML corpora.

    python benchmarks/ingest.py                 # 2,000 articles per format, under a minute
    python benchmarks/ingest.py --n 20000       # the issue's run

A fictional corpus of ``--n`` articles (``storytrace.synthetic``) is written once as one JSONL
file, one text file per article and one HTML page per article, in a temporary folder (or
``--workdir``). Every measurement then runs in a fresh child process, so that its peak memory
(``ru_maxrss``) is its own:

- ``read``   ``read_file`` over the corpus, articles only counted;
- ``store``  ``Store.ingest_file(path, read_file(path))`` into a new database (one transaction
             per file); for JSONL also a second, re-ingest pass (everything unchanged);
- ``ratio``  HTML only: for each page, ``trafilatura.extract(page_bytes)`` alone and
             storytrace's ``read_file(page)``, interleaved page by page (the order alternating) in
             the same process, timed in CPU seconds, so that the machine's load hits both alike.

Throughput is given per wall-clock second and per CPU second (the machine may be shared; the
CPU figure is what one core does). Peak memory is the child's peak RSS, with the RSS it had after
importing everything (before reading) in brackets.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("jsonl", "text", "html")


# ----------------------------------------------------------------------------- corpus
def build_corpus(folder: Path, n: int, seed: int, formats: tuple[str, ...]) -> dict[str, float]:
    """Write the corpus in every format asked for; returns the seconds each writer took."""
    from storytrace.synthetic import (
        generate_articles,
        write_html_files,
        write_jsonl,
        write_text_files,
    )

    writers = {
        "jsonl": lambda: write_jsonl(generate_articles(n, seed=seed), folder / "corpus.jsonl"),
        "text": lambda: write_text_files(generate_articles(n, seed=seed), folder / "text"),
        "html": lambda: write_html_files(generate_articles(n, seed=seed), folder / "html"),
    }
    took = {}
    for fmt in formats:
        start = time.perf_counter()
        writers[fmt]()
        took[fmt] = time.perf_counter() - start
    return took


def corpus_paths(folder: Path, fmt: str) -> list[Path]:
    if fmt == "jsonl":
        return [folder / "corpus.jsonl"]
    return sorted((folder / fmt).iterdir())


# ----------------------------------------------------------------------------- workers
def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def worker_read(folder: Path, fmt: str) -> dict:
    from storytrace import Article
    from storytrace.ingest import read_file

    paths = corpus_paths(folder, fmt)
    start_rss = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    articles = other = 0
    for path in paths:
        for event in read_file(path):
            if isinstance(event, Article):
                articles += 1
            else:
                other += 1
    return {"articles": articles, "other_events": other,
            "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "rss_start": start_rss, "rss_peak": _rss_mb()}


def worker_store(folder: Path, fmt: str, db: Path, passes: int) -> dict:
    from storytrace.ingest import read_file
    from storytrace.store import Store

    paths = corpus_paths(folder, fmt)
    start_rss = _rss_mb()
    results = []
    with Store.open(db) as store:
        for _ in range(passes):
            counts = {"new": 0, "unchanged": 0, "revised": 0, "rejected": 0}
            wall, cpu = time.perf_counter(), time.process_time()
            for path in paths:
                summary = store.ingest_file(path, read_file(path))
                counts["new"] += summary.new
                counts["unchanged"] += summary.unchanged
                counts["revised"] += summary.revised
                counts["rejected"] += len(summary.rejected)
            results.append({**counts, "articles": sum(counts.values()) - counts["rejected"],
                            "wall": time.perf_counter() - wall,
                            "cpu": time.process_time() - cpu})
    return {"passes": results, "rss_start": start_rss, "rss_peak": _rss_mb(),
            "db_mb": db.stat().st_size / 2**20}


def worker_ratio(folder: Path, rounds: int) -> dict:
    import trafilatura

    from storytrace import Article
    from storytrace.ingest import read_file

    paths = corpus_paths(folder, "html")

    def bare(path: Path) -> bool:
        return bool(trafilatura.extract(path.read_bytes()))

    def ours(path: Path) -> bool:
        return any(isinstance(e, Article) for e in read_file(path))

    for path in paths[:20]:  # warm up imports and caches of both
        bare(path)
        ours(path)
    ratios, totals = [], {"bare": 0.0, "storytrace": 0.0}
    ok = {"bare": 0, "storytrace": 0}
    for _ in range(rounds):
        spent = {"bare": 0.0, "storytrace": 0.0}
        for index, path in enumerate(paths):
            order = (("bare", bare), ("storytrace", ours))
            for name, fn in order if index % 2 == 0 else order[::-1]:
                start = time.process_time()
                ok[name] += fn(path)
                spent[name] += time.process_time() - start
        ratios.append(spent["storytrace"] / spent["bare"])
        for name in totals:
            totals[name] += spent[name]
    return {"pages": len(paths) * rounds, "bare_cpu": totals["bare"],
            "storytrace_cpu": totals["storytrace"], "ratio": totals["storytrace"] / totals["bare"],
            "round_ratios": ratios, "extracted": ok}


def run_worker(args: list[str]) -> dict:
    """Run one measurement in a fresh Python process and return its JSON result."""
    done = subprocess.run([sys.executable, __file__, "--worker", *args], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- report
def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>9,.0f}" if seconds > 0 else "      inf"


def _row(fmt: str, mode: str, articles: int, wall: float, cpu: float, memory: dict) -> str:
    return (f"{fmt:<6} {mode:<14} {articles:>9,} {_rate(articles, wall):>10} "
            f"{_rate(articles, cpu):>10} {memory['rss_peak']:>12,.0f} "
            f"{memory['rss_start']:>8,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2_000, help="articles per format (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help="comma-separated subset of jsonl,text,html")
    parser.add_argument("--ratio-rounds", type=int, default=1,
                        help="passes over the HTML pages for the trafilatura ratio")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and databases here")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        kind, folder, *rest = args.worker
        if kind == "read":
            result = worker_read(Path(folder), rest[0])
        elif kind == "store":
            result = worker_store(Path(folder), rest[0], Path(rest[1]), int(rest[2]))
        else:
            result = worker_ratio(Path(folder), int(rest[0]))
        print(json.dumps(result))
        return

    formats = tuple(f for f in args.formats.split(",") if f)
    tmp = None
    if args.workdir:
        folder = args.workdir
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="storytrace-bench-")
        folder = Path(tmp.name)
    try:
        print(f"storytrace ingest benchmark: {args.n:,} articles per format, seed {args.seed}, "
              f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
              f"load {os.getloadavg()[0]:.1f}")
        took = build_corpus(folder, args.n, args.seed, formats)
        written = ", ".join(f"{fmt} {seconds:.1f}s" for fmt, seconds in took.items())
        print(f"corpus written in {written} ({folder})\n")
        header = (f"{'format':<6} {'mode':<14} {'articles':>9} {'art/s wall':>10} "
                  f"{'art/s CPU':>10} {'peak RSS MB':>12} {'(start)':>8}")
        print(header)
        print("-" * len(header))
        for fmt in formats:
            read = run_worker(["read", str(folder), fmt])
            print(_row(fmt, "read", read["articles"], read["wall"], read["cpu"], read))
            db = folder / f"bench-{fmt}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            passes = "2" if fmt == "jsonl" else "1"
            stored = run_worker(["store", str(folder), fmt, str(db), passes])
            for number, one in enumerate(stored["passes"]):
                mode = "read+store" if number == 0 else "re-ingest"
                print(_row(fmt, mode, one["articles"], one["wall"], one["cpu"], stored)
                      + f"   new {one['new']:,} unchanged {one['unchanged']:,} revised "
                        f"{one['revised']:,} rejected {one['rejected']:,}")
        if "html" in formats:
            ratio = run_worker(["ratio", str(folder), str(args.ratio_rounds)])
            print(f"\nHTML, interleaved page by page in one process ({ratio['pages']:,} pages, "
                  "CPU seconds):")
            print(f"  bare trafilatura.extract : {ratio['bare_cpu']:8.2f} s  "
                  f"{ratio['pages'] / ratio['bare_cpu']:7,.0f} pages/s")
            print(f"  storytrace read_file     : {ratio['storytrace_cpu']:8.2f} s  "
                  f"{ratio['pages'] / ratio['storytrace_cpu']:7,.0f} pages/s")
            rounds = ", ".join(f"{r:.3f}" for r in ratio["round_ratios"])
            print(f"  ratio storytrace / bare  : {ratio['ratio']:.3f}  (goal <= 1.10; "
                  f"per round: {rounds})")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
