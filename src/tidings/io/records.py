"""Records: article dicts (id, text, published, title, url, source) read from rows of JSONL, CSV and
Parquet (`Columns` says which column holds what), and dated (`with_publication_date`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import E002, E003, E004, E105, E106, InputError
from ..types import CodedArticle
from .decode import decode_utf8

Record = dict[str, Any]
Item = Record | InputError | CodedArticle


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
            "id": clean(row.get(self.id)) or where,
            "text": row[self.text],
            "published": iso_day(published),
            "title": clean(row.get(self.title)),
            "url": clean(row.get(self.url)),
            "source": clean(row.get(self.source)),
        }


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
    import pyarrow.parquet as pq  # slow to import; only Parquet input needs it

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


def with_publication_date(record: Record, *, given: str | None = None, saved: date | None = None) -> Record:
    """`record` with `published` and `published_from`: its own date ("record"), else `given` ("given"), else
    the dateline or first full date of its text ("dateline", "text"), else `saved`, the modification
    day of a file that holds this one article ("file-modified"). A record none of them dates is
    returned as it is."""
    if record.get("published"):
        return {**record, "published_from": record.get("published_from") or "record"}
    found: tuple[str | date, str] | None = (given, "given") if given else None
    if found is None and isinstance(record.get("text"), str):
        # the dates stage loads spaCy: only records that give no date pay for it
        from ..dates import published_in_text

        found = published_in_text(record["text"])
    if found is None and saved is not None:
        found = (saved, "file-modified")
    if found is None:
        return record
    day, source = found
    return {**record, "published": iso_day(day), "published_from": source}


def clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def iso_day(value: Any) -> str | None:
    """A date-ish value as its YYYY-MM-DD text; text that is not a date stays as given, so the
    coder reports it (E005) with the record's name."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value).strip()
