"""Evaluate story clustering on ECB+ (../shared/eval/ecbplus): pairwise P/R/F1, BCubed F1, ARI.

ECB+ has 982 documents in 86 gold stories, two look-alike real events per topic. Settings are
chosen on topics 1-22 (dev) and reported on topics 23-45 (test); each half is clustered as its
own stream. ECB+ has no dates and no outlets: every document is treated as published the same
day (so time plays no part), and the stream takes that one day densest first
(:mod:`storytrace.stories.density`), so the file order (where the documents of a topic's two
events interleave) does not matter. The first line of every ECB+-side document is its URL (a
perfect tell of which event it belongs to): it is moved to ``Article.url`` and never read by
either clusterer.
``--shuffles N`` also reports the mean over N random stream orders (the same scores, which
shows the order does not matter) and the mean over the same orders in input order
(``StoryOptions(density_chunk=0)``: what the order costs; one input order moves F1 by about
±0.02).

Beside it, in the same run: a batch TF-IDF baseline (scikit-learn ``TfidfVectorizer``, cosine
average-linkage agglomerative clustering) whose distance threshold is tuned on dev.

``--embeddings`` also runs the sentence-embedding variant (``StoryOptions(embeddings=True)``,
needs ``storytrace[embed]``) in the same run and prints its rows beside the default ones, with
its speed (articles/s including encoding, and with the vectors already encoded).

    python evaluation/stories.py [--data DIR] [--shuffles 3] [--tune]
                                 [--embeddings [--tune-embeddings]]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from storytrace.records import Article
from storytrace.stories import StoryOptions, assign_stories

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ecbplus"
DEV = range(1, 23)
TEST = range(23, 46)


def load(data: Path = DEFAULT_DATA) -> list[tuple[Article, str, int]]:
    """ECB+ documents as (article, gold story, topic), in file order."""
    out = []
    with open(data / "docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            lines = doc["text"].split("\n")
            url = None
            if lines and ("http" in lines[0] or "www" in lines[0]):
                url = lines[0].replace(" ", "")
                lines = lines[1:]
            text = "\n".join(lines)
            article = Article(id=doc["doc_id"], outlet=None, url=url, published=None,
                              title=None, text=text, external_id=doc["doc_id"])
            out.append((article, doc["cluster"], int(doc["topic"])))
    return out


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def adjusted_rand(tp: int, pred_pairs: int, gold_pairs: int, all_pairs: int) -> float:
    """Adjusted Rand index from pair counts (same formula as sklearn's adjusted_rand_score)."""
    expected = pred_pairs * gold_pairs / all_pairs if all_pairs else 0.0
    top = (pred_pairs + gold_pairs) / 2
    if top == expected:
        return 1.0
    return (tp - expected) / (top - expected)


def score(pred: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """Pairwise precision/recall/F1, BCubed precision/recall/F1 and ARI of a partition."""
    ids = sorted(gold)
    joint = Counter((pred[i], gold[i]) for i in ids)
    psize = Counter(pred[i] for i in ids)
    gsize = Counter(gold[i] for i in ids)
    tp = sum(_pairs(n) for n in joint.values())
    pp = sum(_pairs(n) for n in psize.values())
    gp = sum(_pairs(n) for n in gsize.values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    bp = sum(joint[(pred[i], gold[i])] / psize[pred[i]] for i in ids) / len(ids)
    br = sum(joint[(pred[i], gold[i])] / gsize[gold[i]] for i in ids) / len(ids)
    bf = 2 * bp * br / (bp + br) if bp + br else 0.0
    ari = adjusted_rand(tp, pp, gp, _pairs(len(ids)))
    return {"P": p, "R": r, "F1": f, "B3_P": bp, "B3_R": br, "B3_F1": bf, "ARI": ari,
            "stories": len(psize), "gold": len(gsize)}


def streaming(docs: list[tuple[Article, str, int]],
              options: StoryOptions = StoryOptions()) -> dict[str, str]:  # noqa: B008
    """Predicted story per document with the streaming clusterer (one pass, file order)."""
    stories, _ = assign_stories([a for a, _, _ in docs], options)
    return {aid: s.id for s in stories for aid in s.article_ids}


def shuffled_mean(docs: list[tuple[Article, str, int]], shuffles: int,
                  options: StoryOptions = StoryOptions(),  # noqa: B008
                  seed: int = 0) -> dict[str, float]:
    """The mean scores of the streaming clusterer over ``shuffles`` random stream orders
    (``random.Random(seed)``): the order-robust measure (one order moves F1 by about ±0.02)."""
    gold = {a.id: g for a, g, _ in docs}
    rng = random.Random(seed)
    runs = []
    for _ in range(shuffles):
        order = docs[:]
        rng.shuffle(order)
        runs.append(score(streaming(order, options), gold))
    mean = {k: sum(r[k] for r in runs) / len(runs) for k in runs[0]}
    mean["stories"] = round(mean["stories"])
    mean["gold"] = round(mean["gold"])
    return mean


def baseline(docs: list[tuple[Article, str, int]], distance: float) -> dict[str, str]:
    """Batch TF-IDF + cosine average-linkage agglomerative clustering cut at ``distance``."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.text for a, _, _ in docs]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(texts)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=distance).fit_predict(x.toarray())
    return {a.id: str(lab) for (a, _, _), lab in zip(docs, labels, strict=True)}


def halves(docs: list[tuple[Article, str, int]]):
    dev = [d for d in docs if d[2] in DEV]
    test = [d for d in docs if d[2] in TEST]
    return dev, test


def tune_baseline(dev) -> float:
    """The agglomerative distance threshold with the best pairwise F1 on dev."""
    gold = {a.id: g for a, g, _ in dev}
    best = max((score(baseline(dev, t), gold)["F1"], t)
               for t in [0.70 + 0.01 * i for i in range(29)])
    return best[1]


TUNE_GRID = {
    "threshold": [0.22, 0.26, 0.30, 0.34, 0.38],
    "entity_weight": [0.45, 0.55, 0.65],
}


def tune_streaming(dev, base: StoryOptions = StoryOptions()) -> StoryOptions:  # noqa: B008
    """Grid search on dev only (printed); the shipped defaults come from such a run."""
    gold = {a.id: g for a, g, _ in dev}
    results = []
    keys = list(TUNE_GRID)
    for values in itertools.product(*(TUNE_GRID[k] for k in keys)):
        params = dict(zip(keys, values, strict=True))
        if "entity_weight" in params:
            params["text_weight"] = 1.0 - params["entity_weight"]
        opts = replace(base, **params)
        s = score(streaming(dev, opts), gold)
        results.append((s["F1"], params))
        print(f"  dev F1 {s['F1']:.3f}  {params}")
    best = max(results, key=lambda r: r[0])
    print(f"best on dev: {best}")
    return replace(base, **best[1])


EMBED_GRID = {
    "embedding_weight": [0.1, 0.15, 0.2, 0.3, 0.4],
    "embedding_threshold": [0.26, 0.28, 0.30, 0.34, 0.38],
}


def tune_embeddings(dev, base: StoryOptions = StoryOptions(embeddings=True),  # noqa: B008
                    shuffles: int = 0) -> StoryOptions:
    """Grid search of the embedding weight and threshold on dev only (printed): mean F1 over
    the file order and ``shuffles`` random orders."""
    gold = {a.id: g for a, g, _ in dev}
    orders = [dev]
    rng = random.Random(1)
    for _ in range(shuffles):
        order = dev[:]
        rng.shuffle(order)
        orders.append(order)
    results = []
    keys = list(EMBED_GRID)
    for values in itertools.product(*(EMBED_GRID[k] for k in keys)):
        params = dict(zip(keys, values, strict=True))
        opts = replace(base, **params)
        f1 = sum(score(streaming(o, opts), gold)["F1"] for o in orders) / len(orders)
        results.append((f1, params))
        print(f"  dev F1 {f1:.3f}  {params}")
    best = max(results, key=lambda r: r[0])
    print(f"best on dev: {best}")
    return replace(base, **best[1])


def _check_ari(half, options: StoryOptions) -> None:
    """Cross-check the pair-count ARI against scikit-learn's adjusted_rand_score."""
    from sklearn.metrics import adjusted_rand_score

    gold = {a.id: g for a, g, _ in half}
    pred = streaming(half, options)
    ids = sorted(gold)
    ref = adjusted_rand_score([gold[i] for i in ids], [pred[i] for i in ids])
    assert abs(ref - score(pred, gold)["ARI"]) < 1e-9, "ARI disagrees with scikit-learn"


def _row(name: str, s: dict[str, float]) -> str:
    return (f"{name:<42} P {s['P']:.3f}  R {s['R']:.3f}  F1 {s['F1']:.3f}  "
            f"B3-F1 {s['B3_F1']:.3f}  ARI {s['ARI']:.3f}  stories {s['stories']}/{s['gold']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--shuffles", type=int, default=3, help="random stream orders to average")
    ap.add_argument("--tune", action="store_true", help="grid-search the options on dev first")
    ap.add_argument("--embeddings", action="store_true",
                    help="also run the sentence-embedding variant (storytrace[embed])")
    ap.add_argument("--tune-embeddings", action="store_true",
                    help="with --embeddings: grid-search its weight and threshold on dev first")
    args = ap.parse_args(argv)
    if not (args.data / "docs.jsonl").exists():
        print(f"no ECB+ data at {args.data}", file=sys.stderr)
        return 2
    docs = load(args.data)
    dev, test = halves(docs)
    options = tune_streaming(dev) if args.tune else StoryOptions()
    variants = [("storytrace", options)]
    if args.embeddings:
        from storytrace.stories.embed import clear_cache, embed_articles

        clear_cache()
        t0 = time.perf_counter()
        embed_articles([a for a, _, _ in docs])  # time the encoding alone (then memoised)
        enc = time.perf_counter() - t0
        print(f"encoded {len(docs)} documents with all-MiniLM-L6-v2 in {enc:.1f}s "
              f"({len(docs) / enc:.0f} docs/s, model load included)")
        emb_options = (tune_embeddings(dev, replace(options, embeddings=True), args.shuffles)
                       if args.tune_embeddings else replace(options, embeddings=True))
        variants.append(("storytrace+embeddings", emb_options))
    t0 = time.perf_counter()
    dist = tune_baseline(dev)
    print(f"baseline distance threshold tuned on dev: {dist:.2f} "
          f"({time.perf_counter() - t0:.1f}s)")
    for name, half in (("dev (topics 1-22)", dev), ("test (topics 23-45)", test)):
        gold = {a.id: g for a, g, _ in half}
        print(f"== {name}: {len(half)} docs, {len(set(gold.values()))} gold stories")
        for label, opts in variants:
            t0 = time.perf_counter()
            s = score(streaming(half, opts), gold)
            dt = time.perf_counter() - t0
            _check_ari(half, opts)
            speed = f"  ({len(half) / dt:.0f} docs/s"
            speed += ", vectors memoised)" if opts.embeddings else ")"
            print(_row(f"{label} streaming", s) + speed)
            if args.shuffles:
                mean = shuffled_mean(half, args.shuffles, opts)
                print(_row(f"{label}, {args.shuffles} shuffled orders", mean))
                mean = shuffled_mean(half, args.shuffles, replace(opts, density_chunk=0))
                print(_row(f"{label}, the same in input order", mean))
        print(_row(f"batch TF-IDF agglomerative@{dist:.2f}", score(baseline(half, dist), gold)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
