"""Ingest: readers that turn files into article records (dicts with id, text, published, ...).

`read_source(path)` reads a file or a folder (recursively, in name order) of:

- plain text (one article per file; id = the path),
- HTML pages (main text, title, date and author extracted with trafilatura),
- JSONL, CSV and Parquet with named columns (`Columns`; `date` is accepted for `published`),
- RSS/Atom feeds saved as files (feedparser; one record per entry),
- WARC archives (warcio; every HTML response record is a page),
- any of these gzip-compressed (detected by content, not by name),
- Parquet written by the Dask engine (a `coded_json` column): yielded as CodedArticles,
  already coded.

A record that cannot be read is yielded as an InputError naming it (`path:line`, `path`,
`path#entry`, or the WARC record's URL), never dropped, so every input record is accounted for
downstream.

Publication dates come from the record or the page itself (a column, HTML metadata via
trafilatura, the feed entry's date); for a record without one, from the date the caller gives
(`--published`), else from the text (`tidings.dates.published_in_text`: its dateline, else the
first full date it names), else, for a file that holds one article (plain text, HTML), from the
file's modification time, which says when it was saved and so is tried last. Each record's
`published_from` says which: record, given, dateline, text or file-modified. A
record that still has none keeps `published: None`; ingest reports it (or refuses it with
`--require-date`).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .budget import ARTICLE_SECONDS
from .errors import (E001, E002, E003, E004, E006, E009, E101, E102, E103, E104, E105, E106, E107, E108, E109,
                     InputError)
from .types import CodedArticle

Record = dict[str, Any]
Item = Record | InputError | CodedArticle

GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
FORMATS = ("text", "html", "jsonl", "csv", "tsv", "parquet", "feed", "warc")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which input columns (JSONL keys, CSV headers, Parquet columns) hold each record field.

    `published` falls back to a `date` column when the named one is absent.
    """

    id: str = "id"
    text: str = "text"
    published: str = "published"
    title: str = "title"
    url: str = "url"
    source: str = "source"

    def record(self, row: dict[str, Any], where: str) -> Record | InputError:
        """The record a row holds, or an InputError (named `where`) when it has no text column."""
        if self.text not in row:
            return InputError(E004, record=where)
        published = row.get(self.published)
        if published is None and self.published == "published":
            published = row.get("date")
        return {
            "id": _clean(row.get(self.id)) or where,
            "text": row[self.text],
            "published": _iso_day(published),
            "title": _clean(row.get(self.title)),
            "url": _clean(row.get(self.url)),
            "source": _clean(row.get(self.source)),
        }


# UTF-32 first: its little-endian mark begins with UTF-16's
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(raw: bytes) -> str:
    """`raw` as text (UTF-8, or UTF-16/32 when it starts with their byte-order mark), or an
    InputError saying where it stops being text."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(E009.format(encoding=encoding.upper(), offset=err.start)) from None
            if "\x00" in text:
                raise InputError(E006)
            return text
    return decode_utf8(raw)


def decode_utf8(raw: bytes) -> str:
    """`raw` as UTF-8 text (a line of a file, where a byte-order mark means nothing), or an
    InputError saying where it stops being text."""
    if b"\x00" in raw[:8192]:
        raise InputError(E006)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(E002.format(offset=err.start)) from None


def utf8_bytes(raw: bytes) -> bytes:
    """`raw` re-encoded as UTF-8 when it is UTF-16/32 text with a byte-order mark (so that line
    readers can split it), else as it is; an InputError when the marked text does not decode."""
    if any(raw.startswith(mark) for mark, _ in BYTE_ORDER_MARKS):
        return decode_text(raw).encode("utf-8")
    return raw


def read_jsonl_lines(lines: Iterable[bytes], *, name: str = "-", columns: Columns | None = None,
                     first_line: int = 1) -> Iterator[dict[str, Any] | InputError]:
    """One record per non-blank JSON line; a bad line becomes an InputError naming `name:line`.

    Without `columns` each object is passed on as it is (with `id` set to `name:line` when it has
    none); with `columns` it is mapped to a record (see `Columns`). `first_line` numbers the first
    of `lines` (for a slice of a file).
    """
    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(decode_utf8(raw))
        except InputError as err:
            yield InputError(str(err), record=where)
            continue
        except json.JSONDecodeError as err:
            yield InputError(E003.format(line=number, detail=f"{err.msg} at column {err.colno}"), record=where)
            continue
        if not isinstance(record, dict):
            yield InputError(E003.format(line=number, detail="not a JSON object"), record=where)
            continue
        if columns is not None:
            yield columns.record(record, where)
            continue
        if not record.get("id"):
            record["id"] = where
        yield record


# ---- sources ---------------------------------------------------------------------------------

def read_source(path: str | Path, *, columns: Columns = Columns(), fmt: str | None = None,
                published: str | None = None) -> Iterator[Item]:
    """Every record in a file or folder (recursively; hidden files skipped), lazily, each dated
    (see `with_publication_date`; `published` is the date for records that give none).

    `fmt` forces one of FORMATS for every file; by default each file's format is told from its
    name (a `.gz` suffix is looked through) and, when the name says nothing, from its first bytes.
    """
    path = Path(path)
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in child.relative_to(path).parts):
                continue
            yield from read_file(child, columns=columns, fmt=fmt, published=published)
    elif path.exists():
        yield from read_file(path, columns=columns, fmt=fmt, published=published)
    else:
        yield InputError(E108, record=str(path))


def read_file(path: Path, *, columns: Columns = Columns(), fmt: str | None = None,
              published: str | None = None) -> Iterator[Item]:
    """The records in one file (see `read_source`)."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(2)
        saved = date.fromtimestamp(path.stat().st_mtime)
    except OSError as err:
        yield InputError(E109.format(detail=err.strerror), record=name)
        return
    compressed = head == GZIP_MAGIC
    kind = fmt or sniff_format(path, _opener(path, compressed))
    one_article = kind in ("text", "html")
    for item in _records_in(path, kind, compressed, columns):
        if isinstance(item, dict):
            item = with_publication_date(item, given=published, saved=saved if one_article else None)
        yield item


