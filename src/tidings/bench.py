"""Benchmark: the coder's words per second against the bare spaCy parse of the same texts, in one run.

Both run in the same worker processes (`engine.LocalPool`), over the same texts, in chunks of
`batch_size` through `nlp.pipe`: the bare parse (the model as spaCy ships it, every component:
`tidings.pipeline.nlp.stock`; the coder's own pipeline swaps some for faster equivalents),
the coder (`coder.code_many`, parsing candidate sentences only), the coder with every sentence
parsed (`full_parse=True`, the path before the candidate filter), with `rules_alone=True` the
coder with the learned reader switched off (what the reader costs), and, with `ingest=True`, the
end-to-end path (reading a JSONL file, skipping by content hash, coding, writing a temporary
DuckDB store, deduplicating). The phases take turns over rounds of articles, in every order, so
that changing machine load and caches warmed by the phase before hit them alike.
The filter's cost is what it loses: the events of the full-parse coder that the coder lacks
(`eval.candidates.lost_events`), on the corpus and, with `gold`, on the gold sentences of ../shared/gold.
Words are whitespace-separated words of the input text, so every rate has the same numerator
and the ratio coder/parse is the ratio of their times. Peak memory is each process's peak
resident set size over the whole run (the OS keeps only the peak, not one per phase). The cold
start is `tidings code` on one short article in a new process, start to exit.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .batch.engine import LocalPool, code_chunk_counted, parse_chunk, chunked, peak_rss_mb
from .errors import InputError
from .eval.candidates import lost_events
from .eval.gold import DEFAULT_GOLD_FILES, detect_format, gold_items
from .eval.labels import read_jsonl
from .io import read_source
from .pipeline.candidates import SentenceCount

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


def _over(part: float, whole: float | None) -> float:
    """part / whole, or 0 where nothing was measured (a rate over 0 s, a share of 0 events)."""
    return part / whole if whole else 0.0


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
    full_parse_seconds: float = 0.0
    sentences: int = 0
    candidate_sentences: int = 0
    parsed_sentences: int = 0
    full_parse_events: int = 0
    lost_events: int = 0
    gold_events: int | None = None
    gold_lost_events: int | None = None
    gold_sentences: int | None = None
    gold_parsed_sentences: int | None = None
    ingest_seconds: float | None = None
    ingest_articles: int | None = None
    dask_seconds: float | None = None
    dask_articles: int | None = None
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    peak_rss_mb_by_phase: dict[str, float] = field(default_factory=dict)
    model_sentences_per_s: float | None = None  # the learned reader alone, in this process
    cold_start_seconds: float | None = None  # `tidings code` on one short article in a new process
    torch_importable: bool = False  # thinc imports torch when it can, which slows every start
    rules_seconds: float | None = None  # the coder with the learned reader switched off

    @property
    def parse_wps(self) -> float:
        return _over(self.words, self.parse_seconds)

    @property
    def coder_wps(self) -> float:
        return _over(self.words, self.coder_seconds)

    @property
    def ratio(self) -> float:
        """Coder words/s over bare-parse words/s (1.0: the coder costs no more than the parse)."""
        return _over(self.coder_wps, self.parse_wps)

    @property
    def rules_wps(self) -> float | None:
        return _over(self.words, self.rules_seconds) if self.rules_seconds else None

    @property
    def full_parse_wps(self) -> float:
        return _over(self.words, self.full_parse_seconds)

    @property
    def full_parse_ratio(self) -> float:
        return _over(self.full_parse_wps, self.parse_wps)

    @property
    def parsed_share(self) -> float:
        return _over(self.parsed_sentences, self.sentences)

    @property
    def lost_share(self) -> float:
        return _over(self.lost_events, self.full_parse_events)

    @property
    def ingest_aps(self) -> float | None:
        return _over(self.articles, self.ingest_seconds) if self.ingest_seconds else None

    @property
    def ingest_wps(self) -> float | None:
        return _over(self.words, self.ingest_seconds) if self.ingest_seconds else None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(parse_words_per_s=round(self.parse_wps, 1), coder_words_per_s=round(self.coder_wps, 1),
                   coder_parse_ratio=round(self.ratio, 3), full_parse_words_per_s=round(self.full_parse_wps, 1),
                   full_parse_ratio=round(self.full_parse_ratio, 3), parsed_share=round(self.parsed_share, 3),
                   lost_share=round(self.lost_share, 4))
        if self.rules_seconds:
            out.update(rules_words_per_s=round(self.rules_wps or 0, 1),
                       rules_parse_ratio=round((self.rules_wps or 0) / self.parse_wps, 3))
        if self.dask_seconds and self.ingest_seconds:
            out.update(dask_local_ratio=round(self.ingest_seconds / self.dask_seconds, 3))
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
              ingest: bool = False, engine: str = "local", gold: Path | None = None, model: str | None = None,
              rules_alone: bool = False, cold_starts: int = 0, tick: Tick | None = None) -> BenchResult:
    """Parse, code (candidates only, then every sentence), and ingest if asked, the corpus in
    `workers` processes, and time each phase; then, with `gold` (a folder of gold JSONL files),
    code its sentences both ways, untimed, to count the events the filter loses there. With
    `rules_alone`, the coder is timed once more with the learned reader switched off. With
    `cold_starts`, so many new processes each code one short article (`cold_start`).
    With `ingest` and `engine="dask"`, the ingest is timed twice, on the local pool and on a Dask
    LocalCluster of as many single-threaded worker processes (warmed up before timing, each into
    a store of its own).

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
    seconds = {"parse": 0.0, "coder": 0.0, "full": 0.0, "rules": 0.0, "ingest": 0.0, "dask": 0.0}
    events = failed = stored = dask_stored = done = 0
    count, lost, full_events = SentenceCount(), 0, 0
    worker_peaks: dict[int, float] = {}
    phase_peaks: dict[str, float] = {}
    phases = ["parse", "coder", "full"] + (["rules"] if rules_alone else []) + (["ingest"] if ingest else []) + (["dask"] if ingest and engine == "dask" else [])
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(LocalPool(workers, model=model))
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tidings-bench-")))
        pool.warm_up()
        store = Store(folder / "bench.duckdb") if ingest else None
        dask = stack.enter_context(_dask_client(pool.workers, model)) if "dask" in phases else None
        dask_store = Store(folder / "bench-dask.duckdb") if dask is not None else None
        # a phase that follows another over the same texts finds caches warm: every order in turn
        orders = list(itertools.permutations(phases))
        for number, round_ in enumerate(chunked(records, pool.workers * batch_size)):
            coded: dict[str, list[Any]] = {}
            for phase in orders[number % len(orders)]:
                tick(phase, done)
                started = time.perf_counter()
                if phase == "parse":
                    for _ in pool.map_chunks(parse_chunk, chunked([r["text"] for r in round_], batch_size),
                                             batch_size):
                        pass
                elif phase in ("coder", "full", "rules"):
                    coded[phase] = _code_round(pool, round_, batch_size, phase == "full",
                                               count if phase == "coder" else SentenceCount(),
                                               use_model=phase != "rules")
                elif phase == "ingest":
                    stored += _ingest_round(store, round_, folder / f"round-{number}.jsonl", pool, batch_size)
                else:
                    dask_stored += _dask_round(dask_store, round_, folder / f"dask-{number}", dask,
                                               pool.workers, batch_size)
                seconds[phase] += time.perf_counter() - started
                _note_peaks(pool, phase, worker_peaks, phase_peaks)
            events += sum(len(c.events) for c in coded["coder"])
            failed += sum(1 for c in coded["coder"] if c.errors)
            round_events, round_lost = lost_events(coded["full"], coded["coder"])
            full_events, lost = full_events + round_events, lost + round_lost
            done += len(round_)
            tick("rounds", done)
        for opened in (store, dask_store):
            if opened is not None:
                opened.close()
        result = BenchResult(str(corpus), len(records), words, pool.workers, batch_size, seconds["parse"],
                             seconds["coder"], events, failed, full_parse_seconds=seconds["full"],
                             sentences=count.total, candidate_sentences=count.candidates,
                             parsed_sentences=count.parsed, full_parse_events=full_events, lost_events=lost)
        if rules_alone:
            result.rules_seconds = seconds["rules"]
        if ingest:
            result.ingest_seconds, result.ingest_articles = seconds["ingest"], stored
        if dask is not None:
            result.dask_seconds, result.dask_articles = seconds["dask"], dask_stored
        if gold is not None:
            tick("gold", done)
            _gold_cost(result, gold, pool, batch_size)
            _note_peaks(pool, "gold", worker_peaks, phase_peaks)
        result.peak_rss_mb = {f"worker {pid}" if pid else "in-process": round(mb, 1)
                              for pid, mb in sorted(worker_peaks.items())}
        result.peak_rss_mb_by_phase = {phase: round(mb, 1) for phase, mb in phase_peaks.items()}
    result.model_sentences_per_s = model_rate(records)
    if cold_starts:
        tick("cold start", done)
        result.cold_start_seconds = cold_start(model, cold_starts)
        result.torch_importable = importlib.util.find_spec("torch") is not None
    if "in-process" not in result.peak_rss_mb:
        result.peak_rss_mb["main"] = round(peak_rss_mb(), 1)
    return result


