"""Store rows ⇄ CodedArticle: how the coder's output is laid out in the tables, and read back.

The writer (`tidings.store.writer`) lays an article out with the `*_row` functions; `coded_article`
reads it back, so that a CodedArticle written and read is the same CodedArticle (the round trip is
a property test in tests/store/test_store.py). docs/architecture.md ("Data shapes") maps the fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import duckdb

from ..types import Actor, ArticleMeta, CodedArticle, DateMention, Event, Place, Quote, Span

#: The columns an actor takes in event_actors, actor_mentions and quote_speakers (after their keys).
ACTOR_COLUMNS = ("text", "name", "country", "sector", "cameo", "wikidata", "office", "span_start", "span_end")
#: The events table's columns after its keys (id, article_id, seq).
EVENT_COLUMNS: tuple[str, ...] = (
    "coder_id", "plover", "plover_mode", "plover_context", "cameo", "goldstein", "quad_class",
    "penta_class", "mode", "date", "day", "date_precision", "actor_code", "actor_country",
    "actor_sector", "actor_name", "actor_text", "recipient_code", "recipient_country",
    "recipient_sector", "recipient_name", "recipient_text", "reciprocal", "place_name",
    "place_country", "place_lat", "place_lon", "place_geonames", "evidence_start", "evidence_end",
    "evidence", "trigger_start", "trigger_end", "trigger", "confidence", "why",
)
ARTICLE_COLUMNS = ("id", "content_hash", "published", "title", "url", "source", "language", "text",
                   "n_words", "n_events", "coded_at", "author", "published_from", "warnings")
QUOTE_COLUMNS = ("article_id", "seq", "text", "span_start", "span_end", "speaker_text")
DATE_COLUMNS = ("article_id", "seq", "text", "value", "span_start", "span_end")


def precision(value: str | None) -> str | None:
    """How precise an ISO date value is: day, month (YYYY-MM) or year (YYYY)."""
    if not value:
        return None
    return {4: "year", 7: "month"}.get(len(value), "day")


def as_day(value: str | None) -> date | None:
    """An ISO date or coarser value as a sortable DATE: YYYY-MM → first of month, YYYY → 1 Jan."""
    if not value:
        return None
    padded = {4: value + "-01-01", 7: value + "-01"}.get(len(value), value[:10])
    try:
        return date.fromisoformat(padded)
    except ValueError:
        return None


def published_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def actor_row(actor: Actor) -> dict[str, Any]:
    return {
        "text": actor.text, "name": actor.name, "country": actor.country, "sector": actor.sector,
        "cameo": actor.cameo, "wikidata": actor.wikidata, "office": actor.role,
        "span_start": actor.span.start if actor.span else None,
        "span_end": actor.span.end if actor.span else None,
    }


def event_row(event: Event, published: date | None) -> dict[str, Any]:
    """The events row of `event` (its first actor and recipient also on the row, for sorting and
    exports; all of them go to event_actors)."""
    first = event.actor[0] if event.actor else None
    other = event.recipient[0] if event.recipient else None
    place = event.place
    return {
        "coder_id": event.id or None, "plover": event.plover, "plover_mode": event.plover_mode,
        "plover_context": list(event.plover_context), "cameo": event.cameo,
        "goldstein": float(event.goldstein), "quad_class": event.quad_class,
        "penta_class": event.penta_class, "mode": event.mode, "date": event.date,
        "day": as_day(event.date) or published,
        "date_precision": precision(event.date) or ("day" if published else None),
        **{f"actor_{key}": value for key, value in _side(first).items()},
        **{f"recipient_{key}": value for key, value in _side(other).items()},
        "reciprocal": event.reciprocal,
        "place_name": place.name if place else None, "place_country": place.country if place else None,
        "place_lat": place.lat if place else None, "place_lon": place.lon if place else None,
        "place_geonames": place.geonames if place else None,
        "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "evidence": event.evidence.text, "trigger_start": event.trigger.start,
        "trigger_end": event.trigger.end, "trigger": event.trigger.text,
        "confidence": float(event.confidence), "why": event.why,
    }


def _side(actor: Actor | None) -> dict[str, Any]:
    if actor is None:
        return {"code": None, "country": None, "sector": None, "name": None, "text": None}
    return {"code": actor.cameo, "country": actor.country, "sector": actor.sector, "name": actor.name,
            "text": actor.text}


def quote_row(quote: Quote) -> dict[str, Any]:
    return {"text": quote.text, "span_start": quote.span.start, "span_end": quote.span.end,
            "speaker_text": quote.speaker_text}


def date_row(mention: DateMention) -> dict[str, Any]:
    return {"text": mention.text, "value": mention.value,
            "span_start": mention.span.start if mention.span else None,
            "span_end": mention.span.end if mention.span else None}


# ---- back ------------------------------------------------------------------------------------

def _dicts(con: duckdb.DuckDBPyConnection, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, args)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _span(start: Any, end: Any, text: str) -> Span | None:
    if start is None or end is None:
        return None
    return Span(int(start), int(end), text[int(start):int(end)])


def _actor(row: Mapping[str, Any], text: str) -> Actor:
    return Actor(text=row["text"] or "", country=row["country"], sector=row["sector"], name=row["name"],
                 cameo=row["cameo"], wikidata=row["wikidata"], role=row["office"],
                 span=_span(row["span_start"], row["span_end"], text))


def _event(row: Mapping[str, Any], sides: Mapping[str, list[Actor]], event_id: str) -> Event:
    place = (Place(row["place_name"], row["place_country"], row["place_lat"], row["place_lon"],
                   row["place_geonames"]) if row["place_name"] is not None else None)
    return Event(
        plover=row["plover"], cameo=row["cameo"], actor=tuple(sides.get("actor", ())),
        recipient=tuple(sides.get("recipient", ())), mode=row["mode"],
        evidence=Span(row["evidence_start"], row["evidence_end"], row["evidence"] or ""),
        trigger=Span(row["trigger_start"], row["trigger_end"], row["trigger"] or ""),
        goldstein=float(row["goldstein"] or 0), quad_class=int(row["quad_class"] or 0),
        penta_class=int(row["penta_class"] or 0), plover_mode=row["plover_mode"],
        plover_context=tuple(row["plover_context"] or ()), reciprocal=bool(row["reciprocal"]),
        date=row["date"], place=place, confidence=float(row["confidence"] or 0), why=row["why"] or "",
        id=event_id)


def coded_article(con: duckdb.DuckDBPyConnection, article_id: str, *, store_ids: bool = True
                  ) -> CodedArticle | None:
    """The stored article as the CodedArticle it was written from, or None when absent.

    Each event's `id` is its store id (`store_ids`, as the web face links events), else the
    coder's own id, which makes the round trip exact."""
    rows = _dicts(con, "SELECT * EXCLUDE (content_hash) FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    row = rows[0]
    text = row["text"] or ""
    meta = ArticleMeta(id=row["id"], published=row["published"].isoformat() if row["published"] else None,
                       title=row["title"], url=row["url"], source=row["source"],
                       language=row["language"] or "en", published_from=row["published_from"])
    sides: dict[int, dict[str, list[Actor]]] = {}
    for actor in _dicts(con, "SELECT ea.* FROM event_actors ea JOIN events e ON e.id = ea.event_id "
                             "WHERE e.article_id = ? ORDER BY ea.event_id, ea.role, ea.position", [article_id]):
        sides.setdefault(actor["event_id"], {}).setdefault(actor["role"], []).append(_actor(actor, text))
    events = tuple(_event(event, sides.get(event["id"], {}), str(event["id"]) if store_ids else event["coder_id"] or "")
                   for event in _dicts(con, "SELECT * FROM events WHERE article_id = ? ORDER BY seq", [article_id]))
    speakers = {s["seq"]: _actor(s, text) for s in _dicts(
        con, "SELECT * FROM quote_speakers WHERE article_id = ?", [article_id])}
    quotes = tuple(
        Quote(text=q["text"] or "", span=Span(q["span_start"], q["span_end"], q["text"] or ""),
              speaker=speakers.get(q["seq"]), speaker_text=q["speaker_text"])
        for q in _dicts(con, "SELECT * FROM quotes WHERE article_id = ? ORDER BY seq", [article_id]))
    actors = tuple(_actor(a, text) for a in _dicts(
        con, "SELECT * FROM actor_mentions WHERE article_id = ? ORDER BY seq", [article_id]))
    dates = tuple(DateMention(d["text"] or "", d["value"], _span(d["span_start"], d["span_end"], text))
                  for d in _dicts(con, "SELECT * FROM date_mentions WHERE article_id = ? ORDER BY seq",
                                  [article_id]))
    return CodedArticle(article=meta, events=events, quotes=quotes, actors=actors, dates=dates, text=text,
                        warnings=tuple(row["warnings"] or ()))
