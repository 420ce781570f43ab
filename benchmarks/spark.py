"""The Spark engine against the local engine on the same generated corpus.

    python benchmarks/spark.py                       # 2,000 articles, local[1] and local[2]
    python benchmarks/spark.py --n 10000 --n 100000  # the issue's sizes (long: minutes each)

For each size, prints the wall time of the local engine (ingest + analyze into a fresh store;
``--workers`` processes, 1 by default, repeatable) and of the Spark engine on ``local[1]`` and
``local[2]`` (read, quotes and facts, reuse, statements, dates, stories, conflicts and digests,
Parquet writing: the time of each step), and articles per second.
Spark's own start-up (the JVM, about 10-30 s here) is timed apart. Each engine runs in a fresh
child process, so each peak memory is that run's own: the local engine's whole resident set, and
for Spark the Python driver's (the JVM and the Python workers are separate processes), so compare
them with care.

``--window-days N`` runs the windowed story pass (``AnalyzeOptions.story_windows``) on both
engines: Spark then reports "stories: windows (executors)" (each window's streaming pass, one
task per window) and "stories: merge (driver)" apart, and the run checks that both engines
found the same story partition.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.pipeline import AnalyzeOptions, analyze, ingest_paths  # noqa: E402
from storytrace.reuse import ReuseOptions  # noqa: E402
from storytrace.store import Store  # noqa: E402
from storytrace.stories.windows import WindowOptions  # noqa: E402
from storytrace.synthetic import generate_articles, write_jsonl  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(function, *args):
    """``function(*args)`` in a fresh process, with that process's peak RSS (MB) appended.

    A plain (not daemonic) process, so the local engine's ``--workers`` can start their own."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_with_peak, args=(send, function, *args))
    child.start()
    send.close()
    result = receive.recv()
    child.join()
    return result


def _with_peak(send, function, *args) -> None:
    send.send((*function(*args), peak_mb()))


def run_local(corpus: Path, work: Path, options: AnalyzeOptions
              ) -> tuple[float, dict, set[frozenset[str]]]:
    start = time.perf_counter()
    steps: dict[str, float] = {}
    with Store.open(work / f"local{options.workers}.db") as store:
        ingest_paths(store, [corpus])
        steps["ingest"] = time.perf_counter() - start
        analyze(store, options)
        partition = {frozenset(s.article_ids) for s in store.stories()}
    steps["analyze"] = time.perf_counter() - start - steps["ingest"]
    return time.perf_counter() - start, steps, partition


def spark_partition(out: Path) -> set[frozenset[str]]:
    """The story partition a Spark run wrote (its ``stories`` Parquet table)."""
    import pyarrow.parquet as pq

    return {frozenset(ids) for ids in pq.read_table(out / "stories").column("article_ids")
            .to_pylist()}


def run_spark_engine(corpus: Path, work: Path, cores: int, options: AnalyzeOptions
                     ) -> tuple[float, float, dict]:
    from storytrace.spark import run_spark, spark_session

    start = time.perf_counter()
    session = spark_session(f"local[{cores}]", shuffle_partitions=max(4, 2 * cores))
    started = time.perf_counter() - start
    start = time.perf_counter()
    report = run_spark(str(corpus), str(work / f"spark{cores}"), spark=session, options=options)
    elapsed = time.perf_counter() - start
    session.stop()
    return started, elapsed, report.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, action="append", help="corpus sizes (repeatable)")
    parser.add_argument("--cores", type=int, action="append", help="Spark local cores")
    parser.add_argument("--skip-local", action="store_true")
    parser.add_argument("--workers", type=int, action="append",
                        help="local engine processes (repeatable; default 1)")
    parser.add_argument("--window-days", type=int, default=None,
                        help="run the windowed story pass with windows of this many days")
    parser.add_argument("--max-df", type=int, default=10,
                        help="reuse document-frequency limit (the generator's template sentences "
                             "look like reuse; 10 keeps them out, as in the equivalence test)")
    args = parser.parse_args()
    options = AnalyzeOptions(reuse=ReuseOptions(max_df=args.max_df),
                             story_windows=WindowOptions(days=args.window_days)
                             if args.window_days else None)
    sizes = args.n or [2000]
    cores = args.cores or [1, 2]
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix="storytrace-spark-bench-"))
        try:
            corpus = work / "corpus.jsonl"
            write_jsonl(generate_articles(n, seed=5, days=365), corpus)
            print(f"\n{n:,} generated articles ({corpus.stat().st_size / 1e6:.1f} MB JSONL)")
            local: set[frozenset[str]] | None = None
            for workers in [] if args.skip_local else (args.workers or [1]):
                seconds, steps, local, peak = in_child(run_local, corpus, work,
                                                       replace(options, workers=workers))
                detail = ", ".join(f"{step} {s:.1f}" for step, s in steps.items())
                print(f"  local engine, {workers} proc {seconds:8.1f} s  {n / seconds:8.0f} "
                      f"articles/s  (peak RSS {peak:.0f} MB; {detail})", flush=True)
            for k in cores:
                started, seconds, steps, peak = in_child(run_spark_engine, corpus, work, k,
                                                         options)
                detail = ", ".join(f"{step} {s:.1f}" for step, s in steps.items())
                same = "" if local is None else (
                    "; same story partition as the local engine"
                    if spark_partition(work / f"spark{k}") == local
                    else "; story partition DIFFERS from the local engine")
                print(f"  spark local[{k}]      {seconds:8.1f} s  {n / seconds:8.0f} articles/s"
                      f"  (+{started:.1f} s JVM start; driver peak RSS {peak:.0f} MB; "
                      f"{detail}{same})", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
