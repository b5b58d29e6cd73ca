"""The read model: every question `tidings query`, `tidings export`, `tidings plot` and the web
face ask of the store, each answered by one function here over one `EventFilter`.

Plain SQL over the store's DuckDB tables (see docs/store.md); every function takes a DuckDB
connection or cursor (one per thread: a connection is not shared across threads) and returns
plain rows (`event_records`) or frozen dataclasses, so every face shows the same numbers.

Aggregates (dyad series, days, network edges, the overview's dyads) give, as the field's dyad
series do (GDELT's), the number of events and their mean Goldstein value: the mean says how
hostile or cooperative relations were, the count how much happened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from .filter import ACTOR_IS, EventFilter, contains_clause
from .schema import NODE_KEYS

PERIODS = ("day", "week", "month")
SORTABLE = {
    # actor and recipient sort by the first one (kept on the events row), so sorting needs no join
    "date": "e.day", "actor": "coalesce(e.actor_code, e.actor_country, e.actor_name, e.actor_text)",
    "recipient": "coalesce(e.recipient_code, e.recipient_country, e.recipient_name, e.recipient_text)",
    "type": "e.plover",
    "cameo": "e.cameo", "mode": "e.mode", "goldstein": "e.goldstein", "confidence": "e.confidence",
    "article": "e.article_id", "reports": "c.num_articles",
}
#: An article's headline (see store.HEADLINE_SQL), kept in the store when the article is added.
HEADLINE = "a.headline"


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event as the table and the downloads show it."""

    id: int
    article_id: str
    article_title: str | None
    published: str | None
    date: str | None
    actor: str
    plover: str
    cameo: str
    recipient: str
    mode: str
    goldstein: float
    quad_class: int
    place: str | None
    confidence: float
    evidence: str
    trigger: str
    evidence_start: int
    trigger_start: int
    why: str
    canonical_id: int | None = None
    reports: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def trigger_in_evidence(self) -> tuple[str, str, str]:
        """The evidence split around its trigger (before, trigger, after), for bolding the trigger."""
        offset = self.trigger_start - self.evidence_start
        if 0 <= offset and offset + len(self.trigger) <= len(self.evidence) and self.trigger:
            return (self.evidence[:offset], self.trigger, self.evidence[offset + len(self.trigger):])
        return (self.evidence, "", "")


#: An EventRow's fields in order, each computed in SQL, so a page's rows and a download's Arrow
#: batches come from one projection.
_EVENT_COLUMNS = f"""
    e.id, e.article_id, {HEADLINE} AS article_title, CAST(a.published AS VARCHAR) AS published,
    coalesce(e.date, CAST(e.day AS VARCHAR)) AS date, coalesce(l.actor_label, '') AS actor, e.plover, e.cameo,
    coalesce(l.recipient_label, '') AS recipient, e.mode, coalesce(e.goldstein, 0.0) AS goldstein,
    coalesce(e.quad_class, 0) AS quad_class, e.place_name AS place, coalesce(e.confidence, 0.0) AS confidence,
    coalesce(e.evidence, '') AS evidence, coalesce(e.trigger, '') AS trigger,
    coalesce(e.evidence_start, 0) AS evidence_start, coalesce(e.trigger_start, 0) AS trigger_start,
    coalesce(e.why, '') AS why, e.canonical_id, coalesce(c.num_articles, 1) AS reports
"""
_EVENT_JOINS = ("LEFT JOIN articles a ON a.id = e.article_id LEFT JOIN canonical_events c ON c.id = e.canonical_id "
                "LEFT JOIN event_labels l ON l.event_id = e.id")


def _event_row(row: tuple[Any, ...]) -> EventRow:
    return EventRow(*row)


def count_events(con: duckdb.DuckDBPyConnection, where: EventFilter = EventFilter()) -> int:
    """How many events match `where`."""
    condition, args = where.sql()
    return con.execute(f"SELECT count(*) FROM events e WHERE {condition}", args).fetchone()[0]


