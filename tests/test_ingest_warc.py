"""The WARC reader: HTML responses become articles, every other record is skipped by reason."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace import Article, ReadError
from storytrace.ingest import ReadWarning, Skipped, read_file, sniff

URL = "https://www.harbourgazette.example/2024/03/quay-fire"
DATED_URL = "https://marshwire.example/news/ferry-fares"
PAGE = b"""<html><head><title>Quay fire closes Pellworth harbour</title>
<meta property="og:site_name" content="Harbour Gazette"></head><body><article>
<h1>Quay fire closes Pellworth harbour</h1>
<p>A fire closed the main quay of Pellworth harbour on Sunday, the harbour master, Ines Dahl,
said in a statement. Nobody was hurt, but two sheds and a crane were lost.</p>
<p>Repairs will take at least a week, she said.</p>
</article></body></html>"""
DATED_PAGE = b"""<html><head><title>Ferry fares to rise</title>
<meta property="article:published_time" content="2024-02-28"></head><body><article>
<p>Ferry fares between Velmar and Port Arne will rise by four percent in April, the operator
said on Wednesday, blaming the cost of fuel.</p></article></body></html>"""
CRAWLED = "2024-03-04T05:06:07Z"


def _http(status: str, content_type: str | None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def build_warc(path: Path, gz: bool) -> Path:
    """A small crawl: warcinfo, request, two HTML pages, an image, a 404, a revisit, metadata."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        writer.write_record(writer.create_warc_record(
            URL, "request", payload=BytesIO(b"GET /2024/03/quay-fire HTTP/1.1\r\n\r\n")))

        def response(url: str, payload: bytes, status: str = "200 OK",
                     content_type: str | None = "text/html; charset=utf-8") -> None:
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(payload), http_headers=_http(status,
                                                                             content_type),
                warc_headers_dict={"WARC-Date": CRAWLED}))

        response(URL, PAGE)
        response("https://www.harbourgazette.example/logo.png", b"\x89PNG\r\n\x1a\n....",
                 content_type="image/png")
        response("https://www.harbourgazette.example/gone", b"<html>Not found</html>",
                 status="404 Not Found")
        response(DATED_URL, DATED_PAGE, content_type=None)  # sniffed as HTML
        writer.write_record(writer.create_revisit_record(
            URL, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", URL, CRAWLED))
        writer.write_record(writer.create_warc_record(
            "https://www.harbourgazette.example/", "metadata", payload=BytesIO(b"via: test")))
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_become_articles_others_are_skipped(tmp_path: Path, name: str) -> None:
    path = build_warc(tmp_path / name, gz=name.endswith(".gz"))
    assert sniff(path) == "warc"
    events = list(read_file(path))
    assert not [e for e in events if isinstance(e, ReadError)]

    articles = [e for e in events if isinstance(e, Article)]
    assert [a.url for a in articles] == [URL, DATED_URL]
    fire, fares = articles
    assert fire.title == "Quay fire closes Pellworth harbour"
    assert fire.outlet == "Harbour Gazette"
    assert fire.external_id == URL
    assert fire.text.startswith("A fire closed the main quay of Pellworth harbour on Sunday")
    assert fire.source is not None and fire.source.record.startswith("<urn:uuid:")
    # no date in the page: the crawl date, with a warning saying so
    assert fire.published == datetime(2024, 3, 4, 5, 6, 7, tzinfo=UTC)
    (warning,) = [e for e in events if isinstance(e, ReadWarning)]
    assert "crawl date" in warning.message and warning.record == fire.source.record
    assert events[events.index(warning) + 1] is fire

    assert fares.published == date(2024, 2, 28)
    assert fares.outlet == "marshwire.example"

    reasons = Counter(e.reason for e in events if isinstance(e, Skipped))
    assert reasons == Counter({
        "warcinfo record": 1, "request record": 1, "non-HTML response: image/png": 1,
        "HTTP status 404": 1, "revisit record": 1, "metadata record": 1,
    })


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_keeps_what_was_read(tmp_path: Path, name: str) -> None:
    whole = build_warc(tmp_path / name, gz=name.endswith(".gz")).read_bytes()
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(whole[: whole.index(b"\x89PNG") if not name.endswith(".gz")
                          else len(whole) * 2 // 3])
    events = list(read_file(cut))
    assert [a.url for a in events if isinstance(a, Article)] == [URL]
    assert isinstance(events[-1], ReadError)
    assert "corrupt or truncated WARC" in events[-1].reason


def test_record_cut_in_its_payload_is_not_half_read(tmp_path: Path) -> None:
    whole = build_warc(tmp_path / "crawl.warc", gz=False).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: whole.index(b"Repairs will take")])
    events = list(read_file(cut))
    assert not [e for e in events if isinstance(e, Article)]
    assert isinstance(events[-1], ReadError) and "cut short" in events[-1].reason


def test_not_a_warc_after_the_magic(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a header block at all\r\n\r\n" + b"x" * 200)
    events = list(read_file(path))
    assert events and isinstance(events[-1], ReadError)
