"""Benchmark the reuse stage against datasketch MinHash + MinHashLSH on the same articles.

    python benchmarks/reuse.py [--n 5000] [--seed 1] [--no-datasketch] [--disk DIR]

The corpus is ``evaluation/reuse.py``'s generator (fictional news-length articles, 300-800 words
plus implanted edited passages; ``n // 5`` passages copied 1-3 times each). Each phase runs in a
forked child process so that its peak memory is its own. Printed per phase: wall seconds, CPU
seconds, articles per second (wall and per CPU-second, single core), peak resident memory and
how much of it the phase added (peak minus the child's resident memory when it started: the
corpus, when it is held in memory).

With ``--disk DIR`` the corpus is not held in memory: it is generated in slices of at most
100,000 articles (seeds ``seed * 1000 + slice``; reuse is implanted within a slice), each in a
child process, and written to ``DIR/corpus.jsonl``; the phases read it through a lazy sequence
(``DiskArticles``: an article is parsed when it is read), as the pipeline reads its store. This
is how 1,000,000 articles are run on a machine that could not hold them as Python objects.

Phases:

* ``index``: tokenise, hash n-grams, winnow, build the sorted anchor index (``anchors_of`` +
  ``ReuseIndex.merged``);
* ``reuse``: the whole pass, ``update_reuse(None, ...)`` + ``cluster_pairs`` (index, candidates,
  alignment, clusters);
* ``stored`` (preparation, not a measurement): the index of all but the last ``--update``
  articles, written to a temporary file as ``to_bytes`` gives it;
* ``update``: a daily run against that persisted index: read it, ``from_bytes`` +
  ``update_reuse`` with the last ``--update`` articles + ``to_bytes``. Articles/s in this line
  are per corpus article, not per new one;
* ``datasketch``: ``MinHash(num_perm=128)`` over word 5-grams (``update_batch``) and
  ``MinHashLSH(threshold=0.5)`` insert + query of every article — document-level signatures only.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import resource
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "evaluation"))

from storytrace.records import Article  # noqa: E402

SLICE = 100_000
"""Articles generated together in ``--disk`` mode."""


class DiskArticles(Sequence[Article]):
    """Articles of a JSON-lines file, parsed when read (by position or in order)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets = np.load(path.with_suffix(".offsets.npy"))
        ids = np.load(path.with_suffix(".ids.npy"))
        self._id_order = np.argsort(ids)
        self._sorted_ids = ids[self._id_order]
        # positioned reads, not an mmap: mapped file pages would count in the resident memory
        # this benchmark measures (the pipeline reads its store the same way)
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @staticmethod
    def _parse(line: bytes) -> Article:
        d = json.loads(line)
        return Article(id=d["id"], outlet=d["outlet"], url=None,
                       published=datetime.fromisoformat(d["published"]), title=None,
                       text=d["text"])

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        k %= len(self)
        lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
        return self._parse(os.pread(self._fd, hi - lo, lo))

    def get(self, aid: str) -> Article:
        """The article with this id (a binary search in the sorted ids)."""
        key = aid.encode()
        at = int(np.searchsorted(self._sorted_ids, key))
        if at >= len(self._sorted_ids) or self._sorted_ids[at] != key:
            raise KeyError(aid)
        return self[int(self._id_order[at])]

    def __iter__(self) -> Iterator[Article]:
        with open(self.path, "rb") as fh:
            for _k, line in zip(range(len(self)), fh, strict=False):
                yield self._parse(line)


_ARTICLES: Sequence[Article] = []


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
    from storytrace.reuse.index import CHUNK_CHARS, KeyBuilder, ReuseIndex

    opts = ReuseOptions()
    builder, ids, texts, chars = KeyBuilder(), [], [], 0
    for art in _ARTICLES:  # batch by batch, as update_reuse does
        ids.append(art.id)
        texts.append(art.text)
        chars += len(art.text)
        if chars >= CHUNK_CHARS:
            builder.add_texts(texts, range(len(ids) - len(texts), len(ids)), opts.ngram,
                              opts.window)
            texts, chars = [], 0
    builder.add_texts(texts, range(len(ids) - len(texts), len(ids)), opts.ngram, opts.window)
    index = ReuseIndex(fingerprint=opts.fingerprint()).merged(tuple(ids), builder.build())
    return f"{len(index.keys):,} anchors, {len(index.to_bytes()) / 2**20:.1f} MiB serialised"


