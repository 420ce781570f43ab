"""Throughput and memory of the facts stage, one process = one core.

    python benchmarks/facts.py              # 1,000 articles
    python benchmarks/facts.py --n 10000

The corpus mixes ``storytrace.synthetic.generate_articles`` (fictional news of every kind) with
fictional family-news articles rich in claims (ages, children and their mothers, births,
deaths, relative dates, undated articles), generated here, one in four. Articles are built
before the clock starts. Prints articles/s for extraction alone (``extract_claims``, people
resolution included) and for the whole corpus analysis (``analyze_facts``: extraction, date
inference for undated articles, re-extraction, checks, variant groups), claims/s, peak RSS and
the peak traced allocation, then times pathological inputs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from storytrace.facts import FactOptions, analyze_facts, extract_claims  # noqa: E402
from storytrace.records import Article  # noqa: E402

FIRST = ["Dorian", "Marisol", "Hedda", "Kasimir", "Tova", "Priya", "Lena", "Ines", "Ada",
         "Rufus", "Silas", "Yara", "Odile", "Teodor", "Freya", "Milo"]
LAST = ["Vale", "Quint", "Lindqvist", "Oduya", "Reyes", "Lund", "Ostrova", "Marr", "Pell",
        "Brandt", "Ferrow", "Sallow", "Kettering", "Amsel"]
KIDS = ["Arlo", "Signe", "Liv", "Ezra", "Juno", "Felix", "Ivo", "Wren", "Maple", "Bram",
        "Sable", "Cove", "Tobin", "Petra"]
NUMS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def family_article(rng: random.Random, i: int, day: date) -> Article:
    a = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    b = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    c = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    k = rng.sample(KIDS, 6)
    text = (
        f"{a} has opened up about the loss of {a.split()[0]}'s son {k[0]}.\n\n"
        f"\"It has been the hardest year,\" {a.split()[1]}, {rng.randint(25, 60)}, wrote on "
        f"Monday, {day.strftime('%B')} {day.day}. The singer and the actor welcomed son {k[0]} "
        f"in {(day - timedelta(days=200)).strftime('%B %Y')}. Five months later the newborn "
        f"had died after a battle with brain cancer.\n\n"
        f"{a.split()[1]} shares twins {k[1]} and {k[2]}, {rng.randint(2, 14)}, with ex-wife "
        f"{b} and shares two children with {c}: {rng.randint(2, 9)}-year-old son {k[3]} and "
        f"{k[4]}, {rng.choice(NUMS)} months. He is also father to daughter {k[5]}, "
        f"{rng.randint(1, 11)} months, whom he shares with {b}.\n\n"
        f"The 42-year-old law was cited, and a man got 15 months in prison. Nothing happened "
        f"on February 30. {b}, {rng.randint(20, 50)}, said she was expecting another baby.")
    return Article(f"fam{i}", "Benchmark Courier", None, day if i % 3 else None, None, text)


def corpus(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    fam = n // 4
    out: list[Article] = []
    try:
        from storytrace.synthetic import generate_articles

        out.extend(generate_articles(n - fam, seed=seed))
    except Exception:  # pragma: no cover - synthetic generator unavailable
        fam = n
    start = date(2022, 1, 3)
    out.extend(family_article(rng, i, start + timedelta(days=rng.randint(0, 700)))
               for i in range(fam))
    return out


def pathological() -> list[tuple[str, float, float, int]]:
    """(case, seconds in people.find_people, seconds in extract_claims given the people,
    claims) for inputs that break naive patterns."""
    from storytrace.people import find_people

    cases = {
        "200k capitalised words": "Word " * 200_000,
        "100k numbers and commas": "Name, 12, " * 100_000,
        "2k-name 'and' list": "Ada and " * 2_000 + "Ivo, 4.",
        "50k dates": "on Monday, December 5, " * 50_000,
        "1 MB one sentence": "the " * 250_000,
        "50k role mentions": "Ada Marr and the model, 29, said the 42-year-old host. " * 15_000,
        "20k unnamed children": "Ada Marr's son Ivo, 4. Her son, who turned one, and their "
                                "baby boy died. " * 8_000,
    }
    out = []
    for name, text in cases.items():
        art = Article("p", None, None, date(2022, 12, 6), None, text)
        t0 = time.perf_counter()
        people = find_people(text)
        t1 = time.perf_counter()
        claims = extract_claims(art, FactOptions(), people)
        out.append((f"{name} ({len(text) / 1e6:.2f} MB)", t1 - t0, time.perf_counter() - t1,
                    len(claims)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="articles (default 1,000)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-pathological", action="store_true")
    args = ap.parse_args()
    arts = corpus(args.n, args.seed)
    words = sum(len(a.text.split()) for a in arts)
    options = FactOptions()
    from storytrace.people import find_people

    extract_claims(arts[0], options)  # warm the regex caches
    t0, c0 = time.perf_counter(), time.process_time()
    people = [find_people(a.text) for a in arts]
    people_s, people_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    n_claims = sum(len(extract_claims(a, options, p)) for a, p in zip(arts, people, strict=True))
    extract_s, extract_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    result = analyze_facts(arts, options)
    analyze_s, analyze_cpu = time.perf_counter() - t0, time.process_time() - c0
    tracemalloc.start()
    sample = arts[: max(1, min(len(arts), 200))]
    analyze_facts(sample, options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(arts)} ({words / len(arts):.0f} words each, "
          f"{sum(1 for a in arts if a.published is None)} undated)")
    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(CPU-time rates below are per core and robust to sharing; wall rates are not)")
    print(f"people.find_people (shared with the quotes stage): "
          f"{len(arts) / people_cpu:,.0f} articles/s CPU ({len(arts) / people_s:,.0f} wall)")
    print(f"extract_claims given people: {len(arts) / extract_cpu:,.0f} articles/s CPU "
          f"({len(arts) / extract_s:,.0f} wall), {words / extract_cpu:,.0f} words/s, "
          f"{n_claims / extract_cpu:,.0f} claims/s ({n_claims} claims)")
    print(f"analyze_facts, everything (people + extract + infer dates + re-extract + check): "
          f"{len(arts) / analyze_cpu:,.0f} articles/s CPU ({len(arts) / analyze_s:,.0f} wall); "
          f"{len(result.claims)} claims, {len(result.conflicts)} conflicts, "
          f"{len(result.inferred)} inferred dates")
    print(f"peak RSS: {rss:,.0f} MB; peak traced allocation (analyze_facts on "
          f"{len(sample)} articles): {peak / 1e6:.1f} MB")
    undated = [a for a in arts if a.published is None]
    if undated:
        from storytrace.facts import index_claims, infer_publication_date_with

        claims = [c for a, p in zip(arts, people, strict=True)
                  for c in extract_claims(a, options, p)]
        by_id = {a.id: a for a in arts}
        t0 = time.process_time()
        index = index_claims(claims, by_id)
        index_cpu = time.process_time() - t0
        t0 = time.process_time()
        for a in undated:
            infer_publication_date_with(a, index, options)
        with_cpu = time.process_time() - t0
        t0 = time.process_time()
        redo = undated[:50]
        for a in redo:  # what session 1 did: every call went through every claim again
            infer_publication_date_with(a, index_claims(claims, by_id), options)
        per_call_cpu = (time.process_time() - t0) / len(redo)
        print(f"dating {len(undated)} undated articles against {len(claims)} claims: index "
              f"built once in {index_cpu * 1000:.0f} ms CPU, then "
              f"{len(undated) / max(with_cpu, 1e-9):,.0f} articles/s CPU; a pass over every "
              f"claim per article (session 1) costs {per_call_cpu * 1000:.1f} ms per article")
    if not args.no_pathological:
        print("pathological inputs (extract_claims):")
        for name, people_s, facts_s, count in pathological():
            print(f"  {name}: facts {facts_s:.2f} s (+ people.find_people {people_s:.2f} s), "
                  f"{count} claims")


if __name__ == "__main__":
    main()
