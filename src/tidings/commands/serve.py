"""`tidings serve`: the web face over an event store, on localhost by default."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("serve")
@click.option("--db", default="tidings.duckdb", show_default=True, type=click.Path(dir_okay=False),
              help="The DuckDB event store (from `tidings ingest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; 0.0.0.0 exposes the store to your network.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--read-only", is_flag=True,
              help="Never write: pasted articles are coded but cannot be stored.")
def command(db: str, host: str, port: int, read_only: bool) -> None:
    """Serve pages and a JSON API over the store DB at http://HOST:PORT/ (API docs at /docs)."""
    import duckdb
    import uvicorn

    from ..store import Store
    from ..web import create_app

    if not Path(db).exists():
        raise click.ClickException(f"{db} does not exist: run `tidings ingest SOURCE --db {db}` first")
    try:
        store = Store(db, read_only=read_only)
    except duckdb.IOException as err:
        if "lock" not in str(err).lower():
            raise
        # DuckDB lets no other process open a file, even to read, while one process writes it
        raise click.ClickException(
            f"{db} is in use by another process (a running `tidings ingest`?): wait for it to finish, "
            f"or serve a copy: cp {db} snapshot.duckdb && tidings serve --db snapshot.duckdb") from None
    with store:
        click.echo(f"tidings: serving {db} at http://{host}:{port}/ (API: http://{host}:{port}/docs)", err=True)
        uvicorn.run(create_app(store, writable=not read_only), host=host, port=port, log_level="warning")
