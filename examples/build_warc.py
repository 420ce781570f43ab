"""Build examples/warc/crawl.warc.gz, a small fictional crawl of three news pages.

Run from anywhere (needs warcio, a storytrace dependency)::

    python examples/build_warc.py            # writes examples/warc/crawl.warc.gz
    python examples/build_warc.py -o OUT.warc.gz

The crawl holds, in this order: a ``warcinfo`` record; a ``request`` and its ``response`` for a
Northgate Daily Star page; a ``response`` (no request) for a Wexcombe Ledger page; a ``request``
and ``response`` for a second Star page; a ``revisit`` of the first Star page (same payload,
crawled a day later); a PNG image ``response``; and a JSON ``response``. Only the three HTML
responses are articles. Every date and record id is fixed, so the output is the same bytes on
every run. All people, places and outlets are invented.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import json
import struct
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "warc" / "crawl.warc.gz"
_NS = uuid.UUID("6f1d3c1e-8a59-4c1f-9a43-5b0e6f3c2d10")

STAR_BRANDVOLD = {
    "url": "https://northgatestar.example/news/2024/03/05/emil-brandvold-every-story-needs-a-lamp",
    "site": "Northgate Daily Star",
    "published": "2024-03-05T06:30:00+00:00",
    "crawled": "2024-03-05T14:02:11Z",
    "byline": "Lewis Amankwah-Roe",
    "title": "'Every story needs a lamp': Emil Brandvold on the father viewers knew",
    "paragraphs": [
        "Emil Brandvold was six when he first understood that his father belonged, in some way, "
        "to everybody else.",
        "\"We were in the queue at the post office and a little girl burst into tears because "
        "she had recognised him,\" Brandvold, 35, told the Star on Monday. \"He knelt down and "
        "told her a story about the queue. By the end of it the whole post office was "
        "listening.\"",
        "His father, the Lantern Hour presenter Hollis Brandvold, died at home in Wexcombe on "
        "Saturday, aged 79, after a two-year illness.",
        "Emil said the phrase his father used most, on air and at home, was a simple one. "
        "\"Whenever one of us was stuck on homework he'd say, 'Every story needs a lamp, so find "
        "the lamp first,' and then he'd leave the room,\" he said. \"It drove us mad. It also "
        "worked.\"",
        "On Sunday, Emil's sister, Saskia Brandvold, posted a statement on behalf of the family. "
        "Part of it read: \"The last two years asked more of him than anyone should have to "
        "give, and he met them with the same patience he showed every nervous guest on the "
        "Lantern Hour sofa. We are so grateful to the nurses of St Brigid's Hospice, who made "
        "his last weeks gentle. Please don't send flowers. Read a story out loud to someone "
        "tonight, the way he would of wanted.\"",
        "Hollis Brandvold's first marriage, to the actress Marit Olander, ended in 1978. Their "
        "son, Piet Olander-Brandvold, 51, a sound engineer, worked on the final series of The "
        "Lantern Hour. Brandvold married Ingrid Solvang in 1983.",
        "Emil said his father had spent his last weeks listening to the radio and holding his "
        "newborn grandson, Teodor. \"He was tired, but he was never bored,\" he said.",
    ],
}

LEDGER_PORT_AMSEL = {
    "url": "https://wexcombeledger.example/2024/06/port-amsel-depot-fire-electrical-fault",
    "site": "The Wexcombe Ledger",
    "published": "2024-06-17T16:45:00+01:00",
    "crawled": "2024-06-17T19:20:40Z",
    "byline": "Marta Quennell",
    "title": "Electrical fault likely started Port Amsel depot fire, investigators say",
    "paragraphs": [
        "An electrical fault in a refrigeration unit is the most likely cause of the fire that "
        "destroyed much of the Kestrel Freight depot in Port Amsel on June 11, fire "
        "investigators said on Monday.",
        "Harrow County Fire and Rescue said it had found no evidence that the fire was started "
        "deliberately. Its findings will be passed to the county's building safety team, which "
        "is reviewing the insulated roof panels that helped the fire to spread.",
        "Callum Rusk, 46, the night-shift supervisor who suffered burns to his hands and arms, "
        "went home from Port Amsel General Hospital on Saturday.",
        "\"I'm sore, I'm bored, and I'm very lucky,\" Rusk said in a message read out by his "
        "union representative, Oriel Haddad-Price, at a meeting of depot staff on Monday.",
        "Kestrel Freight's managing director, Helene Strand-Macaulay, said the company would "
        "rebuild on the same site. \"We have 140 people who want to come back to work on "
        "Quayside Road, and we intend to give them somewhere to come back to,\" "
        "Strand-Macaulay said.",
        "Chief Fire Officer Lorna Vesterby said the roof panels would be \"the first thing on "
        "the list\" when the county's review begins next month.",
        "The fire was reported at 11:40 p.m. and took crews most of the night to bring under "
        "control.",
    ],
}

STAR_DRENNICK = {
    "url": "https://northgatestar.example/news/2024/06/15/drennick-fire-arrest",
    "site": "Northgate Daily Star",
    "published": "2024-06-15T11:10:00+01:00",
    "crawled": "2024-06-15T13:55:03Z",
    "byline": "Lewis Amankwah-Roe",
    "title": "Teenager arrested after Drennick timber warehouse fire",
    "paragraphs": [
        "A 19-year-old man has been arrested on suspicion of arson after a fire destroyed a "
        "timber warehouse in Drennick on Thursday.",
        "Oster Constabulary said the man, who is from Drennick, was arrested on Friday evening "
        "and remained in custody on Saturday. He has not been charged.",
        "The fire at Marchbank Timber Supplies on Foundry Lane burned for six hours and forced "
        "about 20 households from their homes overnight.",
        "Ewan Marchbank, 58, said he was relieved that an arrest had been made but would not "
        "comment further. \"I just want to get the yard cleared and my staff back to work,\" "
        "Marchbank said.",
        "Inspector Rhiannon Delacey said officers were grateful to residents who had come "
        "forward with footage. \"Several people sent us clips from their phones within hours "
        "of our appeal,\" she said. \"That made the difference.\"",
        "The fire came two days after a blaze at a cold-storage depot in Port Amsel, about 40 "
        "miles away, which is not being treated as suspicious.",
    ],
}


def star_page(a: dict) -> str:
    """A Northgate Daily Star article page."""
    e = html.escape
    body = "\n".join(f"      <p>{e(p, quote=False)}</p>" for p in a["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{e(a['title'])} | Northgate Daily Star</title>
<meta property="og:site_name" content="{e(a['site'])}">
<meta property="og:title" content="{e(a['title'])}">
<meta property="og:url" content="{e(a['url'])}">
<meta property="article:published_time" content="{a['published']}">
<link rel="canonical" href="{e(a['url'])}">
</head>
<body>
<div class="site-wrap">
  <header class="star-header">
    <a class="star-logo" href="https://northgatestar.example/">Northgate Daily Star</a>
    <nav>
      <a href="/news/">News</a> | <a href="/news/county/">County</a> | <a href="/sport/">Sport</a>
      | <a href="/entertainment/">Entertainment</a> | <a href="/property/">Property</a>
    </nav>
  </header>
  <div class="content">
    <article class="news-article">
      <h1>{e(a['title'])}</h1>
      <p class="dateline">By {e(a['byline'])} &bull;
        <time datetime="{a['published']}">{a['published'][:10]}</time></p>
      <div class="article-text">
{body}
      </div>
    </article>
    <aside class="trending">
      <h2>Trending on the Star</h2>
      <ul>
        <li><a href="/news/county/northgate-ring-road-plans">Ring road plans go on display</a></li>
        <li><a href="/sport/northgate-athletic-new-manager">Athletic name new manager</a></li>
      </ul>
    </aside>
  </div>
  <footer class="star-footer">
    <a href="/about/">About us</a> | <a href="/contact/">Contact</a> |
    <a href="/privacy/">Privacy</a> | <a href="/terms/">Terms</a>
    <p>&copy; Northgate Daily Star</p>
  </footer>
</div>
</body>
</html>
"""


