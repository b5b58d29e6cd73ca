"""Dates: DATE expressions resolved to ISO values against the publication date and the story's timeline.

`resolve` reads one expression ("last Thursday", "mid-2019", "six days later") against the
publication date, the tense of the verb it modifies and the story's current anchor (the last date
the story named). `build_timeline` finds the expressions in a parsed Doc (spaCy DATE entities plus
the ones it misses), resolves them in reading order so relative chains move with the story, and
`Timeline.date_for` gives an event the date of its own clause, else of a clause above it in its
sentence, else the background date a past-tense narrative carries from the sentence before, else
the dateline. Values are ISO at the precision the text supports: YYYY, YYYY-MM or YYYY-MM-DD; a span of time
("three-year conflict", "for two weeks") or a decade resolves to None.

Owns: the calendar (`calendar`), one expression (`resolve`, with data/dates/grammar.yaml), the
expressions in a Doc (`spans`), the story's timeline (`timeline`) and the date an undated article
gives itself (`dateline`). The tense of a clause comes from `tidings.syntax`.
"""

from .calendar import Point, calendar_date, is_background, last_year_named, parse_iso, period_end
from .dateline import published_in_text
from .resolve import Resolution, grammar, resolve
from .timeline import Timeline, build_timeline

__all__ = [
    "Point", "Resolution", "Timeline", "build_timeline", "calendar_date", "grammar", "is_background",
    "last_year_named", "parse_iso", "period_end", "published_in_text", "resolve",
]
