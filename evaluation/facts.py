"""Evaluate the facts stage: claim extraction (P/R/F1 per attribute) and conflict detection.

Labelled sets (``evaluation/labels/``):

- ``facts_seeds.json``: the three seed articles, read from ``../shared/seeds`` (skipped when
  absent); labels are offsets and values only, never the seed text;
- ``facts_fiction.json``: fictional articles written and labelled by hand before the extractor
  was run on them;
- ``facts_heldout.json``: fictional articles written in session 2 for role mentions ("the
  model, 29"), relations implied across clauses, "who turned one" and deaths with no date;
  labelled before the extractor was run on them (first-run scores in ``notes/issue-5.md``);
- ``facts_heldout2.json``: more of the same, written after those features were built and run
  once unchanged: the honest estimate on unseen prose;
- ``facts_examples.json`` (when present): articles of the example corpus ``examples/``.

A predicted claim matches a gold claim of the same article with the same subject, attribute and
value, names compared after cross-article alias resolution ("Zen" = "Zen Scott Cannon");
symmetric relations (partner, ex-partner, sibling, expecting) are compared as unordered pairs.
A gold conflict lists every article involved and the outlying one; a predicted conflict matches
on kind and subject when it involves the outlier and only listed articles. Run::

    python evaluation/facts.py [-v] [--set=fiction|heldout|heldout2|examples|seeds ...]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storytrace.facts import analyze_facts
from storytrace.facts.entities import alias_map
from storytrace.records import Article

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evaluation" / "labels"
SEEDS = ROOT.parent / "shared" / "seeds"
SYMMETRIC = {"partner_of", "ex_partner_of", "sibling_of", "expecting"}
GROUPS = {
    "ages": {"age", "age_at_death"}, "births": {"born"}, "deaths": {"died"},
    "parent/child": {"parent_of"}, "partners": {"partner_of", "ex_partner_of"},
    "siblings": {"sibling_of"}, "expecting": {"expecting"},
    "health": {"diagnosis", "cause_of_death"}, "ordinal": {"ordinal_child"},
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    sets: list[str] = field(default_factory=list)
    claims: dict[str, Score] = field(default_factory=dict)
    conflicts: Score = field(default_factory=Score)
    false_conflicts_on_consistent: int = 0
    dates_ok: int = 0
    dates_total: int = 0
    errors: list[str] = field(default_factory=list)

    def group(self, name: str) -> Score:
        total = Score()
        for attr in GROUPS[name]:
            total.add(self.claims.get(attr, Score()))
        return total


def _key(names, subject: str, attribute: str, value: str) -> tuple:
    s = names.get(subject, subject)
    v = names.get(value, value) if attribute.endswith("_of") or attribute == "expecting" \
        else value
    if attribute in SYMMETRIC and v != "child":
        s, v = sorted((s, v))
    return (s, attribute, v)


def _score_corpus(report: Report, name: str, articles: dict[str, Article],
                  gold_claims: dict[str, list[dict]], gold_conflicts: list[dict],
                  consistent: list[dict], dates: dict[str, list[str]]) -> None:
    key_of = {a.id: k for k, a in articles.items()}
    result = analyze_facts(articles.values())
    everyone = [c.subject for c in result.claims] + [c.value for c in result.claims]
    for claims in gold_claims.values():
        everyone += [c["subject"] for c in claims] + [c["value"] for c in claims]
    names = alias_map([n for n in everyone if n and n[0].isupper()])
    report.sets.append(name)
    for k, art in articles.items():
        predicted = Counter(_key(names, c.subject, c.attribute, c.value)
                            for c in result.claims if c.article_id == art.id)
        gold = Counter(_key(names, c["subject"], c["attribute"], c["value"])
                       for c in gold_claims.get(k, []))
        for triple in set(predicted) | set(gold):
            s = report.claims.setdefault(triple[1], Score())
            hit = min(predicted[triple], gold[triple])
            s.tp += hit
            s.fp += predicted[triple] - hit
            s.fn += gold[triple] - hit
            if predicted[triple] > hit:
                report.errors.append(f"{name}/{k} FP {triple}")
            if gold[triple] > hit:
                report.errors.append(f"{name}/{k} FN {triple}")
    found = Counter()
    for c in result.conflicts:
        arts = [c.claim_a.article_id] + ([c.claim_b.article_id] if c.claim_b and
                                         c.kind == "contradiction" else [])
        subject = names.get(c.claim_a.subject, c.claim_a.subject) \
            if c.kind == "contradiction" else None
        found[(c.kind, subject, tuple(sorted(key_of[a] for a in arts)))] += 1
    # a gold conflict names every article involved and the outlying one; a predicted conflict
    # matches when its kind and subject agree, it involves the outlier and only those articles
    unmatched = list(found.elements())
    for g in gold_conflicts:
        subject = names.get(g["subject"], g["subject"]) if g["subject"] else None
        hit = next((f for f in unmatched if f[0] == g["kind"] and f[1] == subject
                    and g["outlier"] in f[2] and set(f[2]) <= set(g["articles"])), None)
        if hit is None:
            report.conflicts.fn += 1
            report.errors.append(f"{name} conflict FN {g}")
        else:
            report.conflicts.tp += 1
            unmatched.remove(hit)
    report.conflicts.fp += len(unmatched)
    report.errors.extend(f"{name} conflict FP {f}" for f in unmatched)
    for pair in consistent:
        subject = names.get(pair["subject"], pair["subject"])
        ids = {articles[k].id for k in pair["articles"]}
        for c in result.conflicts:
            if c.kind != "contradiction":
                continue
            if names.get(c.claim_a.subject, c.claim_a.subject) == subject and \
                    {c.claim_a.article_id, c.claim_b.article_id} <= ids:
                report.false_conflicts_on_consistent += 1
                report.errors.append(f"{name} false conflict on consistent {subject}")
    for k, (lo, hi) in dates.items():
        report.dates_total += 1
        guess = result.inferred.get(articles[k].id)
        if guess and date.fromisoformat(lo) <= guess.earliest <= guess.latest <= \
                date.fromisoformat(hi):
            report.dates_ok += 1
        else:
            report.errors.append(f"{name}/{k} inferred date {guess} not in {lo}..{hi}")


def _seed_articles() -> dict[str, Article] | None:
    if not SEEDS.is_dir():
        return None
    from storytrace.ingest import read_file

    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for event in read_file(path):
            if isinstance(event, Article):
                out[path.name[:3]] = event
    return out or None


def _inline_articles(data: dict) -> tuple[dict[str, Article], dict[str, list[dict]]]:
    articles, claims = {}, {}
    for item in data["articles"]:
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        articles[item["id"]] = Article(item["id"], item.get("outlet"), None, published, None,
                                       item["text"])
        claims[item["id"]] = item["claims"]
    return articles, claims


def _example_articles(data: dict) -> tuple[dict[str, Article], dict[str, list[dict]]] | None:
    """Every article of ``examples/`` (all formats) keyed by external id."""
    from storytrace.ingest import read_paths

    folder = ROOT / "examples"
    if not folder.is_dir():
        return None
    found = {e.external_id: e for e in read_paths([folder]) if isinstance(e, Article)}
    articles = {k: found[k] for k in data["articles"] if k in found}
    if len(articles) < len(data["articles"]):
        return None
    return articles, data["articles"]


ALL_SETS = ("fiction", "heldout", "heldout2", "examples", "seeds")


def evaluate(include_seeds: bool = True, sets: tuple[str, ...] = ALL_SETS) -> Report:
    """Score the labelled ``sets`` that are available; the seeds only when ``../shared/seeds``
    exists."""
    report = Report()
    if "fiction" in sets:
        fiction = json.loads((LABELS / "facts_fiction.json").read_text(encoding="utf-8"))
        arts, claims = _inline_articles(fiction)
        _score_corpus(report, "fiction", arts, claims, fiction["conflicts"],
                      fiction["consistent"], fiction.get("dates", {}))
    for name in ("heldout", "heldout2"):
        if name not in sets:
            continue
        heldout = json.loads((LABELS / f"facts_{name}.json").read_text(encoding="utf-8"))
        arts, claims = _inline_articles(heldout)
        _score_corpus(report, name, arts, claims, heldout["conflicts"],
                      heldout["consistent"], heldout.get("dates", {}))
    examples_path = LABELS / "facts_examples.json"
    if "examples" in sets and examples_path.exists():
        examples = json.loads(examples_path.read_text(encoding="utf-8"))
        loaded = _example_articles(examples)
        if loaded:
            _score_corpus(report, "examples", loaded[0], loaded[1], examples["conflicts"],
                          examples["consistent"], examples.get("dates", {}))
    seeds = _seed_articles() if include_seeds and "seeds" in sets else None
    if seeds:
        gold = json.loads((LABELS / "facts_seeds.json").read_text(encoding="utf-8"))
        _score_corpus(report, "seeds", seeds, gold["articles"], gold["conflicts"],
                      gold["consistent"], gold.get("dates", {}))
    return report


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    only = [a.split("=", 1)[1] for a in args if a.startswith("--set=")]
    report = evaluate(sets=tuple(only) if only else ALL_SETS)
    print(f"sets: {', '.join(report.sets)}"
          + ("" if "seeds" in report.sets else f"  (seeds absent at {SEEDS})"))
    print(f"{'attribute':16} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for attr in sorted(report.claims):
        s = report.claims[attr]
        print(f"{attr:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
              f"{s.tp:4d} {s.fp:4d} {s.fn:4d}")
    print("-- groups")
    for name in GROUPS:
        s = report.group(name)
        print(f"{name:16} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
              f"{s.tp:4d} {s.fp:4d} {s.fn:4d}")
    c = report.conflicts
    print(f"conflicts        {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
          f"{c.tp:4d} {c.fp:4d} {c.fn:4d}")
    print(f"false conflicts on consistent pairs: {report.false_conflicts_on_consistent}")
    print(f"inferred dates in the expected range: {report.dates_ok}/{report.dates_total}")
    if verbose:
        for e in report.errors:
            print("  ", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
