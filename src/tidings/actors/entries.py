"""What the actor base holds: entries (countries, people with dated offices, IGOs, groups, media,
agents), their periods, the readings an alias has, and the base itself."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

NOMINAL = frozenset({"NOUN", "PROPN"})


SHIPPED = "tidings actor base"


WORLD = "the world base (Wikidata, CIA World Factbook, Phoenix)"


#: The mention kinds a possessive pronoun's owner may be, by its cue in cues.tsv.
OWNER_KINDS = {"owner_person": ("person",), "owner_thing": ("country", "capital", "group", "igo", "agent")}


#: Country codes of organisations that are no state (the IGO's own code where it has one).
INTERGOVERNMENTAL_CODES = frozenset({"IGO", "UNO", "EUR", "NATO"})


TRANSNATIONAL_CODES = INTERGOVERNMENTAL_CODES | {"NGO", "IMG", "MNC"}


NOT_AN_ACTOR = "-"  # agents.tsv sector of phrases that hold an agent word but name no actor


@dataclass(frozen=True, slots=True)
class Period:
    """A dated state of an actor: an office a person held, or a group's status in a period.

    `start` inclusive, `end` exclusive (the day a successor took over); None is open."""

    role: str | None
    country: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None
    cameo: str | None = None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One actor in the base. Agents (generic nouns) carry only a sector; `title` is the role
    label when the agent word can stand as a title before a name ("Foreign Minister")."""

    id: str
    kind: str
    name: str
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    wikidata: str | None = None
    gender: str | None = None
    plural: bool = False
    title: str | None = None
    generic: bool = False  # agents: a head whose sector yields to an agent modifier
    periods: tuple[Period, ...] = ()
    source: str = SHIPPED
    also: tuple[str, ...] = ()  # further CAMEO codes of a compound actor (PETRARCH "FRO/BIL")
    prefix: bool = False  # agent code written before the actor's code (PETRARCH "[NGO~]")
    why: str = ""  # how the entry was chosen among namesakes of the world base
    homes: tuple[str, ...] = ()  # peoples without a state: the countries they live in


@dataclass(frozen=True, slots=True)
class Reading:
    """One way an alias can be read: the entry, the form (name, adjective, people, capital,
    seat, agent) and the sector that form implies (a capital means the government)."""

    entry: Entry
    form: str
    sector: str | None
    alias: str


_VERSIONS = itertools.count(1)  # one sequence for every base, so a version names one state


@dataclass
class ActorBase:
    """Every entry and the alias table mention finding matches against."""

    entries: dict[str, Entry] = field(default_factory=dict)
    readings: dict[str, list[Reading]] = field(default_factory=dict)
    version: int = 0

    def add(self, entry: Entry, aliases: Iterable[tuple[str, str, str | None]]) -> None:
        """Add `entry` (replacing one with the same id) with (alias, form, sector) readings."""
        old = self.entries.get(entry.id)
        if old is not None and old is not entry:
            for key, found in list(self.readings.items()):
                self.readings[key] = [r for r in found if r.entry.id != entry.id]
        self.entries[entry.id] = entry
        for alias, form, sector in aliases:
            stripped = strip_article(alias)
            # news typesets the apostrophe curly ("People’s Protection Units"): both spellings match
            for text in dict.fromkeys([stripped, stripped.replace("'", "\u2019")]) if stripped else ():
                found = self.readings.setdefault(text.lower(), [])
                reading = Reading(entry, form, sector, text)
                if reading not in found:
                    # a user's dictionary overrides the shipped base for the same words
                    found.insert(0 if entry.source != SHIPPED else len(found), reading)
        self.version = next(_VERSIONS)

    def country_name(self, code: str | None) -> str | None:
        entry = self.entries.get(code or "")
        return entry.name if entry is not None else code


def strip_article(alias: str) -> str:
    alias = " ".join(alias.split())
    if alias.lower().startswith("the ") and len(alias) > 4:
        return alias[4:]
    return alias


def cameo_code(*parts: str | None) -> str | None:
    joined = "".join(p for p in parts if p)
    return joined or None