def _note_peaks(pool: LocalPool, phase: str, workers: dict[int, float], phases: dict[str, float]) -> None:
    """Fold the peaks the pool's workers reported over one phase into the run's, per worker and per
    phase (each task's peak is its own: the workers reset it as a task starts)."""
    seen = pool.stats.peak_rss_mb
    for pid, mb in seen.items():
        workers[pid] = max(mb, workers.get(pid, 0.0))
    if seen:
        phases[phase] = max(max(seen.values()), phases.get(phase, 0.0))
    seen.clear()


def _code_round(pool: LocalPool, records: list[dict[str, Any]], batch_size: int, full_parse: bool,
                count: SentenceCount, *, use_model: bool = True) -> list[Any]:
    coded = []
    for chunk, seen in pool.map_chunks(code_chunk_counted, chunked(records, batch_size), batch_size, full_parse,
                                       use_model):
        coded += chunk
        count.merge(seen)
    return coded


def gold_records(folder: Path) -> list[dict[str, Any]]:
    """The sentences of the gold files in `folder` as one-sentence article records."""
    records = []
    for name in DEFAULT_GOLD_FILES:
        path = folder / name
        if path.is_file():
            rows = read_jsonl(path)
            if rows:
                items = gold_items(detect_format(rows[0], name), rows, path.stem)
                records += [{"id": i, "text": t, "published": p} for i, t, p in items]
    return records


