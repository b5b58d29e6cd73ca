"""`tidings serve`: the web face over an event store, on localhost by default, read-only unless asked."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..web.guard import MAX_BODY_BYTES

if TYPE_CHECKING:
    from ..store import Store

#: Names a client may call a server bound to loopback by; any other Host header is refused, so a
#: hostile page on a domain pointed at 127.0.0.1 (DNS rebinding) cannot read the store.
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
#: Seconds open connections get to finish after SIGTERM or Ctrl-C before they are closed.
SHUTDOWN_GRACE_SECONDS = 1


@click.command("serve")
@click.option("--db", default="tidings.duckdb", show_default=True, type=click.Path(dir_okay=False),
              help="The DuckDB event store (from `tidings ingest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; 0.0.0.0 exposes the store to your network.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--writable", is_flag=True,
              help="Let the paste box (and POST /api/code with the printed token) add articles to the store. "
                   "Without it the store is opened read-only: pasted articles are coded, never stored.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Server processes, each reading the store  [default: CPU cores; always 1 with --writable]")
@click.option("--max-body", type=click.IntRange(min=1), default=MAX_BODY_BYTES, show_default=True,
              help="Largest request body in bytes (a bigger one gets 413).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds coding one pasted article may take before the request gives up (503).")
def command(db: str, host: str, port: int, writable: bool, workers: int | None, max_body: int,
            timeout: float) -> None:
    """Serve pages and a JSON API over the store DB at http://HOST:PORT/ (API docs at /docs)."""
    import uvicorn

    from ..web.deps import SERVE_OPTIONS

    if not Path(db).exists():
        raise click.ClickException(f"{db} does not exist: run `tidings ingest SOURCE --db {db}` first")
    workers = 1 if writable else (workers or os.cpu_count() or 1)
    options = {"db": db, "writable": writable, "max_body": max_body, "code_budget": timeout,
               "allowed_hosts": list(LOOPBACK_NAMES) if host in LOOPBACK_NAMES else None}
    store = _open(db, writable)
    click.echo(f"tidings: serving {db} {'(writable)' if writable else '(read-only)'} at http://{host}:{port}/ "
               f"(API: http://{host}:{port}/docs) with {workers} worker(s)", err=True)
    server = {"host": host, "port": port, "log_level": "warning",
              "timeout_graceful_shutdown": SHUTDOWN_GRACE_SECONDS}
    if workers == 1:
        # the app (and the coder it imports) loads in the process that serves: with several
        # workers in each of them, not in this one, which only hands them the socket
        from ..web.app import create_app

        with store:
            app = create_app(store, **{k: v for k, v in options.items() if k != "db"})
            if writable:
                click.echo(f"tidings: write token (X-Tidings-Token header): {app.state.access.token.value}",
                           err=True)
            uvicorn.run(app, **server)
        return
    store.close()  # each worker process opens the store itself, read-only
    os.environ[SERVE_OPTIONS] = json.dumps(options)
    uvicorn.run("tidings.web.app:app_from_environment", factory=True, workers=workers, **server)
    # Every worker has stopped and this process holds nothing to save, but the interpreter's own
    # teardown of the libraries `tidings` imports (spaCy, torch) takes seconds: end at once, so
    # SIGTERM stops the server promptly (uvicorn's single process re-raises the signal likewise)
    sys.stdout.flush(), sys.stderr.flush()
    os._exit(0)


def _open(db: str, writable: bool) -> Store:
    """The store, read-only unless `writable`; a read-only store another process is writing is
    served as its last committed state (a snapshot copy, see `Store`)."""
    from ..errors import StoreBusy
    from ..store import Store

    try:
        store = Store(db) if writable else Store.for_reading(db)
    except StoreBusy as err:
        raise click.ClickException(f"{err}; or serve it read-only (without --writable)") from None
    if store.snapshot:
        click.echo(f"tidings: {db} is being written by another process: serving its last committed state",
                   err=True)
    return store
