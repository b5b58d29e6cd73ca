"""Dates: DATE expressions resolved to ISO values against the publication date and the story's timeline.

`resolve` reads one expression ("last Thursday", "mid-2019", "six days later") against the
publication date, the tense of the verb it modifies and the story's current anchor (the last date
the story named). `build_timeline` finds the expressions in a parsed Doc (spaCy DATE entities plus
the ones it misses), resolves them in reading order so relative chains move with the story, and
`Timeline.date_for` gives an event the date of its own clause, else of a clause above it in its
sentence, else the background date a past-tense narrative carries from the sentence before, else
the dateline. Values are ISO at the precision the text supports: YYYY, YYYY-MM or YYYY-MM-DD; a span of time
("three-year conflict", "for two weeks") or a decade resolves to None.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from spacy.tokens import Doc, Span as SpacySpan, Token

from . import modality
from .types import DateMention, Span

Precision = Literal["year", "month", "day"]
Orientation = Literal["past", "future", "near"]  # "near": whichever is closer (deadlines)

# An event this much older than the article is background, not news.
BACKGROUND_AFTER = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class Point:
    """A calendar period: the day it starts on and how much of the calendar it names."""

    day: date
    precision: Precision

    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()


@dataclass(frozen=True, slots=True)
class Resolution:
    """What an expression resolves to, and how: absolute, deictic (from publication), anchored
    (from the story's last date), span (a duration) or unknown."""

    point: Point | None
    how: str

    @property
    def value(self) -> str | None:
        return self.point.iso() if self.point else None


@cache
def grammar() -> dict[str, Any]:
    """The date grammar shipped as data (month, weekday, number and relative words)."""
    text = resources.files("tidings").joinpath("data/dates/grammar.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def calendar_date(value: object) -> date | None:
    """`value` as a calendar date: a date, or a string starting YYYY-MM-DD (a timestamp keeps its
    date part); None for None or "". Raises ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def parse_iso(value: str) -> Point:
    """A Point from YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return Point(date(parts[0], 1, 1), "year")
    if len(parts) == 2:
        return Point(date(parts[0], parts[1], 1), "month")
    return Point(date(parts[0], parts[1], parts[2]), "day")


def period_end(value: str) -> date:
    """The last day of the period an ISO value (YYYY, YYYY-MM, YYYY-MM-DD) names."""
    point = parse_iso(value)
    if point.precision == "year":
        return date(point.day.year, 12, 31)
    if point.precision == "month":
        return date(point.day.year, point.day.month,
                    calendar.monthrange(point.day.year, point.day.month)[1])
    return point.day


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(point: Point, count: int, unit: str) -> Point:
    """`point` moved by `count` units; the result is never finer than the point or the unit."""
    if unit == "day":
        day = point.day + timedelta(days=count)
        precision: Precision = "day"
    elif unit in ("week", "fortnight"):
        day = point.day + timedelta(days=count * (7 if unit == "week" else 14))
        precision = "day"
    elif unit == "month":
        day, precision = add_months(point.day, count), "month"
    elif unit == "year":
        day, precision = add_months(point.day, 12 * count), "year"
    else:
        day, precision = add_months(point.day, 12 * count * (10 if unit == "decade" else 100)), "year"
    order = ("year", "month", "day")
    coarsest = min(order.index(point.precision), order.index(precision))
    return Point(day, order[coarsest])


def week_point(day: date) -> Point:
    """The month a week belongs to: the month of its Thursday (the ISO week rule)."""
    thursday = day + timedelta(days=3 - day.weekday())
    return Point(thursday.replace(day=1), "month")


def weekday_date(weekday: int, published: date, orientation: Orientation | None) -> date:
    """The `weekday` nearest `published` in the direction the tense points: the coming one (1 to 7
    days on) for the future, the nearer one for "near", else the past one or the same day (news
    mostly reports the past)."""
    back = published - timedelta(days=(published.weekday() - weekday) % 7)
    ahead = published + timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
    if orientation == "future":
        return ahead
    if orientation == "near":
        return ahead if (ahead - published) < (published - back) else back
    return back


def month_date(month: int, day: int | None, published: date, orientation: Orientation | None) -> Point:
    """A month (and day) without a year, in the year the tense makes sensible: the last one for the
    past, the coming one for the future, else the nearest."""
    def at(year: int) -> date:
        return date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))

    reference = published if day else published.replace(day=1)
    candidates = [at(published.year - 1), at(published.year), at(published.year + 1)]
    if orientation == "past":
        chosen = max(c for c in candidates if c <= reference)
    elif orientation == "future":
        chosen = min(c for c in candidates if c >= reference)
    else:
        chosen = min(candidates, key=lambda c: (abs((c - reference).days), c > reference))
    return Point(chosen, "day") if day else Point(chosen, "month")


