"""The storytrace command line: a thin layer over the importable functions.

Exit codes: 0 everything went well; 1 some inputs failed (rejected records, a store error);
2 usage error (bad option, missing path).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import InputError, StorytraceError
from .store import DEFAULT_DB, Store

if TYPE_CHECKING:
    from .pipeline import AnalyzeOptions

EXIT_CODES = "Exit codes: 0 ok, 1 some inputs failed, 2 usage error."

app = typer.Typer(
    name="storytrace",
    help="Follow one news story across many outlets: shared passages, quotes, facts, stories.\n\n"
    + EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


class _Settings:
    db: str = DEFAULT_DB
    debug: bool = False


settings = _Settings()

DbOption = Annotated[
    str | None, typer.Option("--db", help="The store file (default: ./storytrace.db).")
]


@app.callback()
def _root(
    db: Annotated[str, typer.Option("--db", help="The store file.")] = DEFAULT_DB,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    settings.db = db
    settings.debug = debug


def _open(db: str | None = None, *, readonly: bool = False) -> Store:
    return Store.open(db or settings.db, readonly=readonly)


def _parse_fields(fields: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in fields:
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            raise InputError(f"--field takes NAME=FIELD (e.g. text=story_body), not {item!r}")
        mapping[key.strip()] = value.strip()
    return mapping


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to read.")],
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for records that name none (used last).")
    ] = None,
    max_chars: Annotated[
        int, typer.Option(help="Reject articles whose text is longer than this.")
    ] = 5_000_000,
    field: Annotated[
        list[str] | None,
        typer.Option(help="Custom JSONL field name, NAME=FIELD, e.g. text=story_body. Repeatable."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Read articles (text, JSONL, HTML, WARC) into the store. Idempotent.

    Prints new / unchanged / revised / rejected counts and one line per rejected record.
    Exits 1 when any record was rejected (the others are stored).
    """
    from .ingest import ReadOptions
    from .pipeline import ingest_paths

    options = ReadOptions(outlet=outlet, max_chars=max_chars, fields=_parse_fields(field or []))
    with _open(db) as store:
        report = ingest_paths(store, paths, options, progress=_progress_enabled())
    _print_ingest_report(report)
    if report.rejected:
        raise typer.Exit(1)


def _progress_enabled() -> bool:
    return err_console.is_terminal


def _print_ingest_report(report) -> None:
    console.print(
        f"[bold]{report.new}[/] new, [bold]{report.unchanged}[/] unchanged, "
        f"[bold]{report.revised}[/] revised, [bold]{len(report.rejected)}[/] rejected "
        f"({report.files} files)"
    )
    for reason, count in sorted(report.skipped.items()):
        console.print(f"  skipped {count} × {escape(reason)}")
    for warning in report.warnings:
        console.print(f"  [yellow]warning[/] {escape(str(warning))}")
    for error in report.rejected:
        console.print(f"  [red]rejected[/] {escape(str(error))}")


