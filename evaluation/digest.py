"""Evaluate the digest: ROUGE of story summaries beside sumy's LexRank and TextRank, and
citation precision on labelled facts.

Stories, each with a reference summary written by hand:

* ``evaluation/labels/digest_fictional.json``: fictional multi-outlet stories (articles inline)
  with labelled facts (the spans of each article that carry each piece of information);
* the seed articles (``../shared/seeds``, skipped when absent) with ``digest_seeds.json``
  (reference in our own words, facts as character spans, never the seed text);
* the example corpus (``examples/``), when ``evaluation/labels/example_stories.tsv`` and
  ``evaluation/labels/digest_references.json`` name its stories and references.

Every system gets the same sentences (storytrace's splitter) and the same length (``--sentences``);
sumy reads the story as one document, its articles in publication order. ROUGE-1/2/L F1
(``rouge-score``, Porter stemming) is averaged over stories. Citation precision: of the articles
a summary sentence cites besides its own, the share that carry the sentence's information per
the labels (a sentence's information is the labelled facts its own span overlaps; a sentence
matching no fact carries information only its own article has). Citation recall: of the articles
labelled with those facts, the share cited. storytrace gets the story's claims from the facts
stage (``analyze_facts``), as the pipeline passes them; ``--no-claims`` measures word-overlap
citations alone.

    python evaluation/digest.py [--sentences 5] [--words N] [--json] [--no-claims]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from rouge_score import rouge_scorer

from storytrace.digest import DigestOptions, digest_story
from storytrace.digest.index import order_articles
from storytrace.digest.text import split_sentences
from storytrace.facts import analyze_facts
from storytrace.records import Article, Digest

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "evaluation" / "labels"
SEEDS = ROOT.parent / "shared" / "seeds"
SYSTEMS = ("storytrace", "sumy-lexrank", "sumy-textrank")


@dataclass
class EvalStory:
    """A story to evaluate: its articles, a reference summary, labelled facts (may be empty)."""

    id: str
    articles: list[Article]
    reference: str
    facts: list[dict[str, list[tuple[int, int]]]] = field(default_factory=list)


def _article(a: dict) -> Article:
    return Article(id=a["id"], outlet=a.get("outlet"), url=None,
                   published=date.fromisoformat(a["published"]) if a.get("published") else None,
                   title=a.get("title"), text=a["text"])


def load_fictional(path: Path = LABELS / "digest_fictional.json") -> list[EvalStory]:
    """The fictional stories written for this evaluation (facts given as substrings)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    stories = []
    for s in data["stories"]:
        articles = [_article(a) for a in s["articles"]]
        texts = {a.id: a.text for a in articles}
        facts = []
        for f in s["facts"]:
            spans: dict[str, list[tuple[int, int]]] = {}
            for aid, subs in f["spans"].items():
                for sub in subs:
                    start = texts[aid].index(sub)
                    spans.setdefault(aid, []).append((start, start + len(sub)))
            facts.append(spans)
        stories.append(EvalStory(id=s["id"], articles=articles, reference=s["reference"],
                                 facts=facts))
    return stories


_MARKER = re.compile(r"\s*date (\d{4}-\d{2}-\d{2})\s+")


def load_seeds(path: Path = LABELS / "digest_seeds.json", folder: Path = SEEDS) -> list[EvalStory]:
    """The seed story, when ``../shared/seeds`` is there and is the labelled version."""
    if not folder.is_dir():
        return []
    labels = json.loads(path.read_text(encoding="utf-8"))
    articles = []
    for file in sorted(folder.glob("*.txt")):
        key = file.name[:3]
        if key not in labels["dates"]:
            continue
        text = file.read_text(encoding="utf-8")
        marker = _MARKER.match(text)
        if marker:
            text = text[marker.end():]
        if hashlib.sha256(text.encode()).hexdigest() != labels["sha256"][key]:
            print(f"warning: seed {file.name} changed since it was labelled; skipped",
                  file=sys.stderr)
            return []
        articles.append(Article(id=key, outlet=f"seed-outlet-{key}", url=None,
                                published=date.fromisoformat(labels["dates"][key]), title=None,
                                text=text))
    facts = [{k: [tuple(x) for x in v] for k, v in f["spans"].items()} for f in labels["facts"]]
    return [EvalStory(id="seeds", articles=articles, reference=labels["reference"],
                      facts=facts)]