def event_records_sql(where: EventFilter, extra: str = "") -> tuple[str, list[Any]]:
    """SQL for the events matching `where` as store rows (the events table's columns plus the
    article's `article_title`, `article_url`, `article_source`, `published`, `language`,
    `coded_at`, and the `extra` columns given), by day (unknown last) then id: what `tidings
    query` prints and the csv/parquet/PLOVER exports write."""
    condition, args = where.sql()
    return (f"SELECT e.*, a.title AS article_title, a.url AS article_url, a.source AS article_source, "
            f"a.published, a.language, a.coded_at{extra} FROM events e JOIN articles a ON a.id = e.article_id "
            f"WHERE {condition} ORDER BY e.day NULLS LAST, e.id"), args


def event_records(con: duckdb.DuckDBPyConnection, where: EventFilter = EventFilter(), *,
                  limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """The events matching `where` as store rows (see `event_records_sql`), as dicts."""
    sql, args = event_records_sql(where)
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cursor = con.execute(sql, args)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _order(sort: str, descending: bool) -> str:
    return f"{SORTABLE.get(sort, 'e.day')} {'DESC' if descending else 'ASC'} NULLS LAST, e.article_id, e.id"


def list_events(con: duckdb.DuckDBPyConnection, where: EventFilter, *, sort: str = "date",
                descending: bool = False, limit: int = 50, offset: int = 0) -> list[EventRow]:
    """A page of events matching `where`, ordered by `sort` (a key of SORTABLE).

    The page's ids are chosen first from the events table alone, so headlines, labels and report
    counts are joined for its rows only.
    """
    condition, args = where.sql()
    order = _order(sort, descending)
    sql = f"""WITH page AS (SELECT e.id FROM events e LEFT JOIN canonical_events c ON c.id = e.canonical_id
                           WHERE {condition} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)})
              SELECT {_EVENT_COLUMNS} FROM page JOIN events e ON e.id = page.id {_EVENT_JOINS} ORDER BY {order}"""
    return [_event_row(row) for row in con.execute(sql, args).fetchall()]


def _export_sql(where: EventFilter, sort: str, descending: bool) -> tuple[str, list[Any]]:
    condition, args = where.sql()
    return (f"SELECT {_EVENT_COLUMNS} FROM events e {_EVENT_JOINS} WHERE {condition} "
            f"ORDER BY {_order(sort, descending)}", args)


def event_batches(con: duckdb.DuckDBPyConnection, where: EventFilter, *, sort: str = "date",
                  descending: bool = False, batch: int = 50_000) -> Iterator[pa.RecordBatch]:
    """Every event matching `where` as Arrow record batches with EventRow's columns: a CSV
    download writes them without a Python object per row."""
    sql, args = _export_sql(where, sort, descending)
    yield from con.sql(sql, params=args).to_arrow_reader(batch)


def event_json_batches(con: duckdb.DuckDBPyConnection, where: EventFilter, *, sort: str = "date",
                       descending: bool = False, batch: int = 10_000) -> Iterator[list[str]]:
    """Every event matching `where` as JSON objects with EventRow's fields, a list of them per
    batch: DuckDB writes the JSON, so a JSONL download makes no Python object per field."""
    sql, args = _export_sql(where, sort, descending)
    for record_batch in con.sql(f"SELECT to_json(row) AS line FROM ({sql}) row", params=args).to_arrow_reader(batch):
        yield record_batch.column(0).to_pylist()


# --- dyads -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PeriodValue:
    """Events one way between a dyad in one period: how many, their mean Goldstein, and how many
    were conflictual (Goldstein below 0) and cooperative (above 0)."""

    period: str
    start: date
    end: date
    events: int
    goldstein: float
    conflict: int
    cooperation: int

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["start"], out["end"] = self.start.isoformat(), self.end.isoformat()
        return out


def period_bounds(day: date, period: str) -> tuple[date, date]:
    """First and last day of the day/week/month holding `day` (weeks start on Monday)."""
    if period == "day":
        return day, day
    if period == "week":
        first = day - timedelta(days=day.weekday())
        return first, first + timedelta(days=6)
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def period_name(first: date, period: str) -> str:
    return first.strftime("%Y-%m") if period == "month" else first.isoformat()


@dataclass(frozen=True, slots=True)
class DyadSeries:
    """A dyad's timeline: `forward` is a → b, `backward` b → a, each a value per period with events."""

    a: str
    b: str
    period: str
    forward: tuple[PeriodValue, ...] = ()
    backward: tuple[PeriodValue, ...] = ()

    def periods(self) -> list[str]:
        """Every period from the first to the last with events, gaps included, so time reads evenly."""
        firsts = [v.start for v in (*self.forward, *self.backward)]
        if not firsts:
            return []
        names, current, last = [], min(firsts), max(firsts)
        while current <= last:
            names.append(period_name(current, self.period))
            current = period_bounds(current, self.period)[1] + timedelta(days=1)
        return names

    def by_period(self, direction: str) -> dict[str, PeriodValue]:
        return {v.period: v for v in (self.forward if direction == "forward" else self.backward)}

    def direction_label(self, direction: str) -> str:
        return f"{self.a} → {self.b}" if direction == "forward" else f"{self.b} → {self.a}"

    def bounds(self, name: str) -> tuple[date, date]:
        first = date.fromisoformat(name + "-01" if self.period == "month" else name)
        return period_bounds(first, self.period)

    def combined(self) -> list[PeriodValue]:
        """Both directions together per period (events added up, Goldstein their mean), gaps
        included as rows of no events."""
        forward, backward = self.by_period("forward"), self.by_period("backward")
        out = []
        for name in self.periods():
            start, end = self.bounds(name)
            parts = [v for v in (forward.get(name), backward.get(name)) if v]
            events = sum(p.events for p in parts)
            out.append(PeriodValue(name, start, end, events,
                                   round(sum(p.goldstein * p.events for p in parts) / events, 2) if events else 0.0,
                                   sum(p.conflict for p in parts), sum(p.cooperation for p in parts)))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "period": self.period,
                "forward": [v.to_dict() for v in self.forward],
                "backward": [v.to_dict() for v in self.backward],
                "combined": [v.to_dict() for v in self.combined()]}


