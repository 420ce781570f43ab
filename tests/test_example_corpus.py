"""The example corpus in examples/: complete, labelled, and carrying what later stages need.

Most checks read the files directly (no ingest code), so they guard the corpus itself; the last
one, when the readers exist, checks the manifest's sentences against the ingested articles.
"""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LABELS = ROOT / "evaluation" / "labels" / "example_stories.tsv"
CORPUS_DIRS = ("text", "jsonl", "html", "warc")


def _warc_records(path: Path) -> list[tuple[str, str | None, str | None, bytes]]:
    from warcio.archiveiterator import ArchiveIterator

    out = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else None
            out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), ctype,
                        rec.content_stream().read()))
    return out


def _raw_articles() -> dict[str, dict[str, str]]:
    """external id -> {"outlet", "title_and_text"} read straight from the files."""
    arts: dict[str, dict[str, str]] = {}
    for path in sorted((EXAMPLES / "text").glob("*.txt")):
        arts[path.stem] = {"outlet": "", "all": path.read_text(encoding="utf-8")}
    for line in (EXAMPLES / "jsonl" / "feeds.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        title = rec.get("headline") or rec.get("title")
        body = rec.get("body") or rec.get("text")
        arts[rec["id"]] = {"outlet": rec.get("source") or rec.get("outlet"),
                           "all": f"{title}\n\n{body}"}
    for path in sorted((EXAMPLES / "html").glob("*.html")):
        page = path.read_text(encoding="utf-8")
        site = re.search(r'og:site_name" content="([^"]+)"', page)[1]
        arts[path.stem] = {"outlet": site, "all": html.unescape(page)}
    for rtype, url, ctype, payload in _warc_records(EXAMPLES / "warc" / "crawl.warc.gz"):
        if rtype == "response" and ctype and ctype.startswith("text/html"):
            page = payload.decode("utf-8")
            site = re.search(r'og:site_name" content="([^"]+)"', page)[1]
            arts[url] = {"outlet": site, "all": html.unescape(page)}
    return arts


def _labels() -> dict[str, str]:
    rows = [line.split("\t") for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert all(len(r) == 2 for r in rows)
    return dict(rows)


def _manifest_sentences() -> dict[str, list[str]]:
    """external id -> the backticked strings of its section in MANIFEST.md."""
    text = (EXAMPLES / "MANIFEST.md").read_text(encoding="utf-8")
    body = text.split("## Feature sentences, article by article", 1)[1]
    out: dict[str, list[str]] = {}
    for section in body.split("\n### ")[1:]:
        head, _, rest = section.partition("\n")
        ext = re.search(r"`([^`]+)`", head)[1]
        out[ext] = re.findall(r"`([^`]+)`", rest)
    return out


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, str]]:
    return _raw_articles()


def test_sixteen_articles_four_stories_six_outlets(raw) -> None:
    labels = _labels()
    assert len(raw) == 16
    assert set(labels) == set(raw)
    stories: dict[str, set[str]] = defaultdict(set)
    for ext, story in labels.items():
        stories[story].add(ext)
    assert set(stories) == {"brandvold", "port-amsel-fire", "drennick-fire", "skerrow-rescue"}
    assert all(len(v) >= 3 for v in stories.values())
    outlets = {a["outlet"] for a in raw.values() if a["outlet"]}
    assert len(outlets) >= 5
    counts = {d: sum(1 for p in (EXAMPLES / d).iterdir() if p.is_file()) for d in CORPUS_DIRS}
    assert counts == {"text": 5, "jsonl": 1, "html": 4, "warc": 1}


def test_small_in_bytes() -> None:
    total = sum(p.stat().st_size for p in EXAMPLES.rglob("*") if p.is_file())
    assert total < 200_000


def test_manifest_sentences_are_verbatim(raw) -> None:
    sentences = _manifest_sentences()
    assert set(sentences) == set(raw)
    for ext, found in sentences.items():
        assert found, ext
        for s in found:
            assert s in raw[ext]["all"], (ext, s)