def _manifest_metadata(path: Path) -> dict[str, tuple[str | None, date | None]]:
    """Outlet and date per external id from the MANIFEST table (the text format has neither)."""
    out: dict[str, tuple[str | None, date | None]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[1].startswith("`"):
            continue
        outlet = cells[3].strip("()") or None
        day = re.search(r"\d{4}-\d{2}-\d{2}", cells[4])
        out[cells[1].strip("`")] = (outlet, date.fromisoformat(day.group()) if day else None)
    return out


def load_examples(root: Path = ROOT) -> list[EvalStory]:
    """Stories of the example corpus that have a reference summary (none when not written)."""
    table = LABELS / "example_stories.tsv"
    refs_path = LABELS / "digest_references.json"
    if not table.exists() or not refs_path.exists() or not (root / "examples").is_dir():
        return []
    labels = json.loads(refs_path.read_text(encoding="utf-8"))
    try:
        from storytrace.ingest import read_paths
    except ImportError:  # pragma: no cover - the ingest stage is not there yet
        return []
    members: dict[str, list[str]] = {}
    with table.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if len(row) >= 2 and not row[0].startswith("#"):
                members.setdefault(row[1], []).append(row[0])
    metadata = _manifest_metadata(root / "examples" / "MANIFEST.md")
    by_external: dict[str, Article] = {}
    folders = [p for p in sorted((root / "examples").iterdir()) if p.is_dir()]
    for item in read_paths(folders):
        if isinstance(item, Article):
            key = item.external_id or item.id
            outlet, day = metadata.get(key, (None, None))
            by_external[key] = replace(item, outlet=item.outlet or outlet,
                                       published=item.published or day)
    stories = []
    for story_id, reference in labels.get("stories", {}).items():
        articles = [by_external[x] for x in members.get(story_id, []) if x in by_external]
        if not articles:
            continue
        texts = {a.external_id: a for a in articles}
        facts = []
        for fact in labels.get("facts", {}).get(story_id, []):
            spans: dict[str, list[tuple[int, int]]] = {}
            for external, subs in fact["spans"].items():
                article = texts.get(external)
                for sub in subs:
                    start = article.text.find(sub) if article is not None else -1
                    if start < 0:
                        print(f"warning: label not found in {external}: {sub[:40]!r}",
                              file=sys.stderr)
                        continue
                    spans.setdefault(article.id, []).append((start, start + len(sub)))
            facts.append(spans)
        stories.append(EvalStory(id=f"example:{story_id}", articles=articles,
                                 reference=reference, facts=facts))
    return stories


# --- the systems --------------------------------------------------------------------------


class _Tokenizer:
    """sumy tokenizer that splits sentences like storytrace does (and needs no NLTK data)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph[s:e] for s, e in split_sentences(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return re.findall(r"[^\W_]+(?:['’][^\W_]+)?", sentence)


def sumy_summary(story: EvalStory, algorithm: str, sentences: int) -> list[str]:
    """sumy's LexRank or TextRank summary of the story read as one document."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    text = "\n\n".join(a.text for a in order_articles(story.articles))
    parser = PlaintextParser.from_string(text, _Tokenizer())
    cls = LexRankSummarizer if algorithm == "lexrank" else TextRankSummarizer
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(parser.document, sentences)]


def sumy_words(story: EvalStory, algorithm: str, words: int) -> list[str]:
    """sumy's summary grown one sentence at a time until it reaches ``words`` words."""
    total = sum(len(a.text.split()) for a in story.articles)
    summary: list[str] = []
    for count in range(1, 200):
        summary = sumy_summary(story, algorithm, count)
        if sum(len(s.split()) for s in summary) >= words or len(summary) < count:
            break
        if sum(len(s.split()) for s in summary) >= total:
            break
    return summary


def truncate(sentences: list[str], words: int) -> str:
    """The summary cut to its first ``words`` words (DUC-style equal-length comparison)."""
    return " ".join(" ".join(sentences).split()[:words])


_CLAIMS: dict[str, tuple] = {}


def story_claims(story: EvalStory) -> tuple:
    """The facts stage's claims of the story (as the pipeline passes them), computed once."""
    if story.id not in _CLAIMS:
        _CLAIMS[story.id] = analyze_facts(story.articles).claims
    return _CLAIMS[story.id]


def storytrace_digest(story: EvalStory, sentences: int, claims: bool = True) -> Digest:
    return digest_story(story.articles, story_id=story.id,
                        claims=story_claims(story) if claims else (),
                        options=DigestOptions(sentences=sentences, cite_claims=claims))


# --- scores -------------------------------------------------------------------------------