WORD = re.compile(r"\d{2,4}s\b|\d+(?:st|nd|rd|th)?|[a-z]+")
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")
DECADE = re.compile(r"^(?:(1[5-9]|20)\d0|[0-9]0)s$")


def words_of(text: str) -> list[str]:
    """The lower-cased words of an expression, hyphens and punctuation dropped ("mid-2019" → mid, 2019)."""
    return WORD.findall(text.lower().replace("’", "'").replace("'s", ""))


def number_of(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return grammar()["numbers"].get(word)


def resolve(text: str, published: date, *, orientation: Orientation | None = None,
            anchor: Point | None = None, story_year: int | None = None) -> Resolution:
    """Resolve one date expression against the publication date, the governing verb's tense and the story.

    `anchor` is the last date the story named ("six days later" counts from it); `story_year` is
    the year the story is telling about just now, when that is not the publication year (a bare
    "in July" after "last year ... " belongs to that year).
    """
    g = grammar()
    words = words_of(text)
    if any(DECADE.match(w) for w in words):
        return Resolution(None, "decade")
    while words and words[0] in g["leading_words"]:
        words = words[1:]
    if not words:
        return Resolution(None, "unknown")
    if len(words) == 1 and words[0] in ("week", "month", "year") and "the" in words_of(text):
        # "by the end of the year", "earlier in the month": the current one
        return Resolution(period_of(Point(published, "day"), words[0]), "deictic")
    resolution = _resolve_words(words, published, orientation, anchor, story_year)
    if resolution.point is None and resolution.how != "decade" and len(words) > 2:
        # "Saturday after weeks of fighting", "the first seven months of 2017": the date is one part
        for cut in ("after", "before", "and", "or", "to", "until"):
            if cut in words[1:]:
                left = words[:words.index(cut, 1)]
                found = _resolve_words(left, published, orientation, anchor, story_year)
                if found.point is not None:
                    return found
    if resolution.point is None and "of" in words[1:]:
        tail = words[len(words) - words[::-1].index("of"):]
        found = absolute_date(tail, published, orientation, story_year) if tail else None
        if found is not None:
            return Resolution(found, "absolute")
    return resolution


def _resolve_words(words: list[str], published: date, orientation: Orientation | None,
                   anchor: Point | None, story_year: int | None) -> Resolution:
    g = grammar()
    today = Point(published, "day")
    base = anchor or today

    # yesterday, today, tomorrow (morning), tonight
    if words[0] in g["deictic_days"] and all(w in g["day_parts"] or w in ("earlier", "later") for w in words[1:]):
        return Resolution(shift(today, g["deictic_days"][words[0]], "day"), "deictic")
    if words[-1] in g["deictic_days"] and words[0] in ("earlier", "later"):
        return Resolution(shift(today, g["deictic_days"][words[-1]], "day"), "deictic")
    if words[0] in ("this", "last") and len(words) == 2 and words[1] in g["day_parts"]:
        return Resolution(shift(today, -1 if (words[0] == "last" and words[1] == "night") else 0, "day"), "deictic")

    # "that May", "that summer", "the same month": the story's anchor, not the publication date
    if words[0] in ("that", "same") and len(words) == 2 and anchor is not None:
        if words[1] in g["months"]:
            return Resolution(Point(date(anchor.day.year, g["months"][words[1]], 1), "month"), "anchored")
        if words[1] in g["seasons"]:
            return Resolution(Point(date(anchor.day.year, 1, 1), "year"), "anchored")

    absolute = absolute_date(words, published, orientation, story_year)
    if absolute is not None:
        return Resolution(absolute, "absolute")

    # "the weekend": the nearest one in the direction of the tense, named by its month as a week is
    if words == ["weekend"]:
        return Resolution(week_point(weekday_date(5, published, orientation)), "deictic")
    # "summer", "the winter": the last (or coming) one, named by its year
    if len(words) == 1 and words[0] in g["seasons"]:
        return Resolution(stepped_season(g["seasons"][words[0]], published, 1 if orientation == "future" else -1,
                                         inclusive=True), "deictic")

    # "earlier this month", "later this year", "earlier in the week"
    if words[0] in ("earlier", "later") and len(words) >= 2:
        rest = words[1:]
        if rest[0] in ("in", "on"):
            rest = rest[1:]
        if len(rest) == 2 and rest[0] in ("this", "the", "that") and rest[1] in g["units"]:
            start = today if rest[0] != "that" else base
            return Resolution(period_of(start, g["units"][rest[1]]), "deictic" if rest[0] != "that" else "anchored")

    # "last week", "next month", "this year", "last Thursday", "next March", "last summer"
    if len(words) == 2 and words[0] in g["deictic_steps"]:
        step, what = g["deictic_steps"][words[0]], words[1]
        if what in g["units"] and g["units"][what] in ("week", "month", "year", "decade"):
            unit = g["units"][what]
            if unit == "decade":
                return Resolution(None, "span")
            return Resolution(period_of(shift(today, step, unit), unit), "deictic")
        if what == "weekend":
            saturday = weekday_date(5, published, "past" if step < 0 else "future" if step > 0 else orientation)
            return Resolution(week_point(saturday), "deictic")
        if what in g["weekdays"]:
            return Resolution(Point(stepped_weekday(g["weekdays"][what], published, step, orientation), "day"), "deictic")
        if what in g["months"]:
            return Resolution(stepped_month(g["months"][what], published, step), "deictic")
        if what in g["seasons"]:
            return Resolution(stepped_season(g["seasons"][what], published, step), "deictic")

    # "the next day", "the following week", "that day", "the same month", "the day before", "a day later"
    if words[0] in g["anchored_steps"] and len(words) == 2 and words[1] in g["units"]:
        unit = g["units"][words[1]]
        step = g["anchored_steps"][words[0]]
        return Resolution(period_of(shift(base, step, unit), unit) if unit != "day" else shift(base, step, "day"),
                          "anchored")
    if len(words) == 2 and words[0] in g["units"] and words[1] in g["before_words"] + g["after_words"]:
        step = -1 if words[1] in g["before_words"] else 1
        return Resolution(shift(base, step, g["units"][words[0]]), "anchored")

    # "three days ago", "six days later", "nearly two years ago", "a week earlier"; else a span
    counted = count_and_unit(words)
    if counted is not None:
        count, unit, rest = counted
        if rest and rest[0] in g["ago_words"]:
            return Resolution(shift(today, -count, unit), "deictic")
        if rest and rest[0] in g["after_words"] and rest[0] != "on":
            return Resolution(shift(base, count, unit), "anchored")
        if rest and rest[0] in g["before_words"]:
            return Resolution(shift(base, -count, unit), "anchored")
        return Resolution(None, "span")

    if words[0] in g["weekdays"] and all(w in g["day_parts"] for w in words[1:]):
        return Resolution(Point(weekday_date(g["weekdays"][words[0]], published, orientation), "day"), "deictic")
    return Resolution(None, "span" if any(w in g["duration_words"] or w in g["units"] for w in words) else "unknown")


def period_of(point: Point, unit: str) -> Point:
    """The point at the precision a calendar unit names (a week is named by its month)."""
    if unit == "week":
        return week_point(point.day)
    if unit == "month":
        return Point(point.day.replace(day=1), "month")
    if unit == "year":
        return Point(date(point.day.year, 1, 1), "year")
    return point


def stepped_weekday(weekday: int, published: date, step: int, orientation: Orientation | None) -> date:
    """"last Thursday" (the one before publication), "next Thursday" (the one after), "this Thursday" (by tense)."""
    if step < 0:
        return published - timedelta(days=(published.weekday() - weekday - 1) % 7 + 1)
    if step > 0:
        return weekday_date(weekday, published, "future")
    return weekday_date(weekday, published, orientation)


def stepped_month(month: int, published: date, step: int) -> Point:
    """"last March" (the March before this month), "next March", "this March" (this year's)."""
    year = published.year
    if step < 0 and month >= published.month:
        year -= 1
    elif step > 0 and month <= published.month:
        year += 1
    return Point(date(year, month, 1), "month")


def stepped_season(months: list[int], published: date, step: int, *, inclusive: bool = False) -> Point:
    """The year of "last summer", "this winter", "next spring" (a season is named at year precision);
    `inclusive` lets a bare "the summer" be the current one."""
    first = months[0]
    year = published.year
    started = first < published.month or (inclusive and first == published.month)
    if step < 0 and not started:
        year -= 1
    elif step > 0 and (first <= published.month and not inclusive):
        year += 1
    return Point(date(year, 1, 1), "year")


def count_and_unit(words: list[str]) -> tuple[int, str, list[str]] | None:
    """(count, unit, words after) for "three days ...", "nearly two years ...", "seven or eight months ...",
    or None. After an open-ended opener ("the past five years", "more than six years") the words
    after are dropped: such a count is a span, never a point."""
    g = grammar()
    index = 0
    while index < len(words) and words[index] in g["approximate_words"]:
        index += 1
    opened = False
    while index < len(words) and words[index] in g["span_openers"]:
        index += 1
        opened = True
    count = None
    alternative = False  # after "seven or": the first count stands
    while index < len(words) and (number_of(words[index]) is not None or
                                  (count is not None and words[index] in ("or", "to", "and"))):
        value = number_of(words[index])
        if value is None:
            alternative = words[index] in ("or", "to")
        elif count is None:
            count = value
        elif not alternative:
            count = count * value if value == 100 else count + value
        index += 1
    if count is None:
        return None
    if index < len(words) and words[index] == "of":
        index += 1
    if index < len(words) and words[index] in g["units"]:
        return count, g["units"][words[index]], [] if opened else words[index + 1:]
    return None


def absolute_date(words: list[str], published: date, orientation: Orientation | None,
                  story_year: int | None = None) -> Point | None:
    """Calendar dates: "3 March 2021", "March 3", "March 2021", "March", "2022", "Thursday 3 March",
    "summer 2018"; a missing year comes from the tense."""
    g = grammar()
    words = [w for w in words if w not in ("of", "the")]
    if words and words[0] in g["weekdays"]:
        words = words[1:]
    if words and words[0] in g["seasons"] and len(words) == 2 and YEAR.match(words[1]):
        return Point(date(int(words[1]), 1, 1), "year")
    months = [i for i, w in enumerate(words) if w in g["months"]]
    years = [i for i, w in enumerate(words) if YEAR.match(w)]
    days = [i for i, w in enumerate(words) if ORDINAL.match(w) and 1 <= int(ORDINAL.match(w).group(1)) <= 31]
    if len(months) > 1 or len(years) > 1 or len(words) > 4:
        return None
    if not months:
        if years and len(words) == 1:
            return Point(date(int(words[0]), 1, 1), "year")
        return None
    month = g["months"][words[months[0]]]
    day_index = next((i for i in days if abs(i - months[0]) == 1 and i not in years), None)
    leftovers = set(range(len(words))) - set(months) - set(years) - ({day_index} if day_index is not None else set())
    if leftovers:
        return None
    day = int(ORDINAL.match(words[day_index]).group(1)) if day_index is not None else None
    if years:
        year = int(words[years[0]])
        if day is not None:
            return Point(date(year, month, min(day, calendar.monthrange(year, month)[1])), "day")
        return Point(date(year, month, 1), "month")
    if story_year is not None and orientation != "future":
        return Point(date(story_year, month, min(day or 1, calendar.monthrange(story_year, month)[1])),
                     "day" if day else "month")
    return month_date(month, day, published, orientation)


# --- the publication date a text gives itself ------------------------------------------------

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


# --- finding expressions in a parsed Doc -------------------------------------------------------


DEADLINE_WORDS = frozenset({"by", "until", "till"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
                           "MONEY", "PERCENT", "QUANTITY"})


@cache
def missed_pattern() -> re.Pattern[str]:
    """Expressions the entity recogniser often leaves out (or tags TIME): weekdays, day-month dates,
    deictic days and weeks, bare years."""
    g = grammar()
    weekday = "|".join(sorted((w.capitalize() for w in g["weekdays"] if len(w) > 3), key=len, reverse=True))
    month = "|".join(sorted((m.capitalize() for m in g["months"] if len(m) > 3 or m == "may"), key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?:last|next|this) )?(?:{weekday})\b"
        rf"|\b\d{{1,2}} (?:{month})(?: \d{{4}})?\b|\b(?:{month}) \d{{1,2}}(?:, \d{{4}})?\b|\b(?:{month}) \d{{4}}\b"
        r"|\b(?:yesterday|today|tomorrow|tonight)\b"
        r"|\b(?:last|next|this|earlier this|later this) (?:week|month|year)\b"
        r"|(?<![\d,.£$€])\b(?:19|20)\d\d\b(?![\d,.%])"
        rf"|\b(?:that|in|since|until|by|during|early|late) (?:{month})\b"
    )


