"""The command line: help for every command, one-line errors, exit codes."""

from __future__ import annotations

import json

import pytest
import typer.main

from storytrace.cli import app, main


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help(capsys, name):
    code, out, _ = run(capsys, name, "--help")
    assert code == 0
    assert "Usage" in out and len(out.splitlines()) > 3


def test_root_help_documents_exit_codes(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "Exit codes" in out


def test_store_error_is_one_line_and_exit_1(capsys, tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database")
    code, out, err = run(capsys, "--db", str(bogus), "ls")
    assert code == 1
    assert "not a storytrace database" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 2


def test_usage_error_exit_2(capsys, db_path):
    code, _, err = run(capsys, "--db", str(db_path), "export", "--what", "nonsense")
    assert code == 2 and "--what must be one of" in err


def test_export_articles_jsonl_to_stdout(capsys, db_path, tmp_path):
    page = tmp_path / "a.jsonl"
    page.write_text(json.dumps({"id": "r1", "title": "Mill fire", "url": "https://ledger.example/1",
                                "text": "A fire broke out at the old mill on Tuesday night."}) + "\n")
    code, _, _ = run(capsys, "--db", str(db_path), "ingest", str(page))
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db_path), "export", "--what", "articles")
    assert code == 0
    record = json.loads(out.splitlines()[0])
    assert record["external_id"] == "r1" and record["title"] == "Mill fire"
    assert record["outlet"] == "ledger.example"
