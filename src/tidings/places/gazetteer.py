"""The gazetteer a process reads: name → candidate entries from the on-disk index (see `index`), the
country facts scoring uses, a name's places most likely first, and the place word lists of data/places/."""

from __future__ import annotations

import math
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import data
from ..cache import ensure_file, in_child_process
from ..types import Place
from . import index
from .names import Entry, fold, name_keys

CITY_PRIOR_FLOOR = 1.0

#: Scores before context. A town scores CITY_PRIOR_WEIGHT * log10(population), plus CAPITAL_BONUS for a
#: capital, so a country name beats the town of the same name, and Paris beats Paris, Texas by more than
#: context alone adds.
KIND_PRIOR = {"country": 13.0, "adm1": 10.0, "region": 10.0, "continent": 12.0, "state": 8.0, "town": 7.0}

CITY_PRIOR_WEIGHT = 1.5

#: News names capitals for their governments ("talks between Washington and Moscow"): a capital outweighs a
#: same-name town that local evidence supports (Washington, England in a story that names English towns).
CAPITAL_BONUS = 4.0


class Gazetteer:
    """Name → candidate entries, read on demand from the on-disk index (see index_path), and the country
    facts scoring uses (held in memory: a few hundred rows).

    Only the names an article asks about are read, and kept in a bounded memo, so a process holds a few
    MB of gazetteer rather than the whole of GeoNames' towns.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._connection = connect()
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._names: dict[str, _Name | None] = {}
        self._entries: dict[int, Entry] = {}
        rows = self._query("SELECT iso3, entry FROM countries")
        self.countries: dict[str, Entry] = dict(zip([r[0] for r in rows], self._load([r[1] for r in rows])))
        self.neighbours: dict[str, frozenset[str]] = {
            iso3: frozenset(filter(None, codes.split(","))) for iso3, codes in self._query("SELECT * FROM neighbours")}

    def _query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            if self._pid != os.getpid():  # a forked child must not share its parent's connection
                self._connection, self._pid = self._connect(), os.getpid()
            return self._connection.execute(sql, parameters).fetchall()

    def _load(self, ids: Iterable[int]) -> list[Entry]:
        """The entries with these ids, read once each and then shared, so `is` tells entries apart."""
        missing = sorted({i for i in ids if i not in self._entries})
        for chunk in range(0, len(missing), 500):
            part = missing[chunk:chunk + 500]
            marks = ",".join("?" * len(part))
            for row in self._query(f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id IN ({marks})", part):
                self._entries[row[0]] = _entry_from_row(row)
        return [self._entries[i] for i in ids]

    def _name(self, key: str) -> _Name | None:
        if key not in self._names:
            if len(self._names) >= NAME_MEMO_SIZE:
                self._names.clear()  # a long run asks about ever new words: keep the memo bounded
            rows = self._query("SELECT strict, curated, entries FROM names WHERE key = ?", (key,))
            if rows:
                strict, curated, refs = rows[0]
                ids = [int(ref) for ref in refs.split(",")]
                entries = self._load([abs(i) for i in ids])
                self._names[key] = _Name(bool(strict), bool(curated), tuple(entries),
                                         frozenset(id(e) for e, i in zip(entries, ids) if i < 0))
            else:
                self._names[key] = None
        return self._names[key]

    def is_strict(self, key: str) -> bool:
        """Whether the folded name `key` is safe to match outside NER place entities."""
        found = self._name(key)
        return found is not None and found.strict

    def is_curated(self, key: str) -> bool:
        """Whether the folded name `key` comes from tidings' own tables (a place wherever it appears)."""
        found = self._name(key)
        return found is not None and found.curated

    def is_alternate(self, name: str, entry: Entry) -> bool:
        """Whether `name` reaches `entry` only through one of GeoNames' alternate names."""
        for key in name_keys(name):
            found = self._name(key)
            if found is not None and id(entry) in found.alternate:
                return True
        return False

    def lookup(self, name: str) -> list[Entry]:
        """Every entry `name` may mean (exact key first, then without an Arabic/English article)."""
        for key in name_keys(name):
            found = self._name(key)
            if found is not None:
                return list(found.entries)
        return []


@dataclass(frozen=True, slots=True)
class _Name:
    """One row of the index's names table, its entries read."""

    strict: bool
    curated: bool
    entries: tuple[Entry, ...]
    alternate: frozenset[int]  # id() of the entries this name reaches only as a GeoNames alternate name


_ENTRY_COLUMNS = "id, name, country, lat, lon, geonames, kind, population, admin1, capital"


def _entry_from_row(row: tuple[Any, ...]) -> Entry:
    _, name, country, lat, lon, geonames, kind, population, admin1, capital = row
    return Entry(Place(name, country, lat, lon, geonames), kind, population, admin1, bool(capital))


#: Folded names whose index rows a process keeps in memory before starting afresh (a few MB at most).
NAME_MEMO_SIZE = 50_000


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of this process, over the on-disk index (built on first use, a few seconds, once per
    machine and version). Where no cache folder can be written it is built in memory, every process."""
    path = index.index_path()
    try:
        ensure_file(path, in_child_process(index.__name__, index.write_index_file))
    except OSError:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        index.write_index(connection)
        return Gazetteer(lambda: connection)
    uri = path.resolve().as_uri() + "?mode=ro"
    return Gazetteer(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


@cache
def place_object_lemmas() -> frozenset[tuple[str, str, str]]:
    """(lemma, V|N, via) triples: the argument through which a trigger's place is its event's place
    ("captured Raqqa": obj; "the siege of Aleppo": of; "withdrew from Manbij": from)."""
    return frozenset((row["lemma"], row["pos"], row["via"]) for row in data.table("places/place_object_lemmas.tsv"))


@cache
def not_places() -> frozenset[str]:
    """Folded town names that need a place entity or a preposition to count (data/places/not_places.tsv)."""
    return frozenset(fold(row["name"]) for row in data.table("places/not_places.tsv"))


def lookup(name: str) -> list[Place]:
    """Every gazetteer place `name` may mean, most likely first (without context)."""
    return [e.place for e in sorted(gazetteer().lookup(name), key=prior, reverse=True)]


def prior(entry: Entry) -> float:
    if entry.kind == "city":
        score = CITY_PRIOR_WEIGHT * max(math.log10(entry.population + 1), CITY_PRIOR_FLOOR)
        return score + (CAPITAL_BONUS if entry.capital else 0.0)
    return KIND_PRIOR[entry.kind]
