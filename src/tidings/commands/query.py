"""`tidings query`: events from the store by filters, or any SQL, as a table, JSON or CSV."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..store import Store
from ..store.filter import EventFilter
from ..types import MODES, PLOVER_TYPES
from . import printable

TABLE_COLUMNS = ("id", "day", "actor", "plover", "cameo", "recipient", "mode", "evidence")


def event_filter_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The store and the event filter options of `query`, `export` and `plot`: the command gets
    `db` and `where`, an EventFilter meaning what the same filter means on the web."""
    options = [
        click.option("--db", default="tidings.duckdb", show_default=True, help="The DuckDB store."),
        click.option("--actor", help="Actor: CAMEO code prefix (RUS, RUSGOV), country code or name."),
        click.option("--recipient", help="Recipient, matched like --actor."),
        click.option("--type", "plover", multiple=True, type=click.Choice(PLOVER_TYPES, case_sensitive=False),
                     help="PLOVER type (repeatable)."),
        click.option("--cameo", help="CAMEO event code prefix (19 = every ASSAULT-root code)."),
        click.option("--mode", multiple=True, type=click.Choice(MODES), help="Only these modes (repeatable)."),
        click.option("--since", "--start", "start", type=click.DateTime(["%Y-%m-%d"]),
                     help="Events on or after this day."),
        click.option("--until", "--end", "end", type=click.DateTime(["%Y-%m-%d"]),
                     help="Events on or before this day."),
        click.option("--text", help="Words in the evidence sentence or the coder's why."),
        click.option("--all-modes", "include_negated", is_flag=True,
                     help="Include negated events (left out by default)."),
    ]

    @functools.wraps(function)
    def with_filter(*, actor: str | None, recipient: str | None, plover: tuple[str, ...], cameo: str | None,
                mode: tuple[str, ...], start: datetime | None, end: datetime | None, text: str | None,
                include_negated: bool, **rest: Any) -> Any:
        where = EventFilter(actor=actor, recipient=recipient, plover=plover, cameo=cameo, mode=mode,
                            start=start.date() if start else None, end=end.date() if end else None,
                            text=text, include_negated=include_negated)
        return function(where=where, **rest)

    for option in reversed(options):
        with_filter = option(with_filter)
    return with_filter


def open_store(db: str) -> Store:
    if db != ":memory:" and not Path(db).exists():
        raise click.UsageError(f"no store at {db}: create one with `tidings ingest SOURCE --db {db}`")
    return Store.for_reading(db)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _short(value: Any, width: int) -> str:
    text = printable(" ".join(str(_plain(value) if value is not None else "-").split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    """Rows as an aligned text table, JSON lines or CSV on stdout."""
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps({c: _plain(v) for c, v in zip(columns, row, strict=True)}, ensure_ascii=False,
                                  default=str))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([[_plain(v) for v in row] for row in rows])
    else:
        cells = [[_short(v, 60) for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
        click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
        click.echo("  ".join("-" * w for w in widths))
        for row in cells:
            click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


@click.command("query")
@event_filter_options
@click.option("--sql", help="Run this SQL instead (tables: see docs/store.md).")
@click.option("--canonical", is_flag=True,
              help="List deduplicated real-world events instead (those with a report matching the filters), most reported first.")
@click.option("--limit", type=int, default=100, show_default=True, help="At most this many rows (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def command(db: str, where: EventFilter, sql: str | None, canonical: bool, limit: int, fmt: str) -> None:
    """Events from the store matching the filters (negated ones only with --all-modes or --mode)."""
    with open_store(db) as store:
        if sql:
            columns, rows = store.sql(sql)
            print_rows(columns, rows[:limit] if limit else rows, fmt)
            return
        if canonical:
            found = store.canonical_events(where, limit=limit or None)
            columns = list(found[0]) if found else ["id"]
            print_rows(columns, [list(row.values()) for row in found], fmt)
            return
        events = store.events(where, limit=limit or None)
    if fmt == "table":
        rows = [[e["id"], e["day"], e["actor_code"] or e["actor_name"] or e["actor_text"], e["plover"], e["cameo"],
                 e["recipient_code"] or e["recipient_name"] or e["recipient_text"], e["mode"], e["evidence"]]
                for e in events]
        print_rows(TABLE_COLUMNS, rows, fmt)
    else:
        columns = list(events[0]) if events else []
        print_rows(columns, [list(e.values()) for e in events], fmt)
