"""`tidings bench [CORPUS]`: words per second of the coder against the bare spaCy parse, and peak memory."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..bench import find_corpus, format_result, load_corpus, run_bench
from ..errors import InputError


@click.command("bench")
@click.argument("corpus", required=False, type=click.Path())
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--ingest", is_flag=True, help="Also time the end-to-end ingest into a temporary store.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", envvar="TIDINGS_SPACY_MODEL", help="spaCy pipeline to use.")
def command(corpus: str | None, limit: int | None, workers: int, batch_size: int, ingest: bool, fmt: str,
            model: str | None) -> None:
    """Code a corpus file or folder (default: ../shared/corpus/guardian_sample.jsonl, else the
    checkout's examples/corpus) and print words/s for the full coder and the bare spaCy parse in the
    same run, their ratio, and peak memory per worker."""
    try:
        path = find_corpus(corpus)
    except InputError as err:
        raise click.ClickException(str(err)) from None
    total = len(load_corpus(path, limit))
    click.echo(f"benchmarking {total} articles from {path} on {workers} worker(s)...", err=True)
    bar: Any = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="article", leave=False)

    def tick(phase: str, done: int) -> None:
        if bar is not None:
            bar.set_description(phase)
            bar.update(done - bar.n)

    try:
        result = run_bench(path, limit=limit, workers=workers, batch_size=batch_size, ingest=ingest,
                           model=model, tick=tick)
    finally:
        if bar is not None:
            bar.close()
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else format_result(result))
