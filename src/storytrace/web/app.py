"""The FastAPI application: the pages, their JSON twins, the static files and the 404 page.

The store is opened read-only, one connection per worker thread; the stories overview (what the
index sorts and searches) is computed once and recomputed only when the database file changes.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError
from ..store import Store
from ..store import web_queries as wq
from . import pages

_PACKAGE = resources.files("storytrace.web")
TEMPLATES = Path(str(_PACKAGE / "templates"))
STATIC = Path(str(_PACKAGE / "static"))
_MAX_REF = 300
_SECURITY_HEADERS = {
    # no script at all: the pages read without JavaScript, and hostile text cannot run any
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "script-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class NotFound(Exception):
    """A missing or malformed id: answered with the 404 page (or a JSON error)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class WebStore:
    """Read-only access to one store file from many threads, with the overview cached."""

    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = str(db_path)
        Store.open(self.path, readonly=True).close()  # fail early on a bad file
        self._local = threading.local()
        self._lock = threading.Lock()
        self._overview: wq.Overview | None = None
        self._overview_key: tuple[int, ...] | None = None

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.path, readonly=True)
            self._local.store = store
        return store

    def file_key(self) -> tuple[int, ...]:
        key: list[int] = []
        for suffix in ("", "-wal"):
            try:
                stat = os.stat(self.path + suffix)
                key += [stat.st_mtime_ns, stat.st_size]
            except FileNotFoundError:
                key += [0, 0]
        return tuple(key)

    def overview(self) -> wq.Overview:
        key = self.file_key()
        if self._overview is not None and self._overview_key == key:
            return self._overview
        with self._lock:
            if self._overview is None or self._overview_key != key:
                self._overview = wq.overview(self.store())
                self._overview_key = key
        return self._overview


class PageCache:
    """Rendered pages by (store version, URL): the store is read-only, so a page only changes
    when the database file does. Least recently used pages go first; a page being rendered is
    rendered once even when many requests ask for it at the same time."""

    def __init__(self, size: int, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self._bytes = 0
        self._pages: OrderedDict[Hashable, tuple[bytes, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._inflight: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], tuple[bytes, str]]) -> tuple[bytes, str]:
        if self.size <= 0:
            return make()
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            flight = self._inflight.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                if key in self._pages:
                    return self._pages[key]
            try:
                value = make()
            finally:
                with self._lock:
                    self._inflight.pop(key, None)
            with self._lock:
                if key not in self._pages and len(value[0]) <= self.max_bytes:
                    self._pages[key] = value
                    self._bytes += len(value[0])
                while self._pages and (len(self._pages) > self.size
                                       or self._bytes > self.max_bytes):
                    _, (body, _) = self._pages.popitem(last=False)
                    self._bytes -= len(body)
        return value


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "svg"], default=True),
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["plural"] = lambda n, word, many=None: (
        f"{n:,} {word}" if n == 1 else f"{n:,} {many or word + 's'}")
    env.globals["story_url"] = pages.story_url
    env.globals["article_url"] = pages.article_url
    env.globals["person_url"] = pages.person_url
    env.globals["rday"] = pages.row_day
    return env


_SAFE_REF = re.compile(r"^[^\x00-\x1f\x7f]{1,300}$")  # 300 = _MAX_REF


def _check_ref(ref: str, what: str) -> str:
    if not _SAFE_REF.match(ref):
        raise NotFound(f"{what} {ref[:40]!r} is not a valid id")
    return ref


