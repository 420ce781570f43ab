"""Score the quotes stage on labelled sets: span P/R/F1 (exact and >= half overlap), speaker
accuracy on found quotes, cue accuracy.

Sets (``evaluation/labels/``):

* ``quotes_fiction.json`` — fictional, political-news style paragraphs (text stored inline);
* ``quotes_heldout.json`` — a blind set of the same kind, written and labelled before the
  system was first run on it (its first score is recorded in notes/issue-4.md);
* ``quotes_heldout2.json`` — a second blind set, written after the fixes made on the first;
* ``quotes_heldout3.json`` — a third blind set, written after the fixes made on the second;
* ``quotes_heldout4.json`` — a fourth blind set, written after the fixes made on the third;
* ``quotes_seeds.json`` — gold offsets for the three seed articles, read from ``../shared/seeds``
  (skipped when that folder is absent; a stored prefix of each span detects drift);
* ``quotes_examples.json`` — the example corpus ``examples/`` (skipped when absent).

Scored quotes: every gold quote except scare quotes and nested quotes (nested quotes are kept
inside their container's text; scare quotes are scored separately as "scare kept apart").
A predicted quote matches a gold one exactly when the offsets are equal, and by overlap when
they share at least half of the longer span (one-to-one, greedy). Speaker accuracy is over
overlap-matched quotes (names compared case-insensitively; anonymous speakers by kind and head
noun, e.g. "source (ET)" ~ "source"); cue accuracy compares the cue verb (first word) over
matched quotes whose gold cue is not null, and cue exact compares the whole cue text.

Usage: ``python evaluation/quotes.py [--errors] [--set NAME ...]`` (NAME: one of ``ALL_SETS``)
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evaluation" / "labels"
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"

sys.path.insert(0, str(ROOT / "src"))

from storytrace.quotes import extract_quotes  # noqa: E402


@dataclass
class Gold:
    start: int
    end: int
    speaker: str | None
    speaker_kind: str
    cue: str | None
    kind: str


@dataclass
class Doc:
    set: str
    id: str
    text: str
    gold: list[Gold]


@dataclass
class Scores:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_ok: int = 0
    speaker_n: int = 0
    cue_ok: int = 0
    cue_exact: int = 0
    cue_n: int = 0
    scare_gold: int = 0
    scare_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for k in ("gold", "pred", "exact", "overlap", "speaker_ok", "speaker_n", "cue_ok",
                  "cue_exact", "cue_n", "scare_gold", "scare_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors.extend(other.errors)

    @staticmethod
    def _prf(hit: int, gold: int, pred: int) -> tuple[float, float, float]:
        p = hit / pred if pred else 1.0
        r = hit / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def metrics(self) -> dict[str, float]:
        ep, er, ef = self._prf(self.exact, self.gold, self.pred)
        op, orr, of = self._prf(self.overlap, self.gold, self.pred)
        return {
            "exact_p": ep, "exact_r": er, "exact_f1": ef,
            "overlap_p": op, "overlap_r": orr, "overlap_f1": of,
            "speaker_acc": self.speaker_ok / self.speaker_n if self.speaker_n else 1.0,
            "cue_acc": self.cue_ok / self.cue_n if self.cue_n else 1.0,
            "cue_exact": self.cue_exact / self.cue_n if self.cue_n else 1.0,
            "scare_kept_apart": self.scare_ok / self.scare_gold if self.scare_gold else 1.0,
            "gold": self.gold, "pred": self.pred,
        }


def load_fiction(name: str = "quotes_fiction.json", set_name: str = "fiction") -> list[Doc]:
    path = LABELS / name
    docs = []
    for a in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        text = a["text"]
        gold = []
        for g in a["quotes"]:
            s = text.index(g["quote"])
            gold.append(Gold(s, s + len(g["quote"]), g["speaker"], g["speaker_kind"], g["cue"],
                             g["kind"]))
        docs.append(Doc(set_name, a["id"], text, gold))
    return docs


def load_heldout() -> list[Doc]:
    return load_fiction("quotes_heldout.json", "heldout")


def load_heldout2() -> list[Doc]:
    return load_fiction("quotes_heldout2.json", "heldout2")


def load_heldout3() -> list[Doc]:
    return load_fiction("quotes_heldout3.json", "heldout3")


def load_heldout4() -> list[Doc]:
    return load_fiction("quotes_heldout4.json", "heldout4")


def _load_offsets(name: str, folder: Path, set_name: str) -> list[Doc]:
    path = LABELS / name
    if not path.exists() or not folder.is_dir():
        return []
    docs = []
    for a in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        f = folder / a["file"]
        if not f.exists():
            continue
        text = f.read_text(encoding="utf-8")
        gold = []
        for g in a["quotes"]:
            got = " ".join(text[g["start"]:g["end"]].split()[:3])
            if got != g["prefix"]:
                raise SystemExit(f"{f}: label drift at {g['start']}: expected {g['prefix']!r}, "
                                 f"text has {got!r}; relabel {path}")
            gold.append(Gold(g["start"], g["end"], g["speaker"], g["speaker_kind"], g["cue"],
                             g["kind"]))
        docs.append(Doc(set_name, a["file"], text, gold))
    return docs


def load_seeds() -> list[Doc]:
    return _load_offsets("quotes_seeds.json", SEEDS, "seeds")


def load_examples() -> list[Doc]:
    """The example corpus, read through ``storytrace.ingest`` (offsets into ``Article.text``)."""
    path = LABELS / "quotes_examples.json"
    if not path.exists() or not EXAMPLES.is_dir():
        return []
    from storytrace.ingest import read_paths
    from storytrace.records import Article

    texts = {a.external_id: a.text for a in read_paths([str(EXAMPLES)])
             if isinstance(a, Article)}
    docs = []
    for a in json.loads(path.read_text(encoding="utf-8"))["articles"]:
        text = texts.get(a["external_id"])
        if text is None:
            continue
        gold = []
        for g in a["quotes"]:
            s = text.find(g["quote"])
            if s < 0:
                raise SystemExit(f"examples/{a['external_id']}: labelled quote not in the text "
                                 f"(drift): {g['quote'][:50]!r}; relabel {path}")
            gold.append(Gold(s, s + len(g["quote"]), g["speaker"], g["speaker_kind"], g["cue"],
                             g["kind"]))
        docs.append(Doc("examples", a["external_id"], text, gold))
    return docs


def _norm_speaker(name: str | None, kind: str) -> str:
    if not name or kind == "unknown":
        return ""
    n = name.casefold().strip()
    if kind == "anonymous":
        return "anon:" + n.split(" (")[0].split()[-1]
    return n


def score_doc(doc: Doc) -> Scores:
    sc = Scores()
    pred = [q for q in extract_quotes(doc.text, article_id=doc.id)
            if q.kind not in ("nested", "scare")]
    scare_pred = {(q.start, q.end) for q in extract_quotes(doc.text) if q.kind == "scare"}
    gold = [g for g in doc.gold if g.kind not in ("nested", "scare")]
    for g in doc.gold:
        if g.kind == "scare":
            sc.scare_gold += 1
            sc.scare_ok += (g.start, g.end) in scare_pred
    sc.gold, sc.pred = len(gold), len(pred)
    used: set[int] = set()
    for g in gold:
        best, best_ov = None, 0
        for i, q in enumerate(pred):
            if i in used:
                continue
            ov = min(g.end, q.end) - max(g.start, q.start)
            if ov > best_ov:
                best, best_ov = i, ov
        if best is None or best_ov < 0.5 * max(g.end - g.start, pred[best].end - pred[best].start):
            sc.errors.append(f"{doc.set}/{doc.id}: MISSED {doc.text[g.start:g.end][:50]!r}")
            continue
        used.add(best)
        q = pred[best]
        sc.overlap += 1
        if (q.start, q.end) == (g.start, g.end):
            sc.exact += 1
        else:
            sc.errors.append(f"{doc.set}/{doc.id}: SPAN {q.start}-{q.end} vs gold "
                             f"{g.start}-{g.end} {doc.text[g.start:g.end][:40]!r}")
        sc.speaker_n += 1
        if _norm_speaker(q.speaker.name, q.speaker.kind) == _norm_speaker(g.speaker,
                                                                           g.speaker_kind):
            sc.speaker_ok += 1
        else:
            sc.errors.append(f"{doc.set}/{doc.id}: SPEAKER {q.speaker.name!r} vs gold "
                             f"{g.speaker!r} for {doc.text[g.start:g.end][:40]!r}")
        if g.cue:
            sc.cue_n += 1
            gv = g.cue.split()[0].lower()
            pv = (q.cue or "").split()[0].lower() if q.cue else ""
            sc.cue_ok += gv == pv
            sc.cue_exact += (q.cue or "").lower() == g.cue.lower()
            if gv != pv:
                sc.errors.append(f"{doc.set}/{doc.id}: CUE {q.cue!r} vs gold {g.cue!r} for "
                                 f"{doc.text[g.start:g.end][:40]!r}")
    for i, q in enumerate(pred):
        if i not in used:
            sc.errors.append(f"{doc.set}/{doc.id}: EXTRA {q.text[:50]!r} ({q.kind})")
    return sc


ALL_SETS = ("fiction", "heldout", "heldout2", "heldout3", "heldout4", "seeds", "examples")


def evaluate(sets: tuple[str, ...] = ALL_SETS) -> dict[str, dict]:
    """Scores per set and overall (``{"fiction": {...}, ..., "all": {...}}``)."""
    loaders = {"fiction": load_fiction, "heldout": load_heldout, "heldout2": load_heldout2,
               "heldout3": load_heldout3, "heldout4": load_heldout4,
               "seeds": load_seeds,
               "examples": load_examples}
    out: dict[str, dict] = {}
    total = Scores()
    for name in sets:
        docs = loaders[name]()
        if not docs:
            continue
        sc = Scores()
        for d in docs:
            sc.add(score_doc(d))
        total.add(sc)
        out[name] = {**sc.metrics(), "docs": len(docs), "errors": sc.errors}
    out["all"] = {**total.metrics(), "errors": total.errors}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="print every error")
    ap.add_argument("--set", action="append", choices=list(ALL_SETS))
    args = ap.parse_args()
    res = evaluate(tuple(args.set) if args.set else ALL_SETS)
    cols = ("exact_p", "exact_r", "exact_f1", "overlap_p", "overlap_r", "overlap_f1",
            "speaker_acc", "cue_acc", "cue_exact", "scare_kept_apart")
    print(f"{'set':10s} {'gold':>5s} {'pred':>5s} " + " ".join(f"{c:>10s}" for c in cols))
    for name, m in res.items():
        print(f"{name:10s} {m['gold']:5d} {m['pred']:5d} "
              + " ".join(f"{m[c]:10.3f}" for c in cols))
    for name in ALL_SETS:
        if name not in res:
            print(f"({name}: skipped, no labels or texts found)")
    if args.errors:
        for e in res["all"]["errors"]:
            print(e)


if __name__ == "__main__":
    main()
