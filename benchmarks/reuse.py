"""Benchmark the reuse stage against datasketch MinHash + MinHashLSH on the same articles.

    python benchmarks/reuse.py [--n 5000] [--seed 1] [--no-datasketch]

The corpus is ``evaluation/reuse.py``'s generator (fictional news-length articles, 300-800 words
plus implanted edited passages; ``n // 5`` passages copied 1-3 times each). Each phase runs in a
forked child process so that its peak memory is its own; the parent's resident memory (the
corpus) is reported beside it. Printed per phase: wall seconds, CPU seconds, articles per second
(wall and per CPU-second, single core) and peak resident memory.

Phases:

* ``index``: tokenise, hash n-grams, winnow, build the sorted anchor index (``anchors_of`` +
  ``ReuseIndex.merged``);
* ``reuse``: the whole pass, ``update_reuse(None, ...)`` + ``cluster_pairs`` (index, candidates,
  alignment, clusters);
* ``datasketch``: ``MinHash(num_perm=128)`` over word 5-grams (``update_batch``) and
  ``MinHashLSH(threshold=0.5)`` insert + query of every article — document-level signatures only.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "evaluation"))

from storytrace.records import Article  # noqa: E402

_ARTICLES: list[Article] = []


def _rss_mib() -> float:
    """Current resident memory of this process (Linux /proc), MiB."""
    try:
        with open("/proc/self/statm") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _phase_index() -> str:
    from storytrace.reuse import ReuseOptions
    from storytrace.reuse.index import ReuseIndex, anchor_keys

    opts = ReuseOptions()
    keys, positions = anchor_keys([a.text for a in _ARTICLES], opts.ngram, opts.window)
    index = ReuseIndex(fingerprint=opts.fingerprint()).merged(
        tuple(a.id for a in _ARTICLES), keys, positions)
    return f"{len(index.keys):,} anchors, {len(index.to_bytes()) / 2**20:.1f} MiB serialised"


def _phase_reuse() -> str:
    from storytrace.reuse import cluster_pairs, update_reuse

    by_id = {a.id: a for a in _ARTICLES}
    _index, pairs = update_reuse(None, _ARTICLES, by_id.__getitem__)
    clusters = cluster_pairs(pairs, by_id)
    return f"{len(pairs):,} aligned pairs, {len(clusters):,} clusters"


def _phase_datasketch() -> str:
    from datasketch import MinHash, MinHashLSH

    word = re.compile(r"\w+")
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for a in _ARTICLES:
        words = word.findall(a.text.lower())
        grams = [" ".join(words[k:k + 5]).encode("utf-8") for k in range(len(words) - 4)]
        m = MinHash(num_perm=128)
        if grams:
            m.update_batch(grams)
        sigs.append(m)
        lsh.insert(a.id, m)
    hits = sum(len(lsh.query(m)) - 1 for m in sigs)
    return f"{hits:,} near-duplicate document hits"


def _child(phase: Callable[[], str], queue: mp.Queue) -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    info = phase()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    queue.put((wall, cpu, peak, info))


def run_phase(name: str, phase: Callable[[], str]) -> tuple[float, float, float]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(phase, queue))
    proc.start()
    wall, cpu, peak, info = queue.get()
    proc.join()
    n = len(_ARTICLES)
    print(f"{name:>10}: {wall:8.2f} s wall {cpu:8.2f} s CPU | {n / wall:8.0f} articles/s "
          f"{n / max(cpu, 1e-9):8.0f} articles/CPU-s | peak RSS {peak:7.0f} MiB | {info}",
          flush=True)
    return wall, cpu, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-datasketch", action="store_true")
    args = parser.parse_args(argv)

    import reuse as evaluation  # evaluation/reuse.py

    t0 = time.perf_counter()
    articles, truth = evaluation.make_corpus(args.n, max(1, args.n // 5), args.seed)
    _ARTICLES[:] = articles
    chars = sum(len(a.text) for a in articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"corpus: {len(articles):,} articles, {words / len(articles):.0f} words and "
          f"{chars / len(articles):.0f} characters on average, {len(truth):,} implanted pairs "
          f"(generated in {time.perf_counter() - t0:.1f} s); parent RSS {_rss_mib():.0f} MiB",
          flush=True)
    run_phase("index", _phase_index)
    _wall, reuse_cpu, _peak = run_phase("reuse", _phase_reuse)
    if not args.no_datasketch:
        _wall, ds_cpu, _peak = run_phase("datasketch", _phase_datasketch)
        print(f"whole reuse pass vs datasketch signatures+LSH (CPU time): "
              f"{ds_cpu / reuse_cpu:.2f}x as fast")


if __name__ == "__main__":
    main()
