"""The windowed story pass against the single streaming pass and the generator's truth.

Articles come from ``storytrace.synthetic.generate_with_truth`` (fictional, spread over a year,
follow-up episodes months later). The single pass (``assign_stories``) and the windowed pass
(``windows.windowed_stories``: one streaming pass per window of ``--window-days`` days, then the
story-level merge) run on the same articles, in this process; for the windowed pass the time of
the windows' passes (what a cluster spreads over executors) and of the merge (what the driver
does) are printed apart. Accuracy: pairwise precision/recall/F1 against the truth and against
the single pass, and the share of follow-up articles placed in their first episode's story.

    python benchmarks/stories_windows.py [--n 10000] [--window-days 30 --window-days 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.stories import StoryEvidence, StoryOptions, assign_stories  # noqa: E402
from storytrace.stories.windows import (  # noqa: E402
    WindowMerger,
    WindowOptions,
    plan_windows,
    window_stories,
)
from storytrace.synthetic import generate_with_truth  # noqa: E402


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a partition against a reference one."""
    def pairs(counts: Counter) -> int:
        return sum(k * (k - 1) // 2 for k in counts.values())

    tp = pairs(Counter((predicted[a], truth[a]) for a in truth))
    pp = pairs(Counter(predicted[a] for a in truth))
    gp = pairs(Counter(truth.values()))
    p, r = tp / pp if pp else 1.0, tp / gp if gp else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def follow_ups(predicted: dict[str, str], truth: dict[str, str],
               episode: dict[str, int]) -> tuple[int, int]:
    """Later-episode articles placed in the story holding most of their first episode."""
    first: dict[str, Counter] = {}
    for a, s in truth.items():
        if episode[a] == 0:
            first.setdefault(s, Counter())[predicted[a]] += 1
    later = [a for a in truth if episode[a] > 0 and truth[a] in first]
    linked = sum(1 for a in later if predicted[a] == first[truth[a]].most_common(1)[0][0])
    return linked, len(later)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="articles (default 10,000)")
    ap.add_argument("--days", type=int, default=365, help="days the corpus spans")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--window-days", type=int, action="append",
                    help="window length in days (repeatable; default 30)")
    ap.add_argument("--merge-threshold", type=float, default=WindowOptions().merge_threshold)
    ap.add_argument("--overlap-days", type=int, default=WindowOptions().overlap_days,
                    help="context days each window reads from the one before (0: none)")
    args = ap.parse_args(argv)

    articles, truth, episode = [], {}, {}
    for article, info in generate_with_truth(args.n, seed=args.seed, days=args.days):
        articles.append(article)
        truth[article.id] = info.story
        episode[article.id] = info.episode
    options = StoryOptions()
    print(f"{len(articles):,} generated articles over {args.days} days (seed {args.seed}), "
          f"{len(set(truth.values())):,} true stories")

    t0, c0 = time.perf_counter(), time.process_time()
    stories, _state = assign_stories(articles, options)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    single = {a: s.id for s in stories for a in s.article_ids}
    p, r, f = pairwise(single, truth)
    linked, total = follow_ups(single, truth, episode)
    print(f"  single pass        {cpu:7.1f} s CPU ({wall:.1f} s wall)  stories {len(stories):,}"
          f"  P {p:.3f} R {r:.3f} F1 {f:.3f}  follow-ups {linked}/{total}")

    evidence = StoryEvidence()
    for days in args.window_days or [30]:
        window_options = WindowOptions(days=days, merge_threshold=args.merge_threshold,
                                       overlap_days=min(args.overlap_days, days))
        plan = plan_windows(articles, evidence, window_options)
        windows = plan.windows
        merger = WindowMerger(options, window_options, plan.across)
        passes = merge = 0.0
        for key, members in windows:
            c0 = time.process_time()
            summaries = window_stories(members, options, plan.evidence[key],
                                       plan.context.get(key, ()))
            c1 = time.process_time()
            merger.add_window(key, summaries)
            passes += c1 - c0
            merge += time.process_time() - c1
        c0 = time.process_time()
        merged = merger.stories()
        merge += time.process_time() - c0
        windowed = {a: s.id for s in merged for a in s.article_ids}
        p, r, f = pairwise(windowed, truth)
        _sp, _sr, sf = pairwise(windowed, single)
        linked, total = follow_ups(windowed, truth, episode)
        sizes = [len(m) for _, m in windows]
        state = merger.state
        print(f"  windows of {days:3d} d  {passes + merge:7.1f} s CPU (windows {passes:.1f} s, "
              f"largest {max(sizes):,} articles; merge {merge:.1f} s)  stories {len(merged):,}"
              f"  P {p:.3f} R {r:.3f} F1 {f:.3f}  follow-ups {linked}/{total}  "
              f"F1 against the single pass {sf:.3f}  ({len(windows)} windows; the merge "
              f"holds {state.n_active:,} recent + {state.n_dormant:,} frozen stories)",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