def _phase_reuse() -> str:
    from storytrace.reuse import cluster_pairs, update_reuse

    def lookup(aid: str) -> Article:  # every article is new: never called
        raise KeyError(aid)

    _index, pairs = update_reuse(None, _ARTICLES, lookup)
    if isinstance(_ARTICLES, DiskArticles):  # articles read by id, as the pipeline's store
        clusters = cluster_pairs(pairs, _ARTICLES.get)
    else:
        clusters = cluster_pairs(pairs, {a.id: a for a in _ARTICLES})
    return f"{len(pairs):,} aligned pairs, {len(clusters):,} clusters"


_UPDATE = [1000]
_STORED = Path("/tmp") / f"storytrace-reuse-bench-{os.getpid()}.npz"




def _update_split() -> tuple[Sequence[Article], list[Article], Callable[[str], Article]]:
    """(old articles, the ``_UPDATE`` new ones, lookup by id) for the daily-update phases."""
    n_old = len(_ARTICLES) - _UPDATE[0]
    if isinstance(_ARTICLES, DiskArticles):
        old: Sequence[Article] = _Prefix(_ARTICLES, n_old)
        get = _ARTICLES.get
    else:
        old = _ARTICLES[:n_old]
        get = {a.id: a for a in _ARTICLES}.__getitem__
    return old, [_ARTICLES[k] for k in range(n_old, len(_ARTICLES))], get


def _phase_stored() -> str:
    """Build and store (as bytes in a file) the index of all but the last ``_UPDATE``."""
    from storytrace.reuse import update_reuse

    old, _new, get = _update_split()
    index, _pairs = update_reuse(None, old, get)
    _STORED.write_bytes(index.to_bytes())
    return f"index of {len(old):,} articles stored ({_STORED.stat().st_size / 2**20:.0f} MiB)"


def _phase_update() -> str:
    """A daily run: read the stored index, ``from_bytes`` + ``update_reuse`` with the last
    ``_UPDATE`` articles + ``to_bytes`` (what the pipeline does)."""
    from storytrace.reuse import ReuseIndex, update_reuse

    _old, new, get = _update_split()
    index, pairs = update_reuse(ReuseIndex.from_bytes(_STORED.read_bytes()), new, get)
    size = len(index.to_bytes())
    return (f"{len(new):,} new articles against {len(index) - len(new):,}: {len(pairs):,} "
            f"pairs, index {size / 2**20:.0f} MiB")


class _Prefix(Sequence[Article]):
    """The first ``n`` articles of a sequence."""

    def __init__(self, articles: Sequence[Article], n: int) -> None:
        self.articles, self.n = articles, n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice) or not 0 <= k < self.n:
            raise IndexError(k)
        return self.articles[k]

    def __iter__(self) -> Iterator[Article]:
        for k, a in enumerate(self.articles):
            if k >= self.n:
                break
            yield a


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
    base = _rss_mib()
    t0, c0 = time.perf_counter(), time.process_time()
    info = phase()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    queue.put((wall, cpu, peak, base, info))


def run_phase(name: str, phase: Callable[[], str]) -> tuple[float, float, float]:
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(phase, queue))
    proc.start()
    wall, cpu, peak, base, info = queue.get()
    proc.join()
    n = len(_ARTICLES)
    print(f"{name:>10}: {wall:8.2f} s wall {cpu:8.2f} s CPU | {n / wall:8.0f} articles/s "
          f"{n / max(cpu, 1e-9):8.0f} articles/CPU-s | peak RSS {peak:7.0f} MiB "
          f"(+{peak - base:.0f} over the {base:.0f} at start) | {info}", flush=True)
    return wall, cpu, peak


