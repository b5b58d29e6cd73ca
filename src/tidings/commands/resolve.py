"""`tidings resolve "NAME"`: the actor a name refers to at a date (name, country, sector, CAMEO
code, Wikidata id, role then), or a clear "unresolved"."""

from __future__ import annotations

import json

import click

from ..actors import Resolution, add_dictionaries, resolve
from ..errors import TidingsError

TABLE_FIELDS = ("name", "kind", "country", "sector", "cameo", "wikidata", "role", "gender", "date",
                "reason")


def _table(result: Resolution) -> str:
    shown = result.to_dict()
    lines = [f"{'query':<9} {result.query}",
             f"{'resolved':<9} {'yes' if result.resolved else 'no'}"]
    lines += [f"{key:<9} {shown[key]}" for key in TABLE_FIELDS if shown[key] is not None]
    return "\n".join(lines)


@click.command("resolve")
@click.argument("name")
@click.option("--date", "day", metavar="DATE",
              help="Date to resolve roles at: YYYY-MM-DD or any date expression ('10 May 2015', "
                   "'last March', 'today'; default: today).")
@click.option("--context", help="A sentence containing the name, for names not in the actor base.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary (TSV, YAML or PETRARCH .txt); repeatable.")
def command(name: str, day: str | None, context: str | None, fmt: str,
            actor_files: tuple[str, ...]) -> None:
    """Resolve NAME to an actor at a date. Exit status 1 when it stays unresolved, 2 when the date
    or a dictionary cannot be read."""
    try:
        if actor_files:
            add_dictionaries(actor_files)
        result = resolve(name, day, context)
    except TidingsError as err:
        click.echo(f"tidings resolve: {err}", err=True)
        raise SystemExit(2) from None
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(_table(result))
    if not result.resolved:
        raise SystemExit(1)
