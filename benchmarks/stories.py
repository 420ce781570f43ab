"""Benchmark the streaming story clustering: articles per second, peak memory, and accuracy.

Articles come from ``storytrace.synthetic.generate_with_truth`` (fictional, spread over a
year, with follow-up episodes months later). They are fed to ``assign_stories`` in chunks of
``--chunk`` articles, carrying the ``StoryState`` from chunk to chunk as incremental runs would;
only the time inside ``assign_stories`` is counted (generation is not). Peak memory is the
process's peak resident set size (``ru_maxrss``). Dormant stories are spilled to a temporary
SQLite file (the default ``StoryState``); ``--in-memory`` keeps them in memory, packed, as
before. To see memory bounded by the active window rather than the corpus, compare the same
density over more days (``--n 100000 --days 365`` against ``--n 300000 --days 1095``) with
``--no-accuracy``: the accuracy bookkeeping (three dicts over every article id) grows with the
corpus by itself. Accuracy against the generator's truth: pairwise precision/recall/F1 and the
share of follow-up articles linked to their first episode. The feature extractor and scoring
that ran are printed: the compiled ones when they are built, the pure-Python ones with
``--pure`` (or ``STORYTRACE_PURE_FEATURES=1``); both give the same features and scores, so the
same partition: run it once each way for the speed ratio. ``--input-order`` takes each day in
input order instead of densest first (``StoryOptions(density_chunk=0)``), to see what the order
costs and gives.

    python benchmarks/stories.py [--n 10000] [--days 365] [--chunk 5000] [--in-memory]
                                 [--no-accuracy] [--pure] [--input-order]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter

from storytrace.stories import StoryOptions, StoryState, assign, assign_stories, features
from storytrace.synthetic import generate_with_truth


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def reference_loop_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop (20M additions), to tell how fast this machine's
    core is: throughputs from machines with different reference times cannot be compared."""
    code = compile("s = 0\nfor i in range(20_000_000):\n    s += i\n", "<reference>", "exec")
    c0 = time.process_time()
    exec(code, {})  # module-level names, as `python3 -c` runs it (the notes' yardstick)
    return time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles (default 10,000)")
    ap.add_argument("--chunk", type=int, default=5_000, help="articles per incremental run")
    ap.add_argument("--days", type=int, default=365, help="days the corpus spans")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--in-memory", action="store_true",
                    help="keep dormant stories in memory (packed) instead of spilling them")
    ap.add_argument("--progress", action="store_true", help="print peak RSS after each chunk")
    ap.add_argument("--no-accuracy", action="store_true",
                    help="keep no per-article truth (to measure the clustering's memory alone)")
    ap.add_argument("--input-order", action="store_true",
                    help="take each day in input order, not densest first (density_chunk=0)")
    ap.add_argument("--pure", action="store_true",
                    help="run the pure-Python feature extractor and scoring even where the "
                    "compiled ones are built")
    args = ap.parse_args(argv)
    if args.pure:
        features.use_extractor("pure")
        assign.use_compiled_scoring(False)

    options = StoryOptions(density_chunk=0) if args.input_order else StoryOptions()
    state = StoryState(spill=not args.in_memory)
    predicted: dict[str, str] = {}
    truth: dict[str, str] = {}
    episode: dict[str, int] = {}
    elapsed = cpu = 0.0
    chunk = []
    done = 0
    stream = generate_with_truth(args.n, seed=args.seed, days=args.days)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    while True:
        chunk.clear()
        for article, info in stream:
            chunk.append(article)
            if not args.no_accuracy:
                truth[article.id] = info.story
                episode[article.id] = info.episode
            if len(chunk) >= args.chunk:
                break
        if not chunk:
            break
        t0, c0 = time.perf_counter(), time.process_time()
        stories, state = assign_stories(chunk, options, state=state)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        if not args.no_accuracy:
            for story in stories:
                for aid in story.article_ids:
                    predicted[aid] = story.id
        del stories
        done += len(chunk)
        if args.progress:
            print(f"  {done:,} articles, peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB, "
                  f"{state.n_active:,} active + {state.n_dormant:,} dormant", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    resident = len(state.resident)
    state_bytes = len(state.to_bytes())

    joint = Counter((predicted[a], truth[a]) for a in truth)
    tp = sum(_pairs(n) for n in joint.values())
    pp = sum(_pairs(n) for n in Counter(predicted[a] for a in truth).values())
    gp = sum(_pairs(n) for n in Counter(truth.values()).values())
    p, r = tp / pp if pp else 1.0, tp / gp if gp else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    # follow-ups: articles of a later episode placed in the story of their story's first episode
    first_story: dict[str, Counter[str]] = {}
    for a, s in truth.items():
        if episode[a] == 0:
            first_story.setdefault(s, Counter())[predicted[a]] += 1
    follow = [a for a in truth if episode[a] > 0 and truth[a] in first_story]
    linked = sum(1 for a in follow
                 if predicted[a] == first_story[truth[a]].most_common(1)[0][0])

    print(f"articles           {done:,} over {args.days} days, chunks of {args.chunk:,}")
    print(f"feature extractor  {features.extractor()}"
          f"{'' if features.extract_compiled is not None else ' (the compiled one is not built)'}"
          f"; scoring {assign.scoring()}")
    print(f"throughput         {done / cpu:,.0f} articles per CPU-second on one core "
          f"({cpu:.1f}s CPU, {elapsed:.1f}s wall in assign_stories; the wall clock includes "
          f"waiting for a shared core)")
    print(f"core reference     {reference_loop_seconds():.2f}s CPU for a 20M-iteration Python "
          f"loop (about 1.2s on the machines of sessions 1-4)")
    print(f"peak RSS           {rss:,.0f} MiB (process, before clustering "
          f"{rss_before / 1024:,.0f} MiB)")
    print(f"state              {state_bytes / 2**20:,.1f} MiB serialised; "
          f"{state.n_active:,} active + {state.n_dormant:,} dormant stories, {resident:,} in "
          f"memory ({'dormant ones kept in memory' if args.in_memory else 'dormant ones spilled'})")
    state.close()
    if args.no_accuracy:
        return 0
    print(f"stories            {len(set(predicted.values())):,} predicted, "
          f"{len(set(truth.values())):,} true")
    print(f"pairwise           P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    if follow:
        print(f"follow-ups linked  {linked}/{len(follow)} ({linked / len(follow):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