@app.command("ls")
def list_articles(
    limit: Annotated[int, typer.Option(help="Show at most this many (0 = all).")] = 0,
    db: DbOption = None,
) -> None:
    """List stored articles: id, outlet, date, title, words."""
    with _open(db, readonly=True) as store:
        rows = store.article_rows(limit or None)
        total = store.count_articles()
    table = Table(title=f"{total} articles", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("outlet", overflow="fold", max_width=24)
    table.add_column("date", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("words", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            row["id"], escape(row["outlet"] or "—"), (row["published"] or "—")[:10],
            escape(row["title"] or "(no title)"), str(row["words"]),
        )
    console.print(table)


@app.command()
def show(
    article: Annotated[str, typer.Argument(help="Article id, id prefix or external id.")],
    db: DbOption = None,
) -> None:
    """Print one article with its metadata (reused spans marked once `analyze` has run)."""
    from .views import render_article

    with _open(db, readonly=True) as store:
        console.print(render_article(store, store.get_article(article)))


@app.command()
def export(
    what: Annotated[str, typer.Option(help="articles|reuse|quotes|statements|claims|"
                                            "conflicts|stories|digests")] = "articles",
    format: Annotated[
        str | None, typer.Option("--format", help="jsonl or parquet (stories: tsv default).")
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="File to write (JSONL: stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export one kind of record as JSONL or Parquet.

    `--what stories` with no --format writes `external_id<TAB>story_id` lines.
    """
    from .store.exports import EXPORT_KINDS, export_records

    if what not in EXPORT_KINDS:
        raise InputError(f"--what must be one of {', '.join(EXPORT_KINDS)}, not {what!r}")
    if format not in (None, "jsonl", "parquet"):
        raise InputError(f"--format must be jsonl or parquet, not {format!r}")
    if format == "parquet" and not output:
        raise InputError("--format parquet needs -o FILE")
    with _open(db, readonly=True) as store:
        count = export_records(store, what, format, output)
    if output:
        err_console.print(f"wrote {count} {what} to {output}")


@app.command()
def analyze(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, folders or globs to ingest first.")
    ] = None,
    engine: Annotated[str, typer.Option(help="local (default) or spark.")] = "local",
    outlet: Annotated[str | None, typer.Option(help="Outlet for records naming none.")] = None,
    input: Annotated[
        str | None, typer.Option("--input", help="Spark engine: JSONL or Parquet input (any URI).")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", help="Spark engine: folder for the Parquet tables.")
    ] = None,
    master: Annotated[str, typer.Option(help="Spark engine: the Spark master.")] = "local[*]",
    story_window_days: Annotated[int | None, typer.Option(
        help="Cluster stories window by window (this many days each; on Spark one task per "
             "window), then merge the windows: for corpora too large for one streaming pass. "
             "Default: one pass.")] = None,
    db: DbOption = None,
) -> None:
    """Ingest PATHs (if given), then run every stage on what is new since the last run.

    Stages: quotes, facts, reuse, statements, conflicts, stories, digests. Prints a summary.
    Running it twice does nothing the second time. With `--engine spark --input PATH --output
    DIR` the same stages run on Apache Spark and write Parquet tables (`storytrace import DIR`
    loads them into the store).
    """
    from .ingest import ReadOptions
    from .pipeline import AnalyzeOptions, ingest_paths
    from .pipeline import analyze as run_analysis
    from .stories.windows import WindowOptions

    if story_window_days is not None and story_window_days < 1:
        raise InputError(f"--story-window-days must be at least 1, not {story_window_days}")
    options = AnalyzeOptions(story_windows=None if story_window_days is None
                             else WindowOptions(days=story_window_days))
    if engine == "spark":
        _analyze_on_spark(input, output, master, outlet, options)
        return
    if engine != "local":
        raise InputError(f"--engine must be local or spark, not {engine!r}")
    rejected = False
    with _open(db) as store:
        if paths:
            report = ingest_paths(store, paths, ReadOptions(outlet=outlet),
                                  progress=_progress_enabled())
            _print_ingest_report(report)
            rejected = bool(report.rejected)
        result = run_analysis(store, options, progress=_progress_enabled())
    if result.did_nothing:
        console.print("nothing new to analyze")
    console.print(
        f"[bold]{result.articles}[/] articles · [bold]{result.stories}[/] stories · "
        f"[bold]{result.clusters}[/] reuse clusters · [bold]{result.statements}[/] statements · "
        f"[bold]{result.quotes}[/] quotes · [bold]{result.claims}[/] claims · "
        f"[bold]{result.conflicts}[/] conflicts"
    )
    if rejected:
        raise typer.Exit(1)


def _analyze_on_spark(input: str | None, output: str | None, master: str,
                      outlet: str | None, options: AnalyzeOptions) -> None:
    from .ingest import ReadOptions
    from .spark import run_spark

    if not input or not output:
        raise InputError("--engine spark needs --input PATH and --output DIR")
    report = run_spark(input, output, master=master, options=options,
                       read_options=ReadOptions(outlet=outlet))
    console.print(
        f"[bold]{report.articles}[/] articles, [bold]{report.rejects}[/] rejected records · "
        + " · ".join(f"{count} {kind}" for kind, count in report.counts.items())
    )
    console.print("seconds: " + ", ".join(f"{k} {v}" for k, v in report.seconds.items()))
    console.print(f"Parquet tables in {output}; `storytrace import {output}` loads them")
    if report.rejects:
        raise typer.Exit(1)


@app.command("import")
def import_spark_run(
    folder: Annotated[str, typer.Argument(help="The --output folder of a Spark run.")],
    db: DbOption = None,
) -> None:
    """Load the Parquet output of `analyze --engine spark` into the store."""
    from .spark.importer import import_run

    with _open(db) as store:
        counts = import_run(store, folder)
    console.print("imported " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@app.command("stories")
def list_stories(db: DbOption = None) -> None:
    """List stories: id, dates, articles, outlets, title."""
    from .views import stories_table

    with _open(db, readonly=True) as store:
        console.print(stories_table(store))


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id or unique prefix.")],
    db: DbOption = None,
) -> None:
    """One story: articles by date and outlet, follow-ups, reuse, who said what, facts."""
    from .views import render_story

    with _open(db, readonly=True) as store:
        console.print(render_story(store, _story(store, story_id)))


def _story(store: Store, story_id: str):
    found = store.story(story_id)
    if found is None:
        raise InputError(f"no story {story_id!r}; `storytrace stories` lists them")
    return found


@app.command()
def reuse(db: DbOption = None) -> None:
    """List reuse clusters: size, outlets, origin, first words."""
    from .views import clusters_table

    with _open(db, readonly=True) as store:
        console.print(clusters_table(store))


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option(help="Only quotes of this speaker.")] = None,
    db: DbOption = None,
) -> None:
    """List quotes by speaker, with the outlets that printed them."""
    from .views import quotes_view

    with _open(db, readonly=True) as store:
        console.print(quotes_view(store, speaker))


@app.command()
def statements(db: DbOption = None) -> None:
    """Statements rebuilt from the fragments that outlets quoted."""
    from .views import statements_view

    with _open(db, readonly=True) as store:
        console.print(statements_view(store))


@app.command()
def facts(
    person: Annotated[str | None, typer.Argument(help="A person's name (all people if none).")]
    = None,
    db: DbOption = None,
) -> None:
    """A person's timeline: born, ages over time, relations, events, with sources."""
    from .views import facts_view

    with _open(db, readonly=True) as store:
        console.print(facts_view(store, person))


@app.command()
def conflicts(db: DbOption = None) -> None:
    """Contradictions between outlets and stale facts, with the date arithmetic."""
    from .views import conflicts_view

    with _open(db, readonly=True) as store:
        console.print(conflicts_view(store))


@app.command()
def digest(
    story_id: Annotated[str, typer.Argument(help="Story id or unique prefix.")],
    db: DbOption = None,
) -> None:
    """A story's cited summary, key events and what each follow-up adds."""
    from .digest import render_digest
    from .records import Digest
    from .serialize import from_dict

    with _open(db, readonly=True) as store:
        found = _story(store, story_id)
        data = store.digest_json(found.id)
        if data is None:
            raise InputError(f"story {found.id} has no digest yet; run `storytrace analyze`")
        articles = {a.id: a for a in store.articles(ids=list(found.article_ids))}
    console.print(escape(render_digest(from_dict(Digest, data), articles)))


@app.command()
def bench(
    n: Annotated[list[int] | None, typer.Option("--n", help="Articles (repeatable).")] = None,
    workers: Annotated[int, typer.Option(help="Processes for the per-article and per-story "
                                         "stages.")] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the generated corpus.")] = 5,
) -> None:
    """Time the local engine on generated articles: ingest, then every stage, into a
    throwaway store; prints wall and CPU time per stage, articles per second, peak memory."""
    from .bench import report, run

    for size in n or [500]:
        if size < 1:
            raise InputError(f"--n must be at least 1, not {size}")
        with console.status(f"generating and analysing {size:,} articles"):
            result = run(size, seed=seed, workers=workers)
        console.print("\n".join(escape(line) for line in report(result, seed=seed,
                                                                 max_df=None)),
                      soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the story pages (read-only) at http://HOST:PORT; every page has a .json twin."""
    from .web import serve as serve_app

    path = db or settings.db
    Store.open(path, readonly=True).close()  # a clear error before the server starts
    err_console.print(f"serving {path} at http://{host}:{port}/ (Ctrl+C stops)")
    serve_app(path, host=host, port=port)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app, printing user errors as one line (tracebacks with --debug)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        app(args=args, prog_name="storytrace", standalone_mode=True)
    except StorytraceError as exc:
        if debug:
            raise
        err_console.print(f"[red]error:[/] {escape(str(exc))}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, unless --debug
        if debug:
            raise
        err_console.print(
            f"[red]internal error:[/] {type(exc).__name__}: {escape(str(exc))} "
            "(run again with --debug for the traceback)"
        )
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
