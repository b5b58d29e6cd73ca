"""The HTML pages: overview, events, articles, one article, dyad, network and the paste box.

Each page shows what its /api twin returns (same query functions), rendered with the package's
Jinja templates; charts are inline SVG from `charts`, so pages work without scripts or network.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from ..store import queries
from ..store.queries import PERIODS, SORTABLE, EventFilter
from ..store.rows import coded_article
from ..types import MODES, PLOVER_TYPES
from .api import MAX_OFFSET, code_and_maybe_store
from .charts import dyad_chart, network_chart
from .deps import ThreadCursor, connection, event_filter, one_of, render
from .guard import require_same_origin
from .highlight import event_key, segments
from .urls import article_url, dyad_url, event_url, url

router = APIRouter(include_in_schema=False)

PAGE_SIZES = (25, 50, 100, 250)
MAX_PAGE_NUMBER = MAX_OFFSET // 500


def _common(request: Request, con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Choices every filter form offers."""
    actor_choices = queries.remembered_actor_codes(request.app.state.access, con, 300)
    return {"actor_choices": actor_choices, "plover_types": PLOVER_TYPES, "modes": MODES,
            "article_url": article_url, "dyad_url": dyad_url, "url": url}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    overview = queries.remembered_overview(request.app.state.access, con)
    return render(request, "index.html", overview=overview, **_common(request, con))


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, where: EventFilter = Depends(event_filter), sort: str = "date",
           desc: bool = False, page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER),
           per_page: int = Query(50, ge=1, le=500), con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    one_of("sort", sort, SORTABLE)
    total = queries.count_events(con, where)
    rows = queries.list_events(con, where, sort=sort, descending=desc, limit=per_page,
                               offset=(page - 1) * per_page)
    params = where.params()
    pages = max(1, -(-total // per_page))

    def sort_url(key: str) -> str:
        return url("/events", **params, sort=key, desc=key == sort and not desc, per_page=per_page)

    def page_url(number: int) -> str:
        return url("/events", **params, sort=sort, desc=desc, page=number, per_page=per_page)

    return render(request, "events.html", where=where, rows=rows, total=total, page=page, pages=pages,
                  per_page=per_page, page_sizes=PAGE_SIZES, sort=sort, desc=desc, sortable=SORTABLE,
                  sort_url=sort_url, page_url=page_url, event_url=event_url,
                  csv_url=url("/api/events.csv", **params, sort=sort, desc=desc),
                  jsonl_url=url("/api/events.jsonl", **params, sort=sort, desc=desc),
                  api_url=url("/api/events", **params, sort=sort, desc=desc), **_common(request, con))


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, text: str | None = None, page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER),
             con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    per_page = 50
    total, rows = queries.list_articles(con, text=text or None, limit=per_page, offset=(page - 1) * per_page)
    return render(request, "articles.html", rows=rows, total=total, text=text or "", page=page,
                  pages=max(1, -(-total // per_page)), **_common(request, con))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: str, event: str | None = None,
            con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    coded = coded_article(con, article_id)
    if coded is None:
        raise HTTPException(status_code=404, detail=f"No article {article_id!r} in the store.")
    return render(request, "article.html", **_article_context(coded, event), stored_id=coded.article.id,
                  reports=queries.event_reports(con, article_id), **_common(request, con))


def _article_context(coded: Any, selected_event: str | None) -> dict[str, Any]:
    selected = next((event_key(i) for i, e in enumerate(coded.events) if e.id and e.id == selected_event), None)
    return {"coded": coded, "segments": segments(coded), "selected": selected, "event_key": event_key}


@router.get("/dyad", response_class=HTMLResponse)
def dyad(request: Request, a: str | None = None, b: str | None = None, period: str = "month",
         where: EventFilter = Depends(event_filter), dedupe: bool = True,
         con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    context: dict[str, Any] = {"a": (a or "").strip(), "b": (b or "").strip(), "period": period,
                               "periods": PERIODS, "where": where, "dedupe": dedupe, **_common(request, con)}
    one_of("period", period, PERIODS)
    if not (context["a"] and context["b"]):
        context["top_dyads"] = queries.remembered_overview(request.app.state.access, con).top_dyads
    else:
        a, b = context["a"], context["b"]
        dyad = queries.read_dyad(con, a, b, where)
        series = dyad.series(con, period=period, dedupe=dedupe)
        params = where.params()

        def period_link(name: str, direction: str) -> str:
            first, last = series.bounds(name)
            actor, recipient = (a, b) if direction == "forward" else (b, a)
            return url("/events", **{**params, "actor": actor, "recipient": recipient,
                                      "start": first.isoformat(), "end": last.isoformat()})

        turns = queries.hostile_turns(series)
        context.update(
            sharpest=max(turns, key=lambda t: (t.previous_goldstein or 0.0) - t.goldstein, default=None),
            hostile_days=dyad.top_days(con, by="conflict"),
            cooperative_days=dyad.top_days(con, by="cooperation"),
            series=series, chart=dyad_chart(series, period_link), period_link=period_link,
            turns=[(t, dyad.articles(con, start=t.start, end=t.end, limit=3)) for t in turns],
            totals=_dyad_totals(series), combined=series.combined(),
            events_url=lambda actor, recipient, **more: url(
                "/events", **{**params, "actor": actor, "recipient": recipient, **more}))
    return render(request, "dyad.html", **context)


def _dyad_totals(series: queries.DyadSeries) -> list[dict[str, Any]]:
    out = []
    for direction in ("forward", "backward"):
        values = series.forward if direction == "forward" else series.backward
        actor, recipient = (series.a, series.b) if direction == "forward" else (series.b, series.a)
        events = sum(v.events for v in values)
        out.append({"label": series.direction_label(direction), "direction": direction,
                    "actor": actor, "recipient": recipient, "events": events,
                    "goldstein": round(sum(v.goldstein * v.events for v in values) / events, 2) if events else 0.0,
                    "conflict": sum(v.conflict for v in values),
                    "cooperation": sum(v.cooperation for v in values)})
    return out


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, where: EventFilter = Depends(event_filter), key: str = "country",
            min_events: int = Query(1, ge=1), max_nodes: int = Query(40, ge=2, le=500), dedupe: bool = True,
            con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    one_of("key", key, queries.NODE_KEYS)
    graph = queries.network(con, where=where, key=key, min_events=min_events, max_nodes=max_nodes, dedupe=dedupe,
                            access=request.app.state.access)
    params = where.params()
    chart = network_chart(
        graph, node_link=lambda actor: url("/events", **{**params, "actor": actor}),
        edge_link=lambda s, t: dyad_url(s, t, **{k: v for k, v in params.items() if k not in ("actor", "recipient")}))
    return render(request, "network.html", graph=graph, chart=chart, where=where, key=key, dedupe=dedupe,
                  node_keys=queries.NODE_KEYS, min_events=min_events, max_nodes=max_nodes,
                  api_url=url("/api/network", **params, key=key, min_events=min_events, max_nodes=max_nodes,
                               dedupe=str(dedupe).lower()),
                  **_common(request, con))


@router.get("/paste", response_class=HTMLResponse)
def paste_form(request: Request, con: duckdb.DuckDBPyConnection = Depends(connection)) -> Any:
    return render(request, "paste.html", form={}, token=request.app.state.access.token.value,
                  **_common(request, con))


@router.post("/paste", response_class=HTMLResponse, dependencies=[Depends(require_same_origin)])
async def paste(request: Request) -> Any:
    """Code the pasted text (an HTML form post, read without extra form-parsing packages)."""
    fields = parse_qs((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
    token = fields.pop("token", [None])[-1]
    form = {name: values[-1] for name, values in fields.items()}
    if not form.get("text", "").strip():
        return await _paste_page(request, form, error="Paste the text of an article first.")
    try:
        coded, stored, stored_id = await code_and_maybe_store(
            request, form["text"], form.get("published"), store=form.get("store") == "on", token=token,
            title=form.get("title"))
    except HTTPException as err:
        return await _paste_page(request, form, error=str(err.detail), status_code=err.status_code)
    return await _paste_page(request, form, coded=coded, stored=stored, stored_id=stored_id)


async def _paste_page(request: Request, form: dict[str, str], status_code: int = 200, **result: Any) -> Any:
    access = request.app.state.access
    common = await run_in_threadpool(_common, request, ThreadCursor(access))
    coded = result.pop("coded", None)
    extra = _article_context(coded, None) if coded is not None else {}
    if result.get("error") and status_code == 200:
        status_code = 400
    return render(request, "paste.html", status_code=status_code, form=form, token=access.token.value,
                  **result, **extra, **common)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Any:
    """The JSON API described from the app's own OpenAPI document (no scripts, works offline)."""
    spec = request.app.openapi()
    routes = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            routes.append({"path": path, "method": method.upper(), "summary": operation.get("summary", ""),
                           "description": operation.get("description", ""),
                           "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                           "description": p.get("description", ""),
                                           "default": p.get("schema", {}).get("default")}
                                          for p in operation.get("parameters", [])],
                           "body": "requestBody" in operation})
    return render(request, "docs.html", spec=spec, routes=routes,
                  schemas=spec.get("components", {}).get("schemas", {}))
