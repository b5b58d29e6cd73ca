"""The web application factory: `create_app(store)` wires the HTML pages, the JSON API and static files.

Reads go through DuckDB cursors on the store's connection, one per server thread and kept for the
thread's life (a connection must not be shared between threads, and opening a cursor per request
costs more than most page queries); writes (storing a pasted article) go through the store
itself, one at a time, and only when the server was started writable (see `guard` for what
protects them).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any, TypeVar

import duckdb
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..store import Store
from ..store.queries import EventFilter
from ..types import MODES
from .guard import MAX_BODY_BYTES, BodyLimit, SecurityHeaders, WriteToken, safe_link
from .stoppable import ClientGone

PACKAGE = files("tidings.web")
T = TypeVar("T")
#: Seconds of coding one pasted article may take before the server gives up on it.
CODE_BUDGET_SECONDS = 60.0
#: The environment variable through which `tidings serve` hands its options to worker processes.
SERVE_OPTIONS = "TIDINGS_SERVE_OPTIONS"


class StoreAccess:
    """The store behind the app: per-thread read cursors, one writer at a time, and how many
    articles may be coded at once."""

    def __init__(self, store: Store, *, writable: bool = False, code_budget: float = CODE_BUDGET_SECONDS) -> None:
        self.store = store
        self.writable = writable
        self.write_lock = threading.Lock()
        self.token = WriteToken()
        self.code_budget = code_budget
        self.coding_slots = threading.BoundedSemaphore(os.cpu_count() or 1)
        self._local = threading.local()
        self.generation = 0  # bumped by every write, so what was remembered before is recomputed
        self._memo: dict[tuple[str, int], Any] = {}
        self._memo_lock = threading.Lock()

    def remembered(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` for the store as it is now, computed once per change of the store: what
        every page shows (the overview, the actor picker) must not cost a scan per request."""
        key = (name, self.generation)
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo = {k: v for k, v in self._memo.items() if k[1] == key[1]}
            self._memo[key] = value
        return value

    def wrote(self) -> None:
        """Forget what was remembered: the store changed."""
        with self._memo_lock:
            self.generation += 1

    def thread_cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor, opened on first use."""
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self.store.con.cursor()
        return cursor

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own, for work that may move between threads (a streamed download)."""
        cursor = self.store.con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()


class ThreadCursor:
    """Stands for a DuckDB cursor in request handlers: each call goes to the calling thread's own
    cursor, since FastAPI may resolve a dependency and run the handler on different threads."""

    def __init__(self, access: StoreAccess) -> None:
        self._access = access

    def execute(self, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        return self._access.thread_cursor().execute(*args, **kwargs)


def connection(request: Request) -> duckdb.DuckDBPyConnection:
    """FastAPI dependency: the read cursor of whichever thread runs the handler."""
    return ThreadCursor(request.app.state.access)  # type: ignore[return-value]


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


def one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    """`value` if it is one of `allowed`, else a 400 that lists them."""
    choices = list(allowed)
    if value not in choices:
        raise HTTPException(status_code=400, detail=f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def create_app(store: Store, *, writable: bool = False, title: str = "tidings",
               max_body: int = MAX_BODY_BYTES, code_budget: float = CODE_BUDGET_SECONDS,
               allowed_hosts: list[str] | None = None, token: str | None = None) -> FastAPI:
    """The web face over `store`.

    Read-only unless `writable`: pasted articles are then coded but never stored. Writes need
    `app.state.access.token` (or `token`, when given). Request bodies over `max_body` bytes get
    413; coding one pasted article stops after `code_budget` seconds. `allowed_hosts` (e.g.
    ["127.0.0.1", "localhost"] for a server on loopback) refuses requests naming any other host,
    so a page on a domain that resolves to 127.0.0.1 (DNS rebinding) cannot read the store.
    """
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
    app.state.access = StoreAccess(store, writable=writable, code_budget=code_budget)
    if token:
        app.state.access.token = WriteToken(token)
    templates = Jinja2Templates(directory=str(PACKAGE / "templates"))
    templates.env.globals["writable"] = writable
    templates.env.filters["safe_link"] = safe_link
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(ClientGone, _client_gone)
    app.add_middleware(BodyLimit, limit=max_body)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # added last, so it wraps the others' answers too
    return app


def app_from_environment() -> FastAPI:
    """The app of one `tidings serve --workers N` process: its options (`db` and `create_app`'s
    keywords) come as JSON in $TIDINGS_SERVE_OPTIONS; the store is opened read-only."""
    options = json.loads(os.environ[SERVE_OPTIONS])
    store = Store(options.pop("db"), read_only=True)
    return create_app(store, **{**options, "writable": False})


async def _client_gone(request: Request, exc: Exception) -> Response:
    # 499 (as nginx logs it): the client closed the connection; nobody reads this answer
    return Response(status_code=499)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tidings")
    except PackageNotFoundError:
        return "0"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    """A page from the package's templates."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