def ledger_page(a: dict) -> str:
    """A Wexcombe Ledger article page."""
    e = html.escape
    body = "\n".join(f"    <p>{e(p, quote=False)}</p>" for p in a["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{e(a['title'])} | The Wexcombe Ledger</title>
<meta property="og:site_name" content="{e(a['site'])}">
<meta property="og:type" content="article">
<meta property="og:title" content="{e(a['title'])}">
<meta property="article:published_time" content="{a['published']}">
<link rel="canonical" href="{e(a['url'])}">
</head>
<body class="article-page">
<header class="masthead">
  <a class="brand" href="/">The Wexcombe Ledger</a>
  <nav aria-label="Sections"><ul>
    <li><a href="/local/">Local</a></li><li><a href="/county/">County</a></li>
    <li><a href="/business/">Business</a></li><li><a href="/sport/">Sport</a></li>
  </ul></nav>
</header>
<main id="content">
<article class="story">
  <h1>{e(a['title'])}</h1>
  <p class="byline">By {e(a['byline'])} ·
    <time datetime="{a['published']}">{a['published'][:10]}</time></p>
  <div class="story-body">
{body}
  </div>
</article>
<aside class="related"><h2>Related</h2><ul>
  <li><a href="/2024/05/fire-service-station-cuts">Fire service warns over station cuts</a></li>
</ul></aside>
</main>
<footer class="site-footer">
  <ul><li><a href="/about/">About us</a></li><li><a href="/privacy/">Privacy notice</a></li>
    <li><a href="/corrections/">Corrections and clarifications</a></li></ul>
  <p>&copy; 2024 The Wexcombe Ledger. All rights reserved.</p>
</footer>
</body>
</html>
"""


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\x80", 9)) + chunk(b"IEND", b""))


def payload_digest(payload: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(_NS, '|'.join(parts))}>"


def build(out: Path) -> list[str]:
    """Write the crawl; returns a line per record (type and URL) for the log."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    def write(rec_type: str, url: str | None, date: str, payload: bytes = b"",
              content_type: str | None = None, http: StatusAndHeaders | None = None,
              extra: dict[str, str] | None = None) -> None:
        headers = {"WARC-Date": date, "WARC-Record-ID": record_id(rec_type, url or "", date)}
        headers.update(extra or {})
        if rec_type == "warcinfo":
            rec = writer.create_warcinfo_record("crawl.warc.gz", json.loads(payload))
            rec.rec_headers.replace_header("WARC-Date", date)
            rec.rec_headers.replace_header("WARC-Record-ID", headers["WARC-Record-ID"])
        else:
            rec = writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload),
                                            length=len(payload), http_headers=http,
                                            warc_headers_dict=headers,
                                            warc_content_type=content_type)
        writer.write_record(rec)
        written.append(f"{rec_type:9} {url or '-'}")

    info = {"software": "storytrace examples/build_warc.py (warcio)", "format":
            "WARC File Format 1.1", "description": "Fictional crawl for the storytrace examples",
            "operator": "storytrace maintainers", "robots": "obey"}
    write("warcinfo", None, "2024-03-05T14:00:00Z", json.dumps(info).encode())

    def page(a: dict, body: str, with_request: bool) -> bytes:
        payload = body.encode("utf-8")
        host = a["url"].split("/")[2]
        path = "/" + a["url"].split("/", 3)[3]
        if with_request:
            req = StatusAndHeaders(f"GET {path} HTTP/1.1", [
                ("Host", host), ("User-Agent", "storytrace-example-crawler/1.0"),
                ("Accept", "text/html,application/xhtml+xml")], is_http_request=True)
            write("request", a["url"], a["crawled"], http=req)
        http = StatusAndHeaders("200 OK", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(payload))),
            ("Server", "nginx")], protocol="HTTP/1.1")
        write("response", a["url"], a["crawled"], payload, http=http)
        return payload

    first = page(STAR_BRANDVOLD, star_page(STAR_BRANDVOLD), with_request=True)
    page(LEDGER_PORT_AMSEL, ledger_page(LEDGER_PORT_AMSEL), with_request=False)
    page(STAR_DRENNICK, star_page(STAR_DRENNICK), with_request=True)

    # The first Star page crawled again a day later, unchanged: a revisit, no payload.
    revisit_http = StatusAndHeaders("200 OK", [
        ("Content-Type", "text/html; charset=utf-8"), ("Server", "nginx")], protocol="HTTP/1.1")
    write("revisit", STAR_BRANDVOLD["url"], "2024-03-06T09:30:00Z", http=revisit_http,
          extra={"WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
                 "WARC-Refers-To-Target-URI": STAR_BRANDVOLD["url"],
                 "WARC-Refers-To-Date": STAR_BRANDVOLD["crawled"],
                 "WARC-Payload-Digest": payload_digest(first)})

    png = tiny_png()
    write("response", "https://northgatestar.example/media/2024/03/brandvold-lamp.png",
          "2024-03-05T14:02:12Z", png, http=StatusAndHeaders("200 OK", [
              ("Content-Type", "image/png"), ("Content-Length", str(len(png)))],
              protocol="HTTP/1.1"))

    most_read = json.dumps({"updated": "2024-06-15T13:00:00Z", "items": [
        {"title": STAR_DRENNICK["title"], "url": STAR_DRENNICK["url"]},
        {"title": "Athletic name new manager",
         "url": "https://northgatestar.example/sport/northgate-athletic-new-manager"},
    ]}, indent=1).encode("utf-8")
    write("response", "https://northgatestar.example/api/most-read.json",
          "2024-06-15T13:55:04Z", most_read, http=StatusAndHeaders("200 OK", [
              ("Content-Type", "application/json"), ("Content-Length", str(len(most_read)))],
              protocol="HTTP/1.1"))

    out.write_bytes(buf.getvalue())
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    for line in build(args.output):
        print(line)
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
