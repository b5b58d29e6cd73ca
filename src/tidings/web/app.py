"""The web application factory: `create_app(store)` wires the HTML pages, the JSON API and static files.

Reads go through DuckDB cursors on the store's connection, one per server thread and kept for the
thread's life (a connection must not be shared between threads, and opening a cursor per request
costs more than most page queries); writes (storing a pasted article) go through the store
itself, one at a time, and only when the server was started writable (see `guard` for what
protects them). Both live in `deps.StoreAccess`, which the routers reach through `deps`.
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..store import Store
from .api import router as api_router
from .deps import CODE_BUDGET_SECONDS, SERVE_OPTIONS, StoreAccess
from .guard import MAX_BODY_BYTES, BodyLimit, SecurityHeaders, WriteToken, safe_link
from .pages import router as pages_router
from .response_cache import Answers, ResponseCache
from .stoppable import ClientGone

PACKAGE = files("tidings.web")


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
    app.include_router(api_router)
    app.include_router(pages_router)
    app.add_exception_handler(ClientGone, _client_gone)
    app.state.answers = Answers()
    app.add_middleware(ResponseCache, answers=app.state.answers)  # innermost: what it keeps has passed the host and body checks
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
    try:
        return version("tidings")
    except PackageNotFoundError:
        return "0"
