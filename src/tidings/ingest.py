"""Ingest: readers that turn files into article records (dicts with id, text, published, ...).

A record that cannot be read is yielded as an InputError naming it, never dropped, so every
input record is accounted for downstream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import E002, E003, E006, InputError


def decode_text(raw: bytes) -> str:
    """`raw` as UTF-8 text, or an InputError saying where it stops being text."""
    if b"\x00" in raw[:8192]:
        raise InputError(E006)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(E002.format(offset=err.start)) from None


def read_jsonl_lines(lines: Iterable[bytes], *, name: str = "-") -> Iterator[dict[str, Any] | InputError]:
    """One record per non-blank JSON line; a bad line becomes an InputError naming `name:line`."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(decode_text(raw))
        except InputError as err:
            yield InputError(str(err), record=where)
            continue
        except json.JSONDecodeError as err:
            yield InputError(E003.format(line=number, detail=err.msg), record=where)
            continue
        if not isinstance(record, dict):
            yield InputError(E003.format(line=number, detail="not a JSON object"), record=where)
            continue
        if not record.get("id"):
            record["id"] = where
        yield record
