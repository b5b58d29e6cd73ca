"""Engines: the coder over many records, in local worker processes or as Dask tasks.

- `code_local(records, workers=N)` streams CodedArticles in input order. Each worker process loads
  the spaCy pipeline once and codes chunks of records with `coder.code_many` (which batches through
  `nlp.pipe`); at most a few chunks per worker are in flight, so memory stays flat however long the
  input is. `workers=1` codes in this process.
- `code_dask(paths, out_dir, scheduler=...)` splits JSONL files into byte ranges (at most
  `target_bytes`, and small enough that every worker gets `PARTS_PER_WORKER` of them) and Parquet
  files into row groups, codes each partition as one Dask task with the same `code_many`, and writes one
  Parquet file per partition (`coded_json`: `CodedArticle.to_dict()`, and `text`) that `tidings ingest`
  loads without coding again. Workers read the inputs by path, as `dask.dataframe.read_parquet`
  does, so the paths must be readable from every worker. A partition whose output file exists is
  not coded again, so a rerun after a crash resumes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import reader
from ..errors import InputError
from ..io import Columns, read_jsonl_lines, with_publication_date
from ..pipeline import nlp
from ..pipeline.budget import ARTICLE_SECONDS
from ..pipeline.candidates import SentenceCount
from ..pipeline.coder import code_many, warm_up
from ..store import content_hash
from ..types import CodedArticle

Task = dict[str, Any] | InputError


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MiB: since `reset_peak_rss` where Linux keeps the
    peak resettable, else since the process started."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def reset_peak_rss() -> None:
    """Start this process's peak resident memory afresh from what it holds now (Linux; elsewhere a
    no-op), so that a task's peak is its own and not an earlier task's."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ---- local worker processes ----------------------------------------------------------------

_worker_model: str | None = None


def _init_worker(model: str | None, parent: int | None = None) -> None:
    """Load the pipeline; in a worker process (`parent` given), also die with the parent."""
    global _worker_model
    if parent is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
        _die_with(parent)
    _worker_model = model
    warm_up(model)


def _die_with(parent: int) -> None:
    """End this worker soon after process `parent` is gone, however it went (`kill -9` included),
    so that no orphan keeps a pipeline's memory: a thread looks twice a second."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="tidings-parent-watch", daemon=True).start()


def code_records(records: list[Task], *, model: str | None = None, batch_size: int = 16,
                 timeout: float | None = ARTICLE_SECONDS, full_parse: bool = False,
                 count: SentenceCount | None = None) -> list[CodedArticle]:
    """Code a chunk with `code_many`: a record a stage fails on (E110) or that runs past `timeout`
    CPU seconds (E111) fails alone and the rest are kept. `full_parse` and `count` are
    `code_many`'s."""
    return list(code_many(records, model=model, batch_size=batch_size, timeout=timeout,
                          full_parse=full_parse, count=count))


def code_chunk(records: list[Task], batch_size: int, timeout: float | None = ARTICLE_SECONDS
               ) -> tuple[list[CodedArticle], float]:
    """A worker's task: code a chunk of records; returns them and the worker's peak RSS (MiB)."""
    return code_records(records, model=_worker_model, batch_size=batch_size, timeout=timeout), peak_rss_mb()


def code_chunk_counted(records: list[Task], batch_size: int, full_parse: bool, use_model: bool = True
                       ) -> tuple[tuple[list[CodedArticle], SentenceCount], float]:
    """A worker's task for the bench: code a chunk (every sentence parsed, with `full_parse`; on the
    rules alone, without `use_model`) and count the sentences seen and parsed; returns both and the
    worker's peak RSS (MiB)."""
    count = SentenceCount()
    with contextlib.nullcontext() if use_model else reader.switched_off():
        coded = code_records(records, model=_worker_model, batch_size=batch_size, full_parse=full_parse,
                             count=count)
    return (coded, count), peak_rss_mb()


def parse_chunk(texts: list[str], batch_size: int) -> tuple[int, float]:
    """A worker's task: the bare spaCy parse of a chunk (the model as spaCy ships it, `nlp.stock`);
    returns its token count and peak RSS (MiB)."""
    words = sum(len(doc) for doc in nlp.stock(_worker_model).pipe(texts, batch_size=batch_size))
    return words, peak_rss_mb()


@dataclass
class WorkerStats:
    """Peak resident memory (MiB) seen per worker process over the tasks it ran (pid → MiB); this
    process is pid 0 when coding in-process. Clear it to measure the tasks that follow alone."""

    peak_rss_mb: dict[int, float]


