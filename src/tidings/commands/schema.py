"""`tidings schema`: print the output contract, the JSON Schema every coded article follows."""

from __future__ import annotations

import click

from ..types import contract_text


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of a coded article (what `tidings code --format jsonl` prints per line)."""
    click.echo(contract_text(), nl=False)