def _event_key(dedupe: bool) -> str:
    """What counts as one event: a real-world (canonical) event when `dedupe`, else every report.

    Events `tidings.batch.dedupe` left unlinked (statements, or a store never deduplicated) count alone;
    canonical ids are negated so they never collide with event ids.
    """
    return "coalesce(-e.canonical_id, e.id)" if dedupe else "e.id"


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """An article behind a dyad's day or period: its events there, their mean Goldstein, and the
    sentence of its most telling event (most conflictual, or most cooperative for cooperative days)."""

    id: str
    title: str | None
    published: str | None
    events: int
    goldstein: float
    event_id: int | None = None
    sentence: str | None = None


@dataclass(frozen=True, slots=True)
class DyadDay:
    """One day of a dyad's events (both directions) and the articles that report them."""

    day: str
    events: int
    goldstein: float
    articles: tuple[ArticleRef, ...] = field(default=())
    more_articles: int = 0  # articles that day beyond those listed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


#: The name a dyad's rows go by in the queries over them (on the caller's cursor, for their length).
DYAD_ROWS = "dyad_rows"


@dataclass(frozen=True)
class Dyad:
    """The events between `a` and `b`, both ways, within a filter: read from the store in one pass
    (one scan of `event_actors` for both actors), then the timeline, the biggest days and the
    articles behind a period are each a small query over these rows alone.

    `rows` has, per event: id, article_id, day, date_precision, goldstein, canonical_id, and
    `forward` (a → b) and `backward` (b → a), both true when each acts on the other in it.
    """

    a: str
    b: str
    rows: pa.Table

    def _query(self, con: duckdb.DuckDBPyConnection, sql: str, args: list[Any] | None = None) -> list[tuple[Any, ...]]:
        con.register(DYAD_ROWS, self.rows)
        try:
            return con.execute(sql, args or []).fetchall()
        finally:
            con.unregister(DYAD_ROWS)

    def series(self, con: duckdb.DuckDBPyConnection, *, period: str = "month", dedupe: bool = True) -> DyadSeries:
        """Events a → b and b → a per `period` (day, week or month), with their mean Goldstein;
        events whose date is too coarse for the period are left out.

        With `dedupe`, reports that `tidings.batch.dedupe` linked to one real-world event count once (on
        their first day, with their mean Goldstein); without, every article's report counts.
        """
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
        directions = []
        for direction in ("forward", "backward"):
            rows = self._query(con, f"""
                WITH real AS (
                    SELECT {_event_key(dedupe)} AS key, min(e.day) AS day, avg(e.goldstein) AS goldstein
                    FROM {DYAD_ROWS} e WHERE e.{direction} AND {_precise_enough(period)} GROUP BY key)
                SELECT CAST(date_trunc('{period}', day) AS DATE) AS first, count(*), avg(goldstein),
                       count(*) FILTER (WHERE goldstein < 0), count(*) FILTER (WHERE goldstein > 0)
                FROM real GROUP BY first ORDER BY first""")
            directions.append(tuple(
                PeriodValue(period_name(first, period), *period_bounds(first, period), events,
                            round(float(goldstein or 0), 2), conflict, cooperation)
                for first, events, goldstein, conflict, cooperation in rows))
        return DyadSeries(self.a, self.b, period, directions[0], directions[1])

    def top_days(self, con: duckdb.DuckDBPyConnection, *, limit: int = 10, by: str = "conflict",
                 articles_per_day: int = 5) -> list[DyadDay]:
        """The biggest days: the most negative mean Goldstein (`by="conflict"`, negative days only),
        the most positive (`"cooperation"`, positive days only) or the most events (`"events"`),
        each with the articles behind them; days of equal mean, the one with more events first."""
        order, having = {"conflict": ("goldstein ASC, events DESC", "avg(goldstein) < 0"),
                         "cooperation": ("goldstein DESC, events DESC", "avg(goldstein) > 0"),
                         "events": ("events DESC", "TRUE")}[by]
        days_sql = self._events_sql(_precise_enough("day"))
        rows = self._query(con, f"""
            WITH dyad AS ({days_sql})
            SELECT day, count(*) AS events, avg(goldstein) AS goldstein, count(DISTINCT article_id) FROM dyad
            GROUP BY day HAVING {having} ORDER BY {order}, day LIMIT {int(limit)}""")
        if not rows:
            return []
        days = [row[0] for row in rows]
        by_day: dict[str, list[ArticleRef]] = {}
        for day, ref in self._article_refs(con, days_sql, [], group="day",
                                           condition=f"d.day IN ({', '.join('?' for _ in days)})",
                                           condition_args=days, cooperative=by == "cooperation",
                                           limit=articles_per_day):
            by_day.setdefault(day, []).append(ref)
        return [DyadDay(day, events, round(float(goldstein or 0), 2), tuple(by_day.get(day, ())),
                        articles - len(by_day.get(day, ())))
                for day, events, goldstein, articles in rows]

    def articles(self, con: duckdb.DuckDBPyConnection, *, start: date | None = None, end: date | None = None,
                 limit: int = 5) -> list[ArticleRef]:
        """Articles with the dyad's events (from `start` to `end`, inclusive, when given), most
        conflictual first."""
        clauses, args = ["TRUE"], []
        for bound, op in ((start, ">="), (end, "<=")):
            if bound is not None:
                clauses.append(f"e.day {op} ?")
                args.append(bound)
        return [ref for _, ref in self._article_refs(con, self._events_sql(" AND ".join(clauses)), args,
                                                     limit=limit)]

    @staticmethod
    def _events_sql(condition: str) -> str:
        """The dyad's events (both ways together, each once) that meet `condition`."""
        return (f"SELECT DISTINCT e.id, e.article_id, CAST(e.day AS VARCHAR) AS day, e.goldstein "
                f"FROM {DYAD_ROWS} e WHERE {condition}")

    def _article_refs(self, con: duckdb.DuckDBPyConnection, dyad_sql: str, args: list[Any], *, group: str = "",
                      condition: str = "TRUE", condition_args: list[Any] | None = None, cooperative: bool = False,
                      limit: int = 5) -> list[tuple[Any, ArticleRef]]:
        """The `limit` articles per `group` column (or overall) among the events `dyad_sql`, most
        conflictual first (most cooperative first if `cooperative`)."""
        # ties broken by event id, so the same article always shows the same sentence
        pick, order, tie = ("arg_max", "DESC", "-d.id") if cooperative else ("arg_min", "ASC", "d.id")
        key = f"d.{group}" if group else "NULL"
        rows = self._query(con, f"""
            WITH dyad AS ({dyad_sql}), picked AS (
                SELECT {key} AS grouped, d.article_id, count(*) AS events, avg(d.goldstein) AS goldstein,
                       {pick}(d.id, [d.goldstein, {tie}]) AS event_id
                FROM dyad d WHERE {condition} GROUP BY 1, 2
                QUALIFY row_number() OVER (PARTITION BY grouped ORDER BY avg(d.goldstein) {order}, count(*) DESC,
                                                                         d.article_id) <= {int(limit)})
            SELECT p.grouped, p.article_id, {HEADLINE}, CAST(a.published AS VARCHAR), p.events, p.goldstein,
                   p.event_id, e.evidence
            FROM picked p LEFT JOIN articles a ON a.id = p.article_id LEFT JOIN events e ON e.id = p.event_id
            ORDER BY p.goldstein {order}, p.events DESC, p.article_id""", [*args, *(condition_args or [])])
        return [(group_key, ArticleRef(article_id, title, published, events, round(float(goldstein or 0), 2),
                                       event_id, sentence))
                for group_key, article_id, title, published, events, goldstein, event_id, sentence in rows]


