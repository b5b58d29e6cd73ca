"""`tidings bench --web`: concurrent clients on the web face's pages and API routes, latency per route.

The clients are coroutines in one process speaking HTTP/1.1 with keep-alive over loopback only
(the bench never sends a request off this machine); each sends a request, reads the whole
answer, and sends the next, round the route list, until the time or the request count is
spent. A client whose connection fails opens a new one; every status >= 500, refused or broken
connection counts as an error.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class RouteTimes:
    """Seconds each answer of one route took, and its failures."""

    seconds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0

    def percentile(self, share: float) -> float | None:
        if not self.seconds:
            return None
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class LoadResult:
    """What `drive` measured: per route, and the whole run's wall time."""

    routes: dict[str, RouteTimes]
    clients: int
    wall_seconds: float
    client_cpu_seconds: float = 0.0  # the load generator's own CPU time: it shares the machine with the server
    first_seconds: dict[str, float] = field(default_factory=dict)  # each route's first answer, alone

    @property
    def requests(self) -> int:
        return sum(len(r.seconds) + len(r.errors) for r in self.routes.values())

    @property
    def errors(self) -> list[str]:
        return [error for times in self.routes.values() for error in times.errors]

    def to_dict(self) -> dict[str, Any]:
        return {"clients": self.clients, "wall_seconds": round(self.wall_seconds, 2), "requests": self.requests,
                "requests_per_second": round(self.requests / self.wall_seconds, 1) if self.wall_seconds else None,
                "errors": len(self.errors), "client_cpu_seconds": round(self.client_cpu_seconds, 2),
                "routes": {route: {"requests": len(t.seconds), "errors": len(t.errors),
                                   "first_ms": _ms(self.first_seconds.get(route)),
                                   "p50_ms": _ms(t.percentile(0.5)), "p95_ms": _ms(t.percentile(0.95)),
                                   "mean_ms": _ms(statistics.fmean(t.seconds)) if t.seconds else None}
                           for route, t in self.routes.items()}}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def check_loopback(base_url: str) -> tuple[str, int]:
    """The host and port of `base_url`; ValueError unless it is this machine."""
    parts = urlsplit(base_url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        raise ValueError(f"the web bench drives only a server on this machine (http://127.0.0.1:PORT), not {base_url}")
    return parts.hostname, parts.port or 80


def default_routes(base_url: str) -> list[str]:
    """The main pages and API routes, aimed at the store's busiest dyad and its newest article."""
    overview = json.load(urllib.request.urlopen(base_url + "/api/overview", timeout=60))
    articles = json.load(urllib.request.urlopen(base_url + "/api/articles?limit=1", timeout=60))["articles"]
    dyad = overview["top_dyads"][0] if overview["top_dyads"] else {"a": "USA", "b": "RUS"}
    pair = f"a={quote(dyad['a'])}&b={quote(dyad['b'])}"
    article = quote(articles[0]["id"], safe="") if articles else "none"
    return ["/", "/events", f"/events?actor={quote(dyad['a'])}", "/articles", f"/articles/{article}",
            f"/dyad?{pair}", "/network", f"/network?actor={quote(dyad['a'])}", "/api/overview", "/api/events", f"/api/events?actor={quote(dyad['a'])}",
            "/api/articles", f"/api/articles/{article}", "/api/actors", f"/api/dyad?{pair}", "/api/network"]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Status, body bytes and whether the server keeps the connection, after reading it all."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    size = 0
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding") == "chunked":
        while chunk := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(chunk + 2)
            size += chunk
        await reader.readline()
    return status, size, headers.get("connection") != "close"


async def _client(host: str, port: int, routes: list[str], start: int, stop_at: float, budget: list[int],
                  results: dict[str, RouteTimes], fresh: bool) -> None:
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    turn = start
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        number = budget[0]  # this request's own: others count down while it connects
        route = routes[turn % len(routes)]
        turn += 1
        began = time.monotonic()
        try:
            if connection is None:
                connection = await asyncio.open_connection(host, port)
            reader, writer = connection
            target = f"{route}{'&' if '?' in route else '?'}fresh={number}" if fresh else route
            writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n".encode())
            await writer.drain()
            status, size, keep = await _read_response(reader)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError) as err:
            results[route].errors.append(f"{route}: {type(err).__name__}: {err}")
            if connection is not None:
                connection[1].close()
            connection = None
            continue
        if status >= 500:
            results[route].errors.append(f"{route}: HTTP {status}")
        else:
            results[route].seconds.append(time.monotonic() - began)
            results[route].bytes += size
        if not keep:
            writer.close()
            connection = None
    if connection is not None:
        connection[1].close()


