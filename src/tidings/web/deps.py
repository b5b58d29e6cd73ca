"""Request dependencies the routers share: the store behind the app (per-thread cursors, the
writer's lock, the write token), the event filter from the query string, and page rendering.

`app` builds the application and includes the routers; the routers take what they need from
here, never from `app`, so the modules import one way: app → api, pages → deps.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import duckdb
from fastapi import HTTPException, Query, Request

from ..store import Store
from ..store.filter import EventFilter
from ..types import MODES
from .guard import WriteToken

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

    def sql(self, *args: Any, **kwargs: Any) -> duckdb.DuckDBPyRelation:
        return self._access.thread_cursor().sql(*args, **kwargs)

    def abort(self) -> None:
        self._access.thread_cursor().abort()

    def register(self, name: str, table: Any) -> duckdb.DuckDBPyConnection:
        return self._access.thread_cursor().register(name, table)

    def unregister(self, name: str) -> duckdb.DuckDBPyConnection:
        return self._access.thread_cursor().unregister(name)


def connection(request: Request) -> duckdb.DuckDBPyConnection:
    """FastAPI dependency: the read cursor of whichever thread runs the handler."""
    return ThreadCursor(request.app.state.access)  # type: ignore[return-value]


def event_filter(
    actor: str | None = Query(None, description="Actor: country code (RUS), CAMEO code or prefix (RUSGOV), or name."),
    recipient: str | None = Query(None, description="Recipient, matched like `actor`."),
    plover: list[str] | None = Query(None, description="PLOVER event type, e.g. ASSAULT (repeat for several)."),
    cameo: str | None = Query(None, description="CAMEO event code or its prefix: 19 is every ASSAULT-root code."),
    mode: list[str] | None = Query(None, description=f"Only this mode (repeat for several): {', '.join(MODES)}."),
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


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    """A page from the package's templates."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)
