"""The JSON API under /api: the data behind every page, plus CSV/JSONL downloads and coding on demand.

Documented by FastAPI's OpenAPI description at /openapi.json (browsable at /docs) and in docs/web.md.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import asdict, fields
from typing import Any

import duckdb
import pyarrow.csv as pa_csv
from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..pipeline.coder import code
from ..errors import InputError
from ..store import content_hash, queries
from ..store.queries import PERIODS, SORTABLE, EventFilter, EventRow
from ..store.rows import coded_article
from ..types import CodedArticle
from .deps import connection, event_filter, one_of
from .guard import WriteToken, require_same_origin
from .stoppable import run_stoppable
from .urls import event_url

router = APIRouter(prefix="/api", tags=["api"])

MAX_PAGE = 1000
#: Deeper pages cost a sort of everything before them; a filter finds such events faster.
MAX_OFFSET = 10_000_000
SORT_HELP = f"Sort key: {', '.join(SORTABLE)}."
DEDUPE_HELP = ("Count the reports that tidings.batch.dedupe linked to one real-world event once (true), "
               "or every article's report (false).")


@router.get("/overview", summary="Store totals and the busiest dyads")
def overview(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    return queries.remembered_overview(request.app.state.access, con).to_dict()


@router.get("/events", summary="Events matching the filter, one page")
def events(
    where: EventFilter = Depends(event_filter),
    sort: str = Query("date", description=SORT_HELP),
    desc: bool = Query(False, description="Sort descending."),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    con: duckdb.DuckDBPyConnection = Depends(connection),
) -> dict[str, Any]:
    """`total` events match; `events` holds `limit` of them from `offset`. Each event has its
    store `id`, `article_id`, the `evidence` sentence and `trigger`, and an `url` of its sentence
    in the article page."""
    one_of("sort", sort, SORTABLE)
    rows = queries.list_events(con, where, sort=sort, descending=desc, limit=limit, offset=offset)
    return {"total": queries.count_events(con, where), "limit": limit, "offset": offset,
            "filter": where.params(), "events": [_event_json(row) for row in rows]}


def _event_json(row: EventRow) -> dict[str, Any]:
    return {**row.to_dict(), "url": event_url(row)}


EXPORT_FIELDS = [f.name for f in fields(EventRow)]


@router.get("/events.csv", summary="Download every event matching the filter as CSV",
            response_class=StreamingResponse)
def events_csv(request: Request, where: EventFilter = Depends(event_filter),
               sort: str = Query("date", description=SORT_HELP), desc: bool = False) -> StreamingResponse:
    one_of("sort", sort, SORTABLE)
    def chunks() -> Iterator[bytes]:
        with request.app.state.access.cursor() as con:
            header = True
            for batch in queries.event_batches(con, where, sort=sort, descending=desc):
                out = io.BytesIO()
                pa_csv.write_csv(batch, out, pa_csv.WriteOptions(include_header=header))
                header = False
                yield out.getvalue()
            if header:  # no event matched: the header alone
                yield (",".join(EXPORT_FIELDS) + "\r\n").encode()

    return StreamingResponse(chunks(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"'})


@router.get("/events.jsonl", summary="Download every event matching the filter as JSON lines",
            response_class=StreamingResponse)
def events_jsonl(request: Request, where: EventFilter = Depends(event_filter),
                 sort: str = Query("date", description=SORT_HELP), desc: bool = False) -> StreamingResponse:
    one_of("sort", sort, SORTABLE)

    def chunks() -> Iterator[bytes]:
        with request.app.state.access.cursor() as con:
            for lines in queries.event_json_batches(con, where, sort=sort, descending=desc):
                if lines:
                    yield ("\n".join(lines) + "\n").encode()

    return StreamingResponse(chunks(), media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="events.jsonl"'})


@router.get("/articles", summary="Articles, newest first")
def articles(text: str | None = Query(None, description="Substring of title or text."),
             limit: int = Query(50, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=MAX_OFFSET),
             con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    total, rows = queries.list_articles(con, text=text or None, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "articles": [r.to_dict() for r in rows]}


@router.get("/articles/{article_id:path}", summary="One article: text, events, quotes, actors, dates")
def article(article_id: str, con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    """The article in the coder's output shape (coded-article.schema.json) plus its `text`; each
    event's `id` is its store id. Offsets (`start`, `end`) index into `text`. `reports` maps the id
    of each event linked to a real-world event to that event's `canonical_id` and the number of
    `articles` reporting it."""
    coded = coded_article(con, article_id)
    if coded is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r} in the store")
    reports = {event_id: {"canonical_id": canonical_id, "articles": articles}
               for event_id, (canonical_id, articles) in queries.event_reports(con, article_id).items()}
    return {**article_json(coded), "reports": reports}


def article_json(coded: CodedArticle) -> dict[str, Any]:
    return {**coded.to_dict(), "text": coded.text}


@router.get("/actors", summary="Actors with their event counts")
def actors(request: Request, limit: int = Query(500, ge=1, le=queries.MAX_ACTORS),
           con: duckdb.DuckDBPyConnection = Depends(connection)) -> list[dict[str, Any]]:
    return [{"actor": actor, "events": n}
            for actor, n in queries.remembered_actor_codes(request.app.state.access, con, limit)]


@router.get("/dyad", summary="A dyad's timeline, turns to conflict and biggest days")
def dyad(a: str = Query(..., description="First actor, e.g. RUS."),
         b: str = Query(..., description="Second actor, e.g. USA."),
         period: str = Query("month", description=f"One of {', '.join(PERIODS)}."),
         where: EventFilter = Depends(event_filter),
         dedupe: bool = Query(True, description=DEDUPE_HELP),
         con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    """`series.forward` is a → b and `series.backward` b → a, per period: events, summed
    Goldstein, conflictual and cooperative counts. `turns` are periods whose summed Goldstein went
    negative after a non-negative one; `hostile_days` and `cooperative_days` list the days with the
    most negative / positive summed Goldstein and the articles behind them."""
    one_of("period", period, PERIODS)
    dyad = queries.read_dyad(con, a, b, where)
    series = dyad.series(con, period=period, dedupe=dedupe)
    return {
        "series": series.to_dict(),
        "turns": [{**asdict(t), "start": t.start.isoformat(), "end": t.end.isoformat()}
                  for t in queries.hostile_turns(series)],
        "hostile_days": [d.to_dict() for d in dyad.top_days(con, by="conflict")],
        "cooperative_days": [d.to_dict() for d in dyad.top_days(con, by="cooperation")],
    }


@router.get("/network", summary="Actors as nodes, directed event counts and Goldstein as edges")
def network(request: Request, where: EventFilter = Depends(event_filter),
            key: str = Query("country", description=f"Node identity: {', '.join(queries.NODE_KEYS)}."),
            min_events: int = Query(1, ge=1), max_nodes: int = Query(40, ge=2, le=500),
            dedupe: bool = Query(True, description=DEDUPE_HELP),
            con: duckdb.DuckDBPyConnection = Depends(connection)) -> dict[str, Any]:
    one_of("key", key, queries.NODE_KEYS)
    return queries.network(con, where=where, key=key, min_events=min_events, max_nodes=max_nodes,
                           dedupe=dedupe, access=request.app.state.access).to_dict()


class CodeRequest(BaseModel):
    text: str = Field(..., description="The article text.")
    published: str | None = Field(None, description="Publication date, YYYY-MM-DD (anchors relative dates).")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    store: bool = Field(False, description="Also add the coded article to the store.")


@router.post("/code", summary="Code an article now (stored only if asked)",
             dependencies=[Depends(require_same_origin)])
async def code_article(body: CodeRequest, request: Request,
                       token: str | None = Header(None, alias=WriteToken.HEADER,
                                                  description="The server's write token; needed with `store`.")
                       ) -> dict[str, Any]:
    """The coded article (coded-article.schema.json shape plus `text`), `stored` (whether this
    call added it) and `stored_id` (its id in the store when it is there). Storing needs a server
    started with `--writable` and its token in the `X-Tidings-Token` header. Coding stops when the
    client disconnects or after the server's time budget (503)."""
    coded, stored, stored_id = await code_and_maybe_store(
        request, body.text, body.published, store=body.store, token=token,
        title=body.title, url=body.url, source=body.source)
    return {**article_json(coded), "stored": stored, "stored_id": stored_id}


