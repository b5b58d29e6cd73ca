"""Exports of the event store: PLOVER JSONL, GDELT-style TSV, Parquet and CSV.

- `plover-jsonl`: one event per line with the PLOVER manual's field names (ch. 6, "Data Fields":
  id, date, actor, recipient, event, mode, context, quad_code, event_scale, event_text, event_loc,
  link, text_info, cite_info, coder, coded_date, comment; entity objects with code, sector,
  entity_text, identifier_id, identifier_text, office). Reciprocal events list every party as
  actor with no recipient, as the manual prescribes. Fields beyond PLOVER's are named plainly
  (`cameo`, `factuality`, `confidence`, `date_precision`).
- `gdelt-tsv`: GDELT 2.0 event-table rows (61 tab-separated columns, no header, in GDELT's order
  and meanings), one row per real-world event: a canonical event (see tidings.batch.dedupe) is written
  once, from its first mention, with its NumMentions/NumSources/NumArticles; events not linked
  to one are written with counts of 1. Fields tidings does not code (ethnic and religion codes,
  AvgTone, actor geography, ADM codes, FIPS country codes of places, GNS feature ids) are empty.
  By default only events that happened as told (actual, historical) are written, and only those
  dated to the day (GDELT's Day has no coarser form).
- `parquet` / `csv`: the events table with the article's title, url, source and publication date.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO, Any

from .actors import TRANSNATIONAL_CODES
from .store import Store
from .store.filter import EventFilter
from .store.queries import count_events, event_records_sql

FORMATS = ("plover-jsonl", "gdelt-tsv", "parquet", "csv")
GDELT_MODES = ("actual", "historical")

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
#: The GDELT 2.0 event table's 61 columns, in order (GDELT 2.0 Event Database codebook).
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
GDELT_WORLD_CITY = 4  # ActionGeo_Type for a place below country level with coordinates


def coder_name() -> str:
    try:
        return f"tidings {version('tidings')}"
    except PackageNotFoundError:
        return "tidings"


def _actor_list(role: str) -> str:
    return (f"(SELECT list(x ORDER BY x.position) FROM event_actors x WHERE x.event_id = e.id "
            f"AND x.role = '{role}') AS {role}s")


def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    entity = {"code": actor["country"], "sector": actor["sector"], "entity_text": actor["text"],
              "identifier_id": actor["wikidata"], "identifier_text": actor["name"], "office": actor["office"],
              "cameo": actor["cameo"]}
    return {k: v for k, v in entity.items() if v is not None}


def plover_records(store: Store, where: EventFilter = EventFilter()) -> Iterator[dict[str, Any]]:
    """Events matching `where` as PLOVER JSON records."""
    columns, rows = store.iter_sql(*event_records_sql(where, f", {_actor_list('actor')}, {_actor_list('recipient')}"))
    coder = coder_name()
    for values in rows:
        e = dict(zip(columns, values, strict=True))
        actors = [_entity(a) for a in e["actors"] or []]
        recipients = [_entity(a) for a in e["recipients"] or []]
        if e["reciprocal"]:
            actors, recipients = actors + recipients, []
        record: dict[str, Any] = {
            "id": f"tidings-{e['id']}",
            "has_event": True,
            "date": e["day"].isoformat() if e["day"] else None,
            "actor": actors,
            "recipient": recipients,
            "event": [e["plover"]],
            "mode": [e["plover_mode"]] if e["plover_mode"] else [],
            "context": list(e["plover_context"] or []),
            "quad_code": e["quad_class"],
            "event_scale": e["goldstein"],
            "event_text": [e["trigger"]] if e["trigger"] else [],
            "text_info": {"start": e["evidence_start"], "end": e["evidence_end"]},
            "cite_info": {k: v for k, v in {
                "citation": e["article_id"], "url": e["article_url"], "title": e["article_title"],
                "language": e["language"], "publication": e["article_source"], "coder": coder,
            }.items() if v is not None},
            "coder": coder,
            "coded_date": e["coded_at"].date().isoformat() if e["coded_at"] else None,
            "comment": e["why"],
            "cameo": e["cameo"],
            "factuality": e["mode"],
            "confidence": e["confidence"],
            "date_precision": e["date_precision"],
        }
        if e["place_name"]:
            record["event_loc"] = {k: v for k, v in {
                "extracted_place": e["place_name"], "resolved_place": e["place_name"],
                "geonameid": e["place_geonames"], "lat": e["place_lat"], "lon": e["place_lon"],
                "country_code": e["place_country"]}.items() if v is not None}
        if e["canonical_id"] is not None:
            record["link"] = f"tidings-canonical-{e['canonical_id']}"
        yield record


def _actor_fields(code: str | None, name: str | None, country: str | None, sector: str | None) -> list[str]:
    group = country if country and (country in TRANSNATIONAL_CODES or len(country) != 3) else None
    return [code or "", (name or "").upper(), "" if group else (country or ""), group or "", "", "", "",
            sector or "", "", ""]


def _gdelt_filter(where: EventFilter) -> EventFilter:
    """`where` with GDELT's default modes (actual, historical) unless it names modes or all."""
    if not where.mode and not where.include_negated:
        return replace(where, mode=GDELT_MODES)
    return where


