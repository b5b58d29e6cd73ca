"""The web face in-process (FastAPI TestClient) over a small store of hand-built coded articles.

The store tells a story with a known answer: Russia and the United States cooperate in February
and March 2018, then in April 2018 US strikes on Syria draw Russian accusations and threats, so
the RUS–USA dyad turns hostile in 2018-04.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from web_story import _actor, _event, _span, build_store

from tidings.store import Store
from tidings.types import Actor, ArticleMeta, CodedArticle, Event, Quote, Span
from tidings.store.queries import EventFilter, dyad_top_days
from tidings.web.highlight import Mark, marks, segments

@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    store = build_store()
    with TestClient(create_app(store, writable=True)) as test_client:
        yield test_client
    store.close()


def token_of(client) -> dict[str, str]:
    """The header that carries the server's write token."""
    return {"X-Tidings-Token": client.app.state.access.token.value}


# --- the JSON API ------------------------------------------------------------------------------

def test_events_hide_negated_unless_asked(client):
    shown = client.get("/api/events").json()
    everything = client.get("/api/events", params={"include_negated": "true"}).json()
    assert shown["total"] == 7 and everything["total"] == 8
    assert "negated" not in {e["mode"] for e in shown["events"]}
    only = client.get("/api/events", params={"mode": "negated"}).json()
    assert [e["trigger"] for e in only["events"]] == ["attack"]


def test_events_filter_by_dyad_type_date_and_text(client):
    def triggers(**params):
        return sorted(e["trigger"] for e in client.get("/api/events", params=params).json()["events"])

    assert triggers(actor="RUS", recipient="USA") == ["accused", "agreed", "cooperated", "warned"]
    assert triggers(actor="usa") == ["consulted", "imposed", "strikes"]  # USAGOV matches its prefix USA
    assert triggers(recipient="Russia") == ["consulted", "imposed"]  # by name
    assert triggers(plover="ASSAULT") == ["strikes"]
    assert triggers(start="2018-04-01", end="2018-04-30") == ["accused", "strikes", "warned"]
    assert triggers(text="international law") == ["accused"]
    assert triggers(start="", end="", actor="") == triggers()  # blank form fields mean no filter


def test_events_sort_and_paginate(client):
    by_goldstein = client.get("/api/events", params={"sort": "goldstein", "desc": "true"}).json()["events"]
    scores = [e["goldstein"] for e in by_goldstein]
    assert scores == sorted(scores, reverse=True) and scores[0] == 8.0
    first = client.get("/api/events", params={"limit": 3, "offset": 0}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == second["total"] == 7
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    assert [e["date"] for e in first["events"]] == sorted(e["date"] for e in first["events"])


def test_bad_date_is_a_client_error(client):
    response = client.get("/api/events", params={"start": "last tuesday"})
    assert response.status_code == 400 and "date" in response.json()["detail"]


def test_downloads_hold_the_filtered_set(client):
    params = {"actor": "RUS", "recipient": "USA"}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
    assert sorted(r["trigger"] for r in rows) == ["accused", "agreed", "cooperated", "warned"]
    assert {"evidence", "why", "article_id", "goldstein"} <= set(rows[0])
    response = client.get("/api/events.jsonl", params={**params, "sort": "goldstein"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["goldstein"] for line in lines] == [-7.0, -2.0, 6.4, 8.0]


def test_csv_and_jsonl_downloads_hold_the_same_rows(client):
    params = {"include_negated": "true", "sort": "goldstein"}
    from_csv = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params=params).text)))
    from_jsonl = [json.loads(line) for line in client.get("/api/events.jsonl", params=params).text.splitlines()]
    assert len(from_csv) == len(from_jsonl) == 8
    for row, line in zip(from_csv, from_jsonl, strict=True):
        assert list(row) == list(line)
        assert {k: v for k, v in row.items() if k not in ("goldstein", "confidence")} == {
            k: "" if v is None else str(v) for k, v in line.items() if k not in ("goldstein", "confidence")}
        assert float(row["goldstein"]) == line["goldstein"]
    nothing = client.get("/api/events.csv", params={"actor": "nobody at all"}).text
    assert nothing.strip() == ",".join(from_jsonl[0])


def test_jsonl_lines_are_the_api_events_and_nothing_matched_is_empty(client):
    api = client.get("/api/events", params={"include_negated": "true", "limit": 1000}).json()["events"]
    text = client.get("/api/events.jsonl", params={"include_negated": "true"}).text
    assert [json.loads(line) for line in text.splitlines()] == [
        {k: v for k, v in event.items() if k != "url"} for event in api]
    assert text.endswith("}\n") and "\n\n" not in text
    assert client.get("/api/events.jsonl", params={"actor": "nobody at all"}).text == ""


def test_article_api_offsets_point_at_the_words(client):
    data = client.get("/api/articles/apr-strikes").json()
    text = data["text"]
    for event in data["events"]:
        for part in ("trigger", "evidence"):
            span = event[part]
            assert text[span["start"]:span["end"]] == span["text"]
        for actor in event["actor"] + event["recipient"]:
            assert text[actor["span"]["start"]:actor["span"]["end"]] == actor["text"]
    assert [e["plover"] for e in data["events"]] == ["ASSAULT", "ACCUSE"]
    assert client.get("/api/articles/no-such-article").status_code == 404