def citation_counts(story: EvalStory, digest: Digest) -> tuple[int, int, int, int]:
    """(correct, cited, found, labelled) over the summary's citations of other articles."""
    correct = cited = found = labelled = 0
    for sentence in digest.summary:
        facts = [f for f in story.facts if any(
            min(end, sentence.end) - max(start, sentence.start) > 0
            for start, end in f.get(sentence.article_id, ()))]
        others = [c for c in sentence.citations if c.article_id != sentence.article_id]
        for c in others:
            cited += 1
            if any(min(e, c.end) - max(s, c.start) > 0
                   for fact in facts for s, e in fact.get(c.article_id, ())):
                correct += 1
        carrying = {a for fact in facts for a in fact} - {sentence.article_id}
        labelled += len(carrying)
        found += len(carrying & {c.article_id for c in others})
    return correct, cited, found, labelled


def evaluate(stories: list[EvalStory], sentences: int = 5, words: int | None = None,
             claims: bool = True) -> dict:
    """ROUGE per system and citation precision/recall over ``stories``.

    With ``words``, every system's summary is grown to at least that many words and cut to
    exactly that many (equal length: no system gains from longer sentences)."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    totals = {system: {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0} for system in SYSTEMS}
    seconds = dict.fromkeys(SYSTEMS, 0.0)
    per_story = []
    cites = [0, 0, 0, 0]
    for story in stories:
        row: dict = {"story": story.id}
        for system in SYSTEMS:
            started = time.perf_counter()
            if system == "storytrace":
                if words is None:
                    digest = storytrace_digest(story, sentences, claims)
                else:  # grown a sentence at a time past the budget, then cut like the others
                    for count in range(1, 200):
                        digest = storytrace_digest(story, count, claims)
                        if (sum(len(s.text.split()) for s in digest.summary) >= words
                                or len(digest.summary) < count):
                            break
                summary = [s.text for s in digest.summary]
                if story.facts:
                    for k, v in enumerate(citation_counts(story, digest)):
                        cites[k] += v
            elif words is not None:
                summary = sumy_words(story, system.split("-")[1], words)
            else:
                summary = sumy_summary(story, system.split("-")[1], sentences)
            seconds[system] += time.perf_counter() - started
            text = truncate(summary, words) if words is not None else "\n".join(summary)
            scores = scorer.score(story.reference, text)
            for metric, score in scores.items():
                totals[system][metric] += score.fmeasure
            row[system] = {m: round(s.fmeasure, 4) for m, s in scores.items()}
        per_story.append(row)
    n = max(1, len(stories))
    return {
        "stories": len(stories),
        "sentences": sentences,
        "words": words,
        "rouge": {s: {m: round(v / n, 4) for m, v in t.items()} for s, t in totals.items()},
        "seconds": {s: round(v, 3) for s, v in seconds.items()},
        "citation_precision": round(cites[0] / cites[1], 4) if cites[1] else None,
        "citation_recall": round(cites[2] / cites[3], 4) if cites[3] else None,
        "citations": {"correct": cites[0], "cited": cites[1], "found": cites[2],
                      "labelled": cites[3]},
        "per_story": per_story,
    }


def all_stories() -> list[EvalStory]:
    return load_fictional() + load_seeds() + load_examples()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--words", type=int, default=None,
                        help="compare at equal length: every summary cut to this many words")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--no-claims", action="store_true",
                        help="word-overlap citations only (no facts-stage claims)")
    args = parser.parse_args(argv)
    result = evaluate(all_stories(), sentences=args.sentences, words=args.words,
                      claims=not args.no_claims)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    length = (f"{result['words']}-word" if result["words"] else f"{result['sentences']}-sentence")
    print(f"{result['stories']} stories, {length} summaries")
    print(f"{'system':<16}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}{'seconds':>9}")
    for system in SYSTEMS:
        r = result["rouge"][system]
        print(f"{system:<16}{r['rouge1']:>9.4f}{r['rouge2']:>9.4f}{r['rougeL']:>9.4f}"
              f"{result['seconds'][system]:>9.3f}")
    c = result["citations"]
    print(f"citation precision {result['citation_precision']} ({c['correct']}/{c['cited']}), "
          f"recall {result['citation_recall']} ({c['found']}/{c['labelled']})")
    for row in result["per_story"]:
        print("  " + row["story"] + ": " + "  ".join(
            f"{s} R1={row[s]['rouge1']:.3f} R2={row[s]['rouge2']:.3f}" for s in SYSTEMS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
