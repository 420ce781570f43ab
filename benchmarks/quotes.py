"""Throughput and memory of the quotes stage (detection + attribution), one process = one core.

    python benchmarks/quotes.py                 # 1,000 synthetic articles
    python benchmarks/quotes.py --n 10000       # the issue's run
    python benchmarks/quotes.py --spacy         # with QuoteOptions(use_spacy=True)

Articles come from ``storytrace.synthetic.generate_articles`` (fictional news, quotes in every
article); they are generated before the clock starts. Prints articles/s (single core), words/s,
quotes/s, peak RSS of the process and the peak traced Python allocation during extraction
(``tracemalloc`` is measured in a separate, shorter pass because it slows Python down), then
times the pathological inputs (100k quote marks, a 5 MB quote without a closing mark).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.quotes import (  # noqa: E402
    QuoteOptions,
    extract_quotes,  # noqa: E402
    match_statements,
    quotes_for_articles,
)


def corpus(n: int, seed: int):
    from storytrace.synthetic import generate_articles

    return list(generate_articles(n, seed=seed))


def pathological() -> list[tuple[str, float, int]]:
    cases = {
        "100k straight quote marks": '"' * 100_000,
        "100k mixed marks and words": ('He said "yes ' * 25_000) + "’'‘“”" * 4_000,
        "5 MB quote, no closing mark": "“" + ("word and more words, she said " * 170_000),
        "5 MB of apostrophes and 'n'": ("rock 'n' roll in the '90s, Cannon's ") * 140_000,
        "one long paragraph-spanning quote": ("“A paragraph that keeps going.\n\n") * 50_000,
    }
    out = []
    for name, text in cases.items():
        t0 = time.perf_counter()
        qs = extract_quotes(text)
        out.append((f"{name} ({len(text) / 1e6:.1f} MB)", time.perf_counter() - t0, len(qs)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (default 1,000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--spacy", action="store_true", help="QuoteOptions(use_spacy=True)")
    ap.add_argument("--no-pathological", action="store_true")
    args = ap.parse_args()
    options = QuoteOptions(use_spacy=args.spacy)

    t0 = time.perf_counter()
    articles = corpus(args.n, args.seed)
    gen = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    if args.spacy:  # load the model before the clock starts
        from storytrace import nlp
        nlp.load(("ner",))

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    results = list(quotes_for_articles(articles, options))
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    nq = sum(len(r) for r in results)
    print(f"corpus: {args.n} synthetic articles, {words / args.n:.0f} words/article "
          f"(generated in {gen:.1f}s)")
    print(f"extract+attribute: {wall:.2f}s wall, {cpu:.2f}s cpu -> "
          f"{args.n / cpu:.0f} articles/s/core, {words / cpu:.0f} words/s, {nq} quotes "
          f"({nq / args.n:.1f}/article)")
    known = sum(1 for r in results for q in r if q.speaker.kind != "unknown")
    print(f"quotes with a speaker: {known / max(nq, 1):.1%}")

    t0 = time.perf_counter()
    flat = [q for r in results for q in r]
    statements, _ = match_statements(flat, {a.id: a for a in articles}, options)
    print(f"match_statements: {time.perf_counter() - t0:.2f}s, {len(statements)} statements")

    print(f"peak RSS (process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    sample = articles[: min(200, len(articles))]
    tracemalloc.start()
    list(quotes_for_articles(sample, options))
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced allocation while extracting (streaming, {len(sample)} articles): "
          f"{peak / 1e6:.1f} MB")

    if not args.no_pathological:
        print("pathological inputs:")
        for name, secs, n in pathological():
            print(f"  {name}: {secs:.2f}s, {n} quotes")


if __name__ == "__main__":
    main()
