"""Resolving one name at a date (`tidings resolve`): the shipped base's aliases, else the world base's
namesakes chosen by the context, else the mentions found in the name itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..dates import calendar_date, resolve as resolve_date
from ..errors import DataError
from ..pipeline import nlp
from ..types import ActorMention
from .entries import NOT_AN_ACTOR, WORLD, Entry, cameo_code, strip_article
from .loading import base
from .matching import case_fits, choose_namesake, hits_in, named_countries, person_rank, world_entries
from .mentions import country_actor_name, find_mentions
from .roles import state_at

@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name refers to at a date: the actor, its role then, and why we think so."""

    query: str
    resolved: bool
    reason: str
    date: str | None = None
    name: str | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    wikidata: str | None = None
    role: str | None = None
    gender: str | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "resolved": self.resolved, "name": self.name, "kind": self.kind,
            "country": self.country, "sector": self.sector, "cameo": self.cameo,
            "wikidata": self.wikidata, "role": self.role, "gender": self.gender,
            "entity": self.entity, "date": self.date, "reason": self.reason,
        }


def as_date(value: str | date | None, today: date | None = None) -> date | None:
    """`value` as the day to resolve roles at: a date, YYYY-MM-DD, or any expression the dates
    stage reads against `today` ("today", "10 May 2015", "last March"; a month or year is its first
    day). None stays None (today). Raises DataError, in one line, for what it cannot read."""
    if value is None or isinstance(value, date):
        return value
    try:
        return calendar_date(value)
    except ValueError:
        pass
    point = resolve_date(str(value), today or date.today()).point
    if point is None:
        raise DataError(f"cannot read {str(value)!r} as a date: give e.g. 2015-05-10, "
                        "'10 May 2015', 'last March' or 'today'")
    return point.day


def _from_mention(query: str, found: ActorMention, day: date | None, reason: str) -> Resolution:
    actor = found.actor
    return Resolution(query=query, resolved=True, reason=reason,
                      date=day.isoformat() if day else None, name=actor.name, kind=found.kind,
                      country=actor.country, sector=actor.sector, cameo=actor.cameo,
                      wikidata=actor.wikidata, role=actor.role, gender=found.gender,
                      entity=found.entity)


def _covering(mentions: list[ActorMention], start: int, end: int) -> ActorMention | None:
    """The mention that best covers chars [start, end): it must contain the head of the name."""
    best = None
    for found in mentions:
        span = found.actor.span
        if span is None or span.end <= start or span.start >= end:
            continue
        overlap = min(span.end, end) - max(span.start, start)
        if best is None or overlap > best[0]:
            best = (overlap, found)
    return best[1] if best and best[0] >= (end - start) / 2 else None


def resolve(name: str, date: str | date | None = None, context: str | None = None) -> Resolution:
    """Resolve `name` against the actor base at `date` (a date, or any date expression `as_date`
    reads; None = today).

    Known aliases resolve directly; a longer phrase ("Russian Foreign Minister Sergei Lavrov",
    "Iraqi troops") is read as a mention. An unknown name resolves only when `context` (a sentence
    containing it) supports it, as in "Minister John Mbadi of Kenya said..." (KENGOV)."""
    query = " ".join(str(name).split())
    day = as_date(date)
    if not query:
        return Resolution(query=query, resolved=False, reason="empty name")
    direct = _resolve_alias(query, day)
    if direct is not None:
        return direct
    language = nlp.load()
    world = world_entries(strip_article(query))
    if world:
        countries = named_countries(hits_in(language(context), day)) if context else frozenset()
        return _resolve_world(query, choose_namesake(world, day, countries), day)
    mentions = find_mentions(language(query), when=day)
    found = _covering(mentions, 0, len(query))
    if found is not None and found.kind != "agent" or found is not None and found.actor.country:
        return _from_mention(query, found, day, _reason(found, "the actor base"))
    if context:
        start = context.find(query)
        if start < 0:
            start = context.lower().find(query.lower())
        if start >= 0:
            in_context = find_mentions(language(context), when=day)
            found_in_context = _covering(in_context, start, start + len(query))
            if found_in_context is not None and (found_in_context.actor.country
                                                 or found_in_context.kind != "agent"):
                return _from_mention(query, found_in_context, day,
                                     _reason(found_in_context, "the context sentence"))
    if found is not None:
        return _from_mention(query, found, day,
                             f"generic agent ({found.actor.sector}); no country is named")
    why = "not in the actor base"
    if context:
        why += ", and the context does not say who it is"
    return Resolution(query=query, resolved=False, reason=f"unresolved: {query!r} is {why}",
                      date=day.isoformat() if day else None)


ALIAS_PREFERENCE = ("person", "group", "igo", "media", "country", "agent")


FORM_PREFERENCE = ("name", "seat", "capital", "adjective", "people", "agent")


def _resolve_alias(query: str, day: date | None) -> Resolution | None:
    """The actor a name is an alias of, looked up directly (no parse), when the case fits."""
    text = strip_article(query)
    readings = [r for r in base().readings.get(text.lower(), []) if case_fits(r.alias, text)]
    if not readings:
        return None
    reading = min(readings, key=lambda r: (ALIAS_PREFERENCE.index(r.entry.kind)
                                           if r.entry.kind in ALIAS_PREFERENCE else 9,
                                           FORM_PREFERENCE.index(r.form)
                                           if r.form in FORM_PREFERENCE else 9,
                                           person_rank(r.entry, day)))
    entry = reading.entry
    when = day.isoformat() if day else None
    if entry.kind == "country":
        sector = reading.sector
        cameo = cameo_code(entry.country, sector)
        kind = "capital" if reading.form in ("capital", "seat") else "country"
        return Resolution(query=query, resolved=True, reason=f"{kind} in {entry.source}",
                          date=when, name=country_actor_name(entry.name, sector), kind=kind,
                          country=entry.country, sector=sector, cameo=cameo, entity=cameo)
    if entry.kind == "agent":
        return None  # a bare agent word: let the parse and the context say whose
    state = state_at(entry, day)
    if state.sector == NOT_AN_ACTOR:
        return Resolution(query=query, resolved=False, date=when,
                          reason=f"unresolved: {entry.source} marks {query!r} as no actor")
    return Resolution(query=query, resolved=True, reason=f"{entry.kind} in {entry.source}",
                      date=when, name=entry.name, kind=entry.kind, country=state.country,
                      sector=state.sector, cameo=state.cameo, wikidata=entry.wikidata,
                      role=state.role, gender=entry.gender, entity=entry.id)


def _resolve_world(query: str, entry: Entry, day: date | None) -> Resolution:
    state = state_at(entry, day)
    reason = f"{entry.kind} in {WORLD}" + (f"; {entry.why}" if entry.why else "")
    return Resolution(query=query, resolved=True, reason=reason,
                      date=day.isoformat() if day else None, name=entry.name, kind=entry.kind,
                      country=state.country, sector=state.sector, cameo=state.cameo,
                      wikidata=entry.wikidata, role=state.role, gender=entry.gender, entity=entry.id)


def _reason(found: ActorMention, where: str) -> str:
    entry = base().entries.get(found.entity or "")
    if found.kind == "person" and entry is None:
        return (f"unresolved person: {found.actor.name} is in no actor base; the country and sector "
                f"of the title read from {where}")
    if entry is None or where != "the actor base":
        return f"{found.kind} read from {where}"
    return f"{found.kind} in {entry.source}"
