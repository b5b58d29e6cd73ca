"""Cross-article deduplication: events that tell the same real-world event link to one canonical event.

Many articles report one kidnapping; GDELT's exact matching counted it hundreds of times. Here an
event links to an existing canonical event when, by meaning:

- both happened as told (mode `actual` or `historical`) and are dated to the day (the event's own
  date, else the article's publication date);
- they are interactions, not comments: STATEMENT events (CAMEO 01/02, which PLOVER drops) are
  never linked, and an event with no recipient links only when it is material (quad class 2 or
  4: an attack, a deployment, a protest), since "the US said / demanded" without a recipient is
  too thin to tell two comments apart; nor does an event whose actor and recipient are the same
  (the US government asking the US government), which is as thin;
- they have the same PLOVER type;
- the same actor and recipient, compared by country (else CAMEO code, else canonical name), in
  either order when the event is reciprocal or a CONSULT (talks between A and B are talks between
  B and A);
- compatible sectors: equal, or one side unknown ("Turkey" and "the Turkish government");
- compatible places: one unknown, the same name, or within `PLACE_KM` kilometres;
- its day within `window_days` (default 2) of the canonical event's first day (anchored to the
  first day, so a chain of daily reports does not drift into one event).

Among several fitting canonical events the nearest in days wins. Linking is incremental: only
events with no `canonical_id` are considered, so running it after every ingest is cheap. Each
canonical event counts its mentions (events linked), articles and sources, like GDELT's
NumMentions / NumArticles / NumSources. Events that do not qualify keep `canonical_id` NULL.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from ..store import Store

LINKED_MODES: tuple[str, ...] = ("actual", "historical")
UNLINKED_TYPES: tuple[str, ...] = ("STATEMENT",)
MATERIAL_QUADS: tuple[int, ...] = (2, 4)
SYMMETRIC_TYPES: frozenset[str] = frozenset({"CONSULT"})
WINDOW_DAYS = 2
PLACE_KM = 50.0


@dataclass
class DedupeReport:
    """Events linked this run, canonical events created, and the store's canonical total."""

    linked: int
    created: int
    canonical_total: int


@dataclass
class _Canonical:
    id: int
    day: date
    actor_sector: str | None
    recipient_sector: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    new: bool = False


_EVENT_SQL = """
SELECT id, plover, cameo, reciprocal, day, goldstein, quad_class,
       actor_code, actor_country, actor_sector, actor_name,
       recipient_code, recipient_country, recipient_sector, recipient_name,
       place_name, place_country, place_lat, place_lon
FROM events
WHERE canonical_id IS NULL AND mode IN (SELECT unnest(?::VARCHAR[])) AND date_precision = 'day'
  AND day IS NOT NULL AND coalesce(actor_country, actor_code, actor_name) IS NOT NULL
  AND plover NOT IN (SELECT unnest(?::VARCHAR[]))
  AND (coalesce(recipient_country, recipient_code, recipient_name) IS NOT NULL
       OR quad_class IN (SELECT unnest(?::INTEGER[])))
  AND NOT (coalesce(actor_country, actor_code, actor_name) IS NOT DISTINCT FROM
           coalesce(recipient_country, recipient_code, recipient_name)
           AND (actor_sector IS NULL OR recipient_sector IS NULL OR actor_sector = recipient_sector))
ORDER BY day, id
"""


def _identity(row: dict[str, Any], side: str) -> str | None:
    return row[f"{side}_country"] or row[f"{side}_code"] or row[f"{side}_name"]


def _key_and_sectors(row: dict[str, Any]) -> tuple[tuple[str, str | None, str | None], str | None, str | None]:
    actor, recipient = _identity(row, "actor"), _identity(row, "recipient")
    sectors = (row["actor_sector"], row["recipient_sector"])
    if (row["reciprocal"] or row["plover"] in SYMMETRIC_TYPES) and (recipient or "") < (actor or ""):
        actor, recipient = recipient, actor
        sectors = sectors[::-1]
    return (row["plover"], actor, recipient), sectors[0], sectors[1]