def with_publication_date(record: Record, *, given: str | None = None, saved: date | None = None) -> Record:
    """`record` with `published` and `published_from`: its own date ("record"), else `given` ("given"), else
    the dateline or first full date of its text ("dateline", "text"), else `saved`, the modification
    day of a file that holds this one article ("file-modified"). A record none of them dates is
    returned as it is."""
    if record.get("published"):
        return {**record, "published_from": record.get("published_from") or "record"}
    found: tuple[str | date, str] | None = (given, "given") if given else None
    if found is None and isinstance(record.get("text"), str):
        from .dates import published_in_text

        found = published_in_text(record["text"])
    if found is None and saved is not None:
        found = (saved, "file-modified")
    if found is None:
        return record
    day, source = found
    return {**record, "published": _iso_day(day), "published_from": source}


def _records_in(path: Path, kind: str, compressed: bool, columns: Columns) -> Iterator[Item]:
    name = str(path)
    if kind == "parquet":
        yield from read_parquet(path, columns=columns)
        return
    with _opener(path, compressed)() as stream:
        try:
            if kind in ("jsonl", "csv", "tsv") and any(stream.peek(4).startswith(mark) for mark, _ in BYTE_ORDER_MARKS):
                stream = io.BytesIO(utf8_bytes(stream.read()))
            if kind == "jsonl":
                yield from read_jsonl_lines(stream, name=name, columns=columns)
            elif kind in ("csv", "tsv"):
                yield from read_csv(stream, name=name, columns=columns, delimiter="\t" if kind == "tsv" else ",")
            elif kind == "warc":
                yield from read_warc(stream, name=name)
            else:
                raw = stream.read()
                if kind == "html":
                    yield read_html(raw, name=name)
                elif kind == "feed":
                    yield from read_feed(raw, name=name)
                else:
                    yield read_text(raw, name=name)
        except (OSError, EOFError) as err:  # a truncated gzip stream, an unreadable archive
            yield InputError(E109.format(detail=err), record=name)
        except InputError as err:  # UTF-16/32 that does not decode
            yield InputError(str(err), record=name)


def _opener(path: Path, compressed: bool) -> Any:
    return (lambda: gzip.open(path, "rb")) if compressed else (lambda: open(path, "rb"))