def _gold_cost(result: BenchResult, folder: Path, pool: LocalPool, batch_size: int) -> None:
    """Code the gold sentences with and without the filter; record the events it loses."""
    records = gold_records(folder)
    count = SentenceCount()
    filtered = _code_round(pool, records, batch_size, False, count)
    full = _code_round(pool, records, batch_size, True, SentenceCount())
    result.gold_events, result.gold_lost_events = lost_events(full, filtered)
    result.gold_sentences, result.gold_parsed_sentences = count.total, count.parsed


def _write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


MODEL_SENTENCES = 256
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def model_rate(records: list[dict[str, Any]]) -> float | None:
    """Sentences per second of the shipped learned reader alone (its threads, its batches), over
    up to MODEL_SENTENCES sentences of the corpus; None when no model ships."""
    from . import reader

    if not reader.available():
        return None
    sentences = [s for r in records for s in SENTENCE_END.split(r["text"]) if s.strip()][:MODEL_SENTENCES]
    if not sentences:
        return None
    reader.predict(sentences[:2])  # the session loads outside the timing
    started = time.perf_counter()
    reader.predict(sentences)
    return len(sentences) / (time.perf_counter() - started)


COLD_START_ARTICLE = ("Russian forces shelled the port of Odesa on Monday, Ukrainian officials said. "
                      "President Zelensky condemned the attack and called on NATO to send more air defence "
                      "systems. Talks between the two sides are due to resume in Istanbul next week.\n")


def cold_start(model: str | None = None, runs: int = 3) -> float:
    """The median wall time of `tidings code` on one short article, each run in a new Python
    process: interpreter start, imports, loading the pipeline, the knowledge and the reader, and coding."""
    with tempfile.TemporaryDirectory(prefix="tidings-cold-") as folder:
        article = Path(folder) / "one.txt"
        article.write_text(COLD_START_ARTICLE, encoding="utf-8")
        command = [sys.executable, "-c", "import sys; from tidings.cli import main; sys.argv[0] = 'tidings'; main()",
                   "code", str(article), *(["--model", model] if model else [])]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def _ingest_round(store: Any, records: list[dict[str, Any]], source: Path, pool: LocalPool, batch_size: int) -> int:
    """Ingest `records` end to end (write them as JSONL, then read, skip known hashes, code, store,
    deduplicate); returns how many were added."""
    from .batch.dedupe import link_events
    from .batch.ingest import ingest_sources

    report = ingest_sources(store, [_write_jsonl(records, source)], batch_size=batch_size, pool=pool)
    link_events(store)
    return report.added


@contextlib.contextmanager
def _dask_client(workers: int, model: str | None) -> Iterator[Any]:
    """A Dask client on a LocalCluster of `workers` single-threaded processes, each warmed up (the
    pipeline and the knowledge loaded) so that timings leave start-up out, as the local pool's do."""
    from distributed import Client

    from .batch.engine import local_cluster

    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.run(_warm_dask_worker, model)
        yield client


def _warm_dask_worker(model: str | None) -> None:
    """What a Dask worker's first partition would load: the coder's knowledge, Arrow and the store's
    serialiser."""
    import pyarrow  # noqa: F401 - loaded for its cost, as code_partition uses it

    from .pipeline.coder import warm_up
    from .store import content_hash  # noqa: F401 - loaded for its cost, as code_partition uses it

    warm_up(model)


