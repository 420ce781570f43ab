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
    page.write_text(json.dumps({
        "id": "r1", "title": "Mill fire", "url": "https://ledger.example/1",
        "text": "A fire broke out at the old mill on Tuesday night."}) + "\n")
    code, _, _ = run(capsys, "--db", str(db_path), "ingest", str(page))
    assert code == 0
    code, out, _ = run(capsys, "--db", str(db_path), "export", "--what", "articles")
    assert code == 0
    record = json.loads(out.splitlines()[0])
    assert record["external_id"] == "r1" and record["title"] == "Mill fire"
    assert record["outlet"] == "ledger.example"


@pytest.fixture(scope="module")
def analyzed_db(tmp_path_factory):
    from pathlib import Path

    db = tmp_path_factory.mktemp("cli") / "st.db"
    examples = Path(__file__).resolve().parents[1] / "examples"
    main_code = 0
    try:
        main(["--db", str(db), "analyze", str(examples)])
    except SystemExit as exc:
        main_code = exc.code or 0
    assert main_code == 0
    return db


@pytest.mark.parametrize("what", ["articles", "reuse", "quotes", "statements", "claims",
                                  "conflicts", "stories", "digests"])
def test_export_every_kind_as_jsonl_and_parquet(capsys, analyzed_db, tmp_path, what):
    import pyarrow.parquet as pq

    code, out, _ = run(capsys, "--db", str(analyzed_db), "export", "--what", what,
                       "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert records, what
    assert all("external_id" in r or "external_ids" in r for r in records)
    target = tmp_path / f"{what}.parquet"
    code, _, _ = run(capsys, "--db", str(analyzed_db), "export", "--what", what,
                     "--format", "parquet", "-o", str(target))
    assert code == 0 and pq.read_table(target).num_rows == len(records)


def test_export_stories_tsv_names_every_article_once(capsys, analyzed_db):
    code, out, _ = run(capsys, "--db", str(analyzed_db), "export", "--what", "stories")
    assert code == 0
    rows = [line.split("\t") for line in out.splitlines()]
    assert len(rows) == 16 and len({r[0] for r in rows}) == 16
    assert len({r[1] for r in rows}) == 4


@pytest.mark.parametrize("command", [["stories"], ["reuse"], ["quotes"], ["statements"],
                                     ["facts"], ["facts", "Hollis Brandvold"], ["conflicts"]])
def test_listing_commands_print_records(capsys, analyzed_db, command):
    code, out, err = run(capsys, "--db", str(analyzed_db), *command)
    assert code == 0, err
    assert len(out.splitlines()) > 3


def test_story_and_digest_commands(capsys, analyzed_db):
    from storytrace.store import Store

    with Store.open(analyzed_db, readonly=True) as store:
        story = max(store.stories(), key=lambda s: len(s.article_ids))
    code, out, _ = run(capsys, "--db", str(analyzed_db), "story", story.id[:8])
    assert code == 0 and "follow-up" in out
    code, out, _ = run(capsys, "--db", str(analyzed_db), "digest", story.id)
    assert code == 0 and "Summary" in out
    code, _, err = run(capsys, "--db", str(analyzed_db), "story", "ffffffffff")
    assert code == 2 and "no story" in err


def test_analyze_twice_says_nothing_new(capsys, analyzed_db):
    code, out, _ = run(capsys, "--db", str(analyzed_db), "analyze")
    assert code == 0 and "nothing new" in out


def test_bench_times_every_stage_on_generated_articles(capsys):
    code, out, _ = run(capsys, "bench", "--n", "40", "--seed", "3")
    assert code == 0
    for step in ("ingest", "per-article stages", "reuse", "corpus-wide stages", "stories",
                 "digests"):
        assert step in out
    assert "articles per CPU-second" in out and "peak RSS" in out
    assert "records: articles 40," in out


def test_bench_refuses_an_empty_corpus(capsys):
    code, _, err = run(capsys, "bench", "--n", "0")
    assert code == 2 and "--n must be at least 1" in err


def test_analyze_by_story_windows_gives_the_example_stories(capsys, analyzed_db, tmp_path):
    """The windowed story pass from the command line: on the example corpus (a few stories,
    weeks apart) it finds the stories the single pass finds."""
    from pathlib import Path

    from storytrace.store import Store

    examples = Path(__file__).resolve().parents[1] / "examples"
    db = tmp_path / "windows.db"
    code, out, _ = run(capsys, "--db", str(db), "analyze", "--story-window-days", "30",
                       str(examples))
    assert code == 0 and "stories" in out

    def partition(path):
        with Store.open(path, readonly=True) as store:
            return sorted(sorted(s.article_ids) for s in store.stories())

    assert partition(db) == partition(analyzed_db)
    code, _, err = run(capsys, "--db", str(tmp_path / "x.db"), "analyze",
                       "--story-window-days", "0", str(examples))
    assert code == 2 and "--story-window-days must be at least 1" in err