def test_dyad_api_finds_the_turn_to_conflict(client):
    data = client.get("/api/dyad", params={"a": "RUS", "b": "USA"}).json()
    forward = {v["period"]: v for v in data["series"]["forward"]}
    backward = {v["period"]: v for v in data["series"]["backward"]}
    assert forward["2018-04"]["events"] == 2 and forward["2018-04"]["goldstein"] == -4.5  # mean of -2 and -7
    assert backward["2018-05"]["goldstein"] == -8.0 and "2018-04" not in backward  # the US strike hit Syria
    assert [v["period"] for v in data["series"]["combined"]] == ["2018-02", "2018-03", "2018-04", "2018-05"]
    assert [t["period"] for t in data["turns"]] == ["2018-04"]
    worst = data["hostile_days"][0]
    assert worst["day"] == "2018-05-18" and worst["articles"][0]["id"] == "may-sanctions"
    assert worst["articles"][0]["sentence"].startswith("Washington imposed new sanctions")
    assert {d["day"] for d in data["hostile_days"]} == {"2018-04-14", "2018-04-16", "2018-05-18"}
    weekly = client.get("/api/dyad", params={"a": "RUS", "b": "USA", "period": "week"}).json()
    assert {v["period"] for v in weekly["series"]["forward"]} == {"2018-02-05", "2018-03-05", "2018-04-09",
                                                                   "2018-04-16"}
    assert client.get("/api/dyad", params={"a": "RUS", "b": "USA", "period": "fortnight"}).status_code == 400


def test_a_dyad_read_once_counts_what_the_event_filter_finds_each_way():
    from tidings.store.queries import read_dyad

    store = build_store()
    for where in (EventFilter(), EventFilter(plover="ACCUSE"), EventFilter(start=date(2018, 4, 1), text="strike")):
        dyad = read_dyad(store.con, "RUS", "usa", where)  # "usa": actors match case-insensitively
        series = dyad.series(store.con, period="month", dedupe=False)
        for direction, actor, recipient in (("forward", "RUS", "usa"), ("backward", "usa", "RUS")):
            condition, args = EventFilter(**{**{f: getattr(where, f) for f in ("plover", "start", "text")},
                                             "actor": actor, "recipient": recipient}).sql()
            expected = store.con.execute(f"SELECT count(*) FROM events e WHERE {condition} AND e.day IS NOT NULL "
                                         "AND e.date_precision IN ('day', 'month')", args).fetchone()[0]
            assert sum(v.events for v in getattr(series, direction)) == expected
    assert sum(v.events for v in read_dyad(store.con, "RUS", "USA").series(store.con).forward) > 0
    store.close()


def test_network_api_edges(client):
    data = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    assert edges[("USA", "SYR")]["events"] == 1 and edges[("USA", "SYR")]["goldstein"] == -10.0
    assert edges[("RUS", "USA")]["events"] == 4
    assert {n["actor"] for n in data["nodes"]} == {"RUS", "USA", "SYR"}
    assailants = client.get("/api/network", params={"plover": "ASSAULT"}).json()
    assert [(e["source"], e["target"]) for e in assailants["edges"]] == [("USA", "SYR")]
    by_code = client.get("/api/network", params={"key": "cameo"}).json()
    assert ("RUSGOV", "USA") in {(e["source"], e["target"]) for e in by_code["edges"]}


def count_matching(store: Store, **filters) -> int:
    from tidings.store.queries import count_events

    return count_events(store.con, EventFilter(**filters))


def test_network_leaves_out_actors_that_name_nobody():
    from tidings.store.queries import network

    text = "Officials condemned Washington after unidentified gunmen attacked Iraqi police in Basra."
    generic = Actor(text="Officials", country=None, sector="GOV", name="officials", cameo="GOV",
                    span=_span(text, "Officials"))
    usa = _actor("USA", text, "Washington")
    evidence = _span(text, text)
    events = (Event(plover="ACCUSE", cameo="112", actor=(generic,), recipient=(usa,), mode="actual",
                    evidence=evidence, trigger=_span(text, "condemned"), goldstein=-2.0, quad_class=3,
                    penta_class=3),
              Event(plover="ASSAULT", cameo="190", actor=(Actor(text="(unidentified)", country=None, sector=None),),
                    recipient=(Actor(text="Iraqi police", country="IRQ", sector="COP", cameo="IRQCOP"),),
                    mode="actual", evidence=evidence, trigger=_span(text, "attacked"), goldstein=-10.0,
                    quad_class=4, penta_class=4))
    with Store() as store:
        store.add(CodedArticle(article=ArticleMeta(id="basra", published="2019-06-01"), events=events, text=text))
        assert network(store.con).nodes == () and network(store.con, key="cameo").nodes == ()
        assert network(store.con, key="name").nodes == ()  # "officials" is no one's name
        assert count_matching(store, actor="GOV") == 1  # still found when asked for by code