def _precise_enough(period: str) -> str:
    """SQL true for a dyad row whose date places it in a `period` (a month-precision date counts in
    monthly views only; a year-precision one in none)."""
    precise = "('day', 'month')" if period == "month" else "('day')"
    return f"e.day IS NOT NULL AND e.date_precision IN {precise}"


def read_dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, where: EventFilter = EventFilter()) -> Dyad:
    """The events a → b and b → a within `where` (whose own actor and recipient are set aside)."""
    rest, args = replace(where, actor=None, recipient=None).sql()
    con.abort()  # a thread's cursor may hold another query's unfinished result, which `sql` refuses to drop
    # each actor's rows are kept only for events that name the other too, so a busy actor's
    # events without the other never reach the grouping
    rows = con.sql(
        f"""WITH a_rows AS (SELECT x.event_id, x.role FROM event_actors x WHERE {ACTOR_IS}),
                 b_rows AS (SELECT x.event_id, x.role FROM event_actors x WHERE {ACTOR_IS}),
                 sides AS (
                    SELECT event_id,
                           bool_or(is_a AND role = 'actor') AND bool_or(NOT is_a AND role = 'recipient') AS forward,
                           bool_or(NOT is_a AND role = 'actor') AND bool_or(is_a AND role = 'recipient') AS backward
                    FROM (SELECT event_id, role, true AS is_a FROM a_rows WHERE event_id IN (SELECT event_id FROM b_rows)
                          UNION ALL
                          SELECT event_id, role, false FROM b_rows WHERE event_id IN (SELECT event_id FROM a_rows))
                    GROUP BY event_id)
            SELECT e.id, e.article_id, e.day, e.date_precision, e.goldstein, e.canonical_id, s.forward, s.backward
            FROM sides s JOIN events e ON e.id = s.event_id WHERE (s.forward OR s.backward) AND {rest}""",
        params=[a, a, a, b, b, b, *args]).to_arrow_table()
    return Dyad(a, b, rows)


