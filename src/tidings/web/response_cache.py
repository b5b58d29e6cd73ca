"""Whole answers of read-only requests, kept per server process until the store changes.

Every page and API route (downloads, the paste box and static files aside) is a function of its
URL and of the store; a read-only store never changes while the server runs, and a writable one
bumps `StoreAccess.generation` with each write. So an answer is kept under (generation, path,
query) and a repeat is sent from memory: the overview, a busy dyad or an article that many
readers open costs one computation per change of the store, not one per reader. Requests for
the same answer that arrive while it is computed wait for it rather than compute it again.
Answers are kept up to a byte budget, the least recently used dropped first.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from .guard import ASGIApp, Message, Receive, Scope, Send

#: Bytes of answers one server process keeps.
CACHE_BYTES = 64 << 20
#: Paths whose answers are never kept: downloads stream and may be huge, the paste form carries
#: the write token, static files answer conditional requests by their headers.
UNCACHED_PREFIXES = ("/api/events.csv", "/api/events.jsonl", "/paste", "/static", "/api/code")
#: An answer larger than this share of the budget is sent but not kept.
LARGEST_SHARE = 8


@dataclass(frozen=True, slots=True)
class Answer:
    """A complete response: status, headers and body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    async def send(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": list(self.headers)})
        await send({"type": "http.response.body", "body": self.body})


Key = tuple[int, str, bytes]


class Answers:
    """The answers one server process keeps, least recently used first, and what it counted."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.kept: OrderedDict[Key, Answer] = OrderedDict()
        self.kept_bytes = 0
        self.pending: dict[Key, asyncio.Future[Answer | None]] = {}
        self.generation = 0
        self.hits = self.misses = 0

    def get(self, key: Key) -> Answer | None:
        answer = self.kept.get(key)
        if answer is not None:
            self.kept.move_to_end(key)
            self.hits += 1
        return answer

    def keep(self, key: Key, answer: Answer) -> None:
        if len(answer.body) * LARGEST_SHARE > self.max_bytes or key[0] < self.generation:
            return  # too large, or computed before the store last changed
        if key[0] > self.generation:  # the store changed: what was kept before is stale
            self.generation = key[0]
            for old in [k for k in self.kept if k[0] != key[0]]:
                self.kept_bytes -= len(self.kept.pop(old).body)
        self.kept[key] = answer
        self.kept_bytes += len(answer.body)
        while self.kept_bytes > self.max_bytes:
            _, dropped = self.kept.popitem(last=False)
            self.kept_bytes -= len(dropped.body)


class ResponseCache:
    """ASGI middleware: GET answers with status 200 kept in `answers` per (store generation, path,
    query); the generation is read from `scope["app"].state.access` (deps.StoreAccess)."""

    def __init__(self, app: ASGIApp, answers: Answers) -> None:
        self.app = app
        self.answers = answers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(UNCACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        answers = self.answers
        key = (_generation(scope), scope["path"], scope.get("query_string", b""))
        while (answer := answers.get(key)) is None and key in answers.pending:
            if await asyncio.shield(answers.pending[key]) is None:
                # the first request's answer could not be kept (an error, a stream): compute this one
                await self.app(scope, receive, send)
                return
        if answer is not None:
            await answer.send(send)
            return
        answers.misses += 1
        computing = answers.pending[key] = asyncio.get_running_loop().create_future()
        answer = None
        try:
            answer = await self._compute(scope, receive, send)
        finally:
            del answers.pending[key]
            computing.set_result(answer)
        if answer is not None:
            answers.keep(key, answer)

    async def _compute(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """Run the app, passing its answer on, and return it when it can be kept."""
        start: Message | None = None
        parts: list[bytes] = []
        keepable = True

        async def capture(message: Message) -> None:
            nonlocal start, keepable
            if message["type"] == "http.response.start":
                start = message
                keepable = message["status"] == 200 and not any(
                    name.lower() == b"set-cookie" for name, _ in message.get("headers", []))
            elif message["type"] == "http.response.body" and keepable:
                parts.append(message.get("body", b""))
                keepable = not message.get("more_body", False)  # streamed answers are not kept
            await send(message)

        await self.app(scope, receive, capture)
        if not keepable or start is None:
            return None
        return Answer(start["status"], tuple(tuple(h) for h in start.get("headers", [])), b"".join(parts))  # type: ignore[misc]


def _generation(scope: Scope) -> int:
    access: Any = getattr(scope["app"].state, "access", None)
    return access.generation if access is not None else 0