def test_openapi_describes_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("/api/events", "/api/events.csv", "/api/events.jsonl", "/api/articles",
                  "/api/articles/{article_id}", "/api/dyad", "/api/network", "/api/actors", "/api/code",
                  "/api/overview"):
        assert route in paths, route
    assert "/events" not in paths  # pages are not API
    docs = client.get("/docs").text  # our own listing: FastAPI's Swagger page would need a CDN
    assert "GET /api/dyad" in docs and "POST /api/code" in docs and "include_negated" in docs
    assert "cdn" not in docs.lower()


# --- the pages ---------------------------------------------------------------------------------

def test_pages_load(client):
    for path in ("/", "/events", "/articles", "/dyad", "/network", "/paste", "/articles/mar-talks",
                 "/dyad?a=RUS&b=USA", "/static/tidings.css", "/static/tidings.js"):
        assert client.get(path).status_code == 200, path


def test_events_page_links_each_event_to_its_sentence(client):
    page = client.get("/events", params={"actor": "RUS", "recipient": "USA", "sort": "goldstein"}).text
    assert '<strong id="event-total">4</strong>' in page
    assert "/articles/apr-warning?event=" in page and "#sentence" in page
    assert "<b>warned</b>" in page  # the trigger is bold inside its sentence
    assert "/api/events.csv?actor=RUS&amp;recipient=USA" in page
    assert page.index("warned") < page.index("agreed")  # sorted by Goldstein, conflict first


def test_article_page_highlights_and_selects_the_event(client):
    event_id = client.get("/api/events", params={"text": "accused"}).json()["events"][0]["id"]
    page = client.get(f"/articles/apr-strikes?event={event_id}").text
    assert 'class="hl-evidence hl-trigger selected" data-ev="e1" data-trig="e1"' in page
    assert '<a id="sentence"></a>' in page
    assert page.count('class="event-item') == 2
    assert "trigger &#39;accused&#39; -&gt; CAMEO 112" in page  # the coder's why
    quote_page = client.get("/articles/mar-talks").text
    assert 'data-quote="q0"' in quote_page and "Sergei Lavrov" in quote_page


def test_dyad_page_answers_when_relations_turned_hostile(client):
    page = client.get("/dyad", params={"a": "RUS", "b": "USA"}).text
    turns = page[page.index('id="turns"'):page.index("</section>", page.index('id="turns"'))]
    assert "2018-04" in turns and "/articles/apr-strikes" in turns and "/articles/apr-warning" in turns
    assert "Sharpest turn" in turns and "+8.0</span> in 2018-03" in turns
    assert "“Moscow warned Washington on Monday of grave consequences.”" in turns  # the sentence that says so
    assert "/articles/apr-warning?event=" in turns
    assert "<svg" in page and 'data-period="2018-04"' in page
    assert "start=2018-04-01&amp;end=2018-04-30" in page  # bars and rows link to that month's events


def test_dyad_page_without_actors_suggests_the_busiest_pairs(client):
    page = client.get("/dyad").text
    assert '<a href="/dyad?a=RUS&amp;b=USA">RUS ⇄ USA</a>' in page


def test_network_page_draws_the_graph(client):
    page = client.get("/network").text
    assert page.count('class="node"') == 3
    assert 'data-source="USA" data-target="SYR"' in page
    assert "/dyad?a=RUS&amp;b=USA" in page


def test_reports_of_one_event_count_once_unless_asked():
    """A second article retells the 14 April strike and accusation; tidings.batch.dedupe links the retold
    events to the first reports, and dyads and networks count real events unless told otherwise."""
    from fastapi.testclient import TestClient

    from tidings.batch.dedupe import link_events
    from tidings.web import create_app

    text = ("Russia accused the United States of aggression after American missile strikes hit "
            "Syrian government sites on Saturday.")
    echo = CodedArticle(
        article=ArticleMeta(id="apr-strikes-echo", published="2018-04-15", title="Moscow condemns strikes"),
        events=(_event(text, text, ("RUS", "Russia"), "accused", "112", ("USA", "the United States"),
                       day="2018-04-14"),
                _event(text, text, ("USA", "American"), "strikes", "195", ("SYR", "Syrian"), day="2018-04-14")),
        text=text)
    with build_store() as store:
        store.add(echo)
        link_events(store)
        with TestClient(create_app(store)) as retold:
            overview = retold.get("/api/overview").json()
            assert (overview["events"], overview["real_events"]) == (9, 7)

            def april(**params):
                data = retold.get("/api/dyad", params={"a": "RUS", "b": "USA", **params}).json()
                return next(v for v in data["series"]["forward"] if v["period"] == "2018-04")

            assert (april()["events"], april()["goldstein"]) == (2, -4.5)
            assert (april(dedupe="false")["events"], april(dedupe="false")["goldstein"]) == (3, -3.67)

            def strikes(**params):
                edges = retold.get("/api/network", params=params).json()["edges"]
                return next(e["events"] for e in edges if (e["source"], e["target"]) == ("USA", "SYR"))

            assert (strikes(), strikes(dedupe="false")) == (1, 2)
            assert "every report" in retold.get("/dyad", params={"a": "RUS", "b": "USA", "dedupe": "false"}).text

            # a day's article list is capped, saying how many more there are
            day = next(d for d in dyad_top_days(store.con, "RUS", "USA") if d.day == "2018-04-14")
            assert [r.id for r in day.articles] == ["apr-strikes", "apr-strikes-echo"] and day.more_articles == 0
            day = next(d for d in dyad_top_days(store.con, "RUS", "USA", articles_per_day=1) if d.day == "2018-04-14")
            assert len(day.articles) == 1 and day.more_articles == 1

            # every report of the strike leads to the others
            strike = retold.get("/api/events", params={"plover": "ASSAULT", "article": "apr-strikes-echo"}).json()
            row = strike["events"][0]
            assert row["reports"] == 2 and row["canonical_id"] is not None
            both = retold.get("/api/events", params={"canonical": row["canonical_id"]}).json()["events"]
            assert sorted(e["article_id"] for e in both) == ["apr-strikes", "apr-strikes-echo"]
            reports = retold.get("/api/articles/apr-strikes").json()["reports"]
            assert {"canonical_id": row["canonical_id"], "articles": 2} in reports.values()
            page = retold.get("/articles/apr-strikes").text
            assert f'href="/events?canonical={row["canonical_id"]}" class="reports">in 2 articles</a>' in page
            table = retold.get("/events", params={"plover": "ASSAULT"}).text
            assert f'<a href="/events?canonical={row["canonical_id"]}"' in table
            assert retold.get("/api/events", params={"canonical": "x1"}).status_code == 400


