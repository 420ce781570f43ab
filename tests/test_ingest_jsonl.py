"""The JSONL reader: field names, custom fields, bad lines amid good ones, gzip."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storytrace import Article, InputError, ReadError
from storytrace.ingest import ReadOptions, ReadWarning, read_file, sniff

FIRE = ("A fire broke out at the Pellworth harbour on Sunday morning, the fire service said. "
        "“We saw the smoke before seven,” said Marta Ilves, who runs a café by the quay.")


def _write(path: Path, records: list, gz: bool = False) -> Path:
    lines = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                    for r in records)
    path.write_bytes(gzip.compress(lines.encode()) if gz else lines.encode())
    return path


def _articles(events) -> list[Article]:
    return [e for e in events if isinstance(e, Article)]


def _errors(events) -> list[ReadError]:
    return [e for e in events if isinstance(e, ReadError)]


def test_common_field_names(tmp_path: Path) -> None:
    path = _write(tmp_path / "quill.jsonl", [
        {"id": 17, "title": "Harbour fire", "text": FIRE,
         "url": "https://www.dailyquill.example/2024/03/harbour-fire",
         "outlet": "The Daily Quill", "date": "2024-03-03"},
        {"doc_id": "g-2", "headline": "Quay closed", "content": FIRE,
         "link": "https://gazette.example/quay", "published_at": "2024-03-03T09:30:00+01:00"},
        {"body": FIRE, "source": {"id": "mw", "name": "Marsh Wire"},
         "pubdate": "Sun, 03 Mar 2024 10:15:00 +0000"},
        {"maintext": FIRE, "publisher": "Velmar Courier", "date_published": "March 4, 2024"},
        {"article": FIRE, "site": "Ormsby Post", "published": "2024/03/05"},
    ])
    assert sniff(path) == "jsonl"
    events = list(read_file(path))
    assert not _errors(events) and not [e for e in events if isinstance(e, ReadWarning)]
    a, b, c, d, e = _articles(events)
    assert (a.external_id, a.title, a.outlet, a.published) == (
        "17", "Harbour fire", "The Daily Quill", date(2024, 3, 3))
    assert a.text == FIRE
    assert a.id == Article.make_id("The Daily Quill", a.url, FIRE)
    assert a.source is not None and (a.source.path, a.source.line) == (str(path), 1)
    # no outlet field: the URL's domain
    assert (b.external_id, b.title, b.outlet) == ("g-2", "Quay closed", "gazette.example")
    assert b.published == datetime(2024, 3, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert c.outlet == "Marsh Wire"
    assert c.published == datetime(2024, 3, 3, 10, 15, tzinfo=UTC)
    assert (d.outlet, d.published) == ("Velmar Courier", date(2024, 3, 4))
    assert (e.outlet, e.published, e.source.line) == ("Ormsby Post", date(2024, 3, 5), 5)


def test_outlet_precedence(tmp_path: Path) -> None:
    path = _write(tmp_path / "mix.jsonl", [
        {"text": FIRE, "outlet": "Own Field", "url": "https://www.urlsite.example/a"},
        {"text": FIRE, "url": "https://www.urlsite.example/b"},
        {"text": FIRE},
    ])
    outlets = [a.outlet for a in _articles(read_file(path, ReadOptions(outlet="Cli Outlet")))]
    assert outlets == ["Own Field", "urlsite.example", "Cli Outlet"]


def test_custom_field_names(tmp_path: Path) -> None:
    path = _write(tmp_path / "custom.jsonl", [
        {"story_body": FIRE, "paper": "Velmar Courier", "hed": "Fire at the quay",
         "when": "2024-03-03", "ref": "vc-9", "text": "not this one"},
    ])
    options = ReadOptions(fields={"text": "story_body", "outlet": "paper", "title": "hed",
                                  "date": "when", "id": "ref"})
    (article,) = _articles(read_file(path, options))
    assert article.text == FIRE
    assert (article.outlet, article.title, article.published, article.external_id) == (
        "Velmar Courier", "Fire at the quay", date(2024, 3, 3), "vc-9")


def test_bad_options_are_usage_errors() -> None:
    with pytest.raises(InputError, match="unknown article field 'colour'"):
        ReadOptions(fields={"colour": "c"})
    with pytest.raises(InputError, match="max-chars"):
        ReadOptions(max_chars=0)


def test_bad_lines_amid_good_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "mixed.jsonl", [
        {"id": "a", "text": FIRE},
        '{"id": "b", "text": "cut off',
        "",
        '["not", "an", "object"]',
        {"id": "c", "title": "No text here"},
        {"id": "d", "text": 42},
        {"id": "e", "text": "   \n  "},
        {"id": "f", "text": FIRE + " Second edition."},
    ])
    events = list(read_file(path))
    assert [a.external_id for a in _articles(events)] == ["a", "f"]
    errors = {e.line: e.reason for e in _errors(events)}
    assert set(errors) == {2, 4, 5, 6, 7}
    assert errors[2].startswith("broken JSON")
    assert errors[4] == "not a JSON object but a list"
    assert errors[5].startswith("no text field")
    assert errors[6] == "field 'text' is not a string"
    assert errors[7].startswith("no text")
    assert all(e.path == str(path) for e in _errors(events))
    assert str(_errors(events)[0]).startswith(f"{path}:2: broken JSON")


def test_unparseable_date_gives_warning_and_unknown_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "dates.jsonl", [{"id": "x", "text": FIRE, "date": "last Tuesday"}])
    events = list(read_file(path))
    warning, article = events
    assert isinstance(warning, ReadWarning)
    assert warning.line == 1 and "last Tuesday" in warning.message
    assert isinstance(article, Article) and article.published is None


def test_oversize_record_is_rejected_and_others_kept(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.jsonl", [
        {"id": "huge", "text": "x" * 6_000_123}, {"id": "ok", "text": FIRE}])
    events = list(read_file(path))
    (error,) = _errors(events)
    assert error.line == 1
    assert error.reason == ("article text is 6,000,123 characters, over the 5,000,000 limit;"
                            " raise --max-chars")
    assert [a.external_id for a in _articles(events)] == ["ok"]


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = _write(tmp_path / "wire.jsonl.gz", [{"id": i, "text": f"{FIRE} ({i})"}
                                               for i in range(3)], gz=True)
    assert sniff(path) == "jsonl"
    articles = _articles(read_file(path))
    assert [a.external_id for a in articles] == ["0", "1", "2"]


def test_truncated_gzip_keeps_the_lines_read(tmp_path: Path) -> None:
    records = [{"id": i, "text": f"{FIRE} Update number {i}."} for i in range(400)]
    whole = _write(tmp_path / "whole.jsonl.gz", records, gz=True).read_bytes()
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    events = list(read_file(path))
    articles = _articles(events)
    assert 10 < len(articles) < 400
    assert [a.external_id for a in articles] == [str(i) for i in range(len(articles))]
    assert isinstance(events[-1], ReadError)
    assert "truncated gzip" in events[-1].reason
    assert events[-1].path == str(path)


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"text": FIRE, "outlet": "Marsh Wire"}, {"title": "no text"}],
                               indent=2), encoding="utf-8")
    events = list(read_file(path))
    (article,) = _articles(events)
    assert article.outlet == "Marsh Wire"
    assert article.source is not None and article.source.record == "[0]"
    (error,) = _errors(events)
    assert error.record == "[1]"


def test_json_file_with_one_object_per_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "lines.json", [{"text": FIRE}, {"text": FIRE + " Again."}])
    assert [a.source.line for a in _articles(read_file(path))] == [1, 2]


def test_text_as_list_of_paragraphs(tmp_path: Path) -> None:
    path = _write(tmp_path / "paras.jsonl", [{"text": ["First paragraph.", "Second one."]}])
    (article,) = _articles(read_file(path))
    assert article.text == "First paragraph.\n\nSecond one."


def test_unicode_kept_exactly(tmp_path: Path) -> None:
    text = "Zoë said: “I’m so proud” 🎉 — ¡olé! 北京\r\nnew line kept as given"
    path = _write(tmp_path / "u.jsonl", [{"text": text}])
    (article,) = _articles(read_file(path))
    assert article.text == text


def test_only_blank_lines_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n{}\n", encoding="utf-8")
    events = list(read_file(path))
    assert len(events) == 1 and isinstance(events[0], ReadError)


def test_exported_articles_read_back_with_their_external_ids(tmp_path):
    """`storytrace export --what articles` output is itself a valid JSONL input."""
    from storytrace.store import Store
    from storytrace.store.exports import iter_export

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"doc_id": "mill-7", "url": "https://ledger.example/mill",
                                  "body": "The mill reopened on Friday after the fire."}) + "\n")
    with Store.open(tmp_path / "a.db") as store:
        store.ingest_file(source, read_file(source))
        exported = list(iter_export(store, "articles"))
    again = tmp_path / "export.jsonl"
    again.write_text("".join(json.dumps(r) + "\n" for r in exported))
    (article,) = [e for e in read_file(again) if isinstance(e, Article)]
    assert article.external_id == "mill-7"
    assert article.id == exported[0]["article_id"]
