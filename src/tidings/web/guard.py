"""What keeps the web face from being turned against its user or its host.

- Every response carries headers that stop the browser from running anything the server did not
  ship (a Content-Security-Policy allowing only the server's own script and stylesheet), from
  guessing content types, from framing the pages and from leaking their URLs to other sites.
- Request bodies over a limit are refused with 413 before they are read into memory.
- Requests that change something (POST) must come from the server's own pages: a browser's
  `Origin` (or `Referer`, or `Sec-Fetch-Site`) naming another site gets 403, so no other web page
  can make a visitor's browser post to the server. Writes also need the server's token (see
  `WriteToken`), which only the server's own pages and the person who started it know.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The pages load only their own stylesheet, script and images (charts are inline SVG); nothing
#: inline runs, no page may frame them, forms post only back to the server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
#: The default limit on a request body: far above any article (a long one is ~100 KB of text).
MAX_BODY_BYTES = 1_000_000
SAFE_LINK_SCHEMES = ("http", "https")


def safe_link(url: str | None) -> str | None:
    """`url` if it is an http(s) link, else None: a stored `javascript:` or `data:` URL must never
    become a link a reader can click."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in SAFE_LINK_SCHEMES and parts.netloc else None


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every response (pages, API, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(header for header in SECURITY_HEADERS if header[0] not in names)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware: 413 for a request whose body is over `limit` bytes, by its Content-Length
    or, for a chunked body, as soon as the chunks read so far pass the limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _plain(send, 413 if declared.isdigit() else 400,
                         f"request body over {self.limit} bytes" if declared.isdigit() else "bad Content-Length")
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                # raised inside the app's body read, so FastAPI answers it like any HTTPException
                raise HTTPException(status_code=413, detail=f"request body over {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class WriteToken:
    """A secret made when the server starts: the paste form carries it in a hidden field, programs
    send it as the `X-Tidings-Token` header (`tidings serve --writable` prints it)."""

    HEADER = "x-tidings-token"

    def __init__(self, value: str | None = None) -> None:
        self.value = value or secrets.token_urlsafe(24)

    def matches(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.value.encode())


def cross_site(request: Request) -> str | None:
    """Why `request` looks like it came from another site's page, or None when it does not.

    Browsers name the page a request came from (`Origin`, else `Referer`) and, lately, say whether it
    was the same site (`Sec-Fetch-Site`); programs such as curl send none of them, and the token
    guards their writes."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return f"Sec-Fetch-Site is {fetch_site}"
    own = f"{request.url.scheme}://{request.headers.get('host', '')}".lower()
    for header in ("origin", "referer"):
        value = request.headers.get(header)
        if not value:
            continue
        parts = urlsplit(value)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        return None if origin == own else f"{header.title()} is {origin}, not {own}"
    return None


def require_same_origin(request: Request) -> None:
    """FastAPI dependency for every POST: 403 unless it came from this server's pages or a program."""
    reason = cross_site(request)
    if reason:
        raise HTTPException(status_code=403, detail=f"cross-site request refused ({reason})")
