"""The plain-text reader: the seed format, encodings, and text kept exactly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storytrace import Article, ReadError
from storytrace.ingest import ReadOptions, ReadWarning, parse_text, read_file

SEED_TITLE_001 = (
    "Alyssa Scott Shares Emotional Tribute to Her and Nick Cannon's Late Son Zen: "
    "'I Will Love You for Eternity'"
)


def _articles(events) -> list[Article]:
    return [e for e in events if isinstance(e, Article)]


def _read(path: Path, **options) -> list:
    return list(read_file(path, ReadOptions(**options)))


# ------------------------------------------------------------------ the seeds
def test_seeds_give_three_articles(seeds_dir: Path) -> None:
    events = [e for p in sorted(seeds_dir.glob("*.txt")) for e in read_file(p)]
    articles = {a.external_id: a for a in _articles(events)}
    assert len(articles) == 3
    assert not [e for e in events if isinstance(e, ReadError | ReadWarning)]

    a000 = articles["000_c7fd795fb372ec13"]
    assert a000.title is None
    assert a000.published is None
    assert a000.text.startswith("An impossible day. Nick Cannon opened up")

    a001 = articles["001_2e3a6fba4122449e"]
    assert a001.title == SEED_TITLE_001
    assert a001.text.startswith("Scott shared a heartbreaking post to Instagram")
    assert a001.published is None

    a002 = articles["002_3b0cb71c85a31f9c"]
    assert a002.published == date(2021, 12, 9)
    assert a002.title is None
    assert a002.text.startswith("Alyssa Scott has opened up")
    assert "date 2021-12-09" not in a002.text

    # curly quotes kept exactly, paragraphs kept with their blank lines
    assert "Alyssa Scott’s son" in a000.text
    assert "\n\n" in a000.text
    assert len({a.id for a in articles.values()}) == 3


def test_seed_text_is_the_file_minus_title_and_marker(seeds_dir: Path) -> None:
    raw = (seeds_dir / "002_3b0cb71c85a31f9c.txt").read_text(encoding="utf-8")
    (article,) = _articles(read_file(seeds_dir / "002_3b0cb71c85a31f9c.txt"))
    assert raw.removeprefix(" date 2021-12-09 ").strip() == article.text


# ------------------------------------------------------------------ format rules
def test_title_then_marker_then_text() -> None:
    parsed = parse_text("Quay Fire Closes Harbour\n\n date 2024-03-03 The fire began at dawn.\n")
    assert parsed.title == "Quay Fire Closes Harbour"
    assert parsed.published == date(2024, 3, 3)
    assert parsed.text == "The fire began at dawn."


def test_marker_on_its_own_line() -> None:
    parsed = parse_text(" date 2024-03-03\nThe fire began at dawn, officials said.\n")
    assert parsed.published == date(2024, 3, 3)
    assert parsed.text == "The fire began at dawn, officials said."


def test_first_paragraph_with_period_is_not_a_title() -> None:
    parsed = parse_text("The ferry was late again.\n\nPassengers waited two hours.")
    assert parsed.title is None
    assert parsed.text == "The ferry was late again.\n\nPassengers waited two hours."


def test_quoted_sentence_is_not_a_title() -> None:
    parsed = parse_text("“We are not leaving.”\n\nThe tenants of Ormsby Court stayed put.")
    assert parsed.title is None


def test_long_line_is_not_a_title() -> None:
    first = "word " * 60
    parsed = parse_text(f"{first}\n\nMore text follows here.")
    assert parsed.title is None


def test_single_line_file_is_text_not_title() -> None:
    parsed = parse_text("Short notice without a period\n")
    assert parsed.title is None
    assert parsed.text == "Short notice without a period"


def test_crlf_becomes_lf_and_nothing_else_changes() -> None:
    raw = "Storm Over Velmar\r\n\r\nThe “storm” hit at 3 a.m. 🌧️\r\nCafé owners counted losses.\r\n"
    parsed = parse_text(raw)
    assert parsed.title == "Storm Over Velmar"
    assert parsed.text == "The “storm” hit at 3 a.m. 🌧️\nCafé owners counted losses."


def test_invalid_marker_date_is_kept_in_text_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad-marker.txt"
    path.write_text(" date 2021-02-30 The council met on Tuesday.\n", encoding="utf-8")
    events = _read(path)
    (warning,) = [e for e in events if isinstance(e, ReadWarning)]
    assert "2021-02-30" in warning.message
    (article,) = _articles(events)
    assert article.published is None
    assert article.text == "date 2021-02-30 The council met on Tuesday."


def test_external_id_outlet_and_id(tmp_path: Path) -> None:
    path = tmp_path / "velmar-storm.txt"
    path.write_text("Storm Over Velmar\n\nThe storm hit at 3 a.m.\n", encoding="utf-8")
    (article,) = _articles(_read(path, outlet="Velmar Courier"))
    assert article.external_id == "velmar-storm"
    assert article.outlet == "Velmar Courier"
    assert article.url is None
    assert article.source is not None and article.source.path == str(path)
    assert article.id == Article.make_id("Velmar Courier", None, "The storm hit at 3 a.m.")


def test_gzipped_text_file(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "note.txt.gz"
    path.write_bytes(gzip.compress(b"Ferry Strike Ends\n\nThe ferries run again.\n"))
    (article,) = _articles(_read(path))
    assert article.title == "Ferry Strike Ends"
    assert article.external_id == "note"


# ------------------------------------------------------------------ encodings and bad input
def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffHarbour Reopens\n\nBoats are back.".encode())
    (article,) = _articles(_read(path))
    assert article.title == "Harbour Reopens"
    assert article.text == "Boats are back."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_non_utf8_file_is_decoded_with_a_warning(tmp_path: Path, encoding: str) -> None:
    text = ("Le café de Zoë Brunner à Mörlingen a rouvert après l’incendie; "
            "« nous sommes très émus », a déclaré la propriétaire.")
    if encoding == "latin-1":
        text = text.replace("’", "'")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    events = _read(path)
    (warning,) = [e for e in events if isinstance(e, ReadWarning)]
    assert "not UTF-8" in warning.message
    (article,) = _articles(events)
    assert article.text == text


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Zoë’s café reopened.".encode("utf-16"))
    (article,) = _articles(_read(path))
    assert article.text == "Zoë’s café reopened."


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (event,) = _read(path)
    assert isinstance(event, ReadError)
    assert event.path == str(path)
    assert "binary" in event.reason


def test_random_bytes_are_rejected(tmp_path: Path) -> None:
    import random

    path = tmp_path / "noise.bin"
    path.write_bytes(random.Random(7).randbytes(4096))
    (event,) = _read(path)
    assert isinstance(event, ReadError)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    (event,) = _read(path)
    assert isinstance(event, ReadError)
    assert event.reason == "empty file"


def test_whitespace_only_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n\t\n", encoding="utf-8")
    (event,) = _read(path)
    assert isinstance(event, ReadError)
    assert "empty" in event.reason


def test_truncated_gzip_text_is_rejected(tmp_path: Path) -> None:
    import gzip

    data = gzip.compress(("The quay fire burned all night. " * 500).encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    (event,) = _read(path)
    assert isinstance(event, ReadError)
    assert "truncated gzip" in event.reason


def test_oversize_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Long report. " * 1000, encoding="utf-8")
    (event,) = _read(path, max_chars=5_000)
    assert isinstance(event, ReadError)
    assert event.reason == (
        "article text is 12,999 characters, over the 5,000 limit; raise --max-chars"
    )


def test_missing_path_is_a_read_error(tmp_path: Path) -> None:
    (event,) = _read(tmp_path / "nope.txt")
    assert isinstance(event, ReadError)
    assert "no such file" in event.reason


# ------------------------------------------------------------------ properties
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"))
_ASCII_WS = " \t\n"


def _title_ok(title: str) -> bool:
    # a title has something besides whitespace (Unicode whitespace counts as blank)
    return (title == title.strip(_ASCII_WS) and bool(title.strip()) and len(title) < 200
            and not title.rstrip("\"'”’»)]*_ \t").endswith("."))


titles = st.text(_CHARS, min_size=1, max_size=120).filter(_title_ok)
bodies = st.text(st.one_of(_CHARS, st.just("\n")), min_size=1, max_size=400).map(
    lambda s: s.strip(_ASCII_WS)).filter(str.strip)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=titles, body=bodies)
def test_title_and_body_round_trip_exactly(title: str, body: str) -> None:
    parsed = parse_text(f"{title}\n\n{body}\n")
    assert parsed.title == title
    assert parsed.text == body
    assert parsed.published is None


@settings(max_examples=150, deadline=None)
@given(body=bodies, day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_marker_is_stripped_and_gives_the_date(body: str, day: date) -> None:
    plain = parse_text(body)
    marked = parse_text(f" date {day.isoformat()} {body}")
    assert marked.published == day
    assert (marked.text, marked.title) == (plain.text, plain.title)


@settings(max_examples=100, deadline=None)
@given(body=bodies, junk=st.sampled_from(
    ["2021-13-01", "2021-02-30", "2021-1-01", "21-01-01", "2021/01/01", "2021-01-01x"]))
def test_malformed_marker_is_not_stripped(body: str, junk: str) -> None:
    parsed = parse_text(f" date {junk} {body}")
    assert parsed.published is None
    assert parsed.text.startswith(f"date {junk}") or parsed.title == f"date {junk} {body}"


# through a file, the content is sniffed first: a .txt file opening with markup or a JSON object
# is read as HTML or JSONL, so those openings are left to the parse_text properties above
file_titles = titles.filter(lambda t: not t.startswith(("<", "{")))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=file_titles, body=bodies)
def test_file_round_trip_through_read_file(tmp_path: Path, title: str, body: str) -> None:
    path = tmp_path / "prop.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8", newline="")
    events = list(read_file(path))
    (article,) = _articles(events)
    assert (article.title, article.text) == (title, body)
