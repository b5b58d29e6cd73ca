"""Ingest: read sources (`tidings.io`), code what the store lacks in worker processes
(`tidings.batch.engine`), and store it, resumably and idempotently by content hash.

Every record read is accounted for: stored, skipped (already stored, or a repeat in this run), or
recorded as an error naming it. Records come dated as `tidings.io.read_source` says; one that
still has none is coded and counted, or refused with `--require-date`.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import E107, InputError
from ..io import Columns, Record, read_source
from ..pipeline.budget import ARTICLE_SECONDS
from ..store import content_hash
from ..types import CodedArticle
from .engine import LocalPool, chunked, code_chunk

@dataclass
class IngestReport:
    """What one ingest did. Every record read is counted in exactly one of added, skipped
    (already stored, or a repeat of a record earlier in this run) and failed."""

    read: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    no_date: int = 0
    file_dated: int = 0
    events: int = 0
    words: int = 0
    seconds: float = 0.0
    #: the signal (SIGINT, SIGTERM) that stopped the ingest early, after committing what was done
    stopped_by: int | None = None

    @property
    def done(self) -> int:
        """Records finished: added, skipped or failed."""
        return self.added + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Records finished per second."""
        return self.done / self.seconds if self.seconds else 0.0


def ingest_sources(
    store: Any,
    sources: Iterable[str | Path],
    *,
    columns: Columns = Columns(),
    fmt: str | None = None,
    workers: int = 1,
    model: str | None = None,
    batch_size: int = 16,
    commit_every: int = 64,
    require_date: bool = False,
    published: str | None = None,
    progress: Any = None,
    pool: Any = None,
    timeout: float | None = ARTICLE_SECONDS,
) -> IngestReport:
    """Read `sources`, code what the store lacks in `workers` processes, and store it.

    Records whose content hash is stored are skipped before coding, so a rerun after a crash codes
    only what is missing. Coded articles are committed `commit_every` at a time (or sooner, at the
    end of a worker's chunk, when two seconds have passed), each batch in one transaction.
    `progress(report)` is called after every commit. Records are dated as `read_source` says
    (`published` for those that give no date); those dated by their file's modification time are
    counted (`file_dated`), and those still without a date are coded and counted (`no_date`), or,
    with `require_date`, recorded as errors (E107). An article that takes more than `timeout` CPU
    seconds is recorded as an error (E111). SIGINT or SIGTERM stops the ingest within a second or
    two: what is coded is committed, the workers are ended, and `report.stopped_by` says which
    signal it was. Returns the report; `store.errors()` lists failures.
    """
    report = IngestReport()
    started = time.monotonic()
    in_flight: set[str] = set()
    sent: deque[tuple[str, str | None, str | None]] = deque()  # (source, hash, author) of each record coded

    def tick() -> None:
        report.seconds = time.monotonic() - started
        if progress:
            progress(report)

    def fail(source: str, record: str, reason: str) -> None:
        with stop.held():
            store.add_error(source, record, reason)
        report.failed += 1

    def to_code() -> Iterator[Record | InputError]:
        precoded: list[CodedArticle] = []
        for block in chunked(((str(s), item) for s in sources
                              for item in read_source(s, columns=columns, fmt=fmt, published=published)),
                             commit_every):
            report.read += len(block)
            hashes = {id(item): content_hash(item["text"]) for _, item in block
                      if isinstance(item, dict) and isinstance(item.get("text"), str)}
            new = store.missing(hashes.values())
            for source, item in block:
                if isinstance(item, InputError):
                    fail(source, item.record or source, str(item).removeprefix(f"{item.record}: "))
                elif isinstance(item, CodedArticle):
                    precoded.append(item)
                elif (digest := hashes.get(id(item))) is not None and (digest not in new or digest in in_flight):
                    report.skipped += 1
                elif not item.get("published") and require_date:
                    fail(source, str(item.get("id")), E107)
                else:
                    report.no_date += not item.get("published")
                    report.file_dated += item.get("published_from") == "file-modified"
                    if digest is not None:
                        in_flight.add(digest)
                    sent.append((source, digest, item.get("author")))
                    yield item
            if precoded:
                with stop.held():
                    _store_precoded(store, precoded, report)
                precoded.clear()
            tick()

    own_pool = pool is None
    stop = _Stop()
    batch: list[CodedArticle] = []
    authors: list[str | None] = []
    with stop.installed():
        pool = pool or LocalPool(workers, model=model)
        try:
            last_commit = time.monotonic()
            for chunk in pool.map_chunks(code_chunk, chunked(to_code(), batch_size), batch_size, timeout):
                for coded in chunk:
                    source, digest, author = sent.popleft()
                    if coded.errors:
                        fail(source, coded.article.id, "; ".join(coded.errors))
                        in_flight.discard(digest or "")
                    else:
                        batch.append(coded)
                        authors.append(author)
                if len(batch) >= commit_every or time.monotonic() - last_commit > 2.0:
                    with stop.held():
                        _commit(store, batch, authors, report, in_flight)
                    last_commit = time.monotonic()
                    tick()
        except KeyboardInterrupt:
            if stop.signal is None:
                raise  # not a signal: a KeyboardInterrupt raised in the caller's own code
            report.stopped_by = stop.signal
        finally:
            with stop.held():
                _commit(store, batch, authors, report, in_flight)
                if own_pool:
                    pool.close(now=report.stopped_by is not None)
    tick()
    return report


class _Stop:
    """SIGINT and SIGTERM during an ingest: raised as KeyboardInterrupt where the ingest waits or
    codes, held while it writes to the store so that a batch is committed whole."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.holding = 0
        self.deferred = False

    def __call__(self, signum: int, frame: Any) -> None:
        self.signal = signum
        if self.holding:
            self.deferred = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1
        if self.deferred and not self.holding:
            self.deferred = False
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """This object as the SIGINT and SIGTERM handler for the block (signals reach only the
        main thread; elsewhere nothing changes)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {number: signal.signal(number, self) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _commit(store: Any, batch: list[CodedArticle], authors: list[str | None], report: IngestReport,
            in_flight: set[str]) -> None:
    if not batch:
        return
    added = store.add_many(batch, authors=authors)
    report.added += added
    report.skipped += len(batch) - added
    report.events += sum(len(c.events) for c in batch)
    report.words += sum(len(c.text.split()) for c in batch)
    for coded in batch:
        in_flight.discard(content_hash(coded.text))
    batch.clear()
    authors.clear()


def _store_precoded(store: Any, coded: list[CodedArticle], report: IngestReport) -> None:
    failed = [c for c in coded if c.errors]
    for article in failed:
        store.add_error("dask", article.article.id, "; ".join(article.errors))
    report.failed += len(failed)
    good = [c for c in coded if not c.errors]
    added = store.add_many(good)
    report.added += added
    report.skipped += len(good) - added
    report.events += sum(len(c.events) for c in good)
    report.words += sum(len(c.text.split()) for c in good)