def date_spans(doc: Doc) -> list[SpacySpan]:
    """DATE entities plus the expressions the entity recogniser missed, in text order, not overlapping."""
    spans = [e for e in doc.ents if e.label_ == "DATE"]
    taken = {t.i for s in spans for t in s}
    for match in missed_pattern().finditer(doc.text):
        span = doc.char_span(*match.span(), alignment_mode="expand")
        if span is not None and len(span) > 1 and span[0].tag_ == "IN":
            span = span[1:]
        if span is None or any(t.i in taken for t in span):
            continue
        if any(t.ent_type_ in NAME_ENTITIES for t in span):
            continue  # part of a name ("Terrorism Act 2006", "Theresa May") or an amount
        spans.append(span)
        taken.update(t.i for t in span)
    return sorted((widen(s) for s in spans if not is_name_may(s)), key=lambda s: s.start)


def is_name_may(span: SpacySpan) -> bool:
    """A bare "May" that is a person ("talks with May in Downing Street"), not the month: no date
    word before it and no day or year after it."""
    if span.text != "May":
        return False
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end] if span.end < len(doc) else None
    dated_after = after is not None and after.like_num
    return not dated_after and before not in set(grammar()["leading_words"]) | {"that", "last", "next", "this"}


def widen(span: SpacySpan) -> SpacySpan:
    """The span with the words before it that change its meaning: a day number before a month
    ("15 [February 2016]"), "that" before a month ("that [May]"), an open or approximate count
    ("over [a year ago]", "nearly [two years ago]")."""
    g = grammar()
    doc, start = span.doc, span.start
    first = doc[start].lower_
    if start == 0:
        return span
    before = doc[start - 1]
    if first in g["months"] and ORDINAL.match(before.lower_) and not before.ent_type_:
        return doc[start - 1:span.end]
    if first in g["months"] or first in g["seasons"]:
        if before.lower_ in ("that", "same"):
            return doc[start - 1:span.end]
    if (first in g["numbers"] or first.isdigit()) and before.lower_ in set(g["approximate_words"]) | {"over", "than"}:
        if before.lower_ == "than" and start >= 2 and doc[start - 2].lower_ in ("more", "less"):
            return doc[start - 2:span.end]
        return doc[start - 1:span.end]
    return span


