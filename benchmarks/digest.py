"""Benchmark the digest: stories per second and peak memory for stories of 3, 50 and 500
articles (fictional, from ``storytrace.synthetic``), beside sumy's LexRank on the same stories.

Each size is one story of that many articles (``generate_with_truth(n, story_size=(n, n))``);
a digest is the summary, what's new for every article and the key events. Peak memory is the
``tracemalloc`` peak of one digest (Python allocations, numpy and scipy buffers included) and the
process's maximum resident set size at the end. Rates are per CPU second (one core); the wall
clock is printed beside. Goal: a 500-article story in under 2 s.

    python benchmarks/digest.py [--n 3 50 500] [--repeat 3] [--no-sumy]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc

from storytrace.digest import DigestOptions, digest_story
from storytrace.digest.text import split_sentences
from storytrace.records import Article


def story(n: int, seed: int = 1) -> list[Article]:
    """One fictional story of ``n`` articles."""
    from storytrace.synthetic import generate_with_truth

    return [a for a, _ in generate_with_truth(n, seed=seed, story_size=(n, n))]


def sumy_lexrank(articles: list[Article], sentences: int) -> int:
    """sumy's LexRank over the story read as one document (same splitter as storytrace)."""
    import re

    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Tokenizer:
        language = "english"

        def to_sentences(self, paragraph: str) -> list[str]:
            return [paragraph[s:e] for s, e in split_sentences(paragraph)]

        def to_words(self, sentence: str) -> list[str]:
            return re.findall(r"[^\W_]+", sentence)

    parser = PlaintextParser.from_string("\n\n".join(a.text for a in articles), Tokenizer())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return len(summarizer(parser.document, sentences))


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs (CPU time is what the goal is
    about: on a shared machine the wall clock also counts the time spent waiting for a core)."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[3, 50, 500],
                        help="story sizes in articles (default: 3 50 500)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument("--no-sumy", action="store_true", help="skip the sumy comparison")
    parser.add_argument("--sumy-max", type=int, default=3,
                        help="largest story given to sumy (its LexRank is quadratic in Python)")
    args = parser.parse_args(argv)
    options = DigestOptions()
    print(f"{'articles':>8}{'sentences':>10}{'wall s':>8}{'cpu s':>8}{'stories/s':>10}"
          f"{'articles/s':>11}{'peak MiB':>9}{'sumy s':>8}{'ratio':>7}")
    for n in args.n:
        articles = story(n)
        digest_story(articles, options=options)  # warm-up (imports, caches)
        wall, seconds = timed(lambda a=articles: digest_story(a, options=options), args.repeat)
        tracemalloc.start()
        digest_story(articles, options=options)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        total = sum(len(split_sentences(a.text)) for a in articles)
        sumy_s = ratio = "-"
        if not args.no_sumy and n <= args.sumy_max:
            s = timed(lambda a=articles: sumy_lexrank(a, options.sentences), 1)[1]
            sumy_s, ratio = f"{s:.3f}", f"{s / seconds:.1f}x"
        print(f"{n:>8}{total:>10}{wall:>8.3f}{seconds:>8.3f}{1 / seconds:>10.2f}"
              f"{n / seconds:>11.0f}{peak:>9.1f}{sumy_s:>8}{ratio:>7}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
