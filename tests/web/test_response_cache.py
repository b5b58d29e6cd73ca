"""Answers kept per store generation: repeats come from memory, a write makes them stale,
errors, downloads and the paste form are never kept, and a burst of one request computes once."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from web_story import build_store

from tidings.web.response_cache import Answers, ResponseCache


@pytest.fixture()
def client():
    from fastapi.testclient import TestClient

    from tidings.web import create_app

    store = build_store()
    with TestClient(create_app(store, writable=True)) as test_client:
        yield test_client
    store.close()


def test_a_repeated_page_comes_from_memory_with_the_same_body_and_headers(client):
    answers = client.app.state.answers
    first = client.get("/dyad", params={"a": "RUS", "b": "USA"})
    again = client.get("/dyad", params={"a": "RUS", "b": "USA"})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and "2018-04" in again.text
    assert (answers.misses, answers.hits) == (1, 1)
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert again.headers["content-type"].startswith("text/html")
    client.get("/dyad", params={"a": "USA", "b": "RUS"})  # another query is another answer
    assert answers.misses == 2


def test_a_write_makes_every_kept_answer_stale(client):
    before = client.get("/api/overview").json()["articles"]
    assert client.get("/api/overview").json()["articles"] == before
    text = "Greece and Turkey agreed on Tuesday to resume talks over the Aegean."
    stored = client.post("/api/code", json={"text": text, "store": True, "published": "2020-09-22"},
                         headers={"X-Tidings-Token": client.app.state.access.token.value}).json()
    assert stored["stored"] is True
    assert client.get("/api/overview").json()["articles"] == before + 1
    assert all(key[0] == client.app.state.access.generation for key in client.app.state.answers.kept)


def test_errors_downloads_and_the_paste_form_are_never_kept(client):
    assert client.get("/api/events", params={"mode": "sideways"}).status_code == 400
    assert client.get("/api/events.csv").status_code == 200
    assert client.get("/api/events.jsonl").status_code == 200
    assert client.get("/paste").status_code == 200
    assert client.get("/api/articles/no-such-article").status_code == 404
    assert client.app.state.answers.kept == {}


def _scope(path: str, generation: int = 0) -> dict:
    app = SimpleNamespace(state=SimpleNamespace(access=SimpleNamespace(generation=generation)))
    return {"type": "http", "method": "GET", "path": path, "query_string": b"", "app": app, "headers": []}


def test_a_burst_of_one_request_computes_it_once_and_every_client_gets_it():
    calls = []

    async def slow_page(scope, receive, send):
        calls.append(scope["path"])
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"the dyad"})

    cache = ResponseCache(slow_page, answers=Answers())

    async def fetch(path: str) -> bytes:
        sent = []

        async def send(message):
            sent.append(message)

        await cache(_scope(path), None, send)
        return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def burst():
        return await asyncio.gather(*(fetch("/dyad") for _ in range(20)), fetch("/network"))

    bodies = asyncio.run(burst())
    assert bodies == [b"the dyad"] * 21
    assert calls == ["/dyad", "/network"]


def test_the_byte_budget_drops_the_least_recently_used_and_never_keeps_a_stale_answer():
    from tidings.web.response_cache import Answer

    answers = Answers(max_bytes=2400)
    page = Answer(200, (), b"x" * 250)
    for name in ("a", "b", "c"):
        answers.keep((1, f"/{name}", b""), page)
    assert answers.get((1, "/a", b"")) is page  # "/a" is now the most recently used
    for name in ("d", "e", "f", "g", "h", "i", "j"):
        answers.keep((1, f"/{name}", b""), page)
    assert answers.kept_bytes <= 2400 and (1, "/b", b"") not in answers.kept and (1, "/a", b"") in answers.kept
    answers.keep((2, "/a", b""), page)  # the store changed: generation 1 goes
    assert list(answers.kept) == [(2, "/a", b"")]
    answers.keep((1, "/late", b""), page)  # computed before the change, finished after it
    assert (1, "/late", b"") not in answers.kept
    answers.keep((2, "/big", b""), Answer(200, (), b"x" * 2400))  # over an eighth of the budget
    assert (2, "/big", b"") not in answers.kept
