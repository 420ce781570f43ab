"""The web UI through FastAPI's TestClient: every page, its JSON twin, 404s, search and sort."""

from __future__ import annotations

import html
import os
import re
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx2.*")
pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from storytrace.web import create_app  # noqa: E402
from storytrace.web.sample import HOSTILE, HOSTILE_TITLE, SampleIds, write_sample_store  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleIds]:
    path = tmp_path_factory.mktemp("web") / "sample.db"
    return path, write_sample_store(path)


@pytest.fixture(scope="module")
def client(sample: tuple[Path, SampleIds]) -> TestClient:
    return TestClient(create_app(str(sample[0])))


@pytest.fixture(scope="module")
def ids(sample: tuple[Path, SampleIds]) -> SampleIds:
    return sample[1]


def _text(page: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities decoded, spaces squeezed."""
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_index_lists_stories_with_counts_and_sparklines(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Mara Quill is expecting her third child" in text
    assert "Port Alder bridge closed for repairs" in text
    assert "3 stories told across 7 articles" in text
    assert page.text.count('<svg class="spark"') == 3
    assert "2 conflicts" in text
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_index_json_twin(client: TestClient, ids: SampleIds) -> None:
    data = client.get("/stories.json").json()
    assert data["total"] == 3
    first = data["stories"][0]
    assert first["id"] == ids.quill_story and first["size"] == 4
    assert first["conflicts"] == 2
    assert set(first["outlets"]) == {"Harbor Ledger", "Daily Lantern", "Northgate Courier"}
    assert first["url"] == f"/story/{ids.quill_story}"


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "bridge"}, ["Port Alder bridge closed for repairs"]),
    ({"q": "rowan"}, ["Mara Quill is expecting her third child"]),  # an article headline
    ({"person": "Mara Quill"}, ["Mara Quill is expecting her third child", "Lowtide reissue"]),
    ({"person": "okafor"}, ["Port Alder bridge closed for repairs"]),
    ({"outlet": "bayside"}, ["Port Alder bridge closed for repairs"]),
    ({"q": "no such words anywhere"}, []),
])
def test_search(client: TestClient, query: dict[str, str], expected: list[str]) -> None:
    data = client.get("/stories.json", params=query).json()
    assert [s["title"] for s in data["stories"]] == expected
    page = client.get("/", params=query)
    assert page.status_code == 200
    for title in expected:
        assert title in _text(page.text)
    if not expected:
        assert "No story matches" in page.text


@pytest.mark.parametrize(("sort", "first_title"), [
    ("size", "Mara Quill is expecting her third child"),
    ("recent", "Mara Quill is expecting her third child"),  # last article 28 Aug 2025
    ("outlets", "Mara Quill is expecting her third child"),
    ("conflicts", "Mara Quill is expecting her third child"),
])
def test_sort_orders(client: TestClient, sort: str, first_title: str) -> None:
    stories = client.get("/stories.json", params={"sort": sort}).json()["stories"]
    assert stories[0]["title"] == first_title
    if sort == "recent":
        assert [s["title"] for s in stories][1:] == ["Lowtide reissue",
                                                     "Port Alder bridge closed for repairs"]
    if sort == "size":
        assert [s["size"] for s in stories] == [4, 2, 1]


def test_bad_sort_and_page_fall_back(client: TestClient) -> None:
    data = client.get("/stories.json", params={"sort": "nonsense", "page": 99}).json()
    assert data["query"]["sort"] == "size" and data["page"] == 1


def test_story_page_shows_everything(client: TestClient, ids: SampleIds) -> None:
    page = client.get(f"/story/{ids.quill_story}")
    assert page.status_code == 200
    text = _text(page.text)
    # the articles, from three outlets, and the follow-up
    for title in ("Mara Quill is expecting her third child",
                  "Mara Quill and Tobias Wren expecting baby number three",
                  "Pop star Mara Quill pregnant with third child",
                  "Mara Quill and Tobias Wren welcome son Rowan"):
        assert title in text
    assert "follow-up 1" in text and "Follow-up 1" in page.text  # table badge and timeline
    # timeline: one lane per outlet, a dot per article
    svg = re.search(r'<svg class="timeline".*?</svg>', page.text, flags=re.S).group(0)
    assert svg.count('class="dot"') == 4
    assert all(f">{o}</text>" in svg for o in ("Harbor Ledger", "Daily Lantern",
                                                 "Northgate Courier"))
    assert "months later" in svg
    # the rebuilt statement, fragments linking to the articles that quoted them
    rebuilt = re.search(r'<blockquote class="rebuilt">(.*?)</blockquote>', page.text, re.S)
    assert html.unescape(re.sub(r"<[^>]+>", "", rebuilt.group(1))) == (
        "We are over the moon and a little terrified, honestly. Juniper has already picked "
        "out a name for the baby.")
    assert page.text.count('class="frag"') >= 3
    assert f'href="/article/{ids.ledger}#q-' in page.text
    assert "1 wording difference" in text
    assert "<ins>bit</ins>" in page.text and "<del>little</del>" in page.text
    # quotes grouped by speaker
    assert "Quotes by speaker" in text and "Tobias Wren" in text
    # reused passage side by side with differences, origin named
    assert "Origin: Harbor Ledger" in text
    assert "<del>their </del>" in page.text
    # facts: conflict with the arithmetic, stale fact, digest
    assert "the ranges do not overlap" in text
    assert page.text.count('class="conflict-row"') >= 3
    assert "Stale facts" in text and "makes her 35 on 28 Aug 2025" in text
    assert "In brief" in text and "Son Rowan is born" in text
    assert "What later articles added" in text


def test_story_json_twin(client: TestClient, ids: SampleIds) -> None:
    data = client.get(f"/story/{ids.quill_story}.json").json()
    assert data["story"]["id"] == ids.quill_story
    assert len(data["articles"]) == 4
    assert data["statements"][0]["id"] == ids.statement
    assert len(data["statements"][0]["fragments"]) == 5
    assert {c["kind"] for c in data["conflicts"]} == {"contradiction", "stale"}
    assert len(data["reuse_clusters"]) == 1 and len(data["reuse_clusters"][0]["members"]) == 3
    assert data["digest"]["story_id"] == ids.quill_story
    assert len(data["quotes"]) == 7


def test_story_by_id_prefix(client: TestClient, ids: SampleIds) -> None:
    assert client.get(f"/story/{ids.quill_story[:6]}").status_code == 200


def test_article_page_marks_quotes_reuse_and_claims(client: TestClient, ids: SampleIds) -> None:
    page = client.get(f"/article/{ids.lantern}")
    assert page.status_code == 200
    body = page.text
    assert 'class="quote" title="Mara Quill — adding"' in body
    assert f'class="reuse" href="/article/{ids.ledger}#r-' in body  # the origin copy
    assert 'class="claim" title="Mara Quill: born = 1990-06-02"' in body
    assert 'id="q-' in body and 'id="r-' in body and 'id="c-' in body
    assert "Mara Quill is expecting her third child" in _text(body)  # link to the story
    # the marked-up text reads exactly as the stored text
    article = re.search(r'<article class="card article-text">(.*?)</article>', body, re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", "", article.group(1)))
    assert plain == client.get(f"/article/{ids.lantern}.json").json()["article"]["text"]


def test_article_json_twin(client: TestClient, ids: SampleIds) -> None:
    data = client.get(f"/article/{ids.courier}.json").json()
    assert data["article"]["outlet"] == "Northgate Courier"
    assert data["story_id"] == ids.quill_story
    assert [q["text"] for q in data["quotes"]] == [
        "We are over the moon,", "has already picked out a name for the baby."]
    assert data["claims"][0]["value"] == "31"
    text = data["article"]["text"]
    for quote in data["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]


def test_article_by_external_id(client: TestClient) -> None:
    assert client.get("/article/ledger-0828").status_code == 200


def test_person_page_and_twin(client: TestClient) -> None:
    page = client.get("/person/Mara%20Quill")
    assert page.status_code == 200
    text = _text(page.text)
    assert "What each outlet says about Mara Quill" in text
    assert "Northgate Courier" in text and "age: 31" in text
    assert "Rowan arrived a little early" in text
    assert "the ranges do not overlap" in text
    data = client.get("/person/Mara%20Quill.json").json()
    assert data["name"] == "Mara Quill"
    assert {s["title"] for s in data["stories"]} == {
        "Mara Quill is expecting her third child", "Lowtide reissue"}
    assert len(data["quotes"]) == 7 and len(data["claims"]) == 7


@pytest.mark.parametrize("url", [
    "/story/doesnotexist", "/article/doesnotexist", "/person/Nobody%20Here", "/nowhere",
    "/story/%00%01", "/article/" + "x" * 400, "/story/%25",
])
def test_missing_or_malformed_ids_are_404_pages(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 404
    assert "Nothing here" in page.text and "Traceback" not in page.text
    assert page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("url", ["/story/nope.json", "/article/nope.json", "/person/Nobody.json"])
def test_missing_ids_in_json_twins_are_json_404s(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 404
    assert answer.json()["error"] == "not found"


def test_hostile_article_is_escaped(client: TestClient, ids: SampleIds) -> None:
    page = client.get(f"/article/{ids.hostile}")
    assert page.status_code == 200
    body = page.text
    for raw in ("<script>", "<img src=x", '<a href="javascript:', "<b>repairs</b>"):
        assert raw not in body
    text = _text(body)
    assert "<script>window.__pwned = 1; document.title = 'pwned';</script>" in text
    assert HOSTILE_TITLE in text
    assert 'href="javascript:' not in body  # the javascript: URL is shown, never linked
    # the same text reaches the story page's quotes escaped too
    story = client.get(f"/story/{ids.bridge_story}").text
    assert "<b>repairs</b>" not in story and "&lt;b&gt;repairs&lt;/b&gt;" in story
    assert client.get(f"/article/{ids.hostile}.json").json()["article"]["text"] == HOSTILE


def test_static_css_ships_in_the_package(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ".timeline" in css.text


def test_server_never_writes_the_store(sample: tuple[Path, SampleIds], ids: SampleIds) -> None:
    path = sample[0]
    before = {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir()
              if p.name.startswith(path.name) and not p.name.endswith("-shm")}
    app = create_app(str(path))
    assert app.state.data.store().readonly
    with TestClient(app) as local:
        for url in ("/", f"/story/{ids.quill_story}", f"/article/{ids.ledger}",
                    "/person/Mara%20Quill"):
            assert local.get(url).status_code == 200
    after = {p.name: p.stat().st_mtime_ns for p in path.parent.iterdir()
             if p.name.startswith(path.name) and not p.name.endswith("-shm")}
    assert before == after


def test_overview_refreshes_when_the_store_changes(tmp_path: Path) -> None:
    from storytrace.store import Store

    path = tmp_path / "s.db"
    ids = write_sample_store(path)
    local = TestClient(create_app(str(path)))
    assert local.get("/stories.json").json()["total"] == 3
    with Store.open(path) as store, store.atomic() as con:
        con.execute("DELETE FROM stories WHERE id = ?", (ids.reissue_story,))
    os.utime(path)  # the WAL may hold the change: the key covers both files anyway
    assert local.get("/stories.json").json()["total"] == 2


def test_bad_store_path_fails_early(tmp_path: Path) -> None:
    from storytrace.errors import StoreError

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "missing.db"))