def clean_span(span: SpacySpan) -> SpacySpan:
    """The span without trailing possessives and punctuation ("Thursday's" → "Thursday")."""
    start, end = span.start, span.end
    while end > start + 1 and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    while end > start + 1 and span.doc[start].is_punct:
        start += 1
    return span.doc[start:end]


def governing_verb(span: SpacySpan) -> Token | None:
    """The first verb above the expression in the parse (the verb it modifies), if any."""
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            return token
    return token if token.pos_ in ("VERB", "AUX") else None


def orientation_of(span: SpacySpan) -> Orientation | None:
    """Whether the verb an expression modifies points back (past tense) or forward (will, is to,
    plans to). A deadline ("by Wednesday", "until at least February") may lie on either side of
    its verb's time, so the nearer date wins; an expression that hangs from a noun ("his hearing
    on 1 March") has no tense."""
    if span.root.dep_ == "pobj" and span.root.head.lower_ in DEADLINE_WORDS:
        return "near"
    if attachment(span).pos_ in ("NOUN", "PROPN"):
        return None
    verb = governing_verb(span)
    return modality.time_orientation(verb) if verb is not None else None


@dataclass(frozen=True, slots=True)
class Timeline:
    """The article's resolved dates, and the date each sentence's events default to.

    `carried` maps a sentence's first token to the background date a past-tense narrative carries
    into it from the sentences before ("In 2011, Erdoğan adopted ... He also cut a deal ...").
    """

    mentions: tuple[tuple[int, int, DateMention], ...]  # (token start, token end, mention)
    dateline: str | None
    doc: Doc | None = None
    carried: dict[int, str] = field(default_factory=dict)

    def date_for(self, token_index: int) -> str | None:
        """The date of an event whose trigger is token `token_index`: a date attached to the trigger
        or its clause, else to a clause above it in the sentence (the verb it is the complement or
        conjunct of, the sentence's main verb), else the background date a past-tense narrative
        carries, else the dateline."""
        if self.doc is None:
            return self.dateline
        doc = self.doc
        trigger = doc[token_index]
        sentence = trigger.sent
        path = dating_path(trigger)
        best: tuple[int, int] | None = None
        value = None
        for start, end, mention in self.starting_in(sentence.start, sentence.end):
            if mention.value is None:
                continue
            attached = attachment(doc[start:end])
            if attached not in path:
                continue
            key = (path.index(attached), min(abs(token_index - start), abs(token_index - end + 1)))
            if best is None or key < best:
                best, value = key, mention.value
        if value is not None:
            return value
        antecedent = self.antecedent_date(path[-1])
        if antecedent is not None:
            return antecedent
        carried = self.carried.get(sentence.start)
        if carried is not None and is_simple_past(clause_verb(trigger)):
            return carried
        return self.dateline


    def antecedent_date(self, clause: Token) -> str | None:
        """The date a "when" clause takes from the time expression it modifies ("a year ago,
        when Trump ordered a strike"; "since 2015, when a ceasefire broke down")."""
        if clause.dep_ not in ("relcl", "advcl", "acl"):
            return None
        head = clause.head.i
        # mentions do not overlap, so only the last one starting at or before the head can hold it
        before = self.starting_in(0, head + 1)
        if before and before[-1][1] > head and before[-1][2].value is not None:
            return before[-1][2].value
        return None

    def starting_in(self, start: int, end: int) -> Sequence[tuple[int, int, DateMention]]:
        """The mentions that start in tokens [start, end) (found by bisection: they are in text order)."""
        return mentions_starting_in(self.mentions, start, end)