class LocalPool:
    """Worker processes that each hold the spaCy pipeline; `map_chunks` runs a chunk function over
    a stream of chunks with bounded look-ahead and yields results in input order."""

    def __init__(self, workers: int, *, model: str | None = None) -> None:
        self.workers = max(1, workers)
        self.model = model
        self.stats = WorkerStats({})
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 1:
            # spawn, not fork: the parent holds DuckDB and tqdm threads a forked child must not inherit
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"),
                                             initializer=_init_worker, initargs=(model, os.getpid()))
        else:
            _init_worker(model)

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self, *, now: bool = False) -> None:
        """Stop the workers: after the chunks they are coding, or `now`, dropping those."""
        if self._pool is not None:
            if now:
                # the executor has no public way to stop work in progress
                for process in list(getattr(self._pool, "_processes", {}).values()):
                    process.terminate()
            self._pool.shutdown(wait=not now, cancel_futures=True)
            self._pool = None

    def warm_up(self) -> None:
        """Make every worker load the pipeline now (so timings do not include start-up)."""
        if self._pool is not None:
            for future in [self._pool.submit(parse_chunk, ["warm up"], 1) for _ in range(self.workers * 2)]:
                future.result()

    def map_chunks(self, function: Callable[..., tuple[Any, float]], chunks: Iterable[Any],
                   *args: Any) -> Iterator[Any]:
        """`function(chunk, *args)` for every chunk, in order; the function returns (result, peak MiB)."""
        if self._pool is None:
            for chunk in chunks:
                result, peak = _own_peak(function, chunk, *args)
                self.stats.peak_rss_mb[0] = max(peak, self.stats.peak_rss_mb.get(0, 0.0))
                yield result
            return
        pending: deque[Future[Any]] = deque()
        for chunk in chunks:
            pending.append(self._pool.submit(_with_pid, function, chunk, *args))
            if len(pending) >= self.workers * 3:
                yield self._collect(pending.popleft())
        while pending:
            yield self._collect(pending.popleft())

    def _collect(self, future: Future[Any]) -> Any:
        pid, (result, peak) = future.result()
        self.stats.peak_rss_mb[pid] = max(peak, self.stats.peak_rss_mb.get(pid, 0.0))
        return result


def _own_peak(function: Callable[..., tuple[Any, float]], *args: Any) -> tuple[Any, float]:
    """`function(*args)`, whose reported peak memory is then its own (the peak is reset first)."""
    reset_peak_rss()
    return function(*args)


def _with_pid(function: Callable[..., Any], *args: Any) -> tuple[int, Any]:
    return os.getpid(), _own_peak(function, *args)


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to `size` consecutive items."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def code_local(records: Iterable[Task], *, workers: int | None = None, model: str | None = None,
               batch_size: int = 16, pool: LocalPool | None = None) -> Iterator[CodedArticle]:
    """Code records in worker processes; yields one CodedArticle per record, in input order."""
    own = pool is None
    pool = pool or LocalPool(workers or default_workers(), model=model)
    try:
        for coded in pool.map_chunks(code_chunk, chunked(records, batch_size), batch_size):
            yield from coded
    finally:
        if own:
            pool.close()


# ---- Dask ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Partition:
    """A slice of one input file: JSONL bytes [start, end) whose first line is `first_line`, or
    one Parquet row group (`row_group`, rows numbered from `first_line`)."""

    path: str
    kind: str
    start: int = 0
    end: int = 0
    first_line: int = 1
    row_group: int = -1

    @property
    def key(self) -> str:
        stat = os.stat(self.path)
        spec = f"{os.path.abspath(self.path)}|{stat.st_size}|{stat.st_mtime_ns}|{self}"
        return hashlib.sha1(spec.encode()).hexdigest()[:16]


PARTS_PER_WORKER = 4  # JSONL partitions per Dask worker at least: one part a worker would leave the others idle,
# and several even out parts that hold longer articles
SMALLEST_PART = 64 << 10  # bytes: below this a task's overhead outweighs its work


