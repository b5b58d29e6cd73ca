"""`tidings export --format plover-jsonl|gdelt-tsv|parquet|csv`: the store's events for other tools."""

from __future__ import annotations

import click

from ..export import FORMATS, export, why_empty
from ..store.filter import EventFilter
from .query import event_filter_options, open_store


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="plover-jsonl: PLOVER field names; gdelt-tsv: GDELT 2.0 event table, one row per real event.")
@click.option("--out", type=click.Path(dir_okay=False), help="Output file [default: stdout; parquet needs one].")
@event_filter_options
def command(fmt: str, out: str | None, db: str, where: EventFilter) -> None:
    """Export events matching the filters (gdelt-tsv: only actual/historical ones unless --all-modes)."""
    if fmt == "parquet" and not out:
        raise click.UsageError("--format parquet needs --out FILE")
    with open_store(db) as store:
        count = export(store, fmt, out, where)
        reason = why_empty(store, fmt, where) if count == 0 else ""
    if out:
        click.echo(f"wrote {count} rows to {out}" + (f": {reason}" if reason else ""), err=True)
    elif reason:
        click.echo(f"no rows: {reason}", err=True)
