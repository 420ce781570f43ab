"""The story page in a real browser: Playwright for Python driving Debian's Chromium.

Skipped (with the reason) when /usr/bin/chromium or the playwright package is missing; a
browser is never downloaded at test time. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
ARTIFACTS = REPO / "test-artifacts"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium package to run the browser "
                "tests (apt-get install chromium)", allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api",
                                      reason="the playwright package is not installed")
uvicorn = pytest.importorskip("uvicorn")

from storytrace.web import create_app  # noqa: E402
from storytrace.web.sample import SampleIds, write_sample_store  # noqa: E402


class _Server:
    """uvicorn on a free loopback port, in a thread, for the duration of a fixture."""

    def __init__(self, db_path: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        config = uvicorn.Config(create_app(str(db_path)), host="127.0.0.1", port=self.port,
                                log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleIds]:
    path = tmp_path_factory.mktemp("browser") / "sample.db"
    return path, write_sample_store(path)


@pytest.fixture(scope="module")
def sample_url(sample: tuple[Path, SampleIds]) -> Iterator[str]:
    with _Server(sample[0]) as url:
        yield url


@pytest.fixture(scope="module")
def seeds_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (a plain clone has no ../shared)")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    run = subprocess.run(
        [sys.executable, "-m", "storytrace", "--db", str(db), "analyze", str(SEEDS)],
        capture_output=True, text=True, timeout=300,
    )
    if run.returncode != 0:
        pytest.skip("`storytrace analyze` is not available or failed on the seeds: "
                    + (run.stderr or run.stdout).strip()[-300:])
    with _Server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # a loaded 2-core CI machine can be slow to serve and render: generous waits, not flakes
    page.set_default_timeout(60_000)
    playwright_sync.expect.set_options(timeout=30_000)
    yield page
    # a route handler still fetching when the context closes must not fail the teardown
    page.unroute_all(behavior="ignoreErrors")
    context.close()
    assert not errors, errors


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)  # type: ignore[attr-defined]


def _check_story_page(page: object, expected_articles: int, conflicts: bool = True) -> None:
    expect = playwright_sync.expect
    expect(page.locator("table.articles tbody tr")).to_have_count(expected_articles)
    expect(page.locator("svg.timeline")).to_be_visible()
    expect(page.locator("svg.timeline circle.dot")).to_have_count(expected_articles)
    rebuilt = page.locator("blockquote.rebuilt").first
    expect(rebuilt).to_be_visible()
    assert len(rebuilt.inner_text()) > 40
    if conflicts:
        rows = page.locator("table.conflicts tr.conflict-row")
        assert rows.count() >= 1
        expect(rows.first).to_be_visible()
        expect(rows.first.locator("td.arith")).not_to_be_empty()


def test_sample_story_page(page: object, sample_url: str, sample: tuple[Path, SampleIds]) -> None:
    ids = sample[1]
    page.goto(f"{sample_url}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Mara Quill is expecting her third child").first.click()  # type: ignore[attr-defined]
    page.wait_for_url(f"**/story/{ids.quill_story}")  # type: ignore[attr-defined]
    _check_story_page(page, 4)
    expect = playwright_sync.expect
    expect(page.locator("blockquote.rebuilt").first).to_contain_text(
        "We are over the moon and a little terrified, honestly.")
    expect(page.locator("tr.conflict-row td.arith").first).to_contain_text(
        "the ranges do not overlap")
    expect(page.locator("svg.timeline")).to_contain_text("Follow-up 1")
    _shot(page, "story-sample.png")
    # click a fragment of the statement: it opens the article that quoted it, at the quote
    fragment = page.locator("blockquote.rebuilt a.frag").first
    href = fragment.get_attribute("href")
    fragment.click()
    page.wait_for_url(f"**{href}")  # type: ignore[attr-defined]
    expect(page.locator("article.article-text")).to_be_visible()
    expect(page.locator(f"#{href.split('#')[1]}")).to_be_attached()
    expect(page.locator("article.article-text .quote").first).to_have_attribute(
        "title", "Mara Quill — said in a statement")
    _shot(page, "article-sample.png")


def test_seeds_story_page(page: object, seeds_url: str) -> None:
    page.goto(f"{seeds_url}/")  # type: ignore[attr-defined]
    page.locator(".story-list h2 a").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/story/*")  # type: ignore[attr-defined]
    twin = page.request.get(page.url + ".json").json()  # type: ignore[attr-defined]
    size = len(twin["articles"])
    if size != 3:  # the stories stage decides; the page must show what it decided
        warnings.warn(f"the seeds' biggest story has {size} articles, not 3", stacklevel=1)
    contradictions = any(c["kind"] == "contradiction" for c in twin["conflicts"])
    _check_story_page(page, size, conflicts=contradictions)
    _shot(page, "story-seeds.png")
    fragment = page.locator("blockquote.rebuilt a.frag").first  # type: ignore[attr-defined]
    href = fragment.get_attribute("href")
    fragment.click()
    page.wait_for_url(f"**{href}")  # type: ignore[attr-defined]
    playwright_sync.expect(page.locator("article.article-text")).to_be_visible()
    _shot(page, "article-seeds.png")


def _without_csp(route: object) -> None:
    response = route.fetch()  # type: ignore[attr-defined]
    headers = {k: v for k, v in response.headers.items()
               if k.lower() != "content-security-policy"}
    route.fulfill(response=response, headers=headers)  # type: ignore[attr-defined]


@pytest.mark.parametrize("csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_hostile_article_runs_nothing_and_shows_literally(
    page: object, sample_url: str, sample: tuple[Path, SampleIds], csp: bool,
) -> None:
    ids = sample[1]
    if not csp:  # prove the escaping holds even without the Content-Security-Policy
        page.route("**/*", _without_csp)  # type: ignore[attr-defined]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    page.goto(f"{sample_url}/article/{ids.hostile}")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    text = page.locator("article.article-text")  # type: ignore[attr-defined]
    expect = playwright_sync.expect
    expect(text).to_contain_text("<script>window.__pwned = 1; document.title = 'pwned';</script>")
    expect(text).to_contain_text('<img src=x onerror="window.__pwned = 2;')
    expect(text).to_contain_text('<a href="javascript:window.__pwned=3">click here</a>')
    expect(page.locator("h1")).to_have_text("<script>document.title='pwned'</script>Bridge update")  # type: ignore[attr-defined]
    # click where the hostile link would be: it is text, not a link
    page.get_by_text("click here", exact=False).first.click()  # type: ignore[attr-defined]
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    assert page.title() != "pwned" and page.title().startswith("<script>")  # type: ignore[attr-defined]
    assert page.locator("article.article-text img, article.article-text script").count() == 0  # type: ignore[attr-defined]
    assert page.locator("a[href^='javascript:']").count() == 0  # type: ignore[attr-defined]
    assert dialogs == []
    # the story page carries the hostile quote, escaped too
    page.goto(f"{sample_url}/story/{ids.bridge_story}")  # type: ignore[attr-defined]
    expect(page.locator("#quotes")).to_contain_text("The <b>repairs</b> are overdue")
    assert page.evaluate("typeof window.__pwned") == "undefined"  # type: ignore[attr-defined]
    if csp:
        _shot(page, "story-hostile.png")