async def code_and_maybe_store(request: Request, text: str, published: str | None, *, store: bool,
                               token: str | None, **meta: Any) -> tuple[CodedArticle, bool, str | None]:
    """Code `text`; when `store` is asked (and the server may write, and `token` is its token),
    add it to the store."""
    access = request.app.state.access
    if store and not access.writable:
        raise HTTPException(status_code=403, detail="this server opened the store read-only "
                                                    "(start it with `tidings serve --writable` to store)")
    if store and not access.token.matches(token):
        raise HTTPException(status_code=403, detail="storing needs this server's write token")

    def code_text() -> CodedArticle:
        return code(text, published or None, **{k: v or None for k, v in meta.items()})

    try:
        coded = await run_stoppable(request, code_text, budget=access.code_budget, slots=access.coding_slots)
    except InputError as err:
        raise HTTPException(status_code=400, detail=str(err)) from None
    return await run_in_threadpool(_store_and_find, access, coded, store)


def _store_and_find(access: Any, coded: CodedArticle, store: bool) -> tuple[CodedArticle, bool, str | None]:
    stored = False
    if store:
        with access.write_lock:
            stored = access.store.add(coded)
        if stored:
            access.wrote()
    row = access.thread_cursor().execute("SELECT id FROM articles WHERE content_hash = ?",
                                         [content_hash(coded.text)]).fetchone()
    return coded, stored, row[0] if row else None