def dyad_series(con: duckdb.DuckDBPyConnection, a: str, b: str, *, period: str = "month",
                where: EventFilter = EventFilter(), dedupe: bool = True) -> DyadSeries:
    """`Dyad.series` of the events between a and b within `where`."""
    return read_dyad(con, a, b, where).series(con, period=period, dedupe=dedupe)


def dyad_top_days(con: duckdb.DuckDBPyConnection, a: str, b: str, *, where: EventFilter = EventFilter(),
                  limit: int = 10, by: str = "conflict", articles_per_day: int = 5) -> list[DyadDay]:
    """`Dyad.top_days` of the events between a and b within `where`."""
    return read_dyad(con, a, b, where).top_days(con, limit=limit, by=by, articles_per_day=articles_per_day)


def dyad_articles(con: duckdb.DuckDBPyConnection, a: str, b: str, *, where: EventFilter = EventFilter(),
                  limit: int = 5) -> list[ArticleRef]:
    """Articles with events between a and b (either way) within `where`, most conflictual first."""
    return read_dyad(con, a, b, where).articles(con, limit=limit)


@dataclass(frozen=True, slots=True)
class Turn:
    """When the dyad's mean Goldstein went from cooperative (or neutral) to conflictual."""

    period: str
    start: date
    end: date
    goldstein: float
    events: int
    previous: str | None
    previous_goldstein: float | None


