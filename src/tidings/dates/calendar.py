"""Calendar arithmetic: periods at year, month or day precision, steps through the calendar, and how
far before publication a date is background; the one pattern for a written year and decade."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["year", "month", "day"]


Orientation = Literal["past", "future", "near"]  # "near": whichever is closer (deadlines)

#: A written year ("2016"), and a decade with or without its century ("1990s", "90s"); match whole words.
YEAR = re.compile(r"(1[5-9]|20)\d\d")
DECADE = re.compile(r"(?:(1[5-9]|20)\d0|[0-9]0)s")
ORDINAL = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?$")

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


def is_background(value: str, published: date) -> bool:
    """Whether a date lies so far before publication that an event on it is background (a period
    counts from its middle: "a year ago" in April is last spring, not last December)."""
    start = parse_iso(value).day
    middle = start + (period_end(value) - start) / 2
    return published - middle > BACKGROUND_AFTER


def last_year_named(word: str) -> str | None:
    """The last year a written year ("2016") or a decade with its century ("2010s" → "2019") names;
    None for any other word, a decade without its century ("90s") among them."""
    if YEAR.fullmatch(word):
        return word
    if DECADE.fullmatch(word) and len(word) == 5:
        return word[:3] + "9"
    return None
