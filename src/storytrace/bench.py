"""The local engine end to end on generated articles: ingest, then ``analyze``, time per stage.

``storytrace bench`` and ``benchmarks/pipeline.py`` run this.

Each ``--n`` runs in a fresh child process (so its peak RSS is its own): ``--n`` articles from
``storytrace.synthetic.generate_articles`` are written to one JSONL file (not timed as the
pipeline), read into a new SQLite store with ``pipeline.ingest_paths``, then
``pipeline.analyze`` runs every stage with the default ``AnalyzeOptions`` (one process; or
``--max-df`` for the reuse stage). The code timed is the pipeline itself, not a copy of it:

* ``analyze``'s own progress events give its top-level steps (a hidden progress display that
  notes when each task starts stands in for the terminal one): the per-article pass, reuse, the
  corpus-wide pass (which includes loading the corpus and writing the results);
* the stage functions ``pipeline`` calls are wrapped while it runs, and their own time
  (exclusive of wrapped calls inside them) is added up per step: people, quotes and facts per
  article; statements, dates of undated articles, stories, conflicts and digests per corpus.
  What a step spends outside them (reading and writing the store, sorting) is its "rest".

    storytrace bench                            # 500 articles
    storytrace bench --n 2000 --n 10000         # one run each
    python benchmarks/pipeline.py --n 2000      # the same

Prints wall and CPU seconds per step and stage, articles per second and per CPU-second (whole
``analyze``), the peak RSS of the child process and the store's record counts.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.progress import Progress

# pipeline-module functions -> the stage their time counts for
STAGE_FUNCTIONS = (
    ("find_people", "people (shared by quotes and facts)"),
    ("quotes_for_article", "quotes"),
    ("quotes_for_articles", "quotes"),
    ("extract_claims", "facts"),
    ("statements_of", "statements"),
    ("claim_index", "dates of undated articles"),
    ("date_undated", "dates of undated articles"),
    ("settled_claims", "dates of undated articles"),
    ("stories_of", "stories"),
    ("story_conflicts", "conflicts"),
    ("story_digest", "digests"),
)


# analyze's progress task names -> what the step is
TASK_NAMES = {"stories": "corpus-wide stages (incl. loading and writing)",
              "quotes, facts": "per-article stages (quotes, facts)"}


class _Recorder(Progress):
    """A hidden progress display that notes when each task starts."""

    def __init__(self) -> None:
        super().__init__(disable=True)
        self.starts: list[tuple[str, float, float]] = []  # (task, wall, cpu)

    @property
    def current(self) -> str:
        return self.starts[-1][0] if self.starts else "(before the first task)"

    def add_task(self, description: str, *args: Any, **kwargs: Any) -> Any:
        self.starts.append((description, time.perf_counter(), time.process_time()))
        return super().add_task(description, *args, **kwargs)


class _StageClock:
    """Wraps functions and adds up their exclusive wall and CPU time per (task, stage)."""

    def __init__(self, recorder: _Recorder) -> None:
        self.recorder = recorder
        self.totals: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
        self._children: list[list[float]] = []

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            w0, c0 = time.perf_counter(), time.process_time()
            self._children.append([0.0, 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                child_wall, child_cpu = self._children.pop()
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                total = self.totals[(self.recorder.current, stage)]
                total[0] += wall - child_wall
                total[1] += cpu - child_cpu
                if self._children:
                    self._children[-1][0] += wall
                    self._children[-1][1] += cpu
        return timed


def _task_times(starts: list[tuple[str, float, float]], end: tuple[float, float]
                ) -> list[tuple[str, float, float]]:
    """(task, wall s, cpu s): a task lasts from its start to the next task's start."""
    bounds = starts + [("", *end)]
    return [(name, bounds[i + 1][1] - wall, bounds[i + 1][2] - cpu)
            for i, (name, wall, cpu) in enumerate(starts)]


