"""The web face in a real headless Chromium (Debian's, driven by Playwright) over a real uvicorn server.

Every test runs over a store built from the project's example corpus (examples/corpus), coded by
`code_many`, and again, when ../shared is here, over a handful of Guardian articles from
../shared/corpus. Screenshots land in test-artifacts/ (gitignored). Skips when /usr/bin/chromium
is missing (scripts/install-browser installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARTICLES = 6  # Guardian articles that mention both Russia and the US
EXAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"


def _example_records() -> list[dict]:
    from tidings.io import read_source

    return [record for record in read_source(EXAMPLE_CORPUS) if isinstance(record, dict)]


def _guardian_records(shared: Path, count: int) -> list[dict]:
    chosen = []
    with (shared / "corpus" / "guardian_sample.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record["text"]
            if "Russia" in text and ("United States" in text or " US " in text) and len(text) < 9000:
                chosen.append({**record, "published": record["date"], "title": text.split(". ")[0][:90]})
            if len(chosen) == count:
                break
    return chosen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module", params=["examples", pytest.param("guardian", marks=pytest.mark.shared)])
def server(request):
    if not (CHROMIUM.exists() or shutil.which("chromium")):
        pytest.skip("Debian's chromium is not installed (scripts/install-browser installs it)")
    pytest.importorskip("playwright.sync_api")
    import uvicorn

    from tidings.pipeline.coder import code_many
    from tidings.store import Store
    from tidings.web import create_app

    if request.param == "examples":
        records = _example_records()
    else:
        records = _guardian_records(request.getfixturevalue("shared_dir"), ARTICLES)
    store = Store(":memory:")
    store.add_many(list(code_many(records)))
    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that fails the test on any script error or failed request."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    tab.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    yield tab
    context.close()
    assert not problems, problems


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _api(page, server: str, path: str) -> dict:
    return page.request.get(server + path).json()


def _busiest_dyad(page, server: str) -> tuple[str, str]:
    dyads = _api(page, server, "/api/overview")["top_dyads"]
    assert dyads, "the Guardian articles gave no event between two known actors"
    return dyads[0]["a"], dyads[0]["b"]


@pytest.mark.slow  # 20-25 s a store on a shared machine (seven full page loads with screenshots)
def test_every_page_loads(page, server):
    a, b = _busiest_dyad(page, server)
    for name, path, landmark in [
        ("overview", "/", "h1"), ("events", "/events", "#events-table"), ("articles", "/articles", "table.data"),
        ("dyad", f"/dyad?a={a}&b={b}", "svg.dyad-chart"), ("network", "/network", "svg.network-chart"),
        ("paste", "/paste", "#paste-form"), ("api-docs", "/docs", "table.api-routes"),
    ]:
        started = time.perf_counter()
        response = page.goto(server + path)
        assert response.status == 200, path
        page.wait_for_selector(landmark)
        assert page.locator(landmark).first.is_visible(), name
        print(f"{path}: {1000 * (time.perf_counter() - started):.0f} ms")
        _shot(page, name)


@pytest.mark.slow  # 7-12 s a store
def test_filter_events_then_open_an_article_at_its_sentence(page, server):
    page.goto(server + "/events")
    everything = int(page.locator("#event-total").inner_text())
    actor = _api(page, server, "/api/actors")[0]["actor"]
    page.fill("input[name=actor]", actor)
    page.click("#event-filter button[type=submit]")
    page.wait_for_url(re.compile(rf"actor={actor}"))
    shown = int(page.locator("#event-total").inner_text())
    assert 0 < shown < everything
    assert shown == _api(page, server, f"/api/events?actor={actor}&limit=1")["total"]
    _shot(page, "events-filtered")

    first = page.locator("a.event-link").first
    trigger = first.locator("b").inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/articles/.+\?event=\d+#sentence"))
    selected = page.locator("#article-text .selected")
    assert selected.count() > 0 and selected.first.is_visible()
    if trigger:  # the sentence may hold other events' triggers too, before this one's
        assert any(trigger in shown for shown in page.locator("#article-text .selected.hl-trigger").all_inner_texts())
    item = page.locator(".event-item.selected")
    assert item.count() == 1
    _shot(page, "article-from-events")


def test_article_highlights_link_text_and_coding(page, server):
    articles = _api(page, server, "/api/articles?limit=50")["articles"]
    busiest = max(articles, key=lambda a: a["events"])
    page.goto(server + f"/articles/{busiest['id']}")
    assert page.locator(".event-item").count() == busiest["events"]
    assert page.locator("#article-text .hl-trigger").count() > 0
    assert page.locator("#article-text .hl-actor").count() > 0
    item = page.locator(".event-item").first
    key = item.get_attribute("data-event")
    item.hover()
    lit = page.locator(f'#article-text .active[data-ev~="{key}"]')
    assert lit.count() > 0
    page.mouse.move(0, 0)
    assert page.locator("#article-text .active").count() == 0
    trigger = page.locator(f'#article-text [data-trig~="{key}"]').first
    trigger.hover()
    assert "active" in page.locator(f'.event-item[data-event="{key}"]').get_attribute("class")
    _shot(page, "article-hover")


def test_dyad_page_leads_from_the_chart_to_the_events(page, server):
    a, b = _busiest_dyad(page, server)
    page.goto(server + f"/dyad?a={a}&b={b}&period=week")
    assert page.locator("svg.dyad-chart rect.bar").count() > 0
    page.select_option("select[name=period]", "month")
    page.click("#dyad-form button[type=submit]")
    page.wait_for_url(re.compile("period=month"))
    _shot(page, "dyad-month")
    dyad_page = page.url
    page.locator("svg.dyad-chart a.bar-link").first.click()
    page.wait_for_url(re.compile(r"/events\?.*start=\d{4}-\d\d-01"))
    assert int(page.locator("#event-total").inner_text()) > 0

    # the biggest days quote the sentence that makes them so, linked to it in its article
    page.goto(dyad_page)
    sentence = page.locator("#hostile-days a.quote-sentence, #cooperative-days a.quote-sentence").first
    words = sentence.inner_text().strip("“”…. ")[:40]
    sentence.click()
    page.wait_for_url(re.compile(r"/articles/.+\?event=\d+#sentence"))
    assert words in "".join(page.locator("#article-text .selected").all_inner_texts())


def test_network_filter_and_edge_to_dyad(page, server):
    page.goto(server + "/network")
    edges = page.locator("svg.network-chart path.edge").count()
    assert edges > 0
    page.fill("input[name=min_events]", "2")
    page.click("#network-form button[type=submit]")
    page.wait_for_url(re.compile("min_events=2"))
    assert page.locator("svg.network-chart path.edge, .empty").count() > 0
    assert page.locator("svg.network-chart path.edge").count() <= edges
    _shot(page, "network")
    page.goto(server + "/network")
    page.locator("#edges-table a").first.click()
    page.wait_for_url(re.compile(r"/dyad\?a=.+&b=.+"))
    assert page.locator("svg.dyad-chart").count() == 1


def test_paste_box_codes_in_the_page(page, server):
    before = _api(page, server, "/api/overview")["articles"]
    page.goto(server + "/paste")
    page.fill("textarea[name=text]", "Russia accused the United States on Monday of arming Kurdish fighters in "
                                     "northern Syria. The Pentagon denied the claim.")
    page.fill("input[name=published]", "2018-01-22")
    page.click("#paste-form button[type=submit]")
    page.wait_for_selector("#paste-result")
    assert "Not stored." in page.locator("#paste-result").inner_text()
    assert "arming Kurdish fighters" in page.locator("#article-text").inner_text()
    assert page.locator(".event-item").count() >= 1
    _shot(page, "paste")
    assert _api(page, server, "/api/overview")["articles"] == before