def create_app(db_path: str, *, cache_size: int = 256) -> FastAPI:
    """The storytrace web app over the store at ``db_path`` (opened read-only; never written).

    ``cache_size`` rendered pages are kept until the database file changes (0: no cache).
    """
    data = WebStore(db_path)
    env = _environment()
    cache = PageCache(cache_size)

    def warm() -> None:  # the index's overview takes seconds on 100,000 articles: start now
        try:
            data.overview()
        except Exception:  # noqa: BLE001 - the first request reports any error itself
            pass

    threading.Thread(target=warm, name="storytrace-warm", daemon=True).start()
    app = FastAPI(title="storytrace", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.data = data
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def html(template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        body = env.get_template(template).render(**context)
        return HTMLResponse(body, status_code=status, headers=_SECURITY_HEADERS)

    def twin(payload: Any) -> JSONResponse:
        return JSONResponse(payload, headers=_SECURITY_HEADERS)

    def cached(request: Request, make: Callable[[], Response]) -> Response:
        """The page from the cache, or made (200 answers only are kept)."""
        def render() -> tuple[bytes, str]:
            response = make()
            return bytes(response.body), response.media_type or "text/html"

        key = (data.file_key(), request.url.path, request.url.query)
        body, media_type = cache.get(key, render)
        return Response(body, media_type=media_type, headers=_SECURITY_HEADERS)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": "not found", "detail": exc.what}, status_code=404,
                                headers=_SECURITY_HEADERS)
        return html("404.html", {"what": exc.what, "page_title": "Not found"}, 404)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await _not_found(request, NotFound(f"no page at {request.url.path[:80]}"))
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=_SECURITY_HEADERS)

    def _index(q: str, person: str, outlet: str, sort: str, page: int) -> tuple[Any, Any]:
        return pages.index_page(data.overview(), q=q, person=person, outlet=outlet,
                                sort=sort, page=page)

    @app.get("/stories.json")
    def index_json(request: Request, q: str = "", person: str = "", outlet: str = "",
                   sort: str = "size", page: int = 1) -> Response:
        return cached(request, lambda: twin(_index(q, person, outlet, sort, page)[1]))

    @app.get("/", response_class=HTMLResponse)
    @app.get("/stories", response_class=HTMLResponse)
    def index(request: Request, q: str = "", person: str = "", outlet: str = "",
              sort: str = "size", page: int = 1) -> Response:
        def make() -> Response:
            context, _ = _index(q, person, outlet, sort, page)
            return html("index.html", {**context, "page_title": "Stories"})
        return cached(request, make)

    def _story(story_id: str) -> Any:
        _check_ref(story_id, "story")
        story = wq.story_by_ref(data.store(), story_id)
        if story is None:
            raise NotFound(f"no story {story_id[:40]!r} in this store")
        return story

    @app.get("/story/{story_id}.json")
    def story_json(request: Request, story_id: str) -> Response:
        return cached(request, lambda: twin(
            pages.story_twin(data.store(), data.overview(), _story(story_id))))

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: str) -> Response:
        def make() -> Response:
            context = pages.story_page(data.store(), data.overview(), _story(story_id))
            return html("story.html", {**context, "page_title": context["story"].title})
        return cached(request, make)

    def _article(ref: str) -> tuple[Any, Any]:
        _check_ref(ref, "article")
        store = data.store()
        try:
            article = store.get_article(ref)
        except StoreError as exc:
            raise NotFound(f"no article {ref[:40]!r} in this store") from exc
        return pages.article_page(store, data.overview(), article)

    @app.get("/article/{ref}.json")
    def article_json(request: Request, ref: str) -> Response:
        return cached(request, lambda: twin(_article(ref)[1]))

    @app.get("/article/{ref}", response_class=HTMLResponse)
    def article(request: Request, ref: str) -> Response:
        def make() -> Response:
            context, _ = _article(ref)
            return html("article.html", {**context,
                                         "page_title": context["headline"]})
        return cached(request, make)

    def _person(name: str) -> tuple[Any, Any]:
        _check_ref(name, "person")
        found = pages.person_page(data.store(), data.overview(), name)
        if found is None:
            raise NotFound(f"nobody called {name[:40]!r} is quoted or described in this store")
        return found

    @app.get("/person/{name}.json")
    def person_json(request: Request, name: str) -> Response:
        return cached(request, lambda: twin(_person(name)[1]))

    @app.get("/person/{name}", response_class=HTMLResponse)
    def person(request: Request, name: str) -> Response:
        def make() -> Response:
            context, _ = _person(name)
            return html("person.html", {**context, "page_title": name})
        return cached(request, make)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")

    return app


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web UI over the store at ``db_path`` with uvicorn (loopback unless told)."""
    import uvicorn

    uvicorn.run(create_app(db_path), host=host, port=port, log_level="info")
