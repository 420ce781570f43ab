"""Evaluate the reuse stage on a labelled corpus with implanted, edited passages.

    python evaluation/reuse.py [--articles 1000] [--implants 300] [--seed 7]

The corpus is deterministic (seeded). Carrier and source articles are fictional filler: sentences
of invented words drawn with Zipf frequencies, mixed with English function words (so common
phrases such as "in the of" do recur, as in news). Passages of 20 to 300 words are copied from
source articles into 1-3 carrier articles each, with the edits outlets make: trimmed ends, word
substitutions, changed case, inserted marks (``(sic)``, ``[...]``), doubled periods, re-split or
re-flowed paragraphs and reordered sentences. Every copy of one passage is a true pair with the
source and with the other copies.

Scores (printed): passage-level precision and recall, overall and per length bucket (< 40 and
>= 40 words), F1, and the median boundary error in characters. A reported passage *hits* a true
pair when, in both articles, it overlaps the true span by at least half of the true span and at
least half of itself (so a passage broken into fragments counts its fragments as misses).
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from storytrace.records import AlignedPair, Article  # noqa: E402

FUNCTION_WORDS = (
    "the of and to a in that is was he she it for on with as his her at by from they we "
    "said have has had not but be this are or which an were been their would will who there "
    "its after also more when about than into over up out new one two three last first year "
    "people police could can told other some like time just only very most"
).split()
_ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fr gr pl st tr sh ch th kl".split()
_VOWELS = "a e i o u ai ea oo ie ou".split()
_CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk", "ng"]


@dataclass(frozen=True)
class TruePair:
    """A passage that two articles share: spans in both and the source passage length."""

    a_id: str
    a_start: int
    a_end: int
    b_id: str
    b_start: int
    b_end: int
    words: int


class Filler:
    """Fictional news-like filler text, fast and deterministic."""

    def __init__(self, seed: int, vocab_size: int = 30_000) -> None:
        rng = random.Random(seed)
        words: set[str] = set()
        while len(words) < vocab_size:
            syl = rng.choice((1, 2, 2, 3, 3, 4))
            words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                              for _ in range(syl)))
        self.vocab = sorted(words)
        rng.shuffle(self.vocab)
        # Zipf-like weights over the invented words; function words are a third of the tokens
        weights = [1.0 / (k + 10) ** 1.05 for k in range(len(self.vocab))]
        self.cum_weights = list(itertools.accumulate(weights))
        self.rng = rng

    def sentence(self, rng: random.Random) -> str:
        n = rng.randint(8, 30)
        content = rng.choices(self.vocab, cum_weights=self.cum_weights, k=n)
        words = [rng.choice(FUNCTION_WORDS) if rng.random() < 0.35 else w for w in content]
        if rng.random() < 0.2:
            k = rng.randrange(1, n)
            words[k] = words[k] + ","
        text = " ".join(words)
        text = text[0].upper() + text[1:] + "."
        if rng.random() < 0.15:
            text = f"\u201c{text}\u201d {rng.choice(self.vocab).title()} said."
        return text

    def paragraphs(self, rng: random.Random, words: int) -> list[list[str]]:
        paras: list[list[str]] = []
        count = 0
        while count < words:
            para = [self.sentence(rng) for _ in range(rng.randint(1, 4))]
            count += sum(s.count(" ") + 1 for s in para)
            paras.append(para)
        return paras


def _join(paras: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Text and sentence spans."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, para in enumerate(paras):
        if i:
            out.append("\n\n")
            pos += 2
        for j, s in enumerate(para):
            if j:
                out.append(" ")
                pos += 1
            out.append(s)
            spans.append((pos, pos + len(s)))
            pos += len(s)
    return "".join(out), spans


def _edit(rng: random.Random, sentences: list[str], filler: Filler) -> tuple[str, int, int]:
    """An edited copy of consecutive sentences.

    Returns the copy and how many characters were trimmed from the start and end of the source
    passage (so the true source span is the passage minus the trimmed ends).
    """
    sents = list(sentences)
    if len(sents) >= 3 and rng.random() < 0.25:  # reorder two adjacent sentences
        k = rng.randrange(0, len(sents) - 1)
        sents[k], sents[k + 1] = sents[k + 1], sents[k]
    words_per = [s.split(" ") for s in sents]
    trim_head = trim_tail = 0
    if rng.random() < 0.3 and len(words_per[0]) > 6:  # trimmed start
        k = rng.randint(1, 3)
        trim_head = len(" ".join(words_per[0][:k])) + 1
        words_per[0] = words_per[0][k:]
    if rng.random() < 0.3 and len(words_per[-1]) > 6:  # trimmed end
        k = rng.randint(1, 3)
        trim_tail = len(" ".join(words_per[-1][-k:])) + 1
        words_per[-1] = words_per[-1][:-k]
    total = sum(len(w) for w in words_per)
    for _ in range(total // 25 if rng.random() < 0.7 else 0):  # word substitutions
        s = rng.randrange(len(words_per))  # anywhere, the outermost words included
        k = rng.randrange(len(words_per[s]))
        words_per[s][k] = rng.choice(filler.vocab[:2000])
    if rng.random() < 0.2:  # changed case
        s = rng.randrange(len(words_per))
        k = rng.randrange(len(words_per[s]))
        words_per[s][k] = words_per[s][k].upper()
    pieces = [" ".join(w) for w in words_per]
    if rng.random() < 0.15:
        s = rng.randrange(len(pieces))
        words = pieces[s].split(" ")
        k = rng.randrange(1, max(2, len(words) - 1))
        words.insert(k, rng.choice(("(sic)", "[...]", "[sic]")))
        pieces[s] = " ".join(words)
    if rng.random() < 0.1:
        s = rng.randrange(len(pieces))
        if pieces[s].endswith("."):
            pieces[s] += "."
    out = []
    for k, p in enumerate(pieces):  # re-split paragraphs
        if k:
            out.append("\n\n" if rng.random() < 0.3 else " ")
        out.append(p)
    return "".join(out), trim_head, trim_tail


def make_corpus(n_articles: int = 1000, n_implants: int = 300, seed: int = 7,
                words: tuple[int, int] = (300, 800)) -> tuple[list[Article], list[TruePair]]:
    """A labelled corpus: ``n_articles`` articles, ``n_implants`` passages copied 1-3 times."""
    rng = random.Random(seed)
    filler = Filler(seed)
    n_sources = max(1, min(n_articles // 3, n_implants))
    bodies: list[tuple[list[list[str]], str]] = []
    for _ in range(n_articles):
        paras = filler.paragraphs(rng, rng.randint(*words))
        bodies.append((paras, ""))
    source_texts: list[tuple[str, list[tuple[int, int]]]] = [
        _join(bodies[k][0]) for k in range(n_sources)]
    carriers = list(range(n_sources, n_articles))
    inserts: dict[int, list[tuple[int, str, int]]] = {}  # carrier -> (implant, text, para)
    implants: list[tuple[int, int, int, int]] = []  # source, start, end, words
    used: dict[int, list[tuple[int, int]]] = {}  # source -> sentence ranges already copied
    passage_of: list[tuple[int, int]] = []  # implant copy -> (source, passage number)
    for imp in range(n_implants):
        for _attempt in range(20):  # passages never overlap (so every shared text is labelled)
            src = rng.randrange(n_sources)
            text, spans = source_texts[src]
            want = int(20 + (rng.random() ** 1.6) * 280)
            i = rng.randrange(len(spans))
            j, count = i, text[spans[i][0]:spans[i][1]].count(" ") + 1
            while count < want and j + 1 < len(spans):
                j += 1
                count += text[spans[j][0]:spans[j][1]].count(" ") + 1
            while count < 20 and i > 0:
                i -= 1
                count += text[spans[i][0]:spans[i][1]].count(" ") + 1
            if not any(i <= uj and ui <= j for ui, uj in used.get(src, [])):
                break
        else:
            continue
        used.setdefault(src, []).append((i, j))
        sentences = [text[s:e] for s, e in spans[i:j + 1]]
        copies = rng.choice((1, 1, 1, 2, 3))
        for _ in range(copies):
            if not carriers:
                break
            c = rng.choice(carriers)
            edited, th, tt = _edit(rng, sentences, filler)
            inserts.setdefault(c, []).append(
                (len(implants), edited, rng.randrange(len(bodies[c][0]) + 1)))
            implants.append((src, spans[i][0] + th, spans[j][1] - tt, count))
            passage_of.append((src, imp))
    t0 = datetime(2025, 3, 1, tzinfo=UTC)
    articles: list[Article] = []
    located: dict[int, tuple[int, int, int]] = {}  # implant copy -> article, start, end
    for k, (paras, _) in enumerate(bodies):
        if k < n_sources:
            text = source_texts[k][0]
        else:
            parts: list[str] = []
            pos = 0
            ins = sorted(inserts.get(k, []), key=lambda x: (x[2], x[0]))
            for p_i in range(len(paras) + 1):
                for imp, etext, at in ins:
                    if at == p_i:
                        if parts:
                            parts.append("\n\n")
                            pos += 2
                        located[imp] = (k, pos, pos + len(etext))
                        parts.append(etext)
                        pos += len(etext)
                if p_i < len(paras):
                    ptext = " ".join(paras[p_i])
                    if parts:
                        parts.append("\n\n")
                        pos += 2
                    parts.append(ptext)
                    pos += len(ptext)
            text = "".join(parts)
        aid = f"eval-{seed}-{k:06d}"
        articles.append(Article(id=aid, outlet=f"Outlet {k % 37}", url=None,
                                published=t0 + timedelta(hours=k), title=None, text=text))
    truth: list[TruePair] = []
    by_source: dict[tuple[int, int], list[int]] = {}
    for imp, (src, s, e, count) in enumerate(implants):
        if imp not in located:
            continue
        c, cs, ce = located[imp]
        truth.append(TruePair(articles[src].id, s, e, articles[c].id, cs, ce, count))
        by_source.setdefault(passage_of[imp], []).append(imp)
    # copies of one passage are true pairs with each other (when the trims agree)
    for imps in by_source.values():
        for x in range(len(imps)):
            for y in range(x + 1, len(imps)):
                c1, s1, e1 = located[imps[x]]
                c2, s2, e2 = located[imps[y]]
                if c1 != c2:
                    truth.append(TruePair(articles[c1].id, s1, e1, articles[c2].id, s2, e2,
                                          implants[imps[x]][3]))
    return articles, truth


def _overlap(s1: int, e1: int, s2: int, e2: int) -> int:
    return max(0, min(e1, e2) - max(s1, s2))


def _hits(p: AlignedPair, t: TruePair) -> tuple[bool, list[int]]:
    if (p.a.article_id, p.b.article_id) == (t.a_id, t.b_id):
        pa, pb = p.a, p.b
    elif (p.b.article_id, p.a.article_id) == (t.a_id, t.b_id):
        pa, pb = p.b, p.a
    else:
        return False, []
    ok = True
    for ps, pe, ts, te in ((pa.start, pa.end, t.a_start, t.a_end),
                           (pb.start, pb.end, t.b_start, t.b_end)):
        ov = _overlap(ps, pe, ts, te)
        if ov * 2 < (te - ts) or ov * 2 < (pe - ps):
            ok = False
    errors = [abs(pa.start - t.a_start), abs(pa.end - t.a_end), abs(pb.start - t.b_start),
              abs(pb.end - t.b_end)]
    return ok, errors


def score(pairs: Sequence[AlignedPair], truth: Sequence[TruePair]) -> dict[str, float]:
    """Precision, recall (overall, <40 and >=40 words), F1 and median boundary error."""
    by_docs: dict[frozenset[str], list[int]] = {}
    for k, t in enumerate(truth):
        by_docs.setdefault(frozenset((t.a_id, t.b_id)), []).append(k)
    found = [False] * len(truth)
    correct = {"all": 0, "short": 0, "long": 0}
    reported = {"all": 0, "short": 0, "long": 0}
    errors: list[int] = []
    for p in pairs:
        best: tuple[int, list[int]] | None = None
        for k in by_docs.get(frozenset((p.a.article_id, p.b.article_id)), []):
            ok, err = _hits(p, truth[k])
            if ok:
                best = (k, err)
                break
        if best is not None:
            k, err = best
            bucket = "long" if truth[k].words >= 40 else "short"
            correct["all"] += 1
            correct[bucket] += 1
            if not found[k]:
                errors.extend(err)
            found[k] = True
        else:
            bucket = "long" if len(p.a.text.split()) >= 40 else "short"
        reported["all"] += 1
        reported[bucket] += 1
    out: dict[str, float] = {}
    for bucket in ("all", "short", "long"):
        sel = [k for k, t in enumerate(truth)
               if bucket == "all" or (t.words >= 40) == (bucket == "long")]
        out[f"recall_{bucket}"] = sum(found[k] for k in sel) / len(sel) if sel else 1.0
        out[f"precision_{bucket}"] = (correct[bucket] / reported[bucket]
                                      if reported[bucket] else 1.0)
        out[f"true_{bucket}"] = float(len(sel))
        out[f"reported_{bucket}"] = float(reported[bucket])
    p, r = out["precision_all"], out["recall_all"]
    out["f1_all"] = 2 * p * r / (p + r) if p + r else 0.0
    out["median_boundary_error"] = float(statistics.median(errors)) if errors else 0.0
    out["mean_boundary_error"] = float(statistics.fmean(errors)) if errors else 0.0
    out["p90_boundary_error"] = (float(statistics.quantiles(errors, n=10)[-1])
                                 if len(errors) > 1 else 0.0)
    return out


def evaluate(n_articles: int = 1000, n_implants: int = 300, seed: int = 7,
             options: object | None = None) -> dict[str, float]:
    """Build the corpus, run ``update_reuse`` over it and score the pairs."""
    from storytrace.reuse import ReuseOptions, update_reuse

    articles, truth = make_corpus(n_articles, n_implants, seed)
    by_id = {a.id: a for a in articles}
    opts = options if isinstance(options, ReuseOptions) else ReuseOptions()
    t0 = time.perf_counter()
    _index, pairs = update_reuse(None, articles, by_id.__getitem__, opts)
    elapsed = time.perf_counter() - t0
    result = score(pairs, truth)
    result["seconds"] = elapsed
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--implants", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    r = evaluate(args.articles, args.implants, args.seed)
    print(f"corpus: {args.articles} articles, {int(r['true_all'])} true pairs "
          f"({int(r['true_long'])} of >= 40 words), seed {args.seed}")
    for bucket, label in (("all", "all"), ("short", "< 40 words"), ("long", ">= 40 words")):
        print(f"{label:>12}: precision {r[f'precision_{bucket}']:.4f}  "
              f"recall {r[f'recall_{bucket}']:.4f}  "
              f"(reported {int(r[f'reported_{bucket}'])}, true {int(r[f'true_{bucket}'])})")
    print(f"          F1: {r['f1_all']:.4f}")
    print(f"boundary error: median {r['median_boundary_error']:.1f}, mean "
          f"{r['mean_boundary_error']:.1f}, 90th percentile {r['p90_boundary_error']:.1f} "
          "characters")
    print(f"reuse pass: {r['seconds']:.2f} s")


if __name__ == "__main__":
    main()
