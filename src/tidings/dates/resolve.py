"""One date expression resolved: its words read against the date grammar (data/dates/grammar.yaml), the
publication date, the tense of its verb and the story's anchor."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .. import data
from .calendar import (
    DECADE, ORDINAL, YEAR, Orientation, Point, month_date, shift, stepped_month, stepped_season, stepped_weekday,
    week_point, weekday_date,
)

@dataclass(frozen=True, slots=True)
class Resolution:
    """What an expression resolves to, and how: absolute, deictic (from publication), anchored
    (from the story's last date), span (a duration) or unknown."""

    point: Point | None
    how: str

    @property
    def value(self) -> str | None:
        return self.point.iso() if self.point else None


def grammar() -> dict[str, Any]:
    """The date grammar shipped as data (month, weekday, number and relative words)."""
    return data.yaml_file("dates/grammar.yaml")


WORD = re.compile(r"\d{2,4}s\b|\d+(?:st|nd|rd|th)?|[a-z]+")


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
    if any(DECADE.fullmatch(w) for w in words):
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
    if words and words[0] in g["seasons"] and len(words) == 2 and YEAR.fullmatch(words[1]):
        return Point(date(int(words[1]), 1, 1), "year")
    months = [i for i, w in enumerate(words) if w in g["months"]]
    years = [i for i, w in enumerate(words) if YEAR.fullmatch(w)]
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
