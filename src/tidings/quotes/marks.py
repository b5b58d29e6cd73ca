"""Quote marks paired over the raw text: curly or straight, across sentences.

A quote that opens again before it closes (a speech running on into a new paragraph, in text whose
paragraph breaks were lost) ends just before the new opening mark and passes its speaker on.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..syntax import columns

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_MARK = re.compile(f"[{re.escape(OPENING + CLOSING + STRAIGHT)}]")
OPENS_AFTER = set(" \t\n([{—–-/:")


@dataclass(frozen=True, slots=True)
class QuoteMarks:
    """One paired quote over the text: where the quoted words are and how the quote was closed."""

    start: int  # first character inside the marks
    end: int  # after the last quoted character (end exclusive)
    opening: int  # offset of the opening mark
    closing: int | None  # offset of the closing mark; None when the quote runs on
    continues: bool = False  # opened while the previous quote was still open (a new paragraph)


def pair_quote_marks(text: str) -> list[QuoteMarks]:
    """Every quote in `text` as paired marks, in order (unclosed ones run to the next opening or the end)."""
    found: list[QuoteMarks] = []
    open_at: int | None = None
    run_on = False

    def close(at: int, mark: int | None) -> None:
        assert open_at is not None
        start, end = open_at + 1, at
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            found.append(QuoteMarks(start, end, open_at, mark, run_on))

    for found_mark in QUOTE_MARK.finditer(text):
        at, char = found_mark.start(), found_mark.group()
        if char == STRAIGHT:
            opens = at == 0 or text[at - 1] in OPENS_AFTER
            closes = open_at is not None and not (opens and at + 1 < len(text) and not text[at + 1].isspace())
            kind = "close" if closes else "open"
        elif char in OPENING:
            kind = "open"
        elif char in CLOSING:
            kind = "close"
        if kind == "open":
            if open_at is not None:
                close(at, None)
                run_on = True
            else:
                run_on = False
            open_at = at
        elif open_at is not None:
            close(at, at)
            open_at = None
    if open_at is not None:
        close(len(text), None)
    return found


def quoted_tokens(doc: Doc, marks: list[QuoteMarks]) -> list[bool]:
    """For each token, whether it lies inside a direct quote (`marks`: the doc's, `pair_quote_marks`)."""
    inside = [False] * len(doc)
    starts = columns.char_starts(doc)
    for mark in marks:
        lo = bisect.bisect_left(starts, mark.start)
        hi = bisect.bisect_left(starts, mark.end)
        for i in range(lo, hi):
            inside[i] = True
    return inside
