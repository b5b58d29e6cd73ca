"""Roles at a date: what office an entry held, and under which country and sector, on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .entries import Entry, cameo_code

@dataclass(frozen=True, slots=True)
class State:
    country: str | None
    sector: str | None
    role: str | None
    cameo: str | None


def state_at(entry: Entry, when: date | None, *, then: bool = False) -> State:
    """Who `entry` is at `when`: the period that covers it, else the entry's default code.

    A person whose offices all ended is "former ..." and coded ELI (elite), unless the text says
    "then-" (the office at the time described). `when` None means today."""
    if not entry.periods:
        return State(entry.country, entry.sector, None, entry.cameo)
    day = when or date.today()
    for period in entry.periods:
        if period.covers(day):
            return State(period.country or entry.country, period.sector, period.role,
                          period.cameo or cameo_code(period.country or entry.country, period.sector))
    if entry.kind != "person":  # outside every dated period: the entry's default code
        return State(entry.country, entry.sector, None, entry.cameo)
    past = [p for p in entry.periods if p.end is not None and p.end <= day]
    if not past:
        return State(entry.country, None, None, entry.country)
    latest = max(past, key=lambda p: p.end or day)
    country = latest.country or entry.country
    if then:
        return State(country, latest.sector, latest.role,
                      latest.cameo or cameo_code(country, latest.sector))
    role = f"former {latest.role}" if latest.role else None
    return State(country, "ELI", role, cameo_code(country, "ELI"))
