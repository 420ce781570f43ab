"""The HTML reader: trafilatura's main text, title, date and site name; pages without text."""

from __future__ import annotations

import gzip
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from storytrace import Article, ReadError
from storytrace.ingest import ReadOptions, extract_page, read_file, sniff

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ferry strike ends after nine days | The Velmar Courier</title>
<meta property="og:title" content="Ferry strike ends after nine days">
<meta property="og:site_name" content="The Velmar Courier">
<meta property="article:published_time" content="2024-05-14T08:00:00+02:00">
<link rel="canonical" href="https://www.velmarcourier.example/2024/05/ferry-strike-ends">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Ferry strike ends after nine days</h1>
<p>The ferry crews of the Velmar islands went back to work on Tuesday after a nine-day strike
that left hundreds of commuters stranded on the mainland.</p>
<p>“We got most of what we asked for,” said Ansel Brook, who speaks for the crews’ union.
The operator, Islink, agreed to a pay rise of six percent over two years.</p>
<p>The first boat left Port Arne at 6.40 a.m., eleven minutes late, with 212 passengers
on board.</p>
</article>
<aside>Most read: Council votes on new harbour fees</aside>
<footer>© 2024 The Velmar Courier. All rights reserved.</footer>
</body></html>
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_page_becomes_an_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "ferry-strike.html", PAGE)
    assert sniff(path) == "html"
    (article,) = list(read_file(path))
    assert isinstance(article, Article)
    assert article.title == "Ferry strike ends after nine days"
    assert article.outlet == "The Velmar Courier"
    assert article.url == "https://www.velmarcourier.example/2024/05/ferry-strike-ends"
    # the page gives a time of day: a timezone-aware datetime, kept as given
    assert article.published == datetime(2024, 5, 14, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    assert article.external_id == "ferry-strike"
    assert article.text.startswith("The ferry crews of the Velmar islands went back to work")
    assert "“We got most of what we asked for,” said Ansel Brook" in article.text
    assert "with 212 passengers on board." in article.text
    assert "\n\n" in article.text  # paragraphs separated by a blank line, like the other formats
    for boilerplate in ("Home", "Most read", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.id == Article.make_id(article.outlet, article.url, article.text)


def test_outlet_falls_back_to_domain_then_option(tmp_path: Path) -> None:
    no_site = PAGE.replace('<meta property="og:site_name" content="The Velmar Courier">', "")
    no_site = no_site.replace(" | The Velmar Courier", "")
    (article,) = list(read_file(_write(tmp_path / "a.html", no_site)))
    assert article.outlet == "velmarcourier.example"
    bare = no_site.replace(
        '<link rel="canonical" href="https://www.velmarcourier.example/2024/05/ferry-strike-ends">',
        "")
    (article,) = list(read_file(_write(tmp_path / "b.html", bare), ReadOptions(outlet="Cli")))
    assert article.url is None
    assert article.outlet == "Cli"


def test_page_without_main_text_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "gallery.html",
                  "<html><head><title>Photo gallery</title></head>"
                  "<body><img src='a.jpg'><img src='b.jpg'></body></html>")
    (event,) = list(read_file(path))
    assert isinstance(event, ReadError)
    assert event.path == str(path)
    assert "no main text" in event.reason


def test_truncated_html_does_not_crash(tmp_path: Path) -> None:
    cut = PAGE[: PAGE.index("eleven minutes late")]
    (article,) = list(read_file(_write(tmp_path / "cut.html", cut)))
    assert isinstance(article, Article)
    assert article.text.endswith("The first boat left Port Arne at 6.40 a.m.,")


def test_garbage_markup_gives_an_error_not_an_exception(tmp_path: Path) -> None:
    events = list(read_file(_write(tmp_path / "junk.html", "<html><<<>>>&&&<body")))
    assert len(events) == 1 and isinstance(events[0], ReadError)


def test_gzipped_html_and_non_utf8_html(tmp_path: Path) -> None:
    gz = tmp_path / "ferry.html.gz"
    gz.write_bytes(gzip.compress(PAGE.encode()))
    assert sniff(gz) == "html"
    (article,) = list(read_file(gz))
    assert article.external_id == "ferry"
    latin = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    path = tmp_path / "cp.html"
    path.write_bytes(latin.encode("cp1252"))
    (article,) = list(read_file(path))
    assert "“We got most of what we asked for,” said Ansel Brook" in article.text


def test_oversize_page_is_rejected(tmp_path: Path) -> None:
    (event,) = list(read_file(_write(tmp_path / "p.html", PAGE), ReadOptions(max_chars=100)))
    assert isinstance(event, ReadError)
    assert "over the 100 limit; raise --max-chars" in event.reason


def test_date_only_in_the_body_is_found_by_htmldate(tmp_path: Path) -> None:
    page = ("<html><head><title>Harbour fees vote</title></head><body><article>"
            "<h1>Harbour fees vote</h1><p class='byline'>Published 12 June 2023</p>"
            "<p>The Ormsby council voted on Monday to raise the harbour fees by a fifth, after a "
            "four-hour meeting that ran past midnight, the mayor, Petra Lind, said.</p>"
            "</article></body></html>")
    (article,) = list(read_file(_write(tmp_path / "fees.html", page)))
    assert article.title == "Harbour fees vote"
    assert article.published == date(2023, 6, 12)


def test_page_over_trafilatura_file_limit_is_rejected_clearly() -> None:
    huge = PAGE.replace("</article>", "<p>" + "word " * 4_100_000 + "</p></article>")
    reason = extract_page(huge.encode(), None, ReadOptions())
    assert isinstance(reason, str) and "over trafilatura's 20,000,000-byte limit" in reason


def test_extract_page_takes_the_given_url() -> None:
    page = extract_page(PAGE.encode(), "https://mirror.example/x", ReadOptions())
    assert not isinstance(page, str)
    assert page.url == "https://mirror.example/x"
    assert page.site == "The Velmar Courier"
    assert extract_page(b"", None, ReadOptions()) == "no main text found in the HTML page"


def test_fast_path_agrees_with_trafilatura_and_htmldate() -> None:
    """The head's standard tags give what trafilatura's metadata and htmldate give."""
    from trafilatura.utils import load_html

    from storytrace.ingest import html as html_reader

    head = PAGE[: PAGE.index("</head>")] + "</head><body></body></html>"
    fast = html_reader._standard_tags(head)
    full = html_reader._metadata(load_html(PAGE), None)
    assert fast is not None and full is not None
    assert (fast.title, fast.site, fast.url) == (full.title, full.site, full.url)
    assert fast.published is not None and fast.published.date().isoformat() == full.date


def test_fast_path_needs_every_tag() -> None:
    from storytrace.ingest import html as html_reader

    no_date = PAGE.replace('<meta property="article:published_time" '
                           'content="2024-05-14T08:00:00+02:00">', "")
    head = no_date[: no_date.index("</head>")] + "</head><body></body></html>"
    assert html_reader._standard_tags(head) is None
