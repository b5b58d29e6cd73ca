"""The event store: coded articles in DuckDB, with one writer and numbered migrations.

`Store(path)` opens (or creates) a database file, or `":memory:"`; opening applies any
migration not yet recorded in `schema_migrations`. The schema is documented in docs/store.md.

Writes (`add`, `add_many`, `add_error`) go through one connection; each call commits its
articles' rows in one transaction, so a process killed at any moment leaves every article either
fully stored or absent, and a rerun codes the absent ones (`missing` / `has` by content hash).
DuckDB lets one process open a file for writing; readers in other processes open it with
`read_only=True` while no writer holds it.

Reads return plain dicts (rows keyed by column name), documented per method, so callers such as
the web face and the CLI need no DuckDB types. Dates come back as `datetime.date`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa

from ..errors import E201, StoreBusy
from ..types import (Actor, ArticleMeta, CodedArticle, DateMention, Event, Place, Quote,
                    Span)

Freq = Literal["day", "week", "month", "quarter", "year"]
ActorKey = Literal["country", "cameo", "name"]

#: Modes of events that happened (as the article tells it); queries default to these plus
#: "future" and "hypothetical" — only "negated" is left out unless `all_modes=True`.
HIDDEN_MODES: tuple[str, ...] = ("negated",)

#: the largest store a reader copies to read while another process writes it (bytes)
SNAPSHOT_LIMIT = 2 << 30

#: An article's headline: its title, else the opening words of its text (many feeds have no title).
HEADLINE_SQL = "coalesce(title, regexp_replace(substr(text, 1, 90), '\\s+\\S*$', '') || '…')"


def _labels_sql(first_event_id: str) -> str:
    """SQL inserting into event_labels the labels of events from `first_event_id` (an SQL value) on:
    each side's actors joined with "+" (CAMEO code, else country, else name, else their words)."""
    label = "coalesce(cameo, country, name, text)"
    return f"""INSERT INTO event_labels
        SELECT event_id,
               coalesce(string_agg({label}, '+' ORDER BY position) FILTER (WHERE role = 'actor'), ''),
               coalesce(string_agg({label}, '+' ORDER BY position) FILTER (WHERE role = 'recipient'), '')
        FROM event_actors WHERE event_id >= {first_event_id} GROUP BY event_id"""


MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("initial schema", """
    CREATE TABLE articles (
        id            VARCHAR PRIMARY KEY,
        content_hash  VARCHAR NOT NULL UNIQUE,
        published     DATE,
        title         VARCHAR,
        url           VARCHAR,
        source        VARCHAR,
        language      VARCHAR,
        text          VARCHAR,
        n_words       INTEGER,
        n_events      INTEGER,
        coded_at      TIMESTAMP
    );
    CREATE TABLE events (
        id              BIGINT PRIMARY KEY,
        article_id      VARCHAR NOT NULL,
        seq             INTEGER NOT NULL,
        coder_id        VARCHAR,
        plover          VARCHAR NOT NULL,
        plover_mode     VARCHAR,
        plover_context  VARCHAR[],
        cameo           VARCHAR NOT NULL,
        goldstein       DOUBLE,
        quad_class      INTEGER,
        penta_class     INTEGER,
        mode            VARCHAR NOT NULL,
        date            VARCHAR,
        day             DATE,
        date_precision  VARCHAR,
        actor_code      VARCHAR,
        actor_country   VARCHAR,
        actor_sector    VARCHAR,
        actor_name      VARCHAR,
        actor_text      VARCHAR,
        recipient_code     VARCHAR,
        recipient_country  VARCHAR,
        recipient_sector   VARCHAR,
        recipient_name     VARCHAR,
        recipient_text     VARCHAR,
        reciprocal      BOOLEAN,
        place_name      VARCHAR,
        place_country   VARCHAR,
        place_lat       DOUBLE,
        place_lon       DOUBLE,
        place_geonames  BIGINT,
        evidence_start  INTEGER,
        evidence_end    INTEGER,
        evidence        VARCHAR,
        trigger_start   INTEGER,
        trigger_end     INTEGER,
        trigger         VARCHAR,
        confidence      DOUBLE,
        why             VARCHAR,
        canonical_id    BIGINT,
        UNIQUE (article_id, seq)
    );
    CREATE TABLE event_actors (
        event_id   BIGINT NOT NULL,
        role       VARCHAR NOT NULL,
        position   INTEGER NOT NULL,
        text       VARCHAR,
        name       VARCHAR,
        country    VARCHAR,
        sector     VARCHAR,
        cameo      VARCHAR,
        wikidata   VARCHAR,
        office     VARCHAR,
        span_start INTEGER,
        span_end   INTEGER,
        PRIMARY KEY (event_id, role, position)
    );
    CREATE TABLE actor_mentions (
        article_id VARCHAR NOT NULL,
        seq        INTEGER NOT NULL,
        text       VARCHAR,
        name       VARCHAR,
        country    VARCHAR,
        sector     VARCHAR,
        cameo      VARCHAR,
        wikidata   VARCHAR,
        office     VARCHAR,
        span_start INTEGER,
        span_end   INTEGER,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE quotes (
        article_id       VARCHAR NOT NULL,
        seq              INTEGER NOT NULL,
        text             VARCHAR,
        span_start       INTEGER,
        span_end         INTEGER,
        speaker_text     VARCHAR,
        speaker_name     VARCHAR,
        speaker_country  VARCHAR,
        speaker_sector   VARCHAR,
        speaker_cameo    VARCHAR,
        speaker_wikidata VARCHAR,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE date_mentions (
        article_id VARCHAR NOT NULL,
        seq        INTEGER NOT NULL,
        text       VARCHAR,
        value      VARCHAR,
        span_start INTEGER,
        span_end   INTEGER,
        PRIMARY KEY (article_id, seq)
    );
    CREATE TABLE errors (
        source  VARCHAR NOT NULL,
        record  VARCHAR NOT NULL,
        reason  VARCHAR NOT NULL,
        logged_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, record)
    );
    CREATE TABLE canonical_events (
        id                BIGINT PRIMARY KEY,
        plover            VARCHAR NOT NULL,
        cameo             VARCHAR,
        actor_code        VARCHAR,
        actor_country     VARCHAR,
        actor_sector      VARCHAR,
        actor_name        VARCHAR,
        recipient_code    VARCHAR,
        recipient_country VARCHAR,
        recipient_sector  VARCHAR,
        recipient_name    VARCHAR,
        day               DATE NOT NULL,
        first_day         DATE,
        last_day          DATE,
        place_name        VARCHAR,
        place_country     VARCHAR,
        place_lat         DOUBLE,
        place_lon         DOUBLE,
        num_mentions      INTEGER NOT NULL,
        num_articles      INTEGER NOT NULL,
        num_sources       INTEGER NOT NULL,
        goldstein         DOUBLE,
        quad_class        INTEGER
    );
    CREATE INDEX events_article ON events (article_id);
    CREATE INDEX events_day ON events (day);
    CREATE INDEX events_canonical ON events (canonical_id);
    """),
    ("articles.author: the byline the page gives", """
    ALTER TABLE articles ADD COLUMN author VARCHAR;
    """),
    ("articles.published_from: where the publication date came from", """
    ALTER TABLE articles ADD COLUMN published_from VARCHAR;
    """),
    ("read models: articles.headline and event_labels, kept at write time so pages need no text or actor scans", f"""
    ALTER TABLE articles ADD COLUMN headline VARCHAR;
    UPDATE articles SET headline = {HEADLINE_SQL};
    CREATE TABLE event_labels (
        event_id        BIGINT PRIMARY KEY,
        actor_label     VARCHAR NOT NULL,
        recipient_label VARCHAR NOT NULL
    );
    {_labels_sql("0")};
    """),
)


def content_hash(text: str) -> str:
    """The key that makes ingest idempotent: SHA-256 of the text with whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def contains_clause(columns: Sequence[str], words: str) -> tuple[str, list[str]]:
    """SQL true when any of `columns` contains `words` (case-insensitive), and its parameters.

    `%` and `_` in `words` are matched literally, not as LIKE wildcards."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    clause = " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in columns)
    return f"({clause})", [f"%{escaped}%"] * len(columns)


def _precision(value: str | None) -> str | None:
    if not value:
        return None
    return {4: "year", 7: "month"}.get(len(value), "day")


def _as_day(value: str | None) -> date | None:
    """An ISO date or coarser value as a sortable DATE: YYYY-MM → first of month, YYYY → 1 Jan."""
    if not value:
        return None
    padded = {4: value + "-01-01", 7: value + "-01"}.get(len(value), value[:10])
    try:
        return date.fromisoformat(padded)
    except ValueError:
        return None