def sniff_format(path: Path, opener: Any) -> str:
    """The format of `path` from its suffix (after any `.gz`), else from its first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes = suffixes[:-1]
    suffix = suffixes[-1] if suffixes else ""
    by_suffix = {".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet"}
    for kind, known in (("jsonl", JSONL_SUFFIXES), ("html", HTML_SUFFIXES), ("feed", FEED_SUFFIXES),
                        ("warc", WARC_SUFFIXES), ("text", TEXT_SUFFIXES)):
        by_suffix.update(dict.fromkeys(known, kind))
    if suffix in by_suffix:
        return by_suffix[suffix]
    try:
        with opener() as stream:
            head = stream.read(2048)
    except (OSError, EOFError):
        return "text"
    return sniff_bytes(head)


def sniff_bytes(head: bytes) -> str:
    """The format a file starting with `head` most likely has."""
    if head.startswith(b"PAR1"):
        return "parquet"
    for mark, encoding in BYTE_ORDER_MARKS:
        if head.startswith(mark):
            head = head.decode(encoding, errors="ignore").encode("utf-8")
            break
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    lowered = head.lstrip().lower()
    if lowered.startswith(b"{"):
        return "jsonl"
    if b"<rss" in lowered or b"<feed" in lowered or b"<rdf:rdf" in lowered:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "text"


# ---- readers ---------------------------------------------------------------------------------

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
    import trafilatura

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
        "published": _iso_day(page.date),
        "title": page.title,
        "url": url or page.url,
        "source": page.sitename,
        "author": page.author,
    }


def read_feed(raw: bytes, *, name: str) -> Iterator[Record | InputError]:
    """One record per RSS/Atom entry: its full content, else its summary, as plain text."""
    import feedparser

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


def read_csv(stream: Any, *, name: str, columns: Columns = Columns(), delimiter: str = ","
             ) -> Iterator[Record | InputError]:
    """One record per CSV row (first line: headers); rows are named `name:line`."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    while True:
        where = f"{name}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as err:
            yield InputError(E002.format(offset=err.start), record=where)
            return
        except csv.Error as err:
            yield InputError(E105.format(detail=err), record=where)
            return
        where = f"{name}:{reader.line_num}"
        if None in row:
            yield InputError(E105.format(detail="more fields than headers"), record=where)
            continue
        yield columns.record(row, where)


def read_parquet(path: Path, *, columns: Columns = Columns(), batch_size: int = 256) -> Iterator[Item]:
    """One record per Parquet row, streamed in batches; rows of a file the Dask engine wrote
    (a `coded_json` column) come out as CodedArticles."""
    import pyarrow.parquet as pq

    name = str(path)
    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError...
        yield InputError(E106.format(detail=err), record=name)
        return
    coded = "coded_json" in parquet.schema_arrow.names
    row_number = 0
    for batch in parquet.iter_batches(batch_size=batch_size):
        for row in batch.to_pylist():
            row_number += 1
            if coded:
                data = json.loads(row["coded_json"])
                # partitions written before the text had a column of its own hold it in the JSON
                yield CodedArticle.from_dict(data, text=row.get("text") or data.get("text", ""))
            else:
                yield columns.record(row, f"{name}:{row_number}")


# ---- helpers ---------------------------------------------------------------------------------