def _fits(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _places_fit(canon: _Canonical, row: dict[str, Any]) -> bool:
    name = row["place_name"]
    if canon.place_name is None or name is None or canon.place_name.lower() == name.lower():
        return True
    coordinates = (canon.lat, canon.lon, row["place_lat"], row["place_lon"])
    return all(c is not None for c in coordinates) and _km(*coordinates) <= PLACE_KM


def link_events(store: Store, *, window_days: int = WINDOW_DAYS) -> DedupeReport:
    """Link every unlinked qualifying event to a canonical event (creating ones as needed) and
    refresh the counts of the canonical events touched. One transaction."""
    columns, rows = store.sql(_EVENT_SQL, [list(LINKED_MODES), list(UNLINKED_TYPES), list(MATERIAL_QUADS)])
    events = [dict(zip(columns, row, strict=True)) for row in rows]
    total_before = int(store.sql("SELECT count(*) FROM canonical_events")[1][0][0])
    if not events:
        return DedupeReport(0, 0, total_before)
    window = timedelta(days=window_days)
    index = _load_canonical(store, events[0]["day"] - window, events[-1]["day"] + window)
    next_id = int(store.sql("SELECT coalesce(max(id), 0) + 1 FROM canonical_events")[1][0][0])
    links: dict[int, int] = {}
    created: list[dict[str, Any]] = []
    for row in events:
        key, actor_sector, recipient_sector = _key_and_sectors(row)
        fitting = [c for c in index[key]
                   if abs(c.day - row["day"]) <= window and _fits(c.actor_sector, actor_sector)
                   and _fits(c.recipient_sector, recipient_sector) and _places_fit(c, row)]
        if fitting:
            canon = min(fitting, key=lambda c: (abs(c.day - row["day"]), c.id))
            canon.actor_sector = canon.actor_sector or actor_sector
            canon.recipient_sector = canon.recipient_sector or recipient_sector
            if canon.place_name is None and row["place_name"]:
                canon.place_name, canon.lat, canon.lon = row["place_name"], row["place_lat"], row["place_lon"]
        else:
            canon = _Canonical(next_id, row["day"], actor_sector, recipient_sector, row["place_name"],
                               row["place_lat"], row["place_lon"], new=True)
            index[key].append(canon)
            created.append(_new_row(next_id, row, key, actor_sector, recipient_sector))
            next_id += 1
        links[row["id"]] = canon.id
    _write(store, links, created)
    return DedupeReport(len(links), len(created), total_before + len(created))


def _load_canonical(store: Store, low: date, high: date) -> defaultdict[tuple[str, str | None, str | None], list[_Canonical]]:
    index: defaultdict[tuple[str, str | None, str | None], list[_Canonical]] = defaultdict(list)
    columns, rows = store.sql(
        "SELECT id, plover, day, actor_code, actor_country, actor_name, actor_sector, recipient_code, "
        "recipient_country, recipient_name, recipient_sector, place_name, place_lat, place_lon "
        "FROM canonical_events WHERE day BETWEEN ? AND ?", [low, high])
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        key = (row["plover"], _identity(row, "actor"), _identity(row, "recipient"))  # stored in key order
        index[key].append(_Canonical(row["id"], row["day"], row["actor_sector"], row["recipient_sector"],
                                     row["place_name"], row["place_lat"], row["place_lon"]))
    return index


def _new_row(canonical_id: int, row: dict[str, Any], key: tuple[str, str | None, str | None],
             actor_sector: str | None, recipient_sector: str | None) -> dict[str, Any]:
    swapped = key[1] != _identity(row, "actor")
    first, second = ("recipient", "actor") if swapped else ("actor", "recipient")
    return {
        "id": canonical_id, "plover": row["plover"], "cameo": row["cameo"],
        "actor_code": row[f"{first}_code"], "actor_country": row[f"{first}_country"],
        "actor_sector": actor_sector, "actor_name": row[f"{first}_name"],
        "recipient_code": row[f"{second}_code"], "recipient_country": row[f"{second}_country"],
        "recipient_sector": recipient_sector, "recipient_name": row[f"{second}_name"],
        "day": row["day"], "first_day": row["day"], "last_day": row["day"],
        "place_name": row["place_name"], "place_country": row["place_country"],
        "place_lat": row["place_lat"], "place_lon": row["place_lon"],
        "num_mentions": 0, "num_articles": 0, "num_sources": 0,
        "goldstein": row["goldstein"], "quad_class": row["quad_class"],
    }


_REFRESH_SQL = """
UPDATE canonical_events c SET
    num_mentions = s.mentions, num_articles = s.articles, num_sources = s.sources,
    first_day = s.first_day, last_day = s.last_day, goldstein = s.goldstein, cameo = s.cameo,
    actor_sector = coalesce(c.actor_sector, s.actor_sector),
    recipient_sector = coalesce(c.recipient_sector, s.recipient_sector),
    place_name = coalesce(c.place_name, s.place_name), place_country = coalesce(c.place_country, s.place_country),
    place_lat = coalesce(c.place_lat, s.place_lat), place_lon = coalesce(c.place_lon, s.place_lon)
FROM (
    SELECT e.canonical_id, count(*) AS mentions, count(DISTINCT e.article_id) AS articles,
           count(DISTINCT coalesce(a.source, 'article:' || a.id)) AS sources,
           min(e.day) AS first_day, max(e.day) AS last_day, avg(e.goldstein) AS goldstein,
           mode(e.cameo) AS cameo, any_value(e.actor_sector) AS actor_sector,
           any_value(e.recipient_sector) AS recipient_sector, mode(e.place_name) AS place_name,
           any_value(e.place_country) AS place_country, any_value(e.place_lat) AS place_lat,
           any_value(e.place_lon) AS place_lon
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE e.canonical_id IN (SELECT cid FROM _links)
    GROUP BY e.canonical_id
) s
WHERE c.id = s.canonical_id
"""


def _write(store: Store, links: dict[int, int], created: list[dict[str, Any]]) -> None:
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        if created:
            table = pa.Table.from_pylist(created)
            con.register("_created", table)
            con.execute(f"INSERT INTO canonical_events ({', '.join(table.column_names)}) "
                        f"SELECT {', '.join(table.column_names)} FROM _created")
            con.unregister("_created")
        con.register("_links", pa.table({"eid": pa.array(list(links), pa.int64()),
                                         "cid": pa.array(list(links.values()), pa.int64())}))
        con.execute("UPDATE events SET canonical_id = l.cid FROM _links l WHERE events.id = l.eid")
        con.execute(_REFRESH_SQL)
        con.unregister("_links")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def summary(store: Store, *, examples: int = 5) -> dict[str, Any]:
    """How many raw events collapse into how many canonical ones, with the most reported examples
    (each with the evidence of up to three of its mentions)."""
    (raw, linked, canonical, multi), = store.sql(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM events WHERE canonical_id IS NOT NULL), "
        "(SELECT count(*) FROM canonical_events), "
        "(SELECT count(*) FROM canonical_events WHERE num_articles > 1)")[1]
    top = store.canonical_events(limit=examples)
    for canon in top:
        canon["mentions"] = store.sql(
            "SELECT e.article_id, e.day, e.evidence FROM events e WHERE canonical_id = ? ORDER BY e.day, e.id "
            "LIMIT 3", [canon["id"]])[1]
    return {"events": raw, "linked_events": linked, "canonical_events": canonical,
            "canonical_in_several_articles": multi, "examples": top}