def mentions_starting_in(mentions: Sequence[tuple[int, int, DateMention]], start: int, end: int
                         ) -> Sequence[tuple[int, int, DateMention]]:
    """The slice of `mentions` (in text order) whose first token is in [start, end)."""
    first = bisect_left(mentions, start, key=lambda m: m[0])
    return mentions[first:bisect_left(mentions, end, lo=first, key=lambda m: m[0])]


def attachment(span: SpacySpan) -> Token:
    """The token an expression hangs from: the first noun or verb above it, outside it."""
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if span.start <= token.i < span.end:
            continue
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            return token
    return token


def clause_verb(token: Token) -> Token:
    """The verb of the clause a word belongs to (the word itself when it is a verb)."""
    while not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")) and token.head.i != token.i:
        token = token.head
    return token


# Clauses whose time is their own: relative clauses, participles after a noun, "after ..." clauses.
OWN_TIME_DEPS = frozenset({"relcl", "acl", "appos", "parataxis"})
OWN_TIME_MARKS = frozenset({"after", "before", "since", "until", "when", "once", "while", "as"})


def dating_path(trigger: Token) -> list[Token]:
    """The trigger, then the words above it whose date it takes: the nouns and verb of its own
    clause, then the clauses it is a complement or conjunct of, up to a clause with its own time."""
    path = [trigger]
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in OWN_TIME_DEPS and not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            break
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in OWN_TIME_MARKS for c in token.children):
            break
        if token.dep_ in ("pobj", "pcomp") and token.head.lower_ in OWN_TIME_MARKS:
            break  # "after meeting Putin", "after the summit"
        token = token.head
        path.append(token)
    return path