def _write_slice(path: Path, n: int, seed: int, queue: mp.Queue) -> None:
    import reuse as evaluation  # evaluation/reuse.py

    articles, truth = evaluation.make_corpus(n, max(1, n // 5), seed)
    sizes = []
    with open(path, "ab") as fh:
        for a in articles:
            line = json.dumps({"id": a.id, "outlet": a.outlet, "text": a.text,
                               "published": a.published.isoformat()}).encode() + b"\n"
            fh.write(line)
            sizes.append(len(line))
    queue.put((sizes, [a.id for a in articles], len(truth)))


def write_corpus(folder: Path, n: int, seed: int) -> Path:
    """Generate ``n`` articles slice by slice (one child process each) into a JSON-lines file
    with an offsets array; reuses the file when it is already there."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{n}-{seed}.jsonl"
    offsets_path = path.with_suffix(".offsets.npy")
    if offsets_path.exists():
        return path
    path.write_bytes(b"")
    sizes: list[int] = []
    ids: list[str] = []
    n_truth = 0
    ctx = mp.get_context("fork")
    for k, lo in enumerate(range(0, n, SLICE)):
        queue = ctx.Queue()
        proc = ctx.Process(target=_write_slice,
                           args=(path, min(SLICE, n - lo), seed * 1000 + k, queue))
        proc.start()
        got, got_ids, truths = queue.get()
        proc.join()
        sizes += got
        ids += got_ids
        n_truth += truths
    path.with_suffix(".truth").write_text(str(n_truth))
    np.save(path.with_suffix(".ids.npy"), np.array([i.encode() for i in ids]))
    np.save(offsets_path, np.concatenate(([0], np.cumsum(sizes))).astype(np.int64))
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="articles (default 5,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-datasketch", action="store_true")
    parser.add_argument("--update", type=int, default=1000,
                        help="new articles of the daily-update phase (0: no such phase)")
    parser.add_argument("--disk", type=Path, default=None,
                        help="generate the corpus into this directory and read it from there")
    args = parser.parse_args(argv)

    global _ARTICLES
    t0 = time.perf_counter()
    if args.disk is not None:
        path = write_corpus(args.disk, args.n, args.seed)
        _ARTICLES = DiskArticles(path)
        truth_file = path.with_suffix(".truth")
        n_truth = int(truth_file.read_text()) if truth_file.exists() else -1
        chars = words = 0
        sample = min(len(_ARTICLES), 20_000)  # averages over the first articles (quick; they
        # are a slice's source articles, without implants, so a little shorter than the rest)
        for a in _Prefix(_ARTICLES, sample):
            chars += len(a.text) * len(_ARTICLES) // sample
            words += len(a.text.split()) * len(_ARTICLES) // sample
    else:
        import reuse as evaluation  # evaluation/reuse.py

        articles, truth = evaluation.make_corpus(args.n, max(1, args.n // 5), args.seed)
        _ARTICLES = articles
        n_truth = len(truth)
        chars = sum(len(a.text) for a in articles)
        words = sum(len(a.text.split()) for a in articles)
    n = len(_ARTICLES)
    implanted = f"{n_truth:,}" if n_truth >= 0 else "(not recorded)"
    print(f"corpus: {n:,} articles, {words / n:.0f} words and {chars / n:.0f} characters on "
          f"average, {implanted} implanted pairs (ready in {time.perf_counter() - t0:.1f} s"
          f"{', on disk' if args.disk else ''}); parent RSS {_rss_mib():.0f} MiB", flush=True)
    run_phase("index", _phase_index)
    _wall, reuse_cpu, _peak = run_phase("reuse", _phase_reuse)
    if 0 < args.update < n:
        _UPDATE[0] = args.update
        run_phase("stored", _phase_stored)
        run_phase("update", _phase_update)
        _STORED.unlink()
    if not args.no_datasketch:
        _wall, ds_cpu, _peak = run_phase("datasketch", _phase_datasketch)
        print(f"whole reuse pass vs datasketch signatures+LSH (CPU time): "
              f"{ds_cpu / reuse_cpu:.2f}x as fast")


if __name__ == "__main__":
    main()