def test_text_formats() -> None:
    marked = (EXAMPLES / "text" / "ledger-brandvold-one-year.txt").read_text(encoding="utf-8")
    assert marked.startswith(" date 2025-03-08 A year after")
    assert "“" in marked and "’" in marked and "🕯️" in marked
    for path in (EXAMPLES / "text").glob("*.txt"):
        if path.name != "ledger-brandvold-one-year.txt":
            title, blank, rest = path.read_text(encoding="utf-8").split("\n", 2)
            assert title and not title.endswith(".") and blank == "" and rest.strip()
    lines = (EXAMPLES / "jsonl" / "feeds.jsonl").read_text(encoding="utf-8").splitlines()
    keys = [set(json.loads(line)) for line in lines]
    assert {"id", "headline", "body", "url", "source", "published_at"} in keys
    assert {"id", "title", "text", "link", "outlet", "date"} in keys


def test_warc_records() -> None:
    records = _warc_records(EXAMPLES / "warc" / "crawl.warc.gz")
    kinds = [(t, (c or "").split(";")[0]) for t, _, c, _ in records]
    assert kinds.count(("response", "text/html")) == 3
    for needed in [("warcinfo", ""), ("request", ""), ("revisit", "text/html"),
                   ("response", "image/png"), ("response", "application/json")]:
        assert needed in kinds


def test_build_warc_is_reproducible(tmp_path) -> None:
    spec = importlib.util.spec_from_file_location("build_warc", EXAMPLES / "build_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "crawl.warc.gz"
    module.build(out)
    assert _warc_records(out) == _warc_records(EXAMPLES / "warc" / "crawl.warc.gz")
    with gzip.open(out) as fh:
        assert b"WARC/1" in fh.read(10)


def _statement(raw) -> str:
    text = raw["courier-brandvold-tributes"]["all"]
    return text[text.index('"Our dad'):text.index('alongside us."') + len('alongside us."')]


def test_statement_reprinted_trimmed_and_marked(raw) -> None:
    statement = _statement(raw)
    assert 80 <= len(statement.split()) <= 150
    # A1: the same words with curly quotes and apostrophes
    a1 = raw["ledger-hollis-brandvold-dies"]["all"]
    straight = a1.replace("“", '"').replace("”", '"').replace("’", "'")
    assert statement in straight
    # A3: split over three paragraphs, "(sic)" inserted, a doubled period
    a3 = raw["tidewater-20240304-brandvold-family"]["all"]
    start = a3.index('"Our dad')
    end = a3.index('alongside us."') + len('alongside us."')
    copy = a3[start:end]
    assert copy.count("\n\n") == 2 and "(sic)" in copy and "softly.." in copy
    rebuilt = copy.replace(" (sic)", "").replace("..", ".").replace('\n\n"', " ")
    assert rebuilt == statement
    # A4: trimmed at both ends
    a4 = next(v["all"] for k, v in raw.items() if "emil-brandvold" in k)
    inner = statement[statement.index("The last two years"):statement.index(" Thank you")]
    assert inner in a4 and "Our dad, Hollis" not in a4 and "alongside us" not in a4


def test_wire_story_lightly_edited(raw) -> None:
    def paragraphs(ext: str) -> list[str]:
        text = raw[ext]["all"]
        start = text.index("PORT AMSEL (CPS)")
        block = text[start:text.index("loading bay.", start) + len("loading bay.")]
        return [re.sub(r"</?p>|\s+", " ", p).strip() for p in re.split(r"\n\s*", block)
                if p.strip()]

    b1 = paragraphs("saltmarsh-port-amsel-warehouse-fire")
    b2 = paragraphs("northgate-20240612-port-amsel-fire")
    assert len(b1) == 7 and len(b2) == 6
    assert len([p for p in b1 if p not in b2]) == 2  # one rewritten, one dropped
    assert len([p for p in b2 if p not in b1]) == 1
    assert "Sixty firefighters" in " ".join(b2) and "Lowmoor" not in " ".join(b2)


def test_manifest_sentences_survive_ingest() -> None:
    """Through the project's own readers: 16 articles, and every sentence found in them."""
    read = pytest.importorskip("storytrace.ingest.read")
    from storytrace.records import Article

    arts = [ev for ev in read.read_paths([EXAMPLES / d for d in CORPUS_DIRS])
            if isinstance(ev, Article)]
    by_ext = {a.external_id: a for a in arts}
    assert len(arts) == 16 and set(by_ext) == set(_labels())
    for ext, found in _manifest_sentences().items():
        article = by_ext[ext]
        where = f"{article.title or ''}\n\n{article.text}"
        for s in found:
            assert s in where, (ext, s)
