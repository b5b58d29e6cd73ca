"""`Store`: a DuckDB event store file (or ":memory:"), one writer, numbered migrations.

`Store(path)` opens (or creates) a database file; opening for writing applies any migration of
`tidings.store.schema` not yet recorded in `schema_migrations`. Writes (`add`, `add_many`,
`add_error`) go through one connection (see `tidings.store.writer`): each call commits its
articles' rows in one transaction, so a process killed at any moment leaves every article either
fully stored or absent, and a rerun codes the absent ones (`missing` / `has` by content hash).
DuckDB lets one process open a file for writing; readers in other processes open it with
`read_only=True` while no writer holds it, else a copy of it (`snapshot`).

Reads are `tidings.store.queries` over `store.con`; `events` and `count_events` here are those
reads for callers holding a Store.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from ..errors import E201, StoreBusy
from ..types import CodedArticle
from .filter import EventFilter
from .queries import count_events, event_records
from .schema import MIGRATIONS
from .writer import error_row, missing, now, write_batch

#: the largest store a reader copies to read while another process writes it (bytes)
SNAPSHOT_LIMIT = 2 << 30

class Store:
    """A DuckDB event store. Use as a context manager or call `close()`.

    Args:
        path: a database file (created when missing) or ":memory:".
        read_only: open without writing (no migrations); fails if the file is missing.
        wait: seconds to keep trying while another process holds the file. After that a reader
            opens a copy of it (the last committed state: `snapshot` is True), a writer raises
            StoreBusy (E201).
    """

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False, wait: float = 2.0) -> None:
        self.path = str(path)
        self._snapshot_dir: str | None = None
        self.con = self._connect(read_only, wait)
        if not read_only:
            self._migrate()
        self._next_event_id = self._scalar("SELECT coalesce(max(id), 0) + 1 FROM events") or 1

    @classmethod
    def for_reading(cls, path: str | Path) -> Store:
        """The store opened read-only, its tables first brought up to this version's (once) when an
        older tidings wrote it and no other process holds it: readers rely on the read models
        that later migrations add."""
        store = cls(path, read_only=True)
        if store.schema_version < len(MIGRATIONS) and not store.snapshot:
            store.close()
            try:
                cls(path).close()
            except StoreBusy:
                pass  # another process reads it: read it as it is
            store = cls(path, read_only=True)
        return store

    # ---- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        if self._snapshot_dir is not None:
            shutil.rmtree(self._snapshot_dir, ignore_errors=True)
            self._snapshot_dir = None

    @property
    def snapshot(self) -> bool:
        """Whether this is a copy taken while another process wrote the store."""
        return self._snapshot_dir is not None

    def _connect(self, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + wait
        while True:
            try:
                return duckdb.connect(self.path, read_only=read_only)
            except duckdb.ConnectionException:
                # This process opened the file before with the other access mode: DuckDB keeps
                # that database until its last connection object is collected, which may not
                # have happened yet though it was closed
                if time.monotonic() >= deadline:
                    raise
                gc.collect()
                time.sleep(0.1)
                continue
            except duckdb.IOException as err:
                if "lock" not in str(err).lower():
                    raise
                holder = re.search(r"\(PID (\d+)\)", str(err))
                busy = StoreBusy(E201.format(path=self.path, holder=f" (PID {holder[1]})" if holder else ""))
            if time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        if not read_only or os.path.getsize(self.path) > SNAPSHOT_LIMIT:
            raise busy
        return self._connect_snapshot(busy)

    def _connect_snapshot(self, busy: StoreBusy) -> duckdb.DuckDBPyConnection:
        """A read-only connection to a copy of the file and its write-ahead log: DuckDB checks
        both, so a copy is the state as of a commit or does not open."""
        self._snapshot_dir = tempfile.mkdtemp(prefix="tidings-snapshot-")
        copy = os.path.join(self._snapshot_dir, os.path.basename(self.path))
        try:
            shutil.copyfile(self.path, copy)
            if os.path.exists(self.path + ".wal"):
                shutil.copyfile(self.path + ".wal", copy + ".wal")
            return duckdb.connect(copy, read_only=True)
        except (OSError, duckdb.Error):
            shutil.rmtree(self._snapshot_dir, ignore_errors=True)
            self._snapshot_dir = None
            raise busy from None

    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, (name, sql) in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                 [version, name, now()])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(self._scalar("SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)

    # ---- writing ---------------------------------------------------------------------------

    # ---- writing ---------------------------------------------------------------------------
    def has(self, digest: str) -> bool:
        """Whether an article with this content hash (see `content_hash`) is stored."""
        return not missing(self.con, [digest])

    def missing(self, digests: Iterable[str]) -> set[str]:
        """The content hashes among `digests` that are not stored yet (one query for a batch)."""
        return missing(self.con, digests)

    def add(self, coded: CodedArticle, *, text: str | None = None) -> bool:
        """Store one coded article with its events, actors, quotes and dates in one transaction.

        Returns False (and writes nothing) when its content hash is already stored. A CodedArticle
        with `errors` is recorded in the errors table instead. `text` overrides `coded.text`.
        """
        return self.add_many([coded], texts=[text] if text is not None else None) == 1

    def add_many(self, coded: Sequence[CodedArticle], *, texts: Sequence[str | None] | None = None,
                 authors: Sequence[str | None] | None = None, input_name: str = "-") -> int:
        """Store a batch of coded articles in one transaction; returns how many were new.

        Articles already stored (same content hash, or repeated within the batch) are skipped.
        Failed ones (`errors` set) go to the errors table under `input_name`. An article whose id
        is taken by different text is stored as `<id>~<hash prefix>`. `texts` and `authors`, when
        given, run parallel to `coded` (the output contract has no author; readers find one).
        """
        added, self._next_event_id = write_batch(
            self.con, coded, texts=list(texts) if texts is not None else [None] * len(coded),
            authors=list(authors) if authors is not None else [None] * len(coded), input_name=input_name,
            first_event_id=self._next_event_id)
        return added

    def add_error(self, source: str, record: str, reason: str) -> None:
        """Record that `record` (a path, `file:line`, or an id) from `source` could not be coded.

        Idempotent: the same (source, record) keeps one row with the latest reason.
        """
        error_row(self.con, source, record, reason)

    # ---- reading ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row counts of every table: articles, events, event_actors, actor_mentions, quotes,
        date_mentions, errors, canonical_events."""
        return {table: int(self._scalar(f"SELECT count(*) FROM {table}"))
                for table in ("articles", "events", "event_actors", "actor_mentions", "quotes",
                              "date_mentions", "errors", "canonical_events")}

    def events(self, where: EventFilter = EventFilter(), *, limit: int | None = None, offset: int = 0
               ) -> list[dict[str, Any]]:
        """`queries.event_records`: the events matching `where` as store rows, by day then id."""
        return event_records(self.con, where, limit=limit, offset=offset)

    def count_events(self, where: EventFilter = EventFilter()) -> int:
        """How many events match `where`."""
        return count_events(self.con, where)

    def canonical_events(self, where: EventFilter = EventFilter(), *, min_articles: int = 1,
                         limit: int | None = 100) -> list[dict[str, Any]]:
        """Deduplicated real-world events (see tidings.batch.dedupe) with a report (an event)
        matching `where`, most reported first: the `canonical_events` columns."""
        condition, params = where.sql()
        sql = (f"SELECT * FROM canonical_events WHERE num_articles >= {int(min_articles)} "
               f"AND id IN (SELECT e.canonical_id FROM events e WHERE {condition}) "
               "ORDER BY num_articles DESC, num_mentions DESC, day, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._dicts(sql, params)

    def errors(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Records that could not be coded: source, record, reason, logged_at."""
        sql = "SELECT * FROM errors ORDER BY logged_at, source, record"
        return self._dicts(sql + (f" LIMIT {int(limit)}" if limit is not None else ""))

    def sql(self, query: str, params: Sequence[Any] | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
        """Run any SQL; returns (column names, rows)."""
        cursor = self.con.execute(query, list(params or []))
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()

    def iter_sql(self, query: str, params: Sequence[Any] | None = None, *, batch: int = 1000
                 ) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """Like `sql` but streams the rows (for exports larger than memory), on a cursor of its own
        so that other queries may run while the rows are read."""
        cursor = self.con.cursor().execute(query, list(params or []))
        columns = [d[0] for d in cursor.description] if cursor.description else []

        def rows() -> Iterator[tuple[Any, ...]]:
            while chunk := cursor.fetchmany(batch):
                yield from chunk

        return columns, rows()

    # ---- helpers ---------------------------------------------------------------------------
    def _scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.con.execute(sql, list(params or [])).fetchall()
        return rows[0][0] if rows else None

    def _dicts(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        columns, rows = self.sql(sql, params)
        return [dict(zip(columns, row, strict=True)) for row in rows]
