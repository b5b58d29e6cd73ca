"""The writer: a batch of coded articles into the tables in one transaction, keyed by content hash.

`Store.add_many` calls `write_batch`; the rows come from `tidings.store.rows`, each table's rows
buffered column-wise and inserted as one Arrow table, so a batch costs a few INSERTs however many
events it holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

from ..types import CodedArticle
from .rows import (ACTOR_COLUMNS, ARTICLE_COLUMNS, DATE_COLUMNS, EVENT_COLUMNS, QUOTE_COLUMNS, actor_row,
                   date_row, event_row, published_day, quote_row)
from .schema import HEADLINE_SQL, edges_sql, labels_sql

_ARROW_TYPES: dict[str, pa.DataType] = {
    "plover_context": pa.list_(pa.string()), "warnings": pa.list_(pa.string()), "goldstein": pa.float64(),
    "confidence": pa.float64(), "place_lat": pa.float64(), "place_lon": pa.float64(),
    "place_geonames": pa.int64(), "published": pa.date32(), "day": pa.date32(), "reciprocal": pa.bool_(),
}


def content_hash(text: str) -> str:
    """The key that makes ingest idempotent: SHA-256 of the text with whitespace runs collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def now() -> datetime:
    """UTC now, as the store's TIMESTAMP columns hold it (naive)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


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

    def insert(self, con: duckdb.DuckDBPyConnection, table: str) -> None:
        if not len(self):
            return
        arrow = pa.table({c: pa.array(self.data[c], type=_ARROW_TYPES.get(c)) for c in self.columns})
        con.register("_incoming", arrow)
        try:
            con.execute(f"INSERT INTO {table} ({', '.join(self.columns)}) "
                        f"SELECT {', '.join(self.columns)} FROM _incoming")
        finally:
            con.unregister("_incoming")


def missing(con: duckdb.DuckDBPyConnection, digests: Iterable[str]) -> set[str]:
    """The content hashes among `digests` that are not stored yet (one query for a batch)."""
    wanted = list(dict.fromkeys(digests))
    if not wanted:
        return set()
    found = con.execute("SELECT content_hash FROM articles WHERE content_hash IN "
                        "(SELECT unnest(?::VARCHAR[]))", [wanted]).fetchall()
    return set(wanted) - {row[0] for row in found}


def _taken_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
    return {row[0] for row in rows}


def error_row(con: duckdb.DuckDBPyConnection, source: str, record: str, reason: str) -> None:
    """Record (or update) why `record` from `source` could not be coded."""
    con.execute("INSERT INTO errors VALUES (?, ?, ?, ?) ON CONFLICT (source, record) "
                "DO UPDATE SET reason = excluded.reason, logged_at = excluded.logged_at",
                [source, record, reason, now()])


def write_batch(con: duckdb.DuckDBPyConnection, coded: Sequence[CodedArticle], *, texts: Sequence[str | None],
                authors: Sequence[str | None], input_name: str, first_event_id: int) -> tuple[int, int]:
    """Store `coded` (see `Store.add_many`) in one transaction; returns (articles added, the next
    free event id)."""
    good: list[tuple[CodedArticle, str, str, str | None]] = []
    failed: list[CodedArticle] = []
    for article, text, author in zip(coded, texts, authors, strict=True):
        body = text if text is not None else article.text
        if article.errors or not body:
            failed.append(article)
        else:
            good.append((article, body, content_hash(body), author))
    new_hashes = missing(con, (h for _, _, h, _ in good))
    taken = _taken_ids(con, [a.article.id for a, _, h, _ in good if h in new_hashes])
    articles = _Rows(ARTICLE_COLUMNS)
    events = _Rows(("id", "article_id", "seq", *EVENT_COLUMNS))
    actors = _Rows(("event_id", "role", "position", *ACTOR_COLUMNS))
    mentions = _Rows(("article_id", "seq", *ACTOR_COLUMNS))
    speakers = _Rows(("article_id", "seq", *ACTOR_COLUMNS))
    quotes = _Rows(QUOTE_COLUMNS)
    dates = _Rows(DATE_COLUMNS)
    coded_at = now()
    next_id = first_event_id
    for article, body, digest, author in good:
        if digest not in new_hashes:
            continue
        new_hashes.discard(digest)
        meta = article.article
        article_id = meta.id if meta.id not in taken else f"{meta.id}~{digest[:8]}"
        taken.add(article_id)
        published = published_day(meta.published)
        articles.append(id=article_id, content_hash=digest, published=published, title=meta.title, url=meta.url,
                        source=meta.source, language=meta.language, text=body, n_words=len(body.split()),
                        n_events=len(article.events), coded_at=coded_at, author=author,
                        published_from=meta.published_from, warnings=list(article.warnings) or None)
        for seq, event in enumerate(article.events):
            events.append(id=next_id, article_id=article_id, seq=seq, **event_row(event, published))
            for role, group in (("actor", event.actor), ("recipient", event.recipient)):
                for position, actor in enumerate(group):
                    actors.append(event_id=next_id, role=role, position=position, **actor_row(actor))
            next_id += 1
        for seq, actor in enumerate(article.actors):
            mentions.append(article_id=article_id, seq=seq, **actor_row(actor))
        for seq, quote in enumerate(article.quotes):
            quotes.append(article_id=article_id, seq=seq, **quote_row(quote))
            if quote.speaker is not None:
                speakers.append(article_id=article_id, seq=seq, **actor_row(quote.speaker))
        for seq, mention in enumerate(article.dates):
            dates.append(article_id=article_id, seq=seq, **date_row(mention))
    con.execute("BEGIN TRANSACTION")
    try:
        for rows, table in ((articles, "articles"), (events, "events"), (actors, "event_actors"),
                            (mentions, "actor_mentions"), (quotes, "quotes"), (speakers, "quote_speakers"),
                            (dates, "date_mentions")):
            rows.insert(con, table)
        if len(articles):
            con.execute(f"UPDATE articles SET headline = {HEADLINE_SQL} WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                        [articles.data["id"]])
            con.execute(labels_sql("?"), [first_event_id])
            con.execute(edges_sql("?"), [first_event_id])
        for article in failed:
            error_row(con, input_name, article.article.id, "; ".join(article.errors) or "no text")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(articles), next_id