def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _iso_day(value: Any) -> str | None:
    """A date-ish value as its YYYY-MM-DD text; text that is not a date stays as given, so the
    coder reports it (E005) with the record's name."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()


def _html_fragment_text(html: str) -> str:
    if not html or not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises ParserError on fragments with no elements
        return html.strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3"):
        block.tail = "\n" + (block.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


# ---- into the store --------------------------------------------------------------------------



@dataclass
class IngestReport:
    """What one ingest did. Every record read is counted in exactly one of added, skipped
    (already stored, or a repeat of a record earlier in this run) and failed."""

    read: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    no_date: int = 0
    file_dated: int = 0
    events: int = 0
    words: int = 0
    seconds: float = 0.0
    #: the signal (SIGINT, SIGTERM) that stopped the ingest early, after committing what was done
    stopped_by: int | None = None

    @property
    def done(self) -> int:
        """Records finished: added, skipped or failed."""
        return self.added + self.skipped + self.failed

    @property
    def rate(self) -> float:
        """Records finished per second."""
        return self.done / self.seconds if self.seconds else 0.0


def ingest_sources(
    store: Any,
    sources: Iterable[str | Path],
    *,
    columns: Columns = Columns(),
    fmt: str | None = None,
    workers: int = 1,
    model: str | None = None,
    batch_size: int = 16,
    commit_every: int = 64,
    require_date: bool = False,
    published: str | None = None,
    progress: Any = None,
    pool: Any = None,
    timeout: float | None = ARTICLE_SECONDS,
) -> IngestReport:
    """Read `sources`, code what the store lacks in `workers` processes, and store it.

    Records whose content hash is stored are skipped before coding, so a rerun after a crash codes
    only what is missing. Coded articles are committed `commit_every` at a time (or sooner, at the
    end of a worker's chunk, when two seconds have passed), each batch in one transaction.
    `progress(report)` is called after every commit. Records are dated as `read_source` says
    (`published` for those that give no date); those dated by their file's modification time are
    counted (`file_dated`), and those still without a date are coded and counted (`no_date`), or,
    with `require_date`, recorded as errors (E107). An article that takes more than `timeout` CPU
    seconds is recorded as an error (E111). SIGINT or SIGTERM stops the ingest within a second or
    two: what is coded is committed, the workers are ended, and `report.stopped_by` says which
    signal it was. Returns the report; `store.errors()` lists failures.
    """
    from .engine import LocalPool, chunked, code_chunk
    from .store import content_hash

    report = IngestReport()
    started = time.monotonic()
    in_flight: set[str] = set()
    sent: deque[tuple[str, str | None, str | None]] = deque()  # (source, hash, author) of each record coded

    def tick() -> None:
        report.seconds = time.monotonic() - started
        if progress:
            progress(report)

    def fail(source: str, record: str, reason: str) -> None:
        with stop.held():
            store.add_error(source, record, reason)
        report.failed += 1

    def to_code() -> Iterator[Record | InputError]:
        precoded: list[CodedArticle] = []
        for block in chunked(((str(s), item) for s in sources
                              for item in read_source(s, columns=columns, fmt=fmt, published=published)),
                             commit_every):
            report.read += len(block)
            hashes = {id(item): content_hash(item["text"]) for _, item in block
                      if isinstance(item, dict) and isinstance(item.get("text"), str)}
            new = store.missing(hashes.values())
            for source, item in block:
                if isinstance(item, InputError):
                    fail(source, item.record or source, str(item).removeprefix(f"{item.record}: "))
                elif isinstance(item, CodedArticle):
                    precoded.append(item)
                elif (digest := hashes.get(id(item))) is not None and (digest not in new or digest in in_flight):
                    report.skipped += 1
                elif not item.get("published") and require_date:
                    fail(source, str(item.get("id")), E107)
                else:
                    report.no_date += not item.get("published")
                    report.file_dated += item.get("published_from") == "file-modified"
                    if digest is not None:
                        in_flight.add(digest)
                    sent.append((source, digest, item.get("author")))
                    yield item
            if precoded:
                with stop.held():
                    _store_precoded(store, precoded, report)
                precoded.clear()
            tick()

    own_pool = pool is None
    stop = _Stop()
    batch: list[CodedArticle] = []
    authors: list[str | None] = []
    with stop.installed():
        pool = pool or LocalPool(workers, model=model)
        try:
            last_commit = time.monotonic()
            for chunk in pool.map_chunks(code_chunk, chunked(to_code(), batch_size), batch_size, timeout):
                for coded in chunk:
                    source, digest, author = sent.popleft()
                    if coded.errors:
                        fail(source, coded.article.id, "; ".join(coded.errors))
                        in_flight.discard(digest or "")
                    else:
                        batch.append(coded)
                        authors.append(author)
                if len(batch) >= commit_every or time.monotonic() - last_commit > 2.0:
                    with stop.held():
                        _commit(store, batch, authors, report, in_flight)
                    last_commit = time.monotonic()
                    tick()
        except KeyboardInterrupt:
            if stop.signal is None:
                raise  # not a signal: a KeyboardInterrupt raised in the caller's own code
            report.stopped_by = stop.signal
        finally:
            with stop.held():
                _commit(store, batch, authors, report, in_flight)
                if own_pool:
                    pool.close(now=report.stopped_by is not None)
    tick()
    return report


class _Stop:
    """SIGINT and SIGTERM during an ingest: raised as KeyboardInterrupt where the ingest waits or
    codes, held while it writes to the store so that a batch is committed whole."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.holding = 0
        self.deferred = False

    def __call__(self, signum: int, frame: Any) -> None:
        self.signal = signum
        if self.holding:
            self.deferred = True
        else:
            raise KeyboardInterrupt

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1
        if self.deferred and not self.holding:
            self.deferred = False
            raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator[None]:
        """This object as the SIGINT and SIGTERM handler for the block (signals reach only the
        main thread; elsewhere nothing changes)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {number: signal.signal(number, self) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


def _commit(store: Any, batch: list[CodedArticle], authors: list[str | None], report: IngestReport,
            in_flight: set[str]) -> None:
    from .store import content_hash

    if not batch:
        return
    added = store.add_many(batch, authors=authors)
    report.added += added
    report.skipped += len(batch) - added
    report.events += sum(len(c.events) for c in batch)
    report.words += sum(len(c.text.split()) for c in batch)
    for coded in batch:
        in_flight.discard(content_hash(coded.text))
    batch.clear()
    authors.clear()


def _store_precoded(store: Any, coded: list[CodedArticle], report: IngestReport) -> None:
    failed = [c for c in coded if c.errors]
    for article in failed:
        store.add_error("dask", article.article.id, "; ".join(article.errors))
    report.failed += len(failed)
    good = [c for c in coded if not c.errors]
    added = store.add_many(good)
    report.added += added
    report.skipped += len(good) - added
    report.events += sum(len(c.events) for c in good)
    report.words += sum(len(c.text.split()) for c in good)