def gdelt_rows(store: Store, where: EventFilter = EventFilter()) -> Iterator[list[str]]:
    """Rows of GDELT_COLUMNS (strings) for the events matching `where`, one per real event."""
    condition, params = _gdelt_filter(where).sql()
    sql = (
        "SELECT e.id, e.day, e.cameo, e.quad_class, e.goldstein, e.actor_code, "
        "coalesce(e.actor_name, e.actor_text), e.actor_country, e.actor_sector, e.recipient_code, "
        "coalesce(e.recipient_name, e.recipient_text), e.recipient_country, e.recipient_sector, "
        "e.place_name, e.place_lat, e.place_lon, a.coded_at, coalesce(a.url, a.id), "
        "e.evidence_start < coalesce(nullif(strpos(a.text, chr(10) || chr(10)), 0), 1) AS is_root, "
        "coalesce(c.num_mentions, 1), coalesce(c.num_sources, 1), coalesce(c.num_articles, 1) "
        "FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN canonical_events c ON c.id = e.canonical_id "
        f"WHERE {condition} AND e.date_precision = 'day' "
        "QUALIFY row_number() OVER (PARTITION BY coalesce(e.canonical_id, -e.id) ORDER BY e.day, e.id) = 1 "
        "ORDER BY e.day, e.id")
    _, rows = store.iter_sql(sql, params)
    for (event_id, day, cameo, quad, goldstein, a_code, a_name, a_country, a_sector, r_code, r_name,
         r_country, r_sector, place, lat, lon, coded_at, url, is_root, mentions, sources, articles) in rows:
        action_geo = [""] * len(_GEO)
        if place:
            has_point = lat is not None and lon is not None
            action_geo = [str(GDELT_WORLD_CITY) if has_point else "", place, "", "", "",
                          _num(lat), _num(lon), ""]
        yield [
            str(event_id), day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year), _fraction(day),
            *_actor_fields(a_code, a_name, a_country, a_sector),
            *_actor_fields(r_code, r_name, r_country, r_sector),
            "1" if is_root else "0", cameo, cameo[:3], cameo[:2], _num(quad), _num(goldstein),
            str(mentions), str(sources), str(articles), "",
            *[""] * len(_GEO), *[""] * len(_GEO), *action_geo,
            coded_at.strftime("%Y%m%d%H%M%S") if coded_at else "", url or "",
        ]


def _fraction(day: date) -> str:
    """GDELT's FractionDate: the year plus the fraction of it completed by `day`, 4 decimals."""
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def _num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def export(store: Store, fmt: str, out: str | Path | None = None, where: EventFilter = EventFilter()) -> int:
    """Write the events matching `where` in `fmt` to `out` (a path; None: stdout, except for
    Parquet, which needs a path). Returns the number of rows written."""
    if fmt == "parquet":
        if out is None:
            raise ValueError("Parquet export needs an output file (--out)")
        import pyarrow.parquet as pq

        sql, params = event_records_sql(where)
        batches = store.con.sql(sql, params=params).to_arrow_reader(10_000)
        count = 0
        with pq.ParquetWriter(str(out), batches.schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                count += batch.num_rows
        return count
    handle: IO[str] = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        return _write_text(store, fmt, handle, where)
    finally:
        if out:
            handle.close()


def why_empty(store: Store, fmt: str, where: EventFilter = EventFilter()) -> str:
    """Why an export of `fmt` with `where` wrote no rows, in words, from the store's counts."""
    counts = store.counts()
    if not counts["articles"]:
        return "the store holds no articles: fill it with `tidings ingest SOURCE`"
    if not counts["events"]:
        return f"the store's {counts['articles']} article(s) gave no events"
    matching = count_events(store.con, where)
    if not matching:
        return f"none of the store's {counts['events']} events matches the filters"
    if fmt != "gdelt-tsv":
        return f"{matching} event(s) match, yet none was written"
    happened = count_events(store.con, _gdelt_filter(where))
    if not happened:
        return (f"{matching} event(s) match, but gdelt-tsv writes only actual and historical ones "
                "unless --mode or --all-modes asks for others")
    _, rows = store.sql("SELECT count(*) FILTER (WHERE a.published IS NULL) FROM articles a")
    undated = rows[0][0]
    return (f"{happened} event(s) match, but gdelt-tsv writes only events dated to the day and none of them is"
            + (f"; {undated} of the store's {counts['articles']} article(s) have no publication date, so their "
               "events have none: ingest them with --published DATE" if undated else ""))


def _write_text(store: Store, fmt: str, handle: IO[str], where: EventFilter) -> int:
    count = 0
    if fmt == "plover-jsonl":
        for record in plover_records(store, where):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "gdelt-tsv":
        for row in gdelt_rows(store, where):
            handle.write("\t".join(field.replace("\t", " ").replace("\n", " ") for field in row) + "\n")
            count += 1
    elif fmt == "csv":
        columns, rows = store.iter_sql(*event_records_sql(where))
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_csv_value(v) for v in row)
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value
