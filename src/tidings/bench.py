"""Benchmark: the coder's words per second against the bare spaCy parse of the same texts, in one run.

Both run in the same worker processes (`engine.LocalPool`), over the same texts, in chunks of
`batch_size` through `nlp.pipe`: the bare parse (`nlp.pipe`, every component of the pipeline),
the full coder (`coder.code_many`), and, with `ingest=True`, the end-to-end path (reading a JSONL
file, skipping by content hash, coding, writing a temporary DuckDB store, deduplicating). The
phases take turns over rounds of articles, in every order, so that changing machine load and
caches warmed by the phase before hit them alike.
Words are whitespace-separated words of the input text, so every rate has the same numerator
and the ratio coder/parse is the ratio of their times. Peak memory is each process's peak
resident set size over the whole run (the OS keeps only the peak, not one per phase).
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .engine import LocalPool, code_chunk, parse_chunk, chunked, peak_rss_mb
from .errors import InputError
from .ingest import read_source

DEFAULT_CORPUS = Path("shared") / "corpus" / "guardian_sample.jsonl"
#: The example articles a checkout ships: the default when there is no shared corpus.
EXAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def default_roots() -> list[Path]:
    """Where the default corpus is looked for: the parent of $TIDINGS_SHARED, the current folder's
    parent (a checkout beside ../shared), the current folder, and the checkout holding this file."""
    roots = [Path(os.environ["TIDINGS_SHARED"]).parent] if os.environ.get("TIDINGS_SHARED") else []
    return roots + [Path.cwd().parent, Path.cwd(), Path(__file__).resolve().parents[3]]


def find_corpus(path: str | Path | None = None) -> Path:
    """The corpus to bench: `path`, else shared/corpus/guardian_sample.jsonl under one of
    `default_roots()`, else the checkout's example corpus. InputError, saying where it looked, if
    there is none."""
    if path is not None:
        if not Path(path).exists():
            raise InputError("no such corpus file or folder", record=str(path))
        return Path(path)
    candidates = [root / DEFAULT_CORPUS for root in default_roots()] + [EXAMPLE_CORPUS]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise InputError("no corpus given and the default is missing (looked at "
                     + ", ".join(map(str, candidates)) + "): pass a file or folder of articles", record="bench")


@dataclass
class BenchResult:
    """What `run_bench` measured. Rates are words (or articles) per second of wall time."""

    corpus: str
    articles: int
    words: int
    workers: int
    batch_size: int
    parse_seconds: float
    coder_seconds: float
    events: int
    failed: int
    ingest_seconds: float | None = None
    ingest_articles: int | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def parse_wps(self) -> float:
        return self.words / self.parse_seconds if self.parse_seconds else 0.0

    @property
    def coder_wps(self) -> float:
        return self.words / self.coder_seconds if self.coder_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Coder words/s over bare-parse words/s (1.0: the coder costs no more than the parse)."""
        return self.coder_wps / self.parse_wps if self.parse_wps else 0.0

    @property
    def ingest_aps(self) -> float | None:
        return self.articles / self.ingest_seconds if self.ingest_seconds else None

    @property
    def ingest_wps(self) -> float | None:
        return self.words / self.ingest_seconds if self.ingest_seconds else None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(parse_words_per_s=round(self.parse_wps, 1), coder_words_per_s=round(self.coder_wps, 1),
                   coder_parse_ratio=round(self.ratio, 3))
        if self.ingest_seconds:
            out.update(ingest_articles_per_s=round(self.ingest_aps or 0, 2),
                       ingest_words_per_s=round(self.ingest_wps or 0, 1),
                       ingest_parse_ratio=round((self.ingest_wps or 0) / self.parse_wps, 3))
        return out


