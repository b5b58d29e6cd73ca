"""`tidings eval [GOLD...]`: score the coder against gold files and print one table of metrics."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from ..eval import Miss, Report, evaluate, find_shared


def _value(value: float | None, note: str) -> str:
    if value is None:
        return "not available" if note == "not available" else "-"
    return f"{value:.3f}"


def print_table(report: Report) -> None:
    width = max([len(m.name) for m in report.metrics] + [24])
    header = f"{'metric':<{width}}  {'value':>13}  {'n':>6}  {'source':<28} note"
    click.echo(header)
    click.echo("-" * len(header))
    for metric in report.metrics:
        note = "" if metric.note == "not available" else metric.note
        click.echo(f"{metric.name:<{width}}  {_value(metric.value, metric.note):>13}  {metric.n:>6}  "
                   f"{metric.source:<28} {note}")
    for line in report.notes:
        click.echo(f"note: {line}")


def print_misses(report: Report, per_metric: int) -> None:
    grouped: dict[str, list[Miss]] = {}
    for miss in report.misses:
        grouped.setdefault(miss.metric, []).append(miss)
    for metric, misses in grouped.items():
        click.echo(f"\n== misses: {metric} (first {min(per_metric, len(misses))} of {len(misses)})")
        for miss in misses[:per_metric]:
            click.echo(f"[{miss.id}] {miss.text}\n    gold: {miss.gold}\n    pred: {miss.predicted}")


@click.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--shared", "shared_path", type=click.Path(file_okay=False, path_type=Path),
              envvar="TIDINGS_SHARED", help="The shared data folder (default: ./shared or ../shared).")
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N records of each file.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--errors", "n_errors", type=click.IntRange(min=0), default=0,
              help="List the first N misses per metric, gold against predicted.")
@click.option("--no-story", is_flag=True, help="Skip the mode/date/quote/coref/place scorers.")
def command(gold: tuple[Path, ...], shared_path: Path | None, limit: int | None, fmt: str, n_errors: int,
            no_story: bool) -> None:
    """Score the coder on GOLD files (default: the gold sets in the shared data folder).

    Metrics are defined in the docstring of tidings.eval. Exit status 2 when there is no gold data.
    """
    shared = find_shared(shared_path)
    if not gold and shared is None:
        click.echo("tidings eval: no gold data (no shared data folder with gold/ found): pass GOLD files, "
                   "--shared DIR or set TIDINGS_SHARED", err=True)
        raise SystemExit(2)
    started = time.perf_counter()
    report = evaluate(list(gold), shared=shared, limit=limit, story=not no_story)
    seconds = time.perf_counter() - started
    if fmt == "json":
        out = report.to_dict()
        out["misses"] = out["misses"] if n_errors else []
        out["seconds"] = round(seconds, 1)
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    print_table(report)
    click.echo(f"({seconds:.1f} s)")
    if n_errors:
        print_misses(report, n_errors)