def _run(n: int, seed: int, max_df: int | None, workers: int, queue: Any) -> None:
    from storytrace import pipeline
    from storytrace.pipeline import AnalyzeOptions, analyze, ingest_paths
    from storytrace.reuse import ReuseOptions
    from storytrace.store import Store
    from storytrace.synthetic import generate_articles, write_jsonl

    with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        write_jsonl(generate_articles(n, seed=seed), corpus)
        generated = time.perf_counter() - t0
        options = AnalyzeOptions(workers=workers) if max_df is None else AnalyzeOptions(
            reuse=ReuseOptions(max_df=max_df), workers=workers)
        with Store.open(Path(tmp) / "store.db") as store:
            w0, c0 = time.perf_counter(), time.process_time()
            ingest_paths(store, [corpus])
            ingest = (time.perf_counter() - w0, time.process_time() - c0)
            recorder = _Recorder()
            clock = _StageClock(recorder)
            patched = {name: getattr(pipeline, name) for name, _ in STAGE_FUNCTIONS
                       if hasattr(pipeline, name)}
            original = pipeline.progress_bar
            pipeline.progress_bar = lambda *, enabled=True: recorder  # noqa: ARG005
            for name, stage in STAGE_FUNCTIONS:
                if name in patched:
                    setattr(pipeline, name, clock.wrap(stage, patched[name]))
            try:
                w0, c0 = time.perf_counter(), time.process_time()
                report = analyze(store, options)
                end = (time.perf_counter(), time.process_time())
            finally:
                pipeline.progress_bar = original
                for name, fn in patched.items():
                    setattr(pipeline, name, fn)
        steps = [("ingest", *ingest, [])]
        for task, wall, cpu in _task_times(recorder.starts, end):
            parts = [(stage, w, c) for (t, stage), (w, c) in clock.totals.items() if t == task]
            steps.append((task, wall, cpu, sorted(parts, key=lambda p: -p[1])))
        queue.put({
            "n": n, "generated": generated, "steps": steps,
            "missing": [name for name, _ in STAGE_FUNCTIONS if name not in patched],
            "analyze_wall": end[0] - w0, "analyze_cpu": end[1] - c0,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "counts": {k: getattr(report, k) for k in (
                "articles", "quotes", "claims", "clusters", "statements", "stories",
                "conflicts")},
        })


def run(n: int, *, seed: int = 5, max_df: int | None = None, workers: int = 1) -> dict[str, Any]:
    """Time ingest and ``analyze`` of ``n`` generated articles in a fresh child process (so the
    peak RSS is the run's own); returns the steps, stage times, throughput and record counts."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_run, args=(n, seed, max_df, workers, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


def report(result: dict[str, Any], *, seed: int, max_df: int | None) -> list[str]:
    """The lines printed for one :func:`run`."""
    n = result["n"]
    total_wall = sum(s[1] for s in result["steps"])
    lines = [f"{n:,} generated articles (seed {seed}, generated and written in "
             f"{result['generated']:.1f} s), max_df {max_df or 'default'}",
             f"{'step / stage':<46} {'wall s':>8} {'CPU s':>8} {'share':>6}"]
    for name, wall, cpu, parts in result["steps"]:
        name = TASK_NAMES.get(name, name)
        lines.append(f"{name:<46} {wall:8.2f} {cpu:8.2f} {wall / total_wall:6.1%}")
        if parts:
            for stage, w, c in parts:
                lines.append(f"  {stage:<44} {w:8.2f} {c:8.2f}")
            rest_w = wall - sum(p[1] for p in parts)
            rest_c = cpu - sum(p[2] for p in parts)
            lines.append(f"  {'rest (store reads and writes, sorting)':<44} {rest_w:8.2f} "
                         f"{rest_c:8.2f}")
    lines.append(f"{'ingest + analyze':<46} {total_wall:8.2f}")
    lines.append(f"analyze: {n / result['analyze_wall']:,.1f} articles/s wall, "
                 f"{n / result['analyze_cpu']:,.1f} articles per CPU-second (this process; "
                 f"forked workers not counted); peak RSS {result['rss_mib']:,.0f} MiB")
    if result["missing"]:
        lines.append("not timed (no longer in storytrace.pipeline): "
                     + ", ".join(result["missing"]))
    lines.append("records: " + ", ".join(f"{k} {v:,}" for k, v in result["counts"].items()))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, action="append",
                    help="articles (repeatable; default 500)")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--max-df", type=int, default=None,
                    help="ReuseOptions.max_df (default: the ReuseOptions default)")
    ap.add_argument("--workers", type=int, default=1, help="AnalyzeOptions.workers")
    args = ap.parse_args(argv)
    for n in args.n or [500]:
        result = run(n, seed=args.seed, max_df=args.max_df, workers=args.workers)
        print()
        print("\n".join(report(result, seed=args.seed, max_df=args.max_df)))
    return 0