def hostile_turns(series: DyadSeries) -> list[Turn]:
    """Periods whose mean Goldstein (both directions) is negative after a non-negative period with events."""
    turns: list[Turn] = []
    before: PeriodValue | None = None
    for value in series.combined():
        if value.events == 0:
            continue
        if value.goldstein < 0 and (before is None or before.goldstein >= 0):
            turns.append(Turn(value.period, value.start, value.end, value.goldstein, value.events,
                              before.period if before else None, before.goldstein if before else None))
        before = value
    return turns


# --- network ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NetworkNode:
    actor: str
    events: int


@dataclass(frozen=True, slots=True)
class NetworkEdge:
    source: str
    target: str
    events: int
    goldstein: float  # the mean over the edge's events


@dataclass(frozen=True, slots=True)
class Network:
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [asdict(n) for n in self.nodes],
                "edges": [asdict(e) for e in self.edges]}


def network(con: duckdb.DuckDBPyConnection, *, where: EventFilter = EventFilter(), key: str = "country",
            min_events: int = 1, max_nodes: int = 40, dedupe: bool = True, access: Any = None) -> Network:
    """Directed actor → recipient edges (actors as NODE_KEYS[key] names them), keeping the
    `max_nodes` actors with most events and the edges among them with at least `min_events`.
    With `dedupe`, reports of one real-world event count once (see `dyad_series`). With `access`
    (deps.StoreAccess), the unfiltered network's edges are computed once per change of the store."""
    if access is not None and where == EventFilter():
        rows = access.remembered(f"network {key} {dedupe}", lambda: _network_edges(con, where, key, dedupe))
    else:
        rows = _network_edges(con, where, key, dedupe)
    totals: dict[str, int] = {}
    for source, target, events, _ in rows:
        totals[source] = totals.get(source, 0) + events
        totals[target] = totals.get(target, 0) + events
    kept = set(sorted(totals, key=lambda actor: (-totals[actor], actor))[:max_nodes])
    edges = tuple(sorted(
        (NetworkEdge(s, t, n, round(float(g or 0), 2)) for s, t, n, g in rows
         if s in kept and t in kept and n >= min_events),
        key=lambda e: (-e.events, e.source, e.target)))
    linked = {e.source for e in edges} | {e.target for e in edges}
    nodes = tuple(NetworkNode(actor, totals[actor]) for actor in sorted(linked, key=lambda x: (-totals[x], x)))
    return Network(nodes, edges)


def _network_edges(con: duckdb.DuckDBPyConnection, where: EventFilter, key: str, dedupe: bool
                   ) -> list[tuple[str, str, int, float]]:
    """Every directed edge: source, target, events, mean Goldstein (from the event_edges read model)."""
    condition, args = where.sql()
    return con.execute(
        f"""WITH pairs AS (
                SELECT {_event_key(dedupe)} AS key, p.source, p.target, avg(e.goldstein) AS goldstein
                FROM events e JOIN event_edges p ON p.event_id = e.id AND p.node_key = ?
                WHERE {condition} GROUP BY ALL)
            SELECT source, target, count(*), avg(goldstein) FROM pairs GROUP BY source, target""",
        [key, *args]).fetchall()


