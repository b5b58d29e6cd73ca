"""The `tidings` command line: one click group; each command lives in `tidings.commands.<name>`.

Commands are imported only when run, so `tidings --help` and small commands start fast.
"""

from __future__ import annotations

import importlib

import click

COMMANDS = ("bench", "code", "eval", "export", "ingest", "plot", "query", "resolve", "schema", "serve")


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        try:
            module = importlib.import_module(f"tidings.commands.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"tidings.commands.{name}":
                return None
            raise
        command: click.Command = module.command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tidings")
def main() -> None:
    """tidings: who did what to whom, when and where, read from the news."""
