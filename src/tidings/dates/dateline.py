"""The publication date an undated article gives itself, read from its dateline or text."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Literal

from .resolve import absolute_date, grammar, words_of

#: The lines of an article (headline, dateline, byline) its dateline is looked for in.
DATELINE_LINES = 3


@cache
def full_date_pattern() -> re.Pattern[str]:
    """Dates that name day, month and year: "14 January 2025", "Jan. 14, 2025", "2025-01-14"."""
    month = "|".join(sorted(grammar()["months"], key=len, reverse=True))
    return re.compile(
        r"\b\d{4}-\d\d-\d\d\b"
        rf"|\b\d{{1,2}}(?:st|nd|rd|th)? (?:{month})\.? \d{{4}}\b"
        rf"|\b(?:{month})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b",
        re.IGNORECASE)


def full_date(text: str) -> date | None:
    """The calendar day a full date expression (as `full_date_pattern` finds) names, or None."""
    if text[:4].isdigit():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    # the year is always written, so no publication date is needed to resolve it
    point = absolute_date(words_of(text), date.min, None)
    return point.day if point is not None and point.precision == "day" else None


def published_in_text(text: str) -> tuple[date, Literal["dateline", "text"]] | None:
    """The publication date an undated article gives itself, and where it was read: a full date in
    its dateline (one of its first DATELINE_LINES lines, before that line's first sentence ends:
    "KYIV, March 5, 2025 —", "Published 2025-03-05"), else the first full date in its text, which
    news names close to the day it is published. None when the text names no full date."""
    first_in_text = None
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        for match in full_date_pattern().finditer(line):
            day = full_date(match.group())
            if day is None:
                continue
            if number < DATELINE_LINES and ". " not in line[: match.start()]:
                return day, "dateline"
            first_in_text = first_in_text or day
    return (first_in_text, "text") if first_in_text else None