def is_simple_past(verb: Token) -> bool:
    """Whether a verb tells a narrative past ("cut", "did not engage", "was killed"), not a
    present perfect ("has sent"), which reaches into the present."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"has", "have", "'s", "'ve", "will", "would", "'ll"}:
        return False
    return verb.tag_ == "VBD" or bool(auxiliaries & {"did", "was", "were"})


def is_background(value: str, published: date) -> bool:
    """Whether a date lies so far before publication that an event on it is background (a period
    counts from its middle: "a year ago" in April is last spring, not last December)."""
    start = parse_iso(value).day
    middle = start + (period_end(value) - start) / 2
    return published - middle > BACKGROUND_AFTER


def build_timeline(doc: Doc, published: date | None) -> Timeline:
    """Resolve every date expression in `doc` against `published` and the story's own chain of dates."""
    dateline = published.isoformat() if published else None
    if published is None:
        return Timeline(mentions=(), dateline=None, doc=doc)
    anchor: Point | None = None
    story_year: tuple[int, int] | None = None  # (sentence number, year) of the last dated other year
    mentions: list[tuple[int, int, DateMention]] = []
    sentences = list(doc.sents)
    sentence_starts = [sent.start for sent in sentences]
    for raw in date_spans(doc):
        span = clean_span(raw)
        sentence = bisect_right(sentence_starts, span.start) - 1
        opens_sentence = span.start - sentence_starts[sentence] <= 1
        recent_year = None
        if story_year and (story_year[0] == sentence or (story_year[0] == sentence - 1 and not opens_sentence)):
            recent_year = story_year[1]
        resolution = resolve(span.text, published, orientation=orientation_of(span), anchor=anchor,
                             story_year=recent_year)
        if resolution.point is not None:
            anchor = resolution.point
            year = resolution.point.day.year
            story_year = (sentence, year) if year != published.year else None
        mention = DateMention(text=span.text, value=resolution.value,
                              span=Span(span.start_char, span.end_char, span.text))
        mentions.append((span.start, span.end, mention))
    return Timeline(mentions=tuple(mentions), dateline=dateline, doc=doc,
                    carried=narrative_dates(sentences, mentions, published))


def narrative_dates(sentences: list[SpacySpan], mentions: list[tuple[int, int, DateMention]],
                    published: date) -> dict[int, str]:
    """The background date each undated past-tense sentence carries from the sentence before it."""
    carried: dict[int, str] = {}
    previous: str | None = None
    for sentence in sentences:
        values = [m.value for _, _, m in mentions_starting_in(mentions, sentence.start, sentence.end)]
        dated = [v for v in values if v is not None]
        if dated:
            previous = dated[-1] if is_background(dated[-1], published) else None
        elif values or not is_simple_past(sentence.root):
            previous = None
        elif previous is not None:
            carried[sentence.start] = previous
    return carried
