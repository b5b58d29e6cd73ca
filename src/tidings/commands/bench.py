"""`tidings bench [CORPUS]`: words per second of the coder against the bare spaCy parse, and peak memory."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..bench import find_corpus, format_result, load_corpus, run_bench
from ..errors import InputError
from ..eval import find_shared


@click.command("bench")
@click.argument("corpus", required=False, type=click.Path())
@click.option("--limit", type=int, help="Only the first N articles.")
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--ingest", is_flag=True, help="Also time the end-to-end ingest into a temporary store.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="With --ingest: dask also times the ingest on a Dask LocalCluster of as many processes.")
@click.option("--gold", "with_gold", is_flag=True,
              help="Also count the events the candidate filter loses on the gold sentences of ../shared/gold.")
@click.option("--rules-alone", is_flag=True,
              help="Also time the coder with the learned reader switched off (what the reader costs).")
@click.option("--cold-starts", type=click.IntRange(0, 20), default=3, show_default=True,
              help="Also time `tidings code` on one short article in this many new processes (median).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--model", envvar="TIDINGS_SPACY_MODEL", help="spaCy pipeline to use.")
@click.option("--web", "web_db", type=click.Path(exists=True, dir_okay=False), metavar="STORE",
              help="Instead: serve this store (`tidings serve --workers WORKERS`, loopback) and print p50/p95 "
                   "per page and API route under concurrent clients, and the rows/s of a full CSV download.")
@click.option("--clients", type=click.IntRange(1, 500), default=50, show_default=True,
              help="With --web: concurrent clients.")
@click.option("--seconds", type=click.FloatRange(0.5, 600), default=10.0, show_default=True,
              help="With --web: how long the clients run.")
@click.option("--fresh", is_flag=True,
              help="With --web: every request asks something new (a parameter the server ignores), so no answer "
                   "comes from the server's memory: what computing every answer anew costs.")
def command(corpus: str | None, limit: int | None, workers: int, batch_size: int, ingest: bool, engine: str,
            with_gold: bool, rules_alone: bool, cold_starts: int, fmt: str, model: str | None, web_db: str | None, clients: int, seconds: float,
            fresh: bool) -> None:
    """Code a corpus file or folder (default: ../shared/corpus/guardian_sample.jsonl, else the
    checkout's examples/corpus) and print words/s for the coder, the coder parsing every sentence
    and the bare spaCy parse in the same run, their ratios, the share of sentences the coder parsed,
    the events its candidate filter lost, peak memory per worker, and the cold start of `tidings code`. With --web STORE: the web
    face's latency per route instead."""
    if web_db:
        from ..web.bench import bench_store, format_load

        click.echo(f"benchmarking the web face over {web_db}: {clients} clients for {seconds:g} s, "
                   f"{workers} server worker(s){', every request fresh' if fresh else ''}...", err=True)
        result, download = bench_store(web_db, workers=workers, clients=clients, seconds=seconds, fresh=fresh)
        if fmt == "json":
            rows_seconds = {"rows": download[0], "seconds": round(download[1], 2)} if download else None
            click.echo(json.dumps({**result.to_dict(), "csv_download": rows_seconds}, indent=2))
        else:
            click.echo(format_load(result, download))
        return
    try:
        path = find_corpus(corpus)
    except InputError as err:
        raise click.ClickException(str(err)) from None
    if engine == "dask" and not ingest:
        raise click.UsageError("--engine dask times the ingest: add --ingest")
    gold = None
    if with_gold:
        shared = find_shared()
        if shared is None:
            raise click.ClickException("--gold: no shared folder with gold/ found (set TIDINGS_SHARED)")
        gold = shared / "gold"
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
                           engine=engine, gold=gold, model=model, rules_alone=rules_alone,
                           cold_starts=cold_starts, tick=tick)
    finally:
        if bar is not None:
            bar.close()
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else format_result(result))