def part_bytes(paths: Sequence[str | Path], workers: int, target_bytes: int) -> int:
    """The byte size of JSONL partitions: at most `target_bytes`, and less where the JSONL inputs would
    give fewer than `PARTS_PER_WORKER` parts to each of `workers` (but not under `SMALLEST_PART`
    for that reason alone)."""
    total = sum(os.path.getsize(p) for p in map(str, paths) if not p.endswith((".parquet", ".pq", ".gz")))
    share = -(-total // (PARTS_PER_WORKER * max(1, workers)))
    return min(target_bytes, max(SMALLEST_PART, share))


def partitions(path: str | Path, *, target_bytes: int = 4 << 20) -> list[Partition]:
    """Split a JSONL file into newline-aligned byte ranges of about `target_bytes`, or a Parquet
    file into its row groups."""
    path = str(path)
    if path.endswith((".parquet", ".pq")):
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        out, first = [], 1
        for group in range(meta.num_row_groups):
            out.append(Partition(path, "parquet", first_line=first, row_group=group))
            first += meta.row_group(group).num_rows
        return out
    if path.endswith(".gz"):
        raise InputError("the Dask engine reads uncompressed JSONL or Parquet (gzip cannot be split)",
                         record=path)
    out, start, line = [], 0, 1
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        while start < size:
            handle.seek(start)
            block = handle.read(target_bytes)
            rest = handle.readline() if len(block) == target_bytes and not block.endswith(b"\n") else b""
            end = start + len(block) + len(rest)
            out.append(Partition(path, "jsonl", start=start, end=end, first_line=line))
            line += block.count(b"\n") + rest.count(b"\n")
            start = end
    return out


def read_partition(part: Partition, columns: Columns = Columns(), published: str | None = None) -> Iterator[Task]:
    """The records of one partition, named `path:line` and dated as the local readers name and
    date them (`published` for records that give no date)."""
    if part.kind == "parquet":
        import pyarrow.parquet as pq

        table = pq.ParquetFile(part.path).read_row_group(part.row_group)
        items: Iterator[Task] = (columns.record(row, f"{part.path}:{number}")
                                 for number, row in enumerate(table.to_pylist(), start=part.first_line))
    else:
        with open(part.path, "rb") as handle:
            handle.seek(part.start)
            lines = handle.read(part.end - part.start).splitlines()
        items = read_jsonl_lines(lines, name=part.path, columns=columns, first_line=part.first_line)
    for item in items:
        yield with_publication_date(item, given=published) if isinstance(item, dict) else item


def code_partition(part: Partition, columns: Columns, model: str | None, batch_size: int,
                   published: str | None = None) -> Any:
    """One Dask task: code a partition and return it as an Arrow table (id, content_hash, coded_json,
    text): `CodedArticle.from_dict(json.loads(coded_json), text=text)` is the coded article."""
    import pyarrow as pa

    ids, hashes, payload, texts = [], [], [], []
    for coded in code_records(list(read_partition(part, columns, published)), model=model, batch_size=batch_size):
        ids.append(coded.article.id)
        hashes.append(content_hash(coded.text) if coded.text else None)
        payload.append(json.dumps(coded.to_dict(), ensure_ascii=False))
        texts.append(coded.text)
    return pa.table({"id": pa.array(ids, pa.string()), "content_hash": pa.array(hashes, pa.string()),
                     "coded_json": pa.array(payload, pa.string()), "text": pa.array(texts, pa.string())})


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster of `workers` single-threaded worker processes, their statistical
    profiler off: it samples the running task's Python stack every 10 ms, and coding is deep
    Python."""
    import dask
    from distributed import LocalCluster

    # the nannies hand the workers the configuration as it is when the cluster starts
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)


def code_dask(paths: Sequence[str | Path], out_dir: str | Path, *, scheduler: Any = None,
              columns: Columns = Columns(), model: str | None = None, batch_size: int = 16,
              target_bytes: int = 4 << 20, local_workers: int | None = None, published: str | None = None,
              progress: Callable[[int, int], None] | None = None,
              on_part: Callable[[Path], None] | None = None) -> list[Path]:
    """Code JSONL/Parquet inputs as Dask tasks; returns the Parquet files written to `out_dir`.

    `scheduler` is a scheduler address ("tcp://host:8786") or a `distributed.Client`; None starts
    a local cluster of `local_workers` single-threaded worker processes (default: one per core).
    Remote workers should run one thread each (`dask worker --nthreads 1`): a spaCy pipeline is
    not meant to be shared by threads. `published` dates records that give no date (see
    `read_partition`). `progress(done, total)` is called as partitions finish, and `on_part(path)`
    with each part file written in this run (to store it while the rest are coded).
    """
    import pyarrow.parquet as pq
    from distributed import Client, as_completed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    own_client = not isinstance(scheduler, Client)
    cluster = None
    if own_client and not scheduler:
        cluster = local_cluster(local_workers or default_workers())
        scheduler = cluster
    client = Client(scheduler) if own_client else scheduler
    try:
        size = part_bytes(paths, len(client.scheduler_info().get("workers", {})), target_bytes)
        parts = [part for path in paths for part in partitions(path, target_bytes=size)]
        targets = {part: out / f"part-{part.key}.parquet" for part in parts}
        todo = [part for part in parts if not targets[part].exists()]
        futures = {client.submit(code_partition, part, columns, model, batch_size, published, pure=False): part
                   for part in todo}
        done = len(parts) - len(todo)
        for future in as_completed(futures):
            target = targets[futures[future]]
            partial = target.with_suffix(".partial")
            pq.write_table(future.result(), partial)
            partial.replace(target)  # a part file exists only when complete
            if on_part:
                on_part(target)  # while the workers code the partitions still running
            done += 1
            if progress:
                progress(done, len(parts))
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()
    return [targets[part] for part in parts]
