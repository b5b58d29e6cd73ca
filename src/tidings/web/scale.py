"""A large store for the web bench, grown from a real one by copying its rows in SQL.

Each copy of the source store's articles (with their events, actors, quotes, dates and real-world
events) gets new keys and is moved back in time by whole weeks, so the copies tile several years
with the source's own mix of actors, event types, article lengths and events per article, and
weekly and monthly views see the source's density many times over. Coding nothing again, a
million events take a minute rather than days.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..store import Store

#: Days between one copy and the next (a week keeps weekday patterns).
SHIFT_DAYS = 7


def _shifted_date(column: str, shift: str) -> str:
    """SQL for an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD) moved back `shift` days, kept at
    its precision."""
    moved = f"(CAST(rpad({column}, 10, '-01') AS DATE) - {shift})"
    return (f"CASE WHEN {column} IS NULL OR NOT regexp_full_match({column}, '\\d{{4}}(-\\d{{2}}(-\\d{{2}})?)?') "
            f"THEN {column} ELSE left(strftime({moved}, '%Y-%m-%d'), length({column})) END")


def grow_store(source: str | Path, target: str | Path, events: int) -> dict[str, int]:
    """Write `target`, a new store of about `events` events: as many copies of `source` as that
    takes. Returns the target's row counts (see `Store.counts`)."""
    if Path(target).exists():
        raise FileExistsError(f"{target} exists: the scale store is written fresh")
    Store(source).close()  # brings an older store's tables up to this version's, so rows copy column for column
    with Store(source, read_only=True) as original:
        source_events = original.counts()["events"]
    if not source_events:
        raise ValueError(f"{source} holds no events to copy")
    copies = max(1, math.ceil(events / source_events))
    with Store(target) as store:
        con = store.con
        con.execute(f"ATTACH '{Path(source).resolve()}' AS source (READ_ONLY)")
        event_step = con.execute("SELECT coalesce(max(id), 0) FROM source.events").fetchone()[0]
        canonical_step = con.execute("SELECT coalesce(max(id), 0) FROM source.canonical_events").fetchone()[0]
        copy = f"range(0, {copies}) copies(k)"
        shift = f"CAST(k * {SHIFT_DAYS} AS INTEGER)"
        key = "CASE WHEN k = 0 THEN {0} ELSE {0} || '~' || k END"
        con.execute("BEGIN TRANSACTION")
        con.execute(f"""INSERT INTO articles SELECT s.* REPLACE (
                {key.format('id')} AS id, CASE WHEN k = 0 THEN content_hash ELSE sha256(content_hash || k) END
                AS content_hash, published - {shift} AS published) FROM source.articles s, {copy}""")
        con.execute(f"""INSERT INTO events SELECT s.* REPLACE (
                id + k * {event_step} AS id, {key.format('article_id')} AS article_id,
                {_shifted_date('date', shift)} AS date, day - {shift} AS day,
                canonical_id + k * {canonical_step} AS canonical_id) FROM source.events s, {copy}""")
        con.execute(f"""INSERT INTO canonical_events SELECT s.* REPLACE (
                id + k * {canonical_step} AS id, day - {shift} AS day, first_day - {shift} AS first_day,
                last_day - {shift} AS last_day) FROM source.canonical_events s, {copy}""")
        for table in ("event_actors", "event_labels", "event_edges"):
            con.execute(f"INSERT INTO {table} SELECT s.* REPLACE (event_id + k * {event_step} AS event_id) "
                        f"FROM source.{table} s, {copy}")
        for table in ("actor_mentions", "quotes", "quote_speakers"):
            con.execute(f"INSERT INTO {table} SELECT s.* REPLACE ({key.format('article_id')} AS article_id) "
                        f"FROM source.{table} s, {copy}")
        con.execute(f"""INSERT INTO date_mentions SELECT s.* REPLACE ({key.format('article_id')} AS article_id,
                {_shifted_date('value', shift)} AS value) FROM source.date_mentions s, {copy}""")
        con.execute("COMMIT")
        con.execute("DETACH source")
        con.execute("CHECKPOINT")
        return store.counts()
