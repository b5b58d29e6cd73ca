"""The `tidings` command line: one click group; each command lives in `tidings.commands.<name>`.

Commands are imported only when run, so `tidings --help` and small commands start fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from .errors import TidingsError

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

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; what it did not handle ends it with one line on stderr, not a
        traceback (TIDINGS_DEBUG=1 shows the traceback)."""
        from .commands import printable

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `tidings code ... | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except Exception as err:
            if os.environ.get("TIDINGS_DEBUG"):
                raise
            lines = str(err).strip().splitlines() or [""]
            kind = "" if isinstance(err, TidingsError) else f"{type(err).__name__}: "
            click.echo(printable(f"error: {kind}{lines[0]}"), err=True)
            sys.exit(1)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tidings")
def main() -> None:
    """tidings: who did what to whom, when and where, read from the news."""