def drive(base_url: str, routes: list[str], *, clients: int = 50, seconds: float = 10.0,
          max_requests: int = 100_000, fresh: bool = False) -> LoadResult:
    """`clients` concurrent clients on `routes` of the server at `base_url` (loopback only) for
    `seconds` or `max_requests` requests in all, whichever ends first. With `fresh`, each request
    adds a parameter of its own that the server ignores, so none is answered from memory (see
    `response_cache`): the cost of answers computed anew."""
    host, port = check_loopback(base_url)
    results = {route: RouteTimes() for route in routes}
    budget = [max_requests]

    async def run() -> None:
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(_client(host, port, routes, index, stop_at, budget, results, fresh)
                               for index in range(clients)))

    began, cpu = time.monotonic(), time.process_time()
    asyncio.run(run())
    return LoadResult(results, clients, time.monotonic() - began, time.process_time() - cpu)


def first_answers(base_url: str, routes: list[str]) -> dict[str, float]:
    """Seconds each route takes to answer once, alone, on a server that has not answered it yet
    (what a reader waits for a page nobody opened since the store last changed)."""
    check_loopback(base_url)
    out = {}
    for route in routes:
        began = time.monotonic()
        with urllib.request.urlopen(base_url + route, timeout=600) as response:
            response.read()
        out[route] = time.monotonic() - began
    return out


def download_rate(base_url: str, path: str = "/api/events.csv") -> tuple[int, float]:
    """Rows (lines after the header) of one full download of `path`, and the seconds it took."""
    check_loopback(base_url)
    began = time.monotonic()
    rows = -1
    with urllib.request.urlopen(base_url + path, timeout=600) as response:
        for _ in response:
            rows += 1
    return max(rows, 0), time.monotonic() - began


def format_load(result: LoadResult, download: tuple[int, float] | None = None) -> str:
    """A table of p50/p95 per route, then the totals."""
    lines = [f"{'route':<48} {'first ms':>8} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}"]
    for route, times in result.to_dict()["routes"].items():
        lines.append(f"{route[:48]:<48} {times['first_ms'] or '-':>8} {times['requests']:>8} {times['errors']:>6} "
                     f"{times['p50_ms'] or '-':>8} {times['p95_ms'] or '-':>8}")
    lines.append(f"{result.clients} clients, {result.requests} requests in {result.wall_seconds:.1f} s "
                 f"({result.requests / result.wall_seconds:.1f}/s), {len(result.errors)} errors; "
                 f"the clients' own CPU: {result.client_cpu_seconds:.1f} s")
    if download is not None:
        rows, took = download
        lines.append(f"full CSV download: {rows} rows in {took:.2f} s ({rows / took:,.0f} rows/s)")
    return "\n".join(lines)


def bench_store(db: str, *, workers: int, clients: int, seconds: float, max_requests: int = 100_000,
                download: bool = True, fresh: bool = False) -> tuple[LoadResult, tuple[int, float] | None]:
    """Serve `db` read-only with `tidings serve --workers N` on a free loopback port, drive it,
    time one full CSV download, and stop the server."""
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", "from tidings.cli import main; main()", "serve", "--db", db,
                               "--port", str(port), "--workers", str(workers)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base_url + "/api/overview", timeout=60).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"tidings serve did not start: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.2)
        routes = default_routes(base_url)
        first = first_answers(base_url, routes)
        drive(base_url, routes, clients=min(clients, 8), seconds=min(2.0, seconds))  # every worker warm
        result = drive(base_url, routes, clients=clients, seconds=seconds, max_requests=max_requests, fresh=fresh)
        result.first_seconds = first
        return result, download_rate(base_url) if download else None
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
