"""Finding input files, sniffing their format, parsing dates, and reading a mixed folder."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storytrace import Article, ReadError
from storytrace.ingest import ReadOptions, expand_paths, parse_date, read_paths, sniff

HTML = ("<!DOCTYPE html><html><head><title>Vote delayed</title></head><body><article>"
        "<p>The Ormsby council delayed its vote on the new harbour fees until June, the mayor, "
        "Petra Lind, said on Monday evening after a four-hour meeting.</p></article></body></html>")


def _tree(root: Path) -> Path:
    (root / "b").mkdir(parents=True)
    (root / "b" / "deep").mkdir()
    (root / ".hidden").mkdir()
    (root / "a.txt").write_text("Council Vote\n\nThe vote was delayed.\n", encoding="utf-8")
    (root / "b" / "c.jsonl").write_text(json.dumps({"text": "Fees rise."}) + "\n",
                                        encoding="utf-8")
    (root / "b" / "deep" / "d.html").write_text(HTML, encoding="utf-8")
    (root / ".hidden" / "x.txt").write_text("secret\n", encoding="utf-8")
    (root / ".dotfile.txt").write_text("hidden too\n", encoding="utf-8")
    (root / "README.md").write_text("# About this folder\n", encoding="utf-8")
    (root / "b" / "build.py").write_text("print('hi')\n", encoding="utf-8")
    return root


def test_expand_folders_files_and_globs(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    found = list(expand_paths([root]))
    assert found == [root / "a.txt", root / "b" / "c.jsonl", root / "b" / "deep" / "d.html"]
    assert list(expand_paths([str(root / "**" / "*.jsonl")])) == [root / "b" / "c.jsonl"]
    # a file named twice is read once
    assert list(expand_paths([root / "a.txt", str(root / "*.txt")])) == [root / "a.txt"]
    # a file named explicitly is read whatever its name
    assert list(expand_paths([root / "README.md"])) == [root / "README.md"]


def test_missing_paths_are_read_errors(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    events = list(expand_paths([tmp_path / "nope", root / "a.txt", str(tmp_path / "*.xyz")]))
    assert isinstance(events[0], ReadError) and events[0].reason == "no such file or folder"
    assert events[1] == root / "a.txt"
    assert isinstance(events[2], ReadError) and "no file matches" in events[2].reason


def test_read_paths_reads_every_format(tmp_path: Path) -> None:
    root = _tree(tmp_path / "in")
    events = list(read_paths([root, tmp_path / "missing.txt"], ReadOptions(outlet="Ormsby Post")))
    articles = [e for e in events if isinstance(e, Article)]
    assert [a.text[:15] for a in articles] == ["The vote was de", "Fees rise.", "The Ormsby coun"]
    assert {a.outlet for a in articles} == {"Ormsby Post"}
    (error,) = [e for e in events if isinstance(e, ReadError)]
    assert error.path.endswith("missing.txt")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("a.txt", b"Plain prose, one article.\n", "text"),
    ("a.dat", b"Plain prose without a known suffix.\n", "text"),
    ("a.jsonl", b'{"text": "x"}\n', "jsonl"),
    ("a.txt", b'{"text": "a JSONL file named .txt"}\n', "jsonl"),
    ("a.data", b'\n\n  {"text": "leading blank lines"}\n', "jsonl"),
    ("a.json", b'[{"text": "x"}]', "jsonl"),
    ("a.txt", b"{curly braces open this text, which is not JSON}\n", "text"),
    ("a.html", HTML.encode(), "html"),
    ("page", HTML.encode(), "html"),
    ("a.txt", HTML.encode(), "html"),
    ("a.txt", b"<3 love letters to the harbour\n\nThey wrote back.\n", "text"),
    ("a.html", b"Some preamble text\n<html><body><p>hello</p></body></html>", "html"),
    ("a.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
    ("a.bin", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", None),
    ("a.txt", b"\x00\x01\x02\x03binary\x00\x00", None),
    ("a.txt", b"", None),
    ("a.txt", b"   \n\n", None),
])
def test_sniff(tmp_path: Path, name: str, content: bytes, expected: str | None) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert sniff(path) == expected


def test_sniff_looks_inside_gzip(tmp_path: Path) -> None:
    for name, content, expected in [("x.gz", HTML.encode(), "html"),
                                    ("y.gz", b'{"text": "x"}\n', "jsonl"),
                                    ("z.gz", b"Just prose.\n", "text")]:
        path = tmp_path / name
        path.write_bytes(gzip.compress(content))
        assert sniff(path) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-03-03", date(2024, 3, 3)),
    ("2024-03-03T10:15:00Z", datetime(2024, 3, 3, 10, 15, tzinfo=UTC)),
    ("2024-03-03 10:15:00+01:00",
     datetime(2024, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=1)))),
    ("2024-03-03T10:15:00", datetime(2024, 3, 3, 10, 15)),
    ("Sun, 03 Mar 2024 10:15:00 +0000", datetime(2024, 3, 3, 10, 15, tzinfo=UTC)),
    ("2024/03/03", date(2024, 3, 3)),
    ("2024.3.3", date(2024, 3, 3)),
    ("March 3, 2024", date(2024, 3, 3)),
    ("Mar. 3 2024", date(2024, 3, 3)),
    ("Sunday, March 3rd, 2024", date(2024, 3, 3)),
    ("3 March 2024", date(2024, 3, 3)),
    ("20240303", date(2024, 3, 3)),
    (1709460900, datetime(2024, 3, 3, 10, 15, tzinfo=UTC)),
    ("1709460900000", datetime(2024, 3, 3, 10, 15, tzinfo=UTC)),
    (date(2024, 3, 3), date(2024, 3, 3)),
    ("last Tuesday", None),
    ("2024-02-30", None),
    ("Smarch 3, 2024", None),
    ("", None),
    (True, None),
    ({"$date": 1}, None),
])
def test_parse_date(value: object, expected: object) -> None:
    assert parse_date(value) == expected
