"""The web face's URLs, built in one place: pages and API links with their query strings."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode


def url(path: str, **params: Any) -> str:
    """`path` with the parameters that are set (None, False and "" are left out; a list repeats
    its parameter)."""
    kept = {k: v for k, v in params.items() if not (v is None or v is False or v == "" or v == [])}
    return path + ("?" + urlencode(kept, doseq=True) if kept else "")


def article_url(article_id: str, event_id: Any = None) -> str:
    """An article's page, or the page scrolled to one event's sentence."""
    path = f"/articles/{quote(article_id, safe='')}"
    return path if event_id is None else f"{path}?event={event_id}#sentence"


def dyad_url(a: str, b: str, **params: Any) -> str:
    return url("/dyad", a=a, b=b, **params)


def event_url(row: Any) -> str:
    """The article page scrolled to an event's sentence (`row` has `article_id` and `id`)."""
    return article_url(row.article_id, row.id)
