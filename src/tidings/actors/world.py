"""The world-scale actor base: people with dated offices and organisations, read name by name.

`data/actors/world.tsv.gz` (built by scripts/build-actors from Wikidata, CIA World Factbook and
Phoenix tables; its header names the sources and licences) is turned once per machine into a SQLite
index in the cache folder (`tidings.cache`), and each process then asks it only for the names an
article holds, keeping a bounded memo: a worker holds a few MB of it, never the 126,000 people.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from .. import data
from ..cache import cache_folder, ensure_file, in_child_process
from ..places import fold

#: Bump when the layout of the on-disk index changes (the file name also hashes the data file).
INDEX_FORMAT = 1
#: Names whose records a process keeps in memory before starting afresh.
NAME_MEMO_SIZE = 20_000
WORLD_FILE = "world.tsv.gz"
#: Words after a region's name that the name also goes without.
PLACE_KIND_WORDS = frozenset({"state", "province", "governorate", "region", "oblast", "district",
                              "county", "prefecture"})


@dataclass(frozen=True, slots=True)
class Office:
    """One dated state of a world record: an office and term, or an organisation's code."""

    country: str | None
    sector: str | None
    role: str | None
    start: date | None
    end: date | None  # exclusive


@dataclass(frozen=True, slots=True)
class WorldRecord:
    """A person (with offices) or an organisation of the world base, and the alias that found it."""

    id: str
    kind: str  # person | org | place
    name: str
    alias: str
    gender: str | None
    offices: tuple[Office, ...]

    @property
    def prominence(self) -> int:
        """How much of a public figure: offices outside legislatures count most, then seats."""
        return sum(3 if office.sector not in ("LEG", "ELI") else 1 for office in self.offices)


def _day(value: str, *, end: bool) -> date | None:
    """A source date (YYYY, YYYY-MM or YYYY-MM-DD) as a day; an end at year or month precision is
    read as the end of that year or month (exclusive), so the whole period counts."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            year, month = parts
            if not end:
                return date(year, month, 1)
            return date(year + month // 12, month % 12 + 1, 1)
        return date(parts[0] + 1, 1, 1) if end else date(parts[0], 1, 1)
    except ValueError:
        return None


def name_keys(name: str) -> list[str]:
    """The keys a name is looked up under: its folded form, and that form without middle initials
    ("John R. Bolton" is also "john bolton")."""
    key = fold(name)
    if not key:
        return []
    words = key.split()
    short = [w for i, w in enumerate(words) if not (0 < i < len(words) - 1 and len(w) == 1)]
    return list(dict.fromkeys([key, " ".join(short)]))


def index_path() -> Path:
    digest = hashlib.sha1(f"{INDEX_FORMAT}".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(data.path(f"actors/{WORLD_FILE}").read_bytes())
    return cache_folder() / f"actors-{digest.hexdigest()[:16]}.sqlite"


def _world_rows() -> csv.DictReader[str]:
    packed = data.path(f"actors/{WORLD_FILE}").read_bytes()
    text = gzip.decompress(packed).decode("utf-8")
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    return csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")


def write_index_file(path: str | Path) -> None:
    """Build the index from the shipped world file into the SQLite file `path` (a few seconds)."""
    Path(path).unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    records: dict[str, list[str]] = {}  # id → [kind, name, gender, offices...]
    names: set[tuple[str, str, str]] = set()
    for row in _world_rows():
        record = records.setdefault(row["id"], [row["kind"], row["name"], row["gender"]])
        record.append("\t".join((row["country"], row["sector"], row["role"], row["start"], row["end"])))
        for alias in [row["name"], *row["aliases"].split("|")]:
            if not alias:
                continue
            # a bare surname names too many people; a name in full, or any organisation alias, does not
            if row["kind"] == "person" and len(alias.split()) < 2:
                continue
            keys = name_keys(alias)
            if row["kind"] == "place" and keys and keys[0].split()[-1] in PLACE_KIND_WORDS:
                keys.append(keys[0].rpartition(" ")[0])  # "Borno State" is "Borno" too
            for key in keys:
                names.add((key, row["id"], alias))
    try:
        with connection:
            connection.executescript("""
                CREATE TABLE records (id TEXT PRIMARY KEY, kind TEXT, name TEXT, gender TEXT,
                                      offices TEXT) WITHOUT ROWID;
                CREATE TABLE names (key TEXT, id TEXT, alias TEXT, PRIMARY KEY (key, id, alias))
                    WITHOUT ROWID;
            """)
            connection.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?)",
                                   ((key, r[0], r[1], r[2], "\n".join(r[3:])) for key, r in records.items()))
            connection.executemany("INSERT INTO names VALUES (?, ?, ?)", sorted(names))
    finally:
        connection.close()


class WorldIndex:
    """Name → world records, read on demand from the on-disk index."""

    def __init__(self, path: Path) -> None:
        self._uri = path.resolve().as_uri() + "?mode=ro"
        self._connection = self._connect()
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[WorldRecord, ...]] = {}

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, check_same_thread=False)

    def lookup(self, name: str) -> tuple[WorldRecord, ...]:
        """Every record `name` may mean (people and organisations), in no particular order."""
        found: dict[str, WorldRecord] = {}
        for key in name_keys(name):
            for record in self._key(key):
                found.setdefault(record.id, record)
        return tuple(found.values())

    def _key(self, key: str) -> tuple[WorldRecord, ...]:
        if key in self._memo:
            return self._memo[key]
        if len(self._memo) >= NAME_MEMO_SIZE:
            self._memo.clear()  # a long run asks about ever new names: keep the memo bounded
        with self._lock:
            if self._pid != os.getpid():  # a forked child must not share its parent's connection
                self._connection, self._pid = self._connect(), os.getpid()
            rows = self._connection.execute(
                "SELECT r.id, r.kind, r.name, r.gender, r.offices, n.alias FROM names n "
                "JOIN records r ON r.id = n.id WHERE n.key = ?", (key,)).fetchall()
        records = tuple(WorldRecord(id=i, kind=kind, name=name, alias=alias, gender=gender or None,
                                    offices=tuple(_office(line) for line in offices.split("\n")))
                        for i, kind, name, gender, offices, alias in rows)
        self._memo[key] = records
        return records


def _office(line: str) -> Office:
    country, sector, role, start, end = line.split("\t")
    return Office(country or None, sector or None, role or None, _day(start, end=False),
                  _day(end, end=True))


@cache
def world_index() -> WorldIndex:
    """The world index of this process (built on first use, once per machine and data version)."""
    path = index_path()
    try:
        ensure_file(path, in_child_process(__name__, write_index_file))
    except OSError:  # no writable cache folder: build a private copy for this process
        path = Path(tempfile.mkdtemp(prefix="tidings-actors-")) / path.name
        write_index_file(path)
    return WorldIndex(path)
