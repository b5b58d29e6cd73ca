"""Sources: a file or a folder of files in any of the formats `tidings.io` reads, each file's
format told from its name or its first bytes, gzip looked through."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import E108, E109, InputError
from .decode import BYTE_ORDER_MARKS, utf8_bytes
from .pages import read_feed, read_html, read_text, read_warc
from .records import Columns, Item, read_csv, read_jsonl_lines, read_parquet, with_publication_date

GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".arc")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
FORMATS = ("text", "html", "jsonl", "csv", "tsv", "parquet", "feed", "warc")


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
