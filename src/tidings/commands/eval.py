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
@click.option("--cv", "cv_folds", type=click.IntRange(min=2),
              help="Cross-validate the learned reader: train on K-1 folds of the shared gold, score the K-th.")
@click.option("--cv-seed", type=int, default=13, show_default=True, help="The seed that fixes the folds.")
@click.option("--cv-models", type=click.Path(file_okay=False, path_type=Path),
              help="Keep each fold's weights here, and load those already there instead of training.")
@click.option("--cv-device", default="cpu", show_default=True,
              help='Where torch trains the fold models ("cuda": faster, not bit for bit the CPU run).')
def command(gold: tuple[Path, ...], shared_path: Path | None, limit: int | None, fmt: str, n_errors: int,
            no_story: bool, cv_folds: int | None, cv_seed: int, cv_models: Path | None, cv_device: str) -> None:
    """Score the coder on GOLD files (default: the gold sets in the shared data folder).

    Metrics are defined in the docstrings of tidings.eval and (--cv) tidings.eval.model. Exit status 2
    when there is no gold data.
    """
    shared = find_shared(shared_path)
    if cv_folds:
        cross_validate(shared, cv_folds, cv_seed, cv_models, fmt, cv_device)
        return
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


def cross_validate(shared: Path | None, folds: int, seed: int, models: Path | None, fmt: str, device: str) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        click.echo("--cv trains models: it needs the train extra (pip install 'tidings[train]')", err=True)
        raise SystemExit(2) from None
    if shared is None:
        click.echo("--cv needs the shared data folder (--shared DIR or TIDINGS_SHARED)", err=True)
        raise SystemExit(2)
    from ..eval.model import cross_validate as run, summary

    started = time.perf_counter()
    rows = summary(run(shared, folds, seed=seed, models=models, log=lambda line: click.echo(line, err=True),
                       device=device))
    if fmt == "json":
        click.echo(json.dumps([{"metric": m, "mean": mean, "sd": sd, "n": n} for m, mean, sd, n in rows], indent=2))
        return
    width = max(len(m) for m, *_ in rows)
    click.echo(f"{'metric':<{width}}  {'mean':>6}  {'sd':>6}  {'n':>6}   ({folds}-fold CV, seed {seed})")
    for metric, mean, sd, n in rows:
        click.echo(f"{metric:<{width}}  {mean:6.3f}  {sd:6.3f}  {n:6d}")
    click.echo(f"({time.perf_counter() - started:.0f} s)")
