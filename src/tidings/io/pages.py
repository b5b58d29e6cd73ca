"""Readers of one document's bytes: plain text, an HTML page, an RSS/Atom feed, a WARC archive."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from ..errors import E001, E101, E102, E103, E104, E109, InputError
from .decode import decode_text
from .records import Record, iso_day

def read_text(raw: bytes, *, name: str) -> Record | InputError:
    """One plain-text article; id = `name`."""
    try:
        text = decode_text(raw)
    except InputError as err:
        return InputError(str(err), record=name)
    if not text.strip():
        return InputError(E001, record=name)
    return {"id": name, "text": text, "published": None, "title": None, "url": None, "source": None}


def read_html(raw: bytes, *, name: str, url: str | None = None) -> Record | InputError:
    """An HTML page's main text, title, date and author (trafilatura); id = the URL, else `name`."""
    import trafilatura  # slow to import; only HTML input needs it

    try:
        page = trafilatura.bare_extraction(raw, url=url, with_metadata=True,
                                           date_extraction_params={"original_date": True,
                                                                   "extensive_search": False})
    except Exception as err:  # trafilatura raises many kinds on broken markup
        return InputError(E101.format(detail=err), record=url or name)
    text = getattr(page, "text", None) if page is not None else None
    if not text or not text.strip():
        return InputError(E102, record=url or name)
    return {
        "id": url or name,
        "text": text,
        "published": iso_day(page.date),
        "title": page.title,
        "url": url or page.url,
        "source": page.sitename,
        "author": page.author,
    }


def read_feed(raw: bytes, *, name: str) -> Iterator[Record | InputError]:
    """One record per RSS/Atom entry: its full content, else its summary, as plain text."""
    import feedparser  # only feeds need it

    feed = feedparser.parse(raw)
    if not feed.entries:
        reason = getattr(feed, "bozo_exception", None) or "no entries"
        yield InputError(E103.format(detail=reason), record=name)
        return
    outlet = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{name}#{number}"
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        text = _html_fragment_text(html)
        if not text:
            yield InputError(E001, record=entry.get("link") or where)
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        yield {
            "id": entry.get("id") or entry.get("link") or where,
            "text": text,
            "published": time.strftime("%Y-%m-%d", parsed) if parsed else None,
            "title": entry.get("title"),
            "url": entry.get("link"),
            "source": outlet,
            "author": entry.get("author"),
        }


def read_warc(stream: Any, *, name: str) -> Iterator[Record | InputError]:
    """One page per WARC `response` record with HTML content; requests, metadata and non-HTML
    responses (images, scripts) are not articles and are passed over."""
    # only WARC input needs warcio
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or name
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in content_type.lower():
                continue
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if status != "200":
                yield InputError(E104.format(status=status), record=url)
                continue
            yield read_html(record.content_stream().read(), name=name, url=url)
    except (ArchiveLoadFailed, StatusAndHeadersParserException) as err:  # a broken or truncated archive
        yield InputError(E109.format(detail=str(err).splitlines()[0] if str(err) else type(err).__name__),
                         record=name)


def _html_fragment_text(html: str) -> str:
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    import lxml.html  # only feed entries with markup need it

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises ParserError on fragments with no elements
        return html.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())
