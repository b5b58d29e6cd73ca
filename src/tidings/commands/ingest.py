"""`tidings ingest SOURCE...`: code files, folders, feeds and archives into a DuckDB event store."""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ..batch.dedupe import link_events
from ..batch.engine import code_dask, default_workers
from ..batch.ingest import IngestReport, ingest_sources
from ..io import FORMATS, Columns
from ..pipeline.budget import ARTICLE_SECONDS
from ..store import Store


class Progress:
    """A tqdm bar (articles/s, ETA) on a terminal; otherwise a logfmt line every `every` seconds."""

    def __init__(self, total: int | None, *, every: float = 10.0) -> None:
        self.tty = sys.stderr.isatty()
        self.every = every
        self.last = 0.0
        self.bar: Any = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", dynamic_ncols=True, smoothing=0.1)
        self.total = total

    def __call__(self, report: IngestReport) -> None:
        if self.bar is not None:
            self.bar.update(report.done - self.bar.n)
            self.bar.set_postfix(added=report.added, skipped=report.skipped, failed=report.failed,
                                 events=report.events, refresh=False)
        elif time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            click.echo(status_line("progress", report, self.total), err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def status_line(kind: str, report: IngestReport, total: int | None = None) -> str:
    """One structured logfmt line about an ingest."""
    fields: dict[str, Any] = {
        "read": report.read, "added": report.added, "skipped": report.skipped, "failed": report.failed,
        "no_date": report.no_date, "events": report.events, "elapsed_s": f"{report.seconds:.1f}",
        "articles_per_s": f"{report.rate:.2f}",
    }
    if total:
        fields["total"] = total
        if report.rate:
            fields["eta_s"] = f"{max(total - report.done, 0) / report.rate:.0f}"
    return kind + " " + " ".join(f"{key}={value}" for key, value in fields.items())


def estimate_total(sources: tuple[str, ...]) -> int | None:
    """About how many records the sources hold (lines of JSONL/CSV, Parquet rows, files), or None
    when a source's count cannot be told without reading it (feeds, archives)."""
    import gzip

    total = 0
    for source in sources:
        path = Path(source)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower().removesuffix(".gz")
            if name.endswith((".parquet", ".pq")):
                import pyarrow.parquet as pq

                total += pq.ParquetFile(file).metadata.num_rows
            elif name.endswith((".jsonl", ".ndjson", ".json", ".csv", ".tsv")):
                opener = gzip.open if file.name.lower().endswith(".gz") else open
                with opener(file, "rb") as handle:
                    lines = sum(1 for line in handle if line.strip())
                total += lines - name.endswith((".csv", ".tsv"))
            elif name.endswith((".warc", ".arc", ".rss", ".atom", ".xml")):
                return None
            else:
                total += 1
    return total


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", default="tidings.duckdb", show_default=True, help="The DuckDB store to write.")
@click.option("--workers", type=int, default=None, help="Worker processes [default: number of cores].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786; workers with --nthreads 1); "
              "none starts a local cluster of --workers processes.")
@click.option("--dask-out", type=click.Path(file_okay=False),
              help="Folder for the Dask engine's Parquet parts [default: <db>.parts].")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Read every file as this format.")
@click.option("--id-column", default="id", show_default=True)
@click.option("--text-column", default="text", show_default=True)
@click.option("--published-column", default="published", show_default=True,
              help="Falls back to a 'date' column when absent.")
@click.option("--title-column", default="title", show_default=True)
@click.option("--url-column", default="url", show_default=True)
@click.option("--source-column", default="source", show_default=True)
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]),
              help="Publication date (YYYY-MM-DD) of records that give none, before reading one from the text.")
@click.option("--require-date", is_flag=True, help="Record articles without a publication date as errors.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Articles per nlp.pipe batch.")
@click.option("--no-dedupe", is_flag=True, help="Skip linking events to canonical events after ingest.")
@click.option("--model", envvar="TIDINGS_SPACY_MODEL", help="spaCy pipeline to use.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=ARTICLE_SECONDS, show_default=True,
              help="CPU seconds one article may take; one that takes longer is recorded as an error (E111).")
def command(sources: tuple[str, ...], db: str, workers: int | None, engine: str, scheduler: str | None,
            dask_out: str | None, fmt: str | None, id_column: str, text_column: str, published_column: str,
            title_column: str, url_column: str, source_column: str, published: datetime | None,
            require_date: bool, batch_size: int, no_dedupe: bool, model: str | None, timeout: float) -> None:
    """Code SOURCES (files or folders: text, HTML, JSONL, CSV, Parquet, RSS/Atom, WARC; gzip or not)
    into the store. Re-running adds nothing already stored and finishes an interrupted run."""
    columns = Columns(id=id_column, text=text_column, published=published_column, title=title_column,
                      url=url_column, source=source_column)
    day = published.date().isoformat() if published else None
    if engine == "dask":
        parts_dir = Path(dask_out or f"{db}.parts")
        if sources_unsplittable := [s for s in sources if not s.endswith((".jsonl", ".ndjson", ".parquet", ".pq"))]:
            raise click.UsageError(f"the Dask engine reads JSONL or Parquet files, not {sources_unsplittable[0]}")
        click.echo(f"coding on Dask ({scheduler or 'local cluster'}) into {parts_dir}", err=True)
        parts = code_dask(sources, parts_dir, scheduler=scheduler, columns=columns, model=model,
                          batch_size=batch_size, local_workers=workers, published=day,
                          progress=lambda done, total: click.echo(f"dask partitions={done}/{total}", err=True))
        sources = tuple(str(p) for p in parts)
        workers = 1
    progress = Progress(estimate_total(sources))
    with Store(db) as store:
        try:
            report = ingest_sources(store, sources, columns=columns, fmt=fmt,
                                    workers=workers or default_workers(), model=model, batch_size=batch_size,
                                    require_date=require_date, published=day, progress=progress,
                                    timeout=timeout)
        finally:
            progress.close()
        if report.stopped_by is None:
            _summary(store, db, report, dedupe=not no_dedupe)
    if report.stopped_by is not None:
        click.echo(status_line("stopped", report), err=True)
        click.echo("what was coded is stored; run the same command again to finish", err=True)
        # the store is closed and the workers are gone: exit now, not after the seconds it takes
        # to tear the interpreter down, so that a service manager's SIGTERM is answered at once
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(128 + report.stopped_by)
    if report.failed:
        raise SystemExit(1)


def _summary(store: Store, db: str, report: IngestReport, *, dedupe: bool) -> None:
    click.echo(status_line("done", report), err=True)
    if dedupe:
        linked = link_events(store)
        click.echo(f"dedupe linked={linked.linked} new_canonical={linked.created} "
                   f"canonical_total={linked.canonical_total}", err=True)
    if report.file_dated:
        click.echo(f"note: {report.file_dated} article(s) named no date, so their file's modification "
                   "day was taken as their publication date (--published DATE sets one)", err=True)
    if report.no_date:
        click.echo(f"note: {report.no_date} article(s) had no publication date; their relative dates "
                   "are unresolved and their events undated (--published DATE sets one; "
                   "--require-date refuses them)", err=True)
    if report.failed:
        click.echo(f"{report.failed} record(s) failed; see them with: tidings query --db {db} "
                   "--sql 'SELECT * FROM errors'", err=True)
