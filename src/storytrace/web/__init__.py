"""The story page: a read-only web UI over a storytrace store (FastAPI + Jinja2, served by uvicorn).

Usage::

    from storytrace.web import create_app, serve
    app = create_app("storytrace.db")      # an ASGI app (FastAPI)
    serve("storytrace.db", host="127.0.0.1", port=8000)

Pages, each with a JSON twin at the same URL plus ``.json``: ``/`` (also ``/stories``, twin
``/stories.json``), ``/story/ID``, ``/article/ID``, ``/person/NAME``. Charts are server-side
SVG; the pages need no JavaScript; every asset ships in the package.
"""

from __future__ import annotations

from .app import create_app, serve

__all__ = ["create_app", "serve"]