def test_unknown_article_page_is_404(client):
    assert client.get("/articles/nothing-here").status_code == 404


def test_paste_codes_without_storing_unless_asked(client):
    before = client.get("/api/overview").json()["articles"]
    text = "Turkey and Greece agreed on Tuesday to resume talks over maritime borders in the Aegean."
    coded = client.post("/api/code", json={"text": text, "published": "2020-09-22"}).json()
    assert coded["text"] == text and coded["stored"] is False and coded["stored_id"] is None
    assert coded["article"]["published"] == "2020-09-22"
    assert client.get("/api/overview").json()["articles"] == before
    page = client.post("/paste", content="text=" + text.replace(" ", "+") + "&published=2020-09-22",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert page.status_code == 200 and "Not stored." in page.text and 'id="article-text"' in page.text
    refused = client.post("/api/code", json={"text": text, "store": True, "title": "Aegean talks"})
    assert refused.status_code == 403 and "token" in refused.json()["detail"]
    stored = client.post("/api/code", json={"text": text, "store": True, "title": "Aegean talks"},
                         headers=token_of(client)).json()
    assert stored["stored"] is True and client.get("/api/overview").json()["articles"] == before + 1
    assert client.get(f"/api/articles/{stored['stored_id']}").json()["article"]["title"] == "Aegean talks"
    assert client.post("/api/code", json={"text": "   "}).status_code == 400


def test_pasted_markup_is_shown_as_text(client):
    page = client.post("/paste", content="text=%3Cscript%3Ealert(1)%3C%2Fscript%3E+Iran+protested.",
                       headers={"content-type": "application/x-www-form-urlencoded"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_read_only_server_refuses_to_store():
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    with build_store() as store, TestClient(create_app(store, writable=False)) as read_only:
        response = read_only.post("/api/code", json={"text": "Chile recalled its ambassador.", "store": True})
        assert response.status_code == 403
        assert "disabled" in read_only.get("/paste").text


# --- hostile requests --------------------------------------------------------------------------

def _app_client(store: Store, **options):
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    return TestClient(create_app(store, **options))


def test_only_http_links_become_links():
    hostile = CodedArticle(article=ArticleMeta(id="hostile", url="javascript:alert(document.cookie)"),
                           text="Iran protested to Iraq.")
    spaced = CodedArticle(article=ArticleMeta(id="spaced", url=" JaVaScRiPt:alert(1)"), text="Chad protested.")
    fine = CodedArticle(article=ArticleMeta(id="fine", url="https://example.org/a?b=1"), text="Peru protested.")
    with Store() as store:
        store.add_many([hostile, spaced, fine])
        with _app_client(store) as client:
            for article_id in ("hostile", "spaced"):
                page = client.get(f"/articles/{article_id}").text
                assert 'href="javascript' not in page.lower().replace(" ", "")
                assert "alert(" in page  # still shown, as text
            assert '<a href="https://example.org/a?b=1" rel="noreferrer noopener">' in client.get("/articles/fine").text


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/"), client.get("/api/events"), client.get("/static/tidings.css"),
                     client.get("/articles/nothing-here"), client.get("/api/events", params={"start": "x"}),
                     client.get("/api/events.csv"), client.post("/api/code", json={"text": " "})):
        headers = response.headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_the_server_is_read_only_unless_asked():
    with build_store() as store, _app_client(store) as client:
        response = client.post("/api/code", json={"text": "Chile recalled its ambassador.", "store": True},
                               headers=token_of(client))
        assert response.status_code == 403 and "--writable" in response.json()["detail"]
        form = client.get("/paste").text
        assert "disabled" in form and 'name="token"' not in form


def test_writes_need_this_servers_pages_and_its_token(client):
    text = "Norway and Chile agreed on Tuesday to share fisheries data."
    before = client.get("/api/overview").json()["articles"]
    form = {"content-type": "application/x-www-form-urlencoded"}
    token = token_of(client)["X-Tidings-Token"]
    assert f'name="token" value="{token}"' in client.get("/paste").text

    def paste(body: str, **headers):
        return client.post("/paste", content=body, headers={**form, **headers})

    body = "text=" + text.replace(" ", "+") + "&store=on"
    assert paste(body + "&token=" + token, origin="https://evil.example").status_code == 403
    assert paste(body + "&token=" + token, referer="https://evil.example/page").status_code == 403
    assert paste(body + "&token=" + token, **{"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.post("/api/code", json={"text": text, "store": True}, headers={**token_of(client),
                       "origin": "null"}).status_code == 403
    without_token = paste(body, origin="http://testserver")
    assert without_token.status_code == 403 and "token" in without_token.text
    assert paste(body + "&token=wrong", origin="http://testserver").status_code == 403
    assert client.get("/api/overview").json()["articles"] == before
    stored = paste(body + "&token=" + token, origin="http://testserver", **{"sec-fetch-site": "same-origin"})
    assert stored.status_code == 200 and "Stored as" in stored.text and token not in stored.text.split("</form>")[1]
    assert client.get("/api/overview").json()["articles"] == before + 1


def test_request_bodies_over_the_limit_are_refused():
    with build_store() as store, _app_client(store, max_body=2000) as client:
        big = {"text": "Iran protested. " * 200}
        assert client.post("/api/code", json=big).status_code == 413
        assert client.post("/paste", content="text=" + "x" * 3000,
                           headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413

        def chunks():  # no Content-Length: the limit counts what arrives
            yield b'{"text": "'
            for _ in range(10):
                yield b"Iran protested. " * 20
            yield b'"}'

        chunked = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413 and "2000 bytes" in chunked.json()["detail"]
    with build_store() as store, _app_client(store) as client:  # the default: 1 MB
        assert client.post("/api/code", json={"text": "a " * 600_000}).status_code == 413


@pytest.mark.parametrize("path, params", [
    ("/events", {"page": "99999999999999999999"}), ("/articles", {"page": "99999999999999999999"}),
    ("/api/events", {"offset": "99999999999999999999"}), ("/api/articles", {"offset": "99999999999999999999"}),
    ("/api/events", {"mode": "imagined"}), ("/events", {"mode": "imagined"}),
    ("/api/events", {"sort": "nonsense"}), ("/api/events.csv", {"sort": "nonsense"}),
    ("/api/events", {"canonical": "99999999999999999999"}), ("/api/events", {"canonical": "²"}),
    ("/api/events", {"limit": "ten"}), ("/dyad", {"a": "RUS", "b": "USA", "period": "decade"}),
    ("/network", {"key": "shoe size"}), ("/api/network", {"max_nodes": "-1"}),
])
def test_bad_parameters_are_client_errors_that_say_why(client, path, params):
    response = client.get(path, params=params)
    assert 400 <= response.status_code < 500
    assert response.text.strip() and ("detail" in response.text or "must" in response.text)


def test_text_search_takes_wildcards_literally(client):
    for words in ("%", "_", "%%", "Russia%", "\\"):
        assert client.get("/api/events", params={"text": words}).json()["total"] == 0
        assert client.get("/api/articles", params={"text": words}).json()["total"] == 0
    assert client.get("/api/events", params={"text": "strikes"}).json()["total"] == 1


def test_cameo_filter_takes_a_code_prefix_as_tidings_query_does(client):
    def cameos(**params):
        return sorted(e["cameo"] for e in client.get("/api/events", params=params).json()["events"])

    assert cameos(cameo="19") == ["195"]
    assert cameos(cameo="1") == ["112", "138", "163", "195"]


def _busy_coder(*args, **kwargs):
    while True:  # a text that never finishes coding, in pure Python like the event stages
        pass


def _coding_threads() -> list:
    import threading

    return [t for t in threading.enumerate() if t.name == "tidings-code"]


def _wait_for_no_coding_thread(seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while _coding_threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _coding_threads()


def test_coding_stops_when_its_time_budget_runs_out(monkeypatch):
    import time

    from tidings.web import api

    monkeypatch.setattr(api, "code", _busy_coder)
    with build_store() as store, _app_client(store, code_budget=0.5) as client:
        started = time.monotonic()
        response = client.post("/api/code", json={"text": "Iran protested."})
        assert response.status_code == 503 and "budget" in response.json()["detail"]
        assert time.monotonic() - started < 3
        assert _wait_for_no_coding_thread(2), "the coding thread still runs"
        page = client.post("/paste", content="text=Iran+protested.",
                           headers={"content-type": "application/x-www-form-urlencoded"})
        assert page.status_code == 503 and "budget" in page.text


class running_server:
    """The app on a real uvicorn server on a free loopback port, in a thread."""

    def __init__(self, app) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.app = app

    def __enter__(self) -> str:
        import threading
        import time

        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def test_coding_stops_when_the_client_leaves(monkeypatch):
    import socket
    import time

    from tidings.web import api, create_app

    monkeypatch.setattr(api, "code", _busy_coder)
    with build_store() as store, running_server(create_app(store)) as url:
        body = b'{"text": "Iran protested."}'
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as raw:
            raw.sendall(b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            deadline = time.monotonic() + 10
            while not _coding_threads():
                assert time.monotonic() < deadline, "coding never started"
                time.sleep(0.05)
        assert _wait_for_no_coding_thread(3), "the coding thread outlived its client"


# --- every route against generated requests (a schemathesis-style run over /openapi.json) --------

#: Examples per route; TIDINGS_FUZZ_EXAMPLES=2000 for a long run on demand.
FUZZ_EXAMPLES = int(os.environ.get("TIDINGS_FUZZ_EXAMPLES", "25"))
#: Values that mean something to the store, so generated requests also reach the queries' deep end.
MEANINGFUL = {
    "actor": ["RUS", "usa", "Russia", "RUSGOV"], "recipient": ["USA", "rus"], "a": ["RUS", "SYR"], "b": ["USA"],
    "plover": ["ASSAULT", "accuse"], "cameo": ["19", "195", "1"], "mode": ["actual", "negated", "Future"],
    "start": ["2018-04-01", "2018-04", "0001-01-01"], "end": ["2018-04-30", "9999-12-31"],
    "sort": ["date", "reports", "actor", "goldstein"], "period": ["day", "week", "month"],
    "key": ["country", "cameo", "name"], "article": ["apr-strikes"], "article_id": ["apr-strikes", "mar-talks"],
    "canonical": ["1", "0"], "text": ["Russia", "%", "_"],
}
#: The HTML pages (left out of the OpenAPI document) and the API route whose parameters they share.
PAGES = {"/": None, "/events": "/api/events", "/articles": "/api/articles",
         "/articles/{article_id}": "/api/articles/{article_id}", "/dyad": "/api/dyad", "/network": "/api/network",
         "/paste": None, "/docs": None}
PAGE_PARAMETERS = [{"name": name, "in": "query", "schema": {"type": "integer"}} for name in ("page", "per_page")] + [
    {"name": "event", "in": "query", "schema": {"type": "string"}}]


def _value(name: str, schema: dict) -> st.SearchStrategy:
    kinds = {option.get("type") for option in schema.get("anyOf", [schema])}
    typed = st.nothing()
    if "integer" in kinds:
        typed = st.integers() | st.sampled_from([0, -1, 2**63, 10**20, schema.get("maximum", 1)])
    if "boolean" in kinds:
        typed = typed | st.sampled_from(["true", "false", "1", "on", "yes"])
    junk = st.text(max_size=30) | st.sampled_from(["", " ", "\x00", "%00", "' OR 1=1 --", "1e400", "NaN", "-0"])
    return st.sampled_from(MEANINGFUL.get(name, [""])) | typed | junk


def _operations(client) -> list[tuple[str, str, list[dict], bool]]:
    spec = client.get("/openapi.json").json()
    operations = [(path, method, op.get("parameters", []), "requestBody" in op)
                  for path, methods in spec["paths"].items() for method, op in methods.items()]
    for page, twin in PAGES.items():
        shared = spec["paths"][twin]["get"].get("parameters", []) if twin else []
        operations.append((page, "get", shared + PAGE_PARAMETERS, False))
    return operations + [("/paste", "post", [], True)]


def test_no_route_fails_on_generated_requests(client):
    """Every route of /openapi.json and every page, with parameters drawn from their schemas, from
    values the store knows and from junk: 4xx with a message or 2xx, never a server error."""
    from hypothesis import HealthCheck, settings

    operations = _operations(client)
    assert {"/api/events", "/api/code", "/api/dyad", "/api/network"} <= {path for path, *_ in operations}

    @settings(max_examples=FUZZ_EXAMPLES * len(operations), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data):
        path, method, parameters, has_body = data.draw(st.sampled_from(operations), label="route")
        query, url = {}, path
        for parameter in parameters:
            if parameter["in"] == "header" or not (parameter.get("required") or data.draw(st.booleans())):
                continue
            value = data.draw(_value(parameter["name"], parameter.get("schema", {})), label=parameter["name"])
            if parameter["in"] == "path":
                url = url.replace("{" + parameter["name"] + "}", quote(str(value) or "x", safe=""))
            else:
                query[parameter["name"]] = value
        url = url.replace("{article_id}", "apr-strikes")
        if method == "get":
            response = client.get(url, params=query)
        elif path == "/api/code":
            body = data.draw(st.fixed_dictionaries({"text": st.text(max_size=120)}, optional={
                "published": st.text(max_size=12) | st.dates().map(str), "title": st.text(max_size=20),
                "url": st.text(max_size=20), "store": st.booleans()}) | st.binary(max_size=40), label="body")
            response = (client.post(url, content=body, headers={"content-type": "application/json"})
                        if isinstance(body, bytes) else client.post(url, json=body))
        else:
            body = data.draw(st.binary(max_size=120) | st.text(max_size=120).map(lambda t: ("text=" + t).encode()),
                             label="body")
            response = client.post(url, content=body, headers={"content-type": "application/x-www-form-urlencoded"})
        assert response.status_code < 500, (method, url, query, response.text[:300])
        if response.status_code >= 400:
            assert response.text.strip()

    run()


#: Seconds of the many-clients test; TIDINGS_LOAD_SECONDS=60 for the long run on demand.
LOAD_SECONDS = float(os.environ.get("TIDINGS_LOAD_SECONDS", "3"))


def test_fifty_clients_at_once_get_no_errors():
    from tidings.web import create_app
    from tidings.web.bench import default_routes, drive

    with build_store() as store, running_server(create_app(store)) as url:
        routes = default_routes(url) + ["/api/events.csv", "/api/events.jsonl", "/api/events?offset=99999999999"]
        result = drive(url, routes, clients=50, seconds=LOAD_SECONDS, max_requests=int(400 * LOAD_SECONDS))
    assert result.errors == []
    assert all(times.seconds for times in result.routes.values()), "a route was never answered"
    assert result.routes["/api/events?offset=99999999999"].seconds  # a 422 is an answer, not an error


def test_the_web_bench_asks_fresh_questions_when_told_and_repeats_are_kept_otherwise():
    from tidings.web import create_app
    from tidings.web.bench import drive

    routes = ["/api/overview", "/dyad?a=RUS&b=USA"]
    with build_store() as store:
        app = create_app(store)
        with running_server(app) as url:
            fresh = drive(url, routes, clients=4, seconds=LOAD_SECONDS, max_requests=40, fresh=True)
            assert fresh.errors == [] and fresh.requests == 40
            assert (app.state.answers.hits, app.state.answers.misses) == (0, 40)
            again = drive(url, routes, clients=4, seconds=LOAD_SECONDS, max_requests=40)
            assert again.errors == [] and app.state.answers.misses == 42 and app.state.answers.hits == 38


def test_the_web_bench_drives_only_this_machine():
    from tidings.web.bench import check_loopback

    assert check_loopback("http://127.0.0.1:8123") == ("127.0.0.1", 8123)
    with pytest.raises(ValueError, match="this machine"):
        check_loopback("http://example.org:80")


def test_a_scale_store_copies_the_story_with_new_keys_and_earlier_dates(tmp_path):
    from tidings.web.scale import SHIFT_DAYS, grow_store

    source, target = tmp_path / "story.duckdb", tmp_path / "scale.duckdb"
    build_store(str(source)).close()
    counts = grow_store(source, target, 20)  # the story has 8 events: 3 copies
    assert counts["events"] == 24 and counts["articles"] == 15 and counts["event_actors"] == 48
    with Store(str(target), read_only=True) as grown, _app_client(grown) as client:
        assert client.get("/api/events", params={"actor": "RUS", "recipient": "USA"}).json()["total"] == 12
        copies = grown.con.execute("SELECT id, published, title FROM articles WHERE id LIKE 'apr-strikes%' "
                                   "ORDER BY published DESC").fetchall()
        assert [row[0] for row in copies] == ["apr-strikes", "apr-strikes~1", "apr-strikes~2"]
        assert (copies[0][1] - copies[1][1]).days == SHIFT_DAYS and copies[2][2] == "US strikes Syria, Russia protests"
        strike = client.get("/api/events", params={"article": "apr-strikes~2", "plover": "ASSAULT"}).json()
        assert strike["events"][0]["date"] == "2018-03-31" and strike["events"][0]["actor"] == "USA"
        with Store(str(source), read_only=True) as original, _app_client(original) as first:
            def edges(reader):
                return {(e["source"], e["target"]): e["events"]
                        for e in reader.get("/api/network", params={"dedupe": "false"}).json()["edges"]}
            assert edges(client) == {pair: 3 * n for pair, n in edges(first).items()} != {}  # event_edges copied
    with pytest.raises(FileExistsError):
        grow_store(source, target, 20)


@pytest.mark.slow
def test_a_grown_store_answers_every_route_under_fifty_clients_and_counts_every_copy(tmp_path):
    from tidings.web import create_app
    from tidings.web.bench import default_routes, drive
    from tidings.web.scale import grow_store

    source, target = tmp_path / "story.duckdb", tmp_path / "scale.duckdb"
    build_store(str(source)).close()
    copies = grow_store(source, target, 40_000)["events"] // 8  # the story has 8 events
    with Store(str(target), read_only=True) as grown:
        app = create_app(grown)
        with running_server(app) as url:
            routes = default_routes(url) + ["/api/dyad?a=RUS&b=USA&dedupe=false&period=day"]
            result = drive(url, routes, clients=50, seconds=5, max_requests=5000)
            dyad = json.loads(urllib_get(url + "/api/dyad?a=RUS&b=USA&dedupe=false"))
    assert result.errors == [] and all(times.seconds for times in result.routes.values())
    assert app.state.answers.hits > app.state.answers.misses  # repeats came from memory
    with build_store() as story, _app_client(story) as first:
        once = first.get("/api/dyad", params={"a": "RUS", "b": "USA", "dedupe": "false"}).json()
    for direction in ("forward", "backward"):
        assert sum(v["events"] for v in dyad["series"][direction]) == copies * sum(
            v["events"] for v in once["series"][direction])


def urllib_get(url: str) -> bytes:
    import urllib.request

    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


# --- tidings serve -----------------------------------------------------------------------------

def test_serve_command_binds_localhost_and_serves_the_store(tmp_path, monkeypatch):
    import uvicorn
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from tidings.cli import main

    path = tmp_path / "story.duckdb"
    build_store(str(path)).close()
    served = {}

    def fake_run(app, host, port, **options):
        with TestClient(app, base_url="http://127.0.0.1:8000") as client:
            served.update(host=host, port=port, articles=client.get("/api/overview").json()["articles"],
                          writable=app.state.access.writable,
                          other_host=client.get("/", headers={"host": "rebound.example:8000"}).status_code)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    result = CliRunner().invoke(main, ["serve", "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert served == {"host": "127.0.0.1", "port": 8000, "articles": 5, "writable": False, "other_host": 400}
    # a store of its own, as a server process opens one store once: DuckDB will not open a file
    # read-write in a process where a read-only connection to it may still await collection
    writable = tmp_path / "writable.duckdb"
    build_store(str(writable)).close()
    result = CliRunner().invoke(main, ["serve", "--db", str(writable), "--writable", "--workers", "4"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert served["writable"] is True  # one process: DuckDB has one writer
    assert "write token" in result.output
    missing = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "tidings ingest" in missing.output


def test_serve_brings_an_older_store_up_to_date_before_reading_it(tmp_path, monkeypatch):
    import uvicorn
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from tidings.cli import main

    from tidings import store as store_module

    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as older:  # as an older tidings left it: the last migration not applied
        older.setattr(store_module, "MIGRATIONS", store_module.MIGRATIONS[:-1])
        Store(str(path)).close()
    answers = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: answers.append(
        (TestClient(app, base_url="http://127.0.0.1:8000").get("/events").status_code,
         app.state.access.store.schema_version)))
    result = CliRunner().invoke(main, ["serve", "--db", str(path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert answers == [(200, len(store_module.MIGRATIONS))]


def test_serve_says_when_another_process_holds_the_store(tmp_path, monkeypatch):
    import subprocess
    import sys

    import uvicorn
    from click.testing import CliRunner

    from tidings.cli import main

    path = tmp_path / "busy.duckdb"
    build_store(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); sys.stdin.read()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("served a store another process holds"))
        result = CliRunner().invoke(main, ["serve", "--db", str(path), "--writable"])
        assert result.exit_code != 0 and "in use by another process" in result.output
        served = []
        monkeypatch.setattr(uvicorn, "run", lambda app, **k: served.append(app.state.access.store.snapshot))
        result = CliRunner().invoke(main, ["serve", "--db", str(path), "--workers", "1"])
        assert result.exit_code == 0 and served == [True] and "last committed state" in result.output
    finally:
        holder.communicate("")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_stops_within_two_seconds_of_sigterm(tmp_path, workers):
    """Even with a client holding its connection open and a download half read."""
    import signal
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    path = tmp_path / "story.duckdb"
    build_store(str(path)).close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", "from tidings.cli import main; main()", "serve", "--db", str(path),
                               "--port", str(port),
                               "--workers", workers], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/overview", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.kill()  # so that its stderr ends and can be shown
                    pytest.fail(f"the server did not answer: {server.communicate()[1].decode()}")
                time.sleep(0.2)
        time.sleep(1)  # every worker up
        idle = socket.create_connection(("127.0.0.1", port))
        download = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events.csv", timeout=5)
        download.read(10)
        started = time.monotonic()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        assert time.monotonic() - started < 2.0
        idle.close(), download.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


# --- parts -------------------------------------------------------------------------------------

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)


@given(actor=st.none() | words, plover=st.none() | st.sampled_from(["ASSAULT", "AGREE"]),
       start=st.none() | dates, end=st.none() | dates, text=st.none() | words, negated=st.booleans(),
       canonical=st.none() | st.integers(0, 2**62))
def test_event_filter_round_trips_through_query_params(actor, plover, start, end, text, negated, canonical):
    where = EventFilter(actor=actor, plover=plover, start=start, end=end, text=text, include_negated=negated,
                        canonical=canonical)
    again = EventFilter.from_params(where.params())

    def blank(value):
        return None if isinstance(value, str) and not value.strip() else value

    assert again == EventFilter(actor=blank(actor), plover=plover, start=start, end=end, text=blank(text),
                                include_negated=negated, canonical=canonical)


spans = st.tuples(st.integers(0, 60), st.integers(1, 20)).map(lambda p: Span(p[0], p[0] + p[1], ""))


@given(text=st.text(min_size=1, max_size=80), evidence=spans, trigger=spans, quote=spans)
def test_segments_rebuild_the_text_and_cover_each_mark(text, evidence, trigger, quote):
    event = Event(plover="ACCUSE", cameo="112", actor=(), recipient=(), mode="actual", evidence=evidence,
                  trigger=trigger, goldstein=-2.0, quad_class=3, penta_class=3)
    article = CodedArticle(article=ArticleMeta(id="x"), events=(event,),
                           quotes=(Quote(text="", span=quote, speaker=None),), text=text)
    pieces = segments(article)
    assert "".join(p.text for p in pieces) == text
    for mark in marks(article):
        covered = "".join(p.text for p in pieces if mark.start <= p.start < mark.end and mark.kind in p.kinds)
        assert covered == text[mark.start:mark.end]
    assert all(isinstance(m, Mark) and 0 <= m.start < m.end <= len(text) for m in marks(article))