def load_corpus(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first `limit` good records of a corpus file or folder in any format `tidings ingest`
    reads (bad records are left out of a bench)."""
    records = []
    for item in read_source(path):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        records.append(item)
        if limit and len(records) >= limit:
            break
    return records


Tick = Callable[[str, int], None]


def run_bench(corpus: Path, *, limit: int | None = None, workers: int = 2, batch_size: int = 16,
              ingest: bool = False, model: str | None = None, tick: Tick | None = None) -> BenchResult:
    """Parse, code (and ingest, if asked) the corpus in `workers` processes and time each phase.

    The phases take turns over rounds of `workers × batch_size` articles (parse a round, code it,
    ingest it, next round, each round in the next of every possible order), so a machine whose
    load changes during the run slows every phase alike, and each phase follows each other one
    over the same texts (and finds its caches warm) about equally often.
    `tick(phase, articles_done)` reports progress: each phase as it starts, and every round's end.
    """
    from .store import Store

    records = load_corpus(corpus, limit)
    words = sum(len(r["text"].split()) for r in records)
    tick = tick or (lambda phase, done: None)
    seconds = {"parse": 0.0, "coder": 0.0, "ingest": 0.0}
    events = failed = stored = done = 0
    with LocalPool(workers, model=model) as pool, tempfile.TemporaryDirectory(prefix="tidings-bench-") as folder:
        pool.warm_up()
        store = Store(Path(folder) / "bench.duckdb") if ingest else None
        # a phase that follows another over the same texts finds caches warm: every order in turn
        orders = list(itertools.permutations(["parse", "coder", "ingest"] if ingest else ["parse", "coder"]))
        for number, round_ in enumerate(chunked(records, pool.workers * batch_size)):
            for phase in orders[number % len(orders)]:
                tick(phase, done)
                started = time.perf_counter()
                if phase == "parse":
                    for _ in pool.map_chunks(parse_chunk, chunked([r["text"] for r in round_], batch_size),
                                             batch_size):
                        pass
                elif phase == "coder":
                    for coded in pool.map_chunks(code_chunk, chunked(round_, batch_size), batch_size):
                        events += sum(len(c.events) for c in coded)
                        failed += sum(1 for c in coded if c.errors)
                else:
                    stored += _ingest_round(store, round_, Path(folder) / f"round-{number}.jsonl", pool, batch_size)
                seconds[phase] += time.perf_counter() - started
            done += len(round_)
            tick("rounds", done)
        if store is not None:
            store.close()
        result = BenchResult(str(corpus), len(records), words, pool.workers, batch_size, seconds["parse"],
                             seconds["coder"], events, failed)
        if ingest:
            result.ingest_seconds, result.ingest_articles = seconds["ingest"], stored
        result.peak_rss_mb = {f"worker {pid}" if pid else "in-process": round(mb, 1)
                              for pid, mb in sorted(pool.stats.peak_rss_mb.items())}
    if "in-process" not in result.peak_rss_mb:
        result.peak_rss_mb["main"] = round(peak_rss_mb(), 1)
    return result


def _ingest_round(store: Any, records: list[dict[str, Any]], source: Path, pool: LocalPool, batch_size: int) -> int:
    """Ingest `records` end to end (write them as JSONL, then read, skip known hashes, code, store,
    deduplicate); returns how many were added."""
    from .dedupe import link_events
    from .ingest import ingest_sources

    with open(source, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = ingest_sources(store, [source], batch_size=batch_size, pool=pool)
    link_events(store)
    return report.added


def format_result(result: BenchResult) -> str:
    """The human-readable report `tidings bench` prints."""
    lines = [
        f"corpus              {result.corpus}: {result.articles} articles, {result.words} words",
        f"workers             {result.workers} processes, nlp.pipe batches of {result.batch_size}",
        f"bare spaCy parse    {result.parse_seconds:8.1f} s  {result.parse_wps:9.0f} words/s",
        f"full coder          {result.coder_seconds:8.1f} s  {result.coder_wps:9.0f} words/s"
        f"  ({result.events} events, {result.failed} failed)",
        f"coder/parse ratio   {result.ratio:8.2f}",
    ]
    if result.ingest_seconds:
        lines += [
            f"end-to-end ingest   {result.ingest_seconds:8.1f} s  {result.ingest_wps:9.0f} words/s"
            f"  {result.ingest_aps:7.2f} articles/s",
            f"ingest/parse ratio  {(result.ingest_wps or 0) / result.parse_wps:8.2f}",
        ]
    lines.append("peak memory (RSS)   " + ", ".join(f"{name} {mb:.0f} MiB" for name, mb in result.peak_rss_mb.items()))
    return "\n".join(lines)