# --- articles and overview -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str | None
    published: str | None
    source: str | None
    events: int
    excerpt: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_articles(con: duckdb.DuckDBPyConnection, *, text: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[int, list[ArticleSummary]]:
    """Articles (newest first), optionally only those whose title or text contains `text`."""
    condition, args = ("TRUE", []) if not text else contains_clause(("a.title", "a.text"), text)
    total = con.execute(f"SELECT count(*) FROM articles a WHERE {condition}", args).fetchone()[0]
    rows = con.execute(
        f"""SELECT a.id, a.title, CAST(a.published AS VARCHAR), a.source, a.n_events, substr(a.text, 1, 240)
            FROM articles a WHERE {condition}
            ORDER BY a.published DESC NULLS LAST, a.id LIMIT {int(limit)} OFFSET {int(offset)}""",
        args).fetchall()
    return total, [ArticleSummary(*row) for row in rows]


def actor_codes(con: duckdb.DuckDBPyConnection, limit: int = 500) -> list[tuple[str, int]]:
    """Actor keys with their event counts, most frequent first (for pickers)."""
    return [tuple(row) for row in con.execute(
        f"""SELECT {NODE_KEYS['country'].format(t='ea')} AS actor, count(DISTINCT ea.event_id) AS n
            FROM event_actors ea GROUP BY actor HAVING actor IS NOT NULL
            ORDER BY n DESC, actor LIMIT {int(limit)}""").fetchall()]


def plover_types(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT DISTINCT plover FROM events ORDER BY plover").fetchall()]


@dataclass(frozen=True, slots=True)
class Overview:
    """Store totals (`events` counts every report, `real_events` reports of one event once) and
    the busiest undirected dyads by real events, with their mean Goldstein."""

    articles: int
    events: int
    real_events: int
    first: str | None
    last: str | None
    top_dyads: tuple[tuple[str, str, int, float], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "events": self.events, "real_events": self.real_events,
                "first": self.first, "last": self.last,
                "top_dyads": [{"a": a, "b": b, "events": n, "goldstein": g} for a, b, n, g in self.top_dyads]}


def overview(con: duckdb.DuckDBPyConnection, *, dyads: int = 12) -> Overview:
    """Store totals and the busiest undirected dyads."""
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    events, real, first, last = con.execute(
        f"SELECT count(*), count(DISTINCT {_event_key(True)}), CAST(min(day) AS VARCHAR), "
        "CAST(max(day) AS VARCHAR) FROM events e WHERE mode <> 'negated'").fetchone()
    pairs: dict[tuple[str, str], list[float]] = {}
    for edge in network(con, max_nodes=200).edges:
        key = tuple(sorted((edge.source, edge.target)))
        total = pairs.setdefault(key, [0, 0.0])
        total[0] += edge.events
        total[1] += edge.goldstein * edge.events
    top = sorted(pairs.items(), key=lambda item: (-item[1][0], item[0]))[:dyads]
    return Overview(articles, events, real, first, last,
                    tuple((a, b, int(n), round(g / n, 2)) for (a, b), (n, g) in top))


def remembered_overview(access: Any, con: duckdb.DuckDBPyConnection) -> Overview:
    """`overview` computed once per change of the store behind `access` (deps.StoreAccess)."""
    return access.remembered("overview", lambda: overview(con))


#: The most actors the pickers and /api/actors list.
MAX_ACTORS = 5000


def remembered_actor_codes(access: Any, con: duckdb.DuckDBPyConnection, limit: int) -> list[tuple[str, int]]:
    """`actor_codes(con, limit)` (limit ≤ MAX_ACTORS), counted once per change of the store."""
    return access.remembered("actors", lambda: actor_codes(con, MAX_ACTORS))[:limit]


# --- one article, back as the coder's output -------------------------------------------------

def event_reports(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, tuple[int, int]]:
    """For each of the article's events linked to a real-world event: its id (as in
    `rows.coded_article`) → (canonical event id, how many articles report that event)."""
    rows = con.execute("SELECT e.id, c.id, c.num_articles FROM events e JOIN canonical_events c "
                       "ON c.id = e.canonical_id WHERE e.article_id = ?", [article_id]).fetchall()
    return {str(event_id): (canonical_id, articles) for event_id, canonical_id, articles in rows}