def _published(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Rows:
    """Column-wise buffers for one table, turned into an Arrow table for one bulk INSERT."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.columns = list(columns)
        self.data: dict[str, list[Any]] = {c: [] for c in columns}

    def append(self, **row: Any) -> None:
        for column in self.columns:
            self.data[column].append(row.get(column))

    def __len__(self) -> int:
        return len(self.data[self.columns[0]])

    def insert(self, con: duckdb.DuckDBPyConnection, table: str, types: dict[str, pa.DataType]) -> None:
        if not len(self):
            return
        arrow = pa.table({c: pa.array(self.data[c], type=types.get(c)) for c in self.columns})
        con.register("_incoming", arrow)
        try:
            con.execute(f"INSERT INTO {table} ({', '.join(self.columns)}) "
                        f"SELECT {', '.join(self.columns)} FROM _incoming")
        finally:
            con.unregister("_incoming")


_ARROW_TYPES: dict[str, pa.DataType] = {
    "plover_context": pa.list_(pa.string()), "goldstein": pa.float64(), "confidence": pa.float64(),
    "place_lat": pa.float64(), "place_lon": pa.float64(), "place_geonames": pa.int64(),
    "published": pa.date32(), "day": pa.date32(), "reciprocal": pa.bool_(),
}
_ACTOR_COLUMNS = ("text", "name", "country", "sector", "cameo", "wikidata", "office", "span_start", "span_end")


def _actor_fields(actor: Actor) -> dict[str, Any]:
    return {
        "text": actor.text, "name": actor.name, "country": actor.country, "sector": actor.sector,
        "cameo": actor.cameo, "wikidata": actor.wikidata, "office": actor.role,
        "span_start": actor.span.start if actor.span else None,
        "span_end": actor.span.end if actor.span else None,
    }


def _event_fields(event: Event, published: date | None) -> dict[str, Any]:
    first = event.actor[0] if event.actor else None
    other = event.recipient[0] if event.recipient else None
    place = event.place
    return {
        "coder_id": event.id or None, "plover": event.plover, "plover_mode": event.plover_mode,
        "plover_context": list(event.plover_context), "cameo": event.cameo,
        "goldstein": float(event.goldstein), "quad_class": event.quad_class,
        "penta_class": event.penta_class, "mode": event.mode, "date": event.date,
        "day": _as_day(event.date) or published,
        "date_precision": _precision(event.date) or ("day" if published else None),
        "actor_code": first.cameo if first else None, "actor_country": first.country if first else None,
        "actor_sector": first.sector if first else None, "actor_name": first.name if first else None,
        "actor_text": first.text if first else None,
        "recipient_code": other.cameo if other else None,
        "recipient_country": other.country if other else None,
        "recipient_sector": other.sector if other else None,
        "recipient_name": other.name if other else None,
        "recipient_text": other.text if other else None,
        "reciprocal": event.reciprocal,
        "place_name": place.name if place else None, "place_country": place.country if place else None,
        "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
        "place_geonames": place.geonames if place else None,
        "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "evidence": event.evidence.text, "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end, "trigger": event.trigger.text,
        "confidence": float(event.confidence), "why": event.why,
    }


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
                                 [version, name, datetime.now(timezone.utc).replace(tzinfo=None)])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(self._scalar("SELECT coalesce(max(version), 0) FROM schema_migrations") or 0)

    # ---- writing ---------------------------------------------------------------------------
    def has(self, digest: str) -> bool:
        """Whether an article with this content hash (see `content_hash`) is stored."""
        return self._scalar("SELECT count(*) FROM articles WHERE content_hash = ?", [digest]) > 0

    def missing(self, digests: Iterable[str]) -> set[str]:
        """The content hashes among `digests` that are not stored yet (one query for a batch)."""
        wanted = list(dict.fromkeys(digests))
        if not wanted:
            return set()
        found = self.con.execute("SELECT content_hash FROM articles WHERE content_hash IN "
                                 "(SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()
        return set(wanted) - {row[0] for row in found}

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
        texts = list(texts) if texts is not None else [None] * len(coded)
        bylines = list(authors) if authors is not None else [None] * len(coded)
        good: list[tuple[CodedArticle, str, str, str | None]] = []
        failed: list[CodedArticle] = []
        for article, text, author in zip(coded, texts, bylines, strict=True):
            body = text if text is not None else article.text
            if article.errors or not body:
                failed.append(article)
            else:
                good.append((article, body, content_hash(body), author))
        new_hashes = self.missing(h for _, _, h, _ in good)
        taken = self._taken_ids([a.article.id for a, _, h, _ in good if h in new_hashes])
        articles = _Rows(("id", "content_hash", "published", "title", "url", "source", "language",
                          "text", "n_words", "n_events", "coded_at", "author", "published_from"))
        events = _Rows(("id", "article_id", "seq", *_EVENT_COLUMNS))
        actors = _Rows(("event_id", "role", "position", *_ACTOR_COLUMNS))
        mentions = _Rows(("article_id", "seq", *_ACTOR_COLUMNS))
        quotes = _Rows(("article_id", "seq", "text", "span_start", "span_end", "speaker_text",
                        "speaker_name", "speaker_country", "speaker_sector", "speaker_cameo",
                        "speaker_wikidata"))
        dates = _Rows(("article_id", "seq", "text", "value", "span_start", "span_end"))
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        next_id = self._next_event_id
        added = 0
        for article, body, digest, author in good:
            if digest not in new_hashes:
                continue
            new_hashes.discard(digest)
            added += 1
            meta = article.article
            article_id = meta.id if meta.id not in taken else f"{meta.id}~{digest[:8]}"
            taken.add(article_id)
            published = _published(meta.published)
            articles.append(id=article_id, content_hash=digest, published=published, title=meta.title,
                            url=meta.url, source=meta.source, language=meta.language, text=body,
                            n_words=len(body.split()), n_events=len(article.events), coded_at=now,
                            author=author, published_from=meta.published_from)
            for seq, event in enumerate(article.events):
                events.append(id=next_id, article_id=article_id, seq=seq, **_event_fields(event, published))
                for role, group in (("actor", event.actor), ("recipient", event.recipient)):
                    for position, actor in enumerate(group):
                        actors.append(event_id=next_id, role=role, position=position, **_actor_fields(actor))
                next_id += 1
            for seq, actor in enumerate(article.actors):
                mentions.append(article_id=article_id, seq=seq, **_actor_fields(actor))
            for seq, quote in enumerate(article.quotes):
                speaker = quote.speaker
                quotes.append(article_id=article_id, seq=seq, text=quote.text, span_start=quote.span.start,
                              span_end=quote.span.end, speaker_text=quote.speaker_text,
                              speaker_name=speaker.name if speaker else None,
                              speaker_country=speaker.country if speaker else None,
                              speaker_sector=speaker.sector if speaker else None,
                              speaker_cameo=speaker.cameo if speaker else None,
                              speaker_wikidata=speaker.wikidata if speaker else None)
            for seq, mention in enumerate(article.dates):
                dates.append(article_id=article_id, seq=seq, text=mention.text, value=mention.value,
                             span_start=mention.span.start if mention.span else None,
                             span_end=mention.span.end if mention.span else None)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for rows, table in ((articles, "articles"), (events, "events"), (actors, "event_actors"),
                                (mentions, "actor_mentions"), (quotes, "quotes"), (dates, "date_mentions")):
                rows.insert(self.con, table, _ARROW_TYPES)
            if len(articles):
                self.con.execute(f"UPDATE articles SET headline = {HEADLINE_SQL} "
                                 "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [articles.data["id"]])
                self.con.execute(_labels_sql("?"), [self._next_event_id])
            for article in failed:
                self._error_row(input_name, article.article.id, "; ".join(article.errors) or "no text")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self._next_event_id = next_id
        return added

    def add_error(self, source: str, record: str, reason: str) -> None:
        """Record that `record` (a path, `file:line`, or an id) from `source` could not be coded.

        Idempotent: the same (source, record) keeps one row with the latest reason.
        """
        self._error_row(source, record, reason)

    def _error_row(self, source: str, record: str, reason: str) -> None:
        self.con.execute(
            "INSERT INTO errors VALUES (?, ?, ?, ?) ON CONFLICT (source, record) "
            "DO UPDATE SET reason = excluded.reason, logged_at = excluded.logged_at",
            [source, record, reason, datetime.now(timezone.utc).replace(tzinfo=None)])

    def _taken_ids(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [ids]).fetchall()
        return {row[0] for row in rows}

    # ---- reading ---------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Row counts of every table: articles, events, event_actors, actor_mentions, quotes,
        date_mentions, errors, canonical_events."""
        return {table: int(self._scalar(f"SELECT count(*) FROM {table}"))
                for table in ("articles", "events", "event_actors", "actor_mentions", "quotes",
                              "date_mentions", "errors", "canonical_events")}

    def events(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        plover: str | Sequence[str] | None = None,
        cameo: str | None = None,
        mode: str | Sequence[str] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        article_id: str | None = None,
        canonical_id: int | None = None,
        all_modes: bool = False,
        limit: int | None = None,
        offset: int = 0,
        order: Literal["day", "id"] = "day",
    ) -> list[dict[str, Any]]:
        """Events matching every filter given, as dicts with the `events` table's columns plus
        `article_title`, `article_url`, `article_source`, `published`.

        `actor` / `recipient` match any actor on that side by CAMEO code prefix ("RUS" matches
        "RUSGOV"), country code, or canonical name (case-insensitive). `plover` and `mode` take one
        value or several; `cameo` matches a code prefix ("19" is every ASSAULT-root code).
        `since`/`until` bound `day` (inclusive). Negated events are left out unless `all_modes`
        or `mode` asks for them. Ordered by day (unknown last) then id, or by id.
        """
        where, params = self.event_where(actor=actor, recipient=recipient, plover=plover, cameo=cameo,
                                            mode=mode, since=since, until=until, article_id=article_id,
                                            canonical_id=canonical_id, all_modes=all_modes)
        sql = ("SELECT e.*, a.title AS article_title, a.url AS article_url, a.source AS article_source, "
               f"a.published FROM events e JOIN articles a ON a.id = e.article_id WHERE {where} "
               + ("ORDER BY e.day NULLS LAST, e.id" if order == "day" else "ORDER BY e.id"))
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._dicts(sql, params)

    def count_events(self, **filters: Any) -> int:
        """How many events `events(**filters)` would return without limit/offset."""
        filters.pop("limit", None), filters.pop("offset", None), filters.pop("order", None)
        where, params = self.event_where(**filters)
        return int(self._scalar(f"SELECT count(*) FROM events e WHERE {where}", params))

    def event_actors(self, event_id: int) -> list[dict[str, Any]]:
        """Every actor and recipient of one event: role ("actor"/"recipient"), position, text, name,
        country, sector, cameo, wikidata, office, span_start, span_end."""
        return self._dicts("SELECT * FROM event_actors WHERE event_id = ? ORDER BY role, position", [event_id])

    def dyad_series(
        self,
        a: str,
        b: str,
        *,
        freq: Freq = "month",
        directed: bool = False,
        by: Literal["plover", "quad_class"] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        all_modes: bool = False,
    ) -> list[dict[str, Any]]:
        """Events between actors `a` and `b` per period: rows of `period` (date, the period's
        first day), `events` (count), `goldstein` (mean), and `plover` or `quad_class` when `by`
        splits them. `a`/`b` match as in `events`. Undirected by default (a→b and b→a both count).
        """
        parts, params = [], []
        for first, second in ((a, b), (b, a)) if not directed else ((a, b),):
            where, p = self.event_where(actor=first, recipient=second, since=since, until=until,
                                           all_modes=all_modes)
            parts.append(where)
            params += p
        split = f", e.{by}" if by else ""
        sql = (f"SELECT date_trunc('{_freq(freq)}', e.day)::DATE AS period{split}, count(*) AS events, "
               f"avg(e.goldstein) AS goldstein FROM events e WHERE e.day IS NOT NULL AND "
               f"(({') OR ('.join(parts)})) GROUP BY ALL ORDER BY period{split}")
        return self._dicts(sql, params)

    def network(
        self,
        *,
        key: ActorKey = "country",
        plover: str | Sequence[str] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        min_events: int = 1,
        all_modes: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Directed edges actor → recipient: rows of `source`, `target` (by `key`: country code,
        CAMEO code or canonical name), `events`, `goldstein` (mean), `cooperative` and `conflictual`
        (counts by quad class 1–2 and 3–4). Every actor × recipient pair of an event counts;
        actors with no value for `key` are left out. Strongest edges first.
        """
        where, params = self.event_where(plover=plover, since=since, until=until, all_modes=all_modes)
        sql = (f"SELECT s.{key} AS source, t.{key} AS target, count(*) AS events, "
               "avg(e.goldstein) AS goldstein, count(*) FILTER (WHERE e.quad_class <= 2) AS cooperative, "
               "count(*) FILTER (WHERE e.quad_class >= 3) AS conflictual "
               "FROM events e JOIN event_actors s ON s.event_id = e.id AND s.role = 'actor' "
               "JOIN event_actors t ON t.event_id = e.id AND t.role = 'recipient' "
               f"WHERE {where} AND s.{key} IS NOT NULL AND t.{key} IS NOT NULL AND s.{key} <> t.{key} "
               f"GROUP BY ALL HAVING count(*) >= {int(min_events)} ORDER BY events DESC, source, target")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._dicts(sql, params)

    def articles(
        self,
        *,
        source: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        search: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Articles newest first, without their text: id, content_hash, published, title, url,
        source, language, n_words, n_events, coded_at. `search` matches title or text
        (case-insensitive substring)."""
        clauses, params = ["TRUE"], []
        if source:
            clauses.append("source = ?"), params.append(source)
        if since:
            clauses.append("published >= ?"), params.append(_date(since))
        if until:
            clauses.append("published <= ?"), params.append(_date(until))
        if search:
            clause, more = contains_clause(("title", "text"), search)
            clauses.append(clause)
            params += more
        sql = ("SELECT * EXCLUDE (text) FROM articles WHERE " + " AND ".join(clauses)
               + " ORDER BY published DESC NULLS LAST, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._dicts(sql, params)

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with everything read from it, or None: the `articles` row (with `text`) plus
        `events` (all modes, each with its `actors` list from event_actors), `quotes`,
        `actors` (actor_mentions rows) and `dates` (date_mentions rows), each in text order."""
        rows = self._dicts("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            return None
        out = rows[0]
        out["events"] = self._dicts("SELECT * FROM events WHERE article_id = ? ORDER BY seq", [article_id])
        by_event: dict[int, list[dict[str, Any]]] = {}
        for row in self._dicts("SELECT ea.* FROM event_actors ea JOIN events e ON e.id = ea.event_id "
                               "WHERE e.article_id = ? ORDER BY ea.event_id, ea.role, ea.position",
                               [article_id]):
            by_event.setdefault(row["event_id"], []).append(row)
        for event in out["events"]:
            event["actors"] = by_event.get(event["id"], [])
        for table, key in (("quotes", "quotes"), ("actor_mentions", "actors"), ("date_mentions", "dates")):
            out[key] = self._dicts(f"SELECT * FROM {table} WHERE article_id = ? ORDER BY seq", [article_id])
        return out

    def canonical_events(self, *, plover: str | None = None, min_articles: int = 1,
                         limit: int | None = 100) -> list[dict[str, Any]]:
        """Deduplicated real-world events (see tidings.dedupe), most reported first: the
        `canonical_events` columns."""
        clauses, params = [f"num_articles >= {int(min_articles)}"], []
        if plover:
            clauses.append("plover = ?"), params.append(plover.upper())
        sql = ("SELECT * FROM canonical_events WHERE " + " AND ".join(clauses)
               + " ORDER BY num_articles DESC, num_mentions DESC, day, id")
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

    @staticmethod
    def event_where(
        *,
        actor: str | None = None,
        recipient: str | None = None,
        plover: str | Sequence[str] | None = None,
        cameo: str | None = None,
        mode: str | Sequence[str] | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        article_id: str | None = None,
        canonical_id: int | None = None,
        all_modes: bool = False,
    ) -> tuple[str, list[Any]]:
        """The SQL condition (over `events e`) and its parameters for the filters `events` takes;
        for callers that build their own queries (exports, plots)."""
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        for role, value in (("actor", actor), ("recipient", recipient)):
            if value:
                clauses.append(
                    "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND x.role = ? AND "
                    "(starts_with(upper(x.cameo), upper(?)) OR upper(x.country) = upper(?) "
                    "OR lower(x.name) = lower(?)))")
                params += [role, value, value, value]
        if plover:
            values = [plover] if isinstance(plover, str) else list(plover)
            clauses.append("e.plover IN (SELECT unnest(?::VARCHAR[]))")
            params.append([v.upper() for v in values])
        if cameo:
            clauses.append("starts_with(e.cameo, ?)"), params.append(cameo)
        if mode:
            values = [mode] if isinstance(mode, str) else list(mode)
            clauses.append("e.mode IN (SELECT unnest(?::VARCHAR[]))"), params.append([v.lower() for v in values])
        elif not all_modes:
            clauses.append("e.mode NOT IN (SELECT unnest(?::VARCHAR[]))"), params.append(list(HIDDEN_MODES))
        if since:
            clauses.append("e.day >= ?"), params.append(_date(since))
        if until:
            clauses.append("e.day <= ?"), params.append(_date(until))
        if article_id:
            clauses.append("e.article_id = ?"), params.append(article_id)
        if canonical_id is not None:
            clauses.append("e.canonical_id = ?"), params.append(canonical_id)
        return " AND ".join(clauses), params


_EVENT_COLUMNS: tuple[str, ...] = (
    "coder_id", "plover", "plover_mode", "plover_context", "cameo", "goldstein", "quad_class",
    "penta_class", "mode", "date", "day", "date_precision", "actor_code", "actor_country",
    "actor_sector", "actor_name", "actor_text", "recipient_code", "recipient_country",
    "recipient_sector", "recipient_name", "recipient_text", "reciprocal", "place_name",
    "place_country", "place_lat", "place_lon", "place_geonames", "evidence_start", "evidence_end",
    "evidence", "trigger_start", "trigger_end", "trigger", "confidence", "why",
)


def _date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _freq(freq: str) -> str:
    if freq not in ("day", "week", "month", "quarter", "year"):
        raise ValueError(f"freq must be day, week, month, quarter or year, not {freq!r}")
    return freq


def coded_to_json(coded: CodedArticle) -> str:
    """A CodedArticle as one JSON line: `to_dict()` plus what the store needs that the output
    contract leaves out (each event's `penta_class`, the article text). See `coded_from_json`."""
    data = coded.to_dict()
    for out, event in zip(data["events"], coded.events, strict=True):
        out["penta_class"] = event.penta_class
    data["text"] = coded.text
    return json.dumps(data, ensure_ascii=False)


def _span(data: dict[str, Any] | None) -> Span | None:
    return Span(data["start"], data["end"], data["text"]) if data else None


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(text=data["text"], country=data.get("country"), sector=data.get("sector"),
                 name=data.get("name"), cameo=data.get("cameo"), wikidata=data.get("wikidata"),
                 role=data.get("role"), span=_span(data.get("span")))


def coded_from_json(line: str | bytes) -> CodedArticle:
    """The CodedArticle that `coded_to_json` wrote (also reads plain `to_dict()` JSON, taking
    penta class 0 and empty text where they are missing)."""
    data = json.loads(line)
    meta = data["article"]
    events = tuple(
        Event(plover=e["plover"], cameo=e["cameo"], actor=tuple(_actor(a) for a in e["actor"]),
              recipient=tuple(_actor(a) for a in e.get("recipient", ())), mode=e["mode"],
              evidence=_span(e["evidence"]) or Span(0, 0, ""),
              trigger=_span(e.get("trigger")) or Span(0, 0, ""),
              goldstein=e.get("goldstein", 0.0), quad_class=e.get("quad_class", 0),
              penta_class=e.get("penta_class", 0), plover_mode=e.get("plover_mode"),
              plover_context=tuple(e.get("plover_context", ())), reciprocal=e.get("reciprocal", False),
              date=e.get("date"), place=Place(**e["place"]) if e.get("place") else None,
              confidence=e.get("confidence", 0.5), why=e.get("why", ""), id=e.get("id", ""))
        for e in data.get("events", ()))
    quotes = tuple(
        Quote(text=q["text"], span=_span(q.get("span")) or Span(0, 0, q["text"]),
              speaker=_actor(q["speaker"]) if q.get("speaker") else None, speaker_text=q.get("speaker_text"))
        for q in data.get("quotes", ()))
    return CodedArticle(
        article=ArticleMeta(**meta),
        events=events,
        quotes=quotes,
        actors=tuple(_actor(a) for a in data.get("actors", ())),
        dates=tuple(DateMention(d["text"], d.get("value"), _span(d.get("span"))) for d in data.get("dates", ())),
        errors=tuple(data.get("errors", ())),
        text=data.get("text", ""),
    )
