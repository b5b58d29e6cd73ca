"""`tidings plot dyad A B` and `tidings plot network`: pictures from the store without a server."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .query import event_filter_options, open_store

if TYPE_CHECKING:
    from ..store.filter import EventFilter


def _with_filters(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--every-report", is_flag=True,
                            help="Count every article's report of an event, not each real-world event once.")(function)
    return event_filter_options(function)


@click.group("plot")
def command() -> None:
    """Draw a dyad's timeline or the actor network from the store to an image file."""


@command.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Image file; the suffix picks the format (png, svg, pdf).")
@click.option("--period", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@_with_filters
def dyad(a: str, b: str, out: str, period: str, db: str, where: EventFilter, every_report: bool) -> None:
    """Events and mean Goldstein per PERIOD between actors A and B, both directions."""
    from ..plot import plot_dyad
    from ..store.queries import dyad_series

    with open_store(db) as store:
        series = dyad_series(store.con, a, b, period=period, where=where, dedupe=not every_report)
    plot_dyad(series, out)
    total = sum(v.events for v in (*series.forward, *series.backward))
    click.echo(f"{out}: {total} dated events between {a} and {b} over {len(series.periods())} {period}s", err=True)


@command.command("network")
@click.option("--out", required=True, type=click.Path(dir_okay=False),
              help="Image file; the suffix picks the format (png, svg, pdf).")
@click.option("--key", type=click.Choice(["country", "cameo", "name"]), default="country", show_default=True,
              help="What makes a node: the actor's country, CAMEO code or name.")
@click.option("--min-events", type=int, default=1, show_default=True, help="Drop weaker edges.")
@click.option("--max-nodes", type=int, default=30, show_default=True, help="Keep the busiest actors.")
@_with_filters
def network(out: str, key: str, min_events: int, max_nodes: int, db: str, where: EventFilter,
            every_report: bool) -> None:
    """Actors as nodes, actor → recipient edges coloured by mean Goldstein."""
    from ..plot import plot_network
    from ..store.queries import network as build_network

    with open_store(db) as store:
        graph = build_network(store.con, where=where, key=key, min_events=min_events, max_nodes=max_nodes,
                              dedupe=not every_report)
    plot_network(graph, out)
    click.echo(f"{out}: {len(graph.nodes)} actors, {len(graph.edges)} edges", err=True)
