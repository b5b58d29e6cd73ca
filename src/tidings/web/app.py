"""The web application factory: `create_app(store)` wires the HTML pages, the JSON API and static files.

Every request reads through its own cursor on the store's DuckDB connection (a connection must
not be shared between the server's worker threads); writes (storing a pasted article) go
through the store itself, one at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

import duckdb
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..store import Store
from ..types import MODES
from .queries import EventFilter

PACKAGE = files("tidings.web")


class StoreAccess:
    """The store behind the app: per-request read cursors, and one writer at a time."""

    def __init__(self, store: Store, *, writable: bool = True) -> None:
        self.store = store
        self.writable = writable
        self.write_lock = threading.Lock()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cursor = self.store.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """FastAPI dependency: a read cursor for this request."""
    with request.app.state.access.cursor() as cursor:
        yield cursor


def event_filter(
    actor: str | None = Query(None, description="Actor: country code (RUS), CAMEO code or prefix (RUSGOV), or name."),
    recipient: str | None = Query(None, description="Recipient, matched like `actor`."),
    plover: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT."),
    cameo: str | None = Query(None, description="CAMEO event code, e.g. 190."),
    mode: str | None = Query(None, description=f"Only this mode: {', '.join(MODES)}."),
    start: str | None = Query(None, description="First day (YYYY-MM-DD), inclusive."),
    end: str | None = Query(None, description="Last day (YYYY-MM-DD), inclusive."),
    text: str | None = Query(None, description="Substring of the evidence sentence or the coder's `why`."),
    article: str | None = Query(None, description="Only events of this article id."),
    canonical: str | None = Query(None, description="Only the reports of this real-world (canonical) event id."),
    include_negated: bool = Query(False, description="Also show negated events (\"did not attack\")."),
) -> EventFilter:
    """FastAPI dependency: the event filter from the query string (blank fields mean no filter)."""
    try:
        return EventFilter.from_params(locals())
    except ValueError as err:
        raise HTTPException(status_code=400, detail=str(err)) from None


def create_app(store: Store, *, writable: bool = True, title: str = "tidings") -> FastAPI:
    """The web face over `store`. With `writable=False` pasted articles are coded but never stored."""
    from . import api, pages

    app = FastAPI(
        title=title,
        summary="Political events (PLOVER/CAMEO) read from the news: articles, events, dyads, networks.",
        description="HTML pages for people and a JSON API (under /api) for programs. "
                    "See docs/web.md for a guide.",
        version=_version(),
        docs_url=None,  # FastAPI's Swagger page loads its scripts from a CDN; /docs is ours, offline
        redoc_url=None,
    )
    app.state.access = StoreAccess(store, writable=writable)
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.globals["writable"] = writable
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tidings")
    except PackageNotFoundError:
        return "0"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    """A page from the package's templates."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