def _dask_round(store: Any, records: list[dict[str, Any]], folder: Path, client: Any, workers: int,
                batch_size: int) -> int:
    """Ingest `records` as `tidings ingest --engine dask` codes them (JSONL partitions as Dask tasks
    into Parquet) and store each part as it arrives, while the workers code the rest, as the local
    ingest stores chunks; partitions are about as many as the local pool's chunks, two per worker
    at least. Deduplicates at the end; returns how many articles were added."""
    from .batch.dedupe import link_events
    from .batch.engine import code_dask
    from .batch.ingest import ingest_sources

    folder.mkdir()
    source = _write_jsonl(records, folder / "round.jsonl")
    pieces = max(-(-len(records) // batch_size), 2 * workers)
    added = 0

    def store_part(part: Path) -> None:
        nonlocal added
        added += ingest_sources(store, [part], batch_size=batch_size).added

    code_dask([source], folder / "parts", scheduler=client, batch_size=batch_size,
              target_bytes=max(1, source.stat().st_size // pieces), on_part=store_part)
    link_events(store)
    return added


def format_result(result: BenchResult) -> str:
    """The human-readable report `tidings bench` prints."""
    lines = [
        f"corpus              {result.corpus}: {result.articles} articles, {result.words} words",
        f"workers             {result.workers} processes, nlp.pipe batches of {result.batch_size}",
        f"bare spaCy parse    {result.parse_seconds:8.1f} s  {result.parse_wps:9.0f} words/s",
        f"coder               {result.coder_seconds:8.1f} s  {result.coder_wps:9.0f} words/s"
        f"  ({result.events} events, {result.failed} failed)",
        f"coder, full parse   {result.full_parse_seconds:8.1f} s  {result.full_parse_wps:9.0f} words/s"
        f"  ({result.full_parse_events} events)",
        f"coder/parse ratio   {result.ratio:8.2f}   (full parse: {result.full_parse_ratio:.2f})",
        *([f"coder, rules alone  {result.rules_seconds:8.1f} s  {result.rules_wps:9.0f} words/s"
           f"  (learned reader off: ratio {(result.rules_wps or 0) / result.parse_wps:.2f})"]
          if result.rules_seconds else []),
        f"sentences parsed    {result.parsed_sentences} of {result.sentences} ({result.parsed_share:.1%}; "
        f"{result.candidate_sentences} candidates, the rest context)",
        f"events lost         {result.lost_events} of {result.full_parse_events} ({result.lost_share:.2%})"
        " by the filter, against the full parse",
    ]
    if result.gold_events is not None:
        share = (result.gold_lost_events or 0) / result.gold_events if result.gold_events else 0.0
        lines.append(f"  on the gold       {result.gold_lost_events} of {result.gold_events} ({share:.2%}); "
                     f"{result.gold_parsed_sentences} of {result.gold_sentences} sentences parsed")
    if result.model_sentences_per_s is not None:
        lines.append(f"learned reader      {result.model_sentences_per_s:8.0f} sentences/s (one process, alone)")
    if result.cold_start_seconds is not None:
        lines.append(f"cold start          {result.cold_start_seconds:8.1f} s  (`tidings code` on one short article, "
                     "median of new processes" + ("; torch is installed, and thinc imports it)"
                                                    if result.torch_importable else ")"))
    if result.ingest_seconds:
        lines += [
            f"end-to-end ingest   {result.ingest_seconds:8.1f} s  {result.ingest_wps:9.0f} words/s"
            f"  {result.ingest_aps:7.2f} articles/s",
            f"ingest/parse ratio  {(result.ingest_wps or 0) / result.parse_wps:8.2f}",
        ]
    if result.dask_seconds and result.ingest_seconds:
        lines += [
            f"ingest on Dask      {result.dask_seconds:8.1f} s  {result.words / result.dask_seconds:9.0f} words/s"
            f"  ({result.dask_articles} articles; LocalCluster of {result.workers} processes)",
            f"dask/local ratio    {result.ingest_seconds / result.dask_seconds:8.2f}   (speed; 1.0: as fast as the local pool)",
        ]
    lines.append("peak memory (RSS)   " + ", ".join(f"{name} {mb:.0f} MiB" for name, mb in result.peak_rss_mb.items()))
    names = {"parse": "bare parse", "coder": "coder", "full": "full parse", "rules": "rules alone", "ingest": "ingest",
             "gold": "gold"}
    lines.append("  by phase          " + ", ".join(f"{names.get(phase, phase)} {mb:.0f} MiB"
                                                    for phase, mb in result.peak_rss_mb_by_phase.items()))
    return "\n".join(lines)
