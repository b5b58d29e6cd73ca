"""Actors: the actor base shipped as data, mention finding in a Doc, and name resolution at a date.

The base is read from the TSV files in `tidings/data/actors/` (each names its sources) plus any
user dictionaries (`add_dictionaries`, or files named in $TIDINGS_ACTORS). Mention finding runs
one spaCy PhraseMatcher pass (built once per Vocab and base version) and groups the matches by
the noun phrase they sit in, so "Russian Foreign Minister Sergei Lavrov" is one mention.

User dictionary forms (see docs/actors.md):

* TSV with a header line; columns `name`, `aliases` ("|"-separated), `country`, `sector`,
  `cameo`, `kind` (country, person, igo, group, media, agent), `wikidata`, `gender`, `role`,
  `start`, `end` (YYYY-MM-DD; several rows with one name give date-bounded periods). Only `name`
  and one of `country`/`sector`/`cameo` are required. Lines starting with "#" are comments.
* YAML (.yaml/.yml): a list of mappings with the same keys (`aliases` may be a list).
* PETRARCH/TABARI actor and agent dictionaries (.txt), read by `tidings.petrarch`.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .errors import DataError
from .petrarch import read_dictionary
from .actor_index import WorldRecord
from .types import Actor, ActorMention, Span

NOMINAL = frozenset({"NOUN", "PROPN"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})
NP_LEFT_DEPS = MODIFIER_DEPS | {"det", "predet", "nummod", "quantmod", "advmod", "punct", "case"}
ACRONYM_MAX_LETTERS = 6
SHIPPED = "tidings actor base"
WORLD = "the world base (Wikidata, CIA World Factbook, Phoenix)"
#: The mention kinds a possessive pronoun's owner may be, by its cue in cues.tsv.
OWNER_KINDS = {"owner_person": ("person",), "owner_thing": ("country", "capital", "group", "igo")}
#: Entity labels whose names are looked up in the world base when the shipped base has no match.
WORLD_LABELS = frozenset({"PERSON", "ORG"})
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
            stripped = _strip_article(alias)
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


def _strip_article(alias: str) -> str:
    alias = " ".join(alias.split())
    if alias.lower().startswith("the ") and len(alias) > 4:
        return alias[4:]
    return alias


# ---------------------------------------------------------------------------------------------
# Reading the shipped data files


def _rows(text: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV text whose first non-comment line is the header."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {key: (value or "").strip() for key, value in row.items() if key is not None}


def _data_rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("tidings").joinpath("data", "actors", name).read_text(encoding="utf-8")
    return _rows(text)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise DataError(f"bad date {value!r} in the actor base") from None


def _code(*parts: str | None) -> str | None:
    joined = "".join(p for p in parts if p)
    return joined or None


@cache
def cue_words() -> dict[str, frozenset[str]]:
    """The cue word lists in cues.tsv, by cue kind (locative, attach, place_noun, then)."""
    table: dict[str, set[str]] = {}
    for row in _data_rows("cues.tsv"):
        table.setdefault(row["cue"], set()).add(row["word"].lower())
    return {cue: frozenset(words) for cue, words in table.items()}


@cache
def sector_labels() -> dict[str, str]:
    """CAMEO sector code → label, from sectors.tsv."""
    return {row["code"]: row["label"] for row in _data_rows("sectors.tsv")}


def _load_shipped(base: ActorBase) -> None:
    for row in _data_rows("countries.tsv"):
        code = row["code"]
        entry = Entry(id=code, kind="country", name=row["name"], country=code, cameo=code)
        aliases: list[tuple[str, str, str | None]] = [(row["name"], "name", None)]
        aliases += [(a, "name", None) for a in _split(row["aliases"])]
        aliases += [(a, "adjective", None) for a in _split(row["adjectives"])]
        aliases += [(a, "people", "CVL") for a in _split(row["people"])]
        aliases += [(a, "capital", "GOV") for a in _split(row["capitals"])]
        base.add(entry, aliases)
    for row in _data_rows("seats.tsv"):
        entry = base.entries.get(row["country"])
        if entry is None:
            raise DataError(f"seats.tsv: unknown country {row['country']!r}")
        base.add(entry, [(row["text"], "seat", row["sector"] or None)])
    for row in _data_rows("agents.tsv"):
        term = row["term"]
        entry = Entry(id=f"agent:{term.lower()}", kind="agent", name=term, sector=row["sector"],
                      plural=row["plural"] == "yes",
                      title=(row["role"] or term) if row["title"] == "yes" else None,
                      generic=row.get("generic") == "yes")
        base.add(entry, [(term, "agent", row["sector"])])
    for row in _data_rows("igos.tsv"):
        sector = row["sector"] or ("NGO" if row["country"] == "NGO" else "IGO")
        entry = Entry(id=row["id"], kind="igo", name=row["name"], country=row["country"] or None,
                      sector=sector, cameo=row["cameo"] or None,
                      wikidata=row["wikidata"] or None)
        base.add(entry, [(a, "name", None) for a in [row["name"], *_split(row["aliases"])]])
    for row in _data_rows("media.tsv"):
        entry = Entry(id=row["id"], kind="media", name=row["name"], country=row["country"] or None,
                      sector=row["sector"] or None, cameo=row["cameo"] or None,
                      wikidata=row["wikidata"] or None)
        base.add(entry, [(a, "name", None) for a in [row["name"], *_split(row["aliases"])]])
    for row in _data_rows("peoples.tsv"):
        entry = Entry(id=f"people:{row['name']}", kind="people", name=row["name"],
                      homes=tuple(_split(row["countries"])))
        base.add(entry, [(a, "adjective", None) for a in _split(row["adjectives"])]
                 + [(a, "people", "CVL") for a in _split(row["people"])])
    _load_periodic(base, _data_rows("groups.tsv"), kind="group")
    _load_people(base)


def _load_periodic(base: ActorBase, rows: Iterable[dict[str, str]], kind: str) -> None:
    """Groups: rows sharing an id are the periods of one group."""
    by_id: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_id.setdefault(row["id"], []).append(row)
    for group_id, group_rows in by_id.items():
        first = group_rows[0]
        periods = tuple(
            Period(role=None, country=r["country"] or None, sector=r["sector"] or None,
                   start=_day(r["start"]), end=_day(r["end"]), cameo=r["cameo"] or None)
            for r in group_rows
        ) if len(group_rows) > 1 or first["start"] or first["end"] else ()
        entry = Entry(id=group_id, kind=kind, name=first["name"], country=first["country"] or None,
                      sector=first["sector"] or None, cameo=first["cameo"] or None,
                      wikidata=first["wikidata"] or None, periods=periods)
        aliases = [first["name"]] + [a for r in group_rows for a in _split(r["aliases"])]
        base.add(entry, [(a, "name", None) for a in aliases])


def _load_people(base: ActorBase) -> None:
    offices: dict[str, list[Period]] = {}
    for row in _data_rows("offices.tsv"):
        offices.setdefault(row["person"], []).append(Period(
            role=row["office"], country=row["country"] or None, sector=row["sector"] or "GOV",
            start=_day(row["start"]), end=_day(row["end"]), cameo=row.get("cameo") or None))
    for row in _data_rows("people.tsv"):
        person_offices = offices.pop(row["id"], [])
        entry = Entry(id=row["id"], kind="person", name=row["name"], country=row["country"] or None,
                      sector=None, wikidata=row["wikidata"] or None, gender=row["gender"] or None,
                      periods=tuple(person_offices))
        base.add(entry, [(a, "name", None) for a in [row["name"], *_split(row["aliases"])]])
    if offices:
        raise DataError(f"offices.tsv: offices for unknown people {sorted(offices)}")


_BASE: ActorBase | None = None


def base() -> ActorBase:
    """The actor base: shipped data, then the files in $TIDINGS_ACTORS (read at first use)."""
    global _BASE
    if _BASE is None:
        loaded = ActorBase()
        _load_shipped(loaded)
        _BASE = loaded
        env = os.environ.get("TIDINGS_ACTORS", "")
        paths = [p for p in env.split(os.pathsep) if p.strip()]
        if paths:
            add_dictionaries(paths)
    return _BASE


def reset() -> None:
    """Forget user dictionaries: the next use reloads the shipped base (and $TIDINGS_ACTORS)."""
    global _BASE
    _BASE = None
    _MATCHERS.clear()


# ---------------------------------------------------------------------------------------------
# User dictionaries


def add_dictionaries(paths: Iterable[str | os.PathLike[str]]) -> int:
    """Load user dictionaries (TSV, YAML, or PETRARCH/TABARI .txt); return entries added.

    Actor and agent dictionaries extend the actor base; a PETRARCH verbs dictionary holds no actors
    and adds nothing here (its patterns are trigger rules: `tidings.events.read_user_rules`).

    Cached matchers are rebuilt on next use (the base's version changes)."""
    target = base()
    added = 0
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise DataError(f"actor dictionary not found: {path}")
        suffix = path.suffix.lower()
        if suffix in (".yaml", ".yml"):
            records = _yaml_records(path)
        elif suffix in (".tsv", ".tab", ".csv") or _looks_like_tsv(path):
            records = list(_rows(path.read_text(encoding="utf-8-sig")))
        else:
            records = read_dictionary(path)
        added += add_records(records, source=path.name, into=target)
    return added


def _looks_like_tsv(path: Path) -> bool:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                return "\t" in line and line.split("\t")[0].strip().lower() == "name"
    return False


def _yaml_records(path: Path) -> list[dict[str, Any]]:
    import yaml

    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(loaded, dict):
        loaded = loaded.get("actors", [])
    if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
        raise DataError(f"{path}: expected a list of actor mappings")
    return loaded


def _listed(value: Any) -> list[str]:
    """A "|"-separated string or a list, as a list of strings."""
    if not value:
        return []
    if isinstance(value, str):
        return _split(value)
    return [str(v).strip() for v in value if str(v).strip()]


def parse_cameo(code: str) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code: the first three letters and the next three.

    A code starting with a sector ("GOV", an agent code) has no country."""
    code = code.strip().upper()
    if not code:
        return None, None
    if code[:3] in sector_labels() and code[:3] not in ("IGO", "NGO"):
        return None, code[:3]
    return code[:3], (code[3:6] or None)


def add_records(records: Iterable[dict[str, Any]], *, source: str,
                into: ActorBase | None = None) -> int:
    """Add user actor records (the TSV/YAML keys in the module docstring); return entries added."""
    target = into or base()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for number, record in enumerate(records, start=1):
        name = str(record.get("name") or "").strip()
        if not name:
            raise DataError(f"{source}: record {number} has no name")
        grouped.setdefault(name.lower(), []).append(record)
    for key, rows in grouped.items():
        first = rows[0]
        kind = str(first.get("kind") or "").strip() or None
        periods = []
        for row in rows:
            cameo = str(row.get("cameo") or "").strip().upper() or None
            country, sector = parse_cameo(cameo) if cameo else (None, None)
            country = str(row.get("country") or "").strip().upper() or country
            sector = str(row.get("sector") or "").strip().upper() or sector
            periods.append(Period(role=str(row.get("role") or "").strip() or None, country=country,
                                  sector=sector, start=_day(str(row.get("start") or "")),
                                  end=_day(str(row.get("end") or "")),
                                  cameo=cameo or _code(country, sector)))
        undated = [p for p in periods if p.start is None and p.end is None]
        default = undated[0] if undated else periods[0]
        if kind is None:
            kind = "agent" if default.country is None and default.sector else "group"
        entry = Entry(
            id=f"user:{source}:{key}", kind=kind, name=str(first["name"]).strip(),
            country=default.country, sector=default.sector, cameo=default.cameo,
            wikidata=str(first.get("wikidata") or "").strip() or None,
            gender=str(first.get("gender") or "").strip() or None,
            plural=str(first.get("plural") or "").strip().lower() in ("yes", "true", "1"),
            title=str(first.get("title") or "").strip() or None,
            periods=tuple(p for p in periods if p.start or p.end or kind == "person"),
            source=source,
            also=tuple(c.upper() for c in _listed(first.get("also"))),
            prefix=str(first.get("prefix") or "").strip().lower() in ("yes", "true", "1"),
        )
        aliases: list[str] = [entry.name]
        for row in rows:
            aliases += _listed(row.get("aliases"))
        form = "agent" if kind == "agent" else "name"
        target.add(entry, [(a, form, entry.sector if kind == "agent" else None) for a in aliases])
    return len(grouped)


# ---------------------------------------------------------------------------------------------
# Matching


@dataclass(frozen=True, slots=True)
class _Matcher:
    version: int
    matcher: PhraseMatcher
    keys: dict[int, str]


_MATCHERS: dict[int, tuple[Vocab, _Matcher]] = {}


def _matcher(vocab: Vocab) -> _Matcher:
    """The PhraseMatcher over every alias for `vocab`, built once per base version."""
    actor_base = base()
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab and cached[1].version == actor_base.version:
        return cached[1]
    import spacy

    tokenizer = spacy.blank("en", vocab=vocab).tokenizer
    matcher = PhraseMatcher(vocab, attr="LOWER")
    keys: dict[int, str] = {}
    for key, readings in actor_base.readings.items():
        match_id = vocab.strings.add(f"tidings-actor:{key}")
        keys[match_id] = key
        # tokenise the aliases as written: "U.S." is one token, "u.s." is not
        spellings = sorted({r.alias for r in readings})
        matcher.add(f"tidings-actor:{key}", [tokenizer(text) for text in spellings])
    built = _Matcher(actor_base.version, matcher, keys)
    _MATCHERS[id(vocab)] = (vocab, built)
    return built


_OPENINGS: dict[int, frozenset[str]] = {}


def alias_openings() -> frozenset[str]:
    """The first word (up to a space or hyphen) of every alias in the base, lowercased: a sentence
    with none of these words holds no mention of an actor the base knows by name. Built once per
    base version, so a cheap pass can test each token with one set lookup."""
    actor_base = base()
    if actor_base.version not in _OPENINGS:
        _OPENINGS.clear()
        _OPENINGS[actor_base.version] = frozenset(re.split(r"[\s-]", key, maxsplit=1)[0]
                                                  for key in actor_base.readings)
    return _OPENINGS[actor_base.version]


def _case_fits(alias: str, text: str) -> bool:
    """Whether the text's letter case fits the alias: acronyms and words with inner capitals
    exactly ("US" not "us", "LeT" not "Let"), capitalised names capitalised ("Turkey" not
    "turkey"), common nouns any case."""
    letters = [c for c in alias if c.isalpha()]
    if not any(c.isupper() for c in letters):
        return True
    if all(c.isupper() for c in letters) and len(letters) <= ACRONYM_MAX_LETTERS:
        return text.replace(".", "") == alias.replace(".", "")
    if " " not in alias and any(c.isupper() and alias[i - 1].isalpha()
                                for i, c in enumerate(alias) if i):
        return text == alias
    return all(not a[:1].isupper() or t[:1].isupper()
               for a, t in zip(alias.split(), text.split(), strict=False))


@dataclass
class _Hit:
    start: int
    end: int
    readings: list[Reading]

    @property
    def kinds(self) -> set[str]:
        return {r.entry.kind for r in self.readings}

    def first(self, *kinds: str, when: date | None = None) -> Reading | None:
        """The first reading (user dictionaries come first) of one of `kinds`; of several people
        sharing a name ("Assad"), the one in office at `when`, else the latest before it."""
        found = None
        for reading in self.readings:
            if reading.entry.kind in kinds:
                if found is None:
                    found = reading
                    if reading.entry.kind != "person":
                        return found
                elif reading.entry.kind == "person":
                    found = min(found, reading, key=lambda r: _person_rank(r.entry, when))
        return found


def _person_rank(entry: Entry, when: date | None) -> tuple[int, int]:
    """Sort key among namesakes: in office at `when` first, then the latest start before it."""
    day = when or date.today()
    if any(p.covers(day) for p in entry.periods):
        return (0, 0)
    starts = [p.start.toordinal() for p in entry.periods if p.start and p.start <= day]
    return (1, -max(starts)) if starts else (2, 0)


def _person_rank_in(entry: Entry, when: date | None, countries: frozenset[str]) -> tuple[int, ...]:
    """Sort key among namesakes of the world base: in office at `when` first (then the latest start
    before it), then a country the text names, then prominence (offices held)."""
    dated = _person_rank(entry, when)
    codes = [p.country for p in entry.periods] or [entry.country]
    named = 0 if any(code in countries for code in codes) else 1 if any(codes) else 2
    prominence = -sum(3 if p.sector not in ("LEG", "ELI") else 1 for p in entry.periods)
    return (dated[0], named, prominence, dated[1])


def choose_namesake(entries: list[Entry], when: date | None, countries: frozenset[str] = frozenset()
                    ) -> Entry:
    """Of several world-base people (or organisations) under one name, the one the date, then the
    countries the text names, then prominence point to; its `why` says which decided."""
    if len(entries) == 1:
        return entries[0]
    ranked = sorted(entries, key=lambda e: _person_rank_in(e, when, countries))
    best, runner = ranked[0], ranked[1]
    first, second = _person_rank_in(best, when, countries), _person_rank_in(runner, when, countries)
    decided = next(i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b) \
        if first != second else 3
    reason = ("the date (in office then)" if decided == 0 and first[0] == 0
              else "the date (latest office before it)" if decided in (0, 3)
              else "the country the text names" if decided == 1 else "prominence (offices held)")
    return replace(best, why=f"{best.name} chosen over {len(entries) - 1} namesake(s) by {reason}")


def _world_entry(record: WorldRecord) -> Entry:
    """An actor-base entry for a world-base record: a person's offices as dated periods (executive
    offices before seats, so a minister who is also an MP is the minister), an organisation's code."""
    if record.kind == "person":
        order = {"LEG": 1, "ELI": 2}
        periods = tuple(sorted((Period(role=o.role, country=o.country, sector=o.sector, start=o.start,
                                       end=o.end) for o in record.offices),
                               key=lambda p: order.get(p.sector or "", 0)))
        country = next((p.country for p in periods if p.country), None)
        return Entry(id=f"world:{record.id}", kind="person", name=record.name, country=country,
                     wikidata=record.id if record.id.startswith("Q") else None, gender=record.gender,
                     periods=periods, source=WORLD)
    office = record.offices[0]
    kind = "igo" if office.country in INTERGOVERNMENTAL_CODES else "group"
    return Entry(id=f"world:{record.id}", kind=kind, name=record.name, country=office.country,
                 sector=office.sector, cameo=_code(office.country, office.sector), source=WORLD)


def world_entries(name: str) -> list[Entry]:
    """The world-base actors `name` may mean (letter case must fit an organisation's acronym)."""
    from .actor_index import world_index

    return [_world_entry(record) for record in world_index().lookup(name) if record.kind != "place"
            and (record.kind == "person" or not _is_acronym(record.alias) or _case_fits(record.alias, name))]


def world_place_country(name: str) -> str | None:
    """The country a town or region of the world base lies in, when its name names only one."""
    from .actor_index import world_index

    countries = {r.offices[0].country for r in world_index().lookup(name) if r.kind == "place"}
    return countries.pop() if len(countries) == 1 else None


def _named_countries(hits: list[_Hit]) -> frozenset[str]:
    return frozenset(r.entry.country for h in hits for r in h.readings
                     if r.entry.kind == "country" and r.entry.country)


def _organisations_in_reach(pool: list[Entry], countries: frozenset[str], name: str) -> list[Entry]:
    """The organisations a name may mean here: those of a country the text names; failing that,
    the one organisation of that name, unless the name is one plain word ("Commons"), which a
    party abroad may share with an institution at home. Parties of one name in several countries
    ("People's Party") stay unresolved without a country in the text."""
    named = [e for e in pool if e.country in countries]
    if named:
        return named
    if len({e.country for e in pool}) > 1 or (" " not in name.strip() and not _is_acronym(name)):
        return []
    return pool


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= ACRONYM_MAX_LETTERS


def _world_hits(doc: Doc, chosen: list[_Hit], when: date | None) -> list[_Hit]:
    """`chosen` (the shipped base's hits) completed from the world base: a named entity the shipped
    base does not know as a whole ("Kurdistan Workers' Party", where it only knows "workers"), and a
    surname standing alone for the person named in full before it ("Ellwood" after "Tobias Ellwood")."""
    countries = _named_countries(chosen)
    titles = cue_words().get("name_title", frozenset())
    out = list(chosen)
    # the hits over each token, so that an entity looks only at the hits over its own words
    over: dict[int, list[_Hit]] = {}
    for hit in out:
        for i in range(hit.start, hit.end):
            over.setdefault(i, []).append(hit)
    dropped: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in WORLD_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].pos_ == "DET" or doc[start].lower_ in titles):
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if end - start < 2 and ent.label_ == "PERSON":
            continue  # a bare surname: only as the person named in full (below)
        near = list({id(h): h for i in range(start, end) for h in over.get(i, ()) if id(h) not in dropped}.values())
        inside = [h for h in near if start <= h.start and h.end <= end]
        if any(h not in inside for h in near) or any(
                h.first("person", "group", "igo", "media") for h in inside) or sum(
                h.end - h.start for h in inside) == end - start:
            continue  # the shipped base reads the name already, whole or word by word ("US Senate")
        entries = world_entries(doc[start:end].text)
        people = [e for e in entries if e.kind == "person"]
        others = [e for e in entries if e.kind != "person"]
        pool = people if ent.label_ == "PERSON" and people else others or people
        if pool and pool[0].kind != "person":
            pool = _organisations_in_reach(pool, countries, doc[start:end].text)
        if not pool:
            continue
        entry = choose_namesake(pool, when, countries)
        if ent.label_ == "PERSON" and entry.kind != "person":
            entry = replace(entry, kind="person")  # a leader the source filed with organisations
        dropped.update(id(h) for h in inside)
        hit = _Hit(start, end, [Reading(entry, "name", None, doc[start:end].text)])
        out.append(hit)
        for i in range(start, end):
            over.setdefault(i, []).append(hit)
    out = sorted((h for h in out if id(h) not in dropped), key=lambda h: h.start)
    return _surname_hits(doc, out)


def surname_key(word: str) -> str:
    """A last name as it is matched alone: lower case, without an Arabic article ("al-Baghdadi"
    is "Baghdadi" when it stands alone)."""
    word = word.lower()
    for article in cue_words().get("surname_article", frozenset()):
        if word.startswith(article) and len(word) > len(article) + 2:
            return word[len(article):]
    return word


def _surname_hits(doc: Doc, hits: list[_Hit]) -> list[_Hit]:
    """A capitalised word alone that is the last name of exactly one person named before it."""
    taken = bytearray(len(doc))
    for hit in hits:
        taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    surnames: dict[str, set[str]] = {}
    readings: dict[str, Reading] = {}
    out = list(hits)
    for hit in hits:
        reading = hit.first("person")
        if reading is not None and hit.end - hit.start > 1:
            for word in {reading.entry.name.split()[-1].lower(), doc[hit.end - 1].lower_}:
                surnames.setdefault(surname_key(word), set()).add(reading.entry.id)
            readings[reading.entry.id] = reading
    for token in doc:
        if taken[token.i] or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        known = surnames.get(surname_key(token.lower_), set())
        if len(known) == 1 and any(h.start < token.i for h in hits if h.first("person")):
            out.append(_Hit(token.i, token.i + 1, [readings[next(iter(known))]]))
    out.sort(key=lambda h: h.start)
    return out


def _hits(doc: Doc, when: date | None = None) -> list[_Hit]:
    built = _matcher(doc.vocab)
    readings = base().readings
    candidates: list[_Hit] = []
    for match_id, start, end in built.matcher(doc):
        span = doc[start:end]
        fitting = [r for r in readings[built.keys[match_id]] if _case_fits(r.alias, span.text)]
        if fitting:
            candidates.append(_Hit(start, end, fitting))
    candidates.sort(key=lambda h: (h.start - h.end, h.start))
    taken = bytearray(len(doc))
    chosen: list[_Hit] = []
    for hit in candidates:
        if not any(taken[hit.start:hit.end]):
            taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
            chosen.append(hit)
    chosen.sort(key=lambda h: h.start)
    chosen = _world_hits(doc, chosen, when)
    stance = cue_words().get("stance", frozenset())
    return _peoples_at_home([hit for hit in chosen if any(r.sector != NOT_AN_ACTOR for r in hit.readings)
                             and not _after_stance(doc, hit.start, stance)])


def _peoples_at_home(hits: list[_Hit]) -> list[_Hit]:
    """`hits` with each people without a state placed in the home country the text names most
    (the first in the table on a tie), or in none when the text names none of them."""
    named = Counter(reading.entry.country for hit in hits
                    if (reading := hit.first("country")) is not None and hit.first("people") is None)
    out = []
    for hit in hits:
        people = hit.first("people")
        if people is not None and people.entry.homes:
            homes = people.entry.homes
            home = max(homes, key=lambda code: (named[code], -homes.index(code)))
            entry = replace(people.entry, country=home if named[home] else None)
            hit = _Hit(hit.start, hit.end, [replace(r, entry=entry) if r.entry is people.entry else r
                                            for r in hit.readings])
        out.append(hit)
    return out


def _after_stance(doc: Doc, start: int, stance: frozenset[str]) -> bool:
    """Whether the words at `start` follow "pro-" or "anti-" ("pro-Russian")."""
    before = start - 1
    if before >= 0 and doc[before].text == "-":
        before -= 1
    return before >= 0 and doc[before].lower_ in stance


def _np_head(token: Token) -> Token:
    """The head noun of the noun phrase `token` modifies (itself when it heads one), through a
    leading participle ("US-led coalition") or a hyphened adjective ("Kurdish-Arab forces")."""
    leaders = cue_words().get("leader", frozenset())
    while True:
        head = token.head
        if head.i == token.i:
            return token
        if (token.dep_ in MODIFIER_DEPS and head.dep_ in MODIFIER_DEPS and head.i == token.i + 2
                and token.nbor(1).text == "-" and head.pos_ != "VERB"):  # not "Iranian-backed"
            token = head
            continue
        if (token.dep_ in MODIFIER_DEPS and head.lower_ in leaders and head.dep_ == "amod"
                and head.head.pos_ in NOMINAL and head.head.i > head.i > token.i):
            token = head.head
            continue
        if token.dep_ in MODIFIER_DEPS and head.pos_ in NOMINAL and head.i > token.i:
            token = head
            continue
        if (token.dep_ == "conj" and head.dep_ in MODIFIER_DEPS and head.head.pos_ in NOMINAL
                and head.head.i > token.i):
            token = head.head
            continue
        return token


# ---------------------------------------------------------------------------------------------
# Roles at a date


@dataclass(frozen=True, slots=True)
class _State:
    country: str | None
    sector: str | None
    role: str | None
    cameo: str | None


def _state(entry: Entry, when: date | None, *, then: bool = False) -> _State:
    """Who `entry` is at `when`: the period that covers it, else the entry's default code.

    A person whose offices all ended is "former ..." and coded ELI (elite), unless the text says
    "then-" (the office at the time described). `when` None means today."""
    if not entry.periods:
        return _State(entry.country, entry.sector, None, entry.cameo)
    day = when or date.today()
    for period in entry.periods:
        if period.covers(day):
            return _State(period.country or entry.country, period.sector, period.role,
                          period.cameo or _code(period.country or entry.country, period.sector))
    if entry.kind != "person":  # outside every dated period: the entry's default code
        return _State(entry.country, entry.sector, None, entry.cameo)
    past = [p for p in entry.periods if p.end is not None and p.end <= day]
    if not past:
        return _State(entry.country, None, None, entry.country)
    latest = max(past, key=lambda p: p.end or day)
    country = latest.country or entry.country
    if then:
        return _State(country, latest.sector, latest.role,
                      latest.cameo or _code(country, latest.sector))
    role = f"former {latest.role}" if latest.role else None
    return _State(country, "ELI", role, _code(country, "ELI"))


# ---------------------------------------------------------------------------------------------
# Mention finding


@dataclass
class _Group:
    head: Token
    hits: list[_Hit] = field(default_factory=list)
    attached: list[_Hit] = field(default_factory=list)  # countries after "of"/"in"/"from"
    apposition: list[_Hit] = field(default_factory=list)  # "X, Kenya's finance minister,"


def _span_of(doc: Doc, text: str, start: int, end: int) -> Span:
    first, last = doc[start], doc[end - 1]
    stop = last.idx + len(last.text)
    return Span(first.idx, stop, text[first.idx:stop])


def _np_start(head: Token, floor: int) -> int:
    """First token of the noun phrase headed by `head`: its nominal left dependents (determiner,
    modifiers, possessor, coordinated modifiers), never a verb, never before `floor`."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS and child.pos_ not in ("VERB", "AUX"):
            start = min(start, child.left_edge.i)
    start = max(start, floor)
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return start


def _has_cue(doc: Doc, start: int, end: int, cue: str) -> bool:
    """Whether a cue word of kind `cue` (then, former) is among tokens [start, end)."""
    words = cue_words().get(cue, frozenset())
    return any(doc[i].lower_ in words for i in range(start, end))


def _title_reading(modifiers: list[_Hit]) -> Reading | None:
    """The first title among the modifiers ("Foreign Minister" in "Foreign Minister X")."""
    return next((r for h in modifiers for r in h.readings
                 if r.entry.kind == "agent" and r.entry.title), None)


def _titled_state(entry: Entry, state: _State, modifiers: list[_Hit], *, former: bool,
                  then: bool) -> _State:
    """A known person's state as the words around the name tell it: "former President X" is no
    longer in office (unless in another office then); "President X" (or "then-President X") is
    in the titled office even when the article's date falls outside the term we know."""
    title = _title_reading(modifiers)
    if title is None and not former:
        return state
    label = (title.entry.title or "") if title else ""
    offices = [p for p in entry.periods if label and label.lower() in (p.role or "").lower()]
    office = max(offices, key=lambda p: p.start or date.min) if offices else None
    country = (office.country if office else None) or state.country or entry.country
    role = office.role if office else (label or state.role)
    in_office = state.sector not in (None, "ELI")
    if former:
        if in_office:  # "former prime minister Putin" while president: still in office
            return state
        if role and not role.startswith("former "):
            role = f"former {role}"
        return _State(country, "ELI", role, _code(country, "ELI"))
    if in_office and not then:
        return state
    sector = (office.sector if office else None) or (title.sector if title else None)
    cameo = (office.cameo if office else None) or _code(country, sector)
    return _State(country, sector, role, cameo)


def find_mentions(doc: Doc, *, when: date | None = None) -> list[ActorMention]:
    """Every actor mention in `doc`, resolved against the actor base at date `when`, in token order."""
    hits = _hits(doc, when)
    if not hits:
        return []
    cues = cue_words()
    text = doc.text
    groups: dict[int, _Group] = {}
    for hit in hits:
        head = _np_head(doc[hit.start:hit.end].root)
        groups.setdefault(head.i, _Group(head)).hits.append(hit)
    _attach_postmodifiers(groups, cues)
    _share_coordinated_modifiers(groups)
    _describe_by_apposition(doc, groups)
    mentions: list[ActorMention] = []
    for group in groups.values():
        mentions.extend(_group_mentions(doc, text, group, when, cues))
    mentions += _surnames_of_described(doc, mentions)
    mentions = _owned_by_neighbours(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.head, m.actor.country or ""))
    return mentions


def _owned_by_neighbours(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Agents the words around them give a country: one in apposition with a person who has one
    ("the defence secretary, James Mattis"), or owned by "his"/"her" (the person named last before
    it, in its sentence or the one before: "Trump lost his defence secretary") or "its" (the
    organisation or state named last before it)."""
    # people with a country by their head token and by the word they are in apposition to (the
    # first of each in text order), and every mention by start, latest first among equal starts:
    # each agent then looks up its neighbours instead of scanning every mention
    people = [(n, m) for n, m in enumerate(mentions) if m.kind == "person" and m.actor.country]
    person_at: dict[int, tuple[int, ActorMention]] = {}
    appositive_to: dict[int, tuple[int, ActorMention]] = {}
    for n, m in reversed(people):
        person_at[m.head] = (n, m)
        if doc[m.head].dep_ == "appos":
            appositive_to[doc[m.head].head.i] = (n, m)
    by_start = sorted(range(len(mentions)), key=lambda n: (mentions[n].start, -n))
    starts = [mentions[n].start for n in by_start]
    out = []
    for found in mentions:
        head = doc[found.head]
        if found.kind != "agent" or found.actor.country or not found.actor.sector:
            out.append(found)
            continue
        beside = [appositive_to.get(head.i), person_at.get(head.head.i) if head.dep_ == "appos" else None]
        owner = min((b for b in beside if b is not None), key=lambda b: b[0], default=(0, None))[1]
        pronoun = next((c.lower_ for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        kinds = next((OWNER_KINDS[cue] for cue in OWNER_KINDS
                      if pronoun in cue_words().get(cue, frozenset())), None)
        if owner is None and kinds is not None and not _subject_is_pronoun(head):
            sentence_start = head.sent.start
            earliest = doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
            before = (mentions[by_start[k]] for k in reversed(range(bisect_left(starts, earliest),
                                                                    bisect_right(starts, head.i))))
            owner = next((m for m in before if m.end <= head.i and m.actor.country
                          and m.kind in kinds and m.actor.country not in TRANSNATIONAL_CODES), None)
        if owner is None:
            out.append(found)
            continue
        country, sector = owner.actor.country, found.actor.sector
        name = _country_actor_name(base().country_name(country) or country or "", sector)
        out.append(replace(found, actor=replace(found.actor, country=country, name=name,
                                                cameo=_code(country, sector))))
    return out


def _subject_is_pronoun(token: Token) -> bool:
    """Whether the nearest clause above `token` with a subject has a pronoun one ("he ... without
    telling his commanders"): "his" then means whom "he" means, which only coreference can tell."""
    verb = token
    while verb.head.i != verb.i:  # up to the nearest verb with a subject ("without telling": "he spoke")
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.pos_ in ("VERB", "AUX") and subject is not None:
            return subject.pos_ == "PRON"
    return False


def _surnames_of_described(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """A last name standing alone after a person the base does not know but the text described
    ("Isis leader Abu Bakr al-Baghdadi ... Baghdadi"; "Staffan de Mistura ... De Mistura"): the
    same person, as described."""
    described: dict[tuple[str, ...], list[ActorMention]] = {}
    for found in mentions:
        if found.kind == "person" and found.actor.country and (found.entity or "").startswith("person:"):
            words = (found.entity or "").removeprefix("person:").split()
            for length in range(1, len(words)):
                described.setdefault(_surname_words(words[-length:]), []).append(found)
    if not described:
        return []
    covered = {i for found in mentions for i in range(found.start, found.end)}
    titles = cue_words().get("name_title", frozenset())
    out = []
    for ent in doc.ents:
        # the NER takes some names for organisations ("De Mistura"); a described person's
        # surname is the person whatever label it got
        if ent.label_ not in WORLD_LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        start = ent.start
        while start < ent.end - 1 and doc[start].lower_.rstrip(".") in titles:
            start += 1
        earlier = [m for m in described.get(_surname_words([t.text for t in doc[start:ent.end]]), [])
                   if m.start < start]
        if len({m.entity for m in earlier}) != 1:
            continue
        first, last = earlier[0], doc[ent.end - 1]
        span = Span(doc[start].idx, last.idx + len(last.text), doc.text[doc[start].idx:last.idx + len(last.text)])
        out.append(replace(first, start=start, end=ent.end, head=last.i,
                           actor=replace(first.actor, text=span.text, span=span)))
    return out


def _surname_words(words: list[str]) -> tuple[str, ...]:
    """The key a surname of one or more words ("Baghdadi", "de Mistura") is matched by."""
    if len(words) == 1:
        return (surname_key(words[0]),)
    return tuple(word.lower() for word in words)


def _attach_postmodifiers(groups: dict[int, _Group], cues: dict[str, frozenset[str]]) -> None:
    """Move "of/in/from COUNTRY" groups (and their conjuncts: "lawmakers in Fornost and Gondor")
    into the agent or titled person they follow."""
    attach = cues.get("attach", frozenset())
    # the groups with a hit over each token, in the groups' order
    over: dict[int, list[int]] = {}
    for key, found in groups.items():
        for hit in found.hits:
            for i in range(hit.start, hit.end):
                over.setdefault(i, []).append(key)
    for index in list(groups):
        group = groups.get(index)
        if group is None:
            continue
        pobj = group.head
        while pobj.dep_ == "conj" and pobj.head.i != pobj.i:
            pobj = pobj.head
        if pobj.dep_ != "pobj" or pobj.head.lower_ not in attach:
            continue
        above = pobj.head.head.i
        # "the ministry of defence of Nigeria": "of Nigeria" hangs on a word inside the agent phrase
        owner = groups.get(above) or next((groups[key] for key in over.get(above, ()) if key in groups), None)
        if owner is None or owner is group or not _attachable(group, owner):
            continue
        if len(group.hits) > 1 or group.hits[0].first("agent") is not None:
            owner.attached.extend(group.hits)  # "officials of the Syrian government"
            del groups[index]
            continue
        owner_head_hit = _hit_at(owner, owner.head.i)
        owner_has_country = any(h.first("country", "igo", "group", "media")
                                for h in owner.hits if h is not owner_head_hit)
        titled_person = owner.head.ent_type_ == "PERSON" and owner_head_hit is None
        owner_is_agent = owner_head_hit is not None and owner_head_hit.first("agent") is not None \
            and owner_head_hit.first("person", "group", "igo", "media") is None
        if owner_has_country or not (titled_person or owner_is_agent):
            continue
        owner.attached.append(group.hits[0])
        del groups[index]


def _share_coordinated_modifiers(groups: dict[int, _Group]) -> None:
    """A bare agent coordinated with a modified one shares its actors: "Danish media and
    government" is the Danish government too."""
    for group in groups.values():
        head = group.head
        if head.dep_ != "conj" or len(group.hits) != 1 or group.attached:
            continue
        first = groups.get(head.head.i)
        if first is None or first is group or not group.hits[0].first("agent"):
            continue
        first_head_hit = _hit_at(first, first.head.i)
        if first_head_hit is None or first_head_hit.first("agent") is None:
            continue
        group.attached.extend(h for h in first.hits + first.attached
                              if h is not first_head_hit and h.first("agent") is None)


def _attachable(group: _Group, owner: _Group | None = None) -> bool:
    """A group that can describe the noun before "of/in/from": a country or state-like
    organisation named by itself, or — after a generic head ("officials of the Syrian
    government", "members of parliament") — an agent phrase."""
    if len(group.hits) == 1:
        hit = group.hits[0]
        if (hit.first("country", "group", "igo", "media") is not None
                and hit.first("person", "agent") is None):
            return True
    if owner is None:
        return False
    owner_head_hit = _hit_at(owner, owner.head.i)
    head_hit = _hit_at(group, group.head.i)
    return (owner_head_hit is not None and len(owner.hits) == 1
            and any(r.entry.kind == "agent" and r.entry.generic for r in owner_head_hit.readings)
            and head_hit is not None and head_hit.first("agent") is not None
            and head_hit.first("person", "group", "igo", "media") is None)


def _describe_by_apposition(doc: Doc, groups: dict[int, _Group]) -> None:
    """A person in apposition with a title ("John Mbadi, Kenya's finance minister,"; "the UN
    envoy for Syria, Staffan de Mistura,") is described by it: an unknown person takes the
    appositive's country and title, a known one holds the office it names ("his defence
    secretary, James Mattis" is in office, as "Defence Secretary James Mattis" would be)."""
    for group in list(groups.values()):
        head = group.head
        head_hit = _hit_at(group, head.i)
        agent = head_hit.first("agent") if head_hit is not None else None
        if agent is None:
            continue
        for person in _appositive_people(doc, head, title=bool(agent.entry.title)):
            known = groups.get(person.i)
            if known is not None:
                known_hit = _hit_at(known, person.i)
                if known_hit is not None and known_hit.first("person") is not None \
                        and not _has_cue(doc, head.left_edge.i, head.i, "former"):
                    known.apposition.extend(group.hits)
                continue
            if any(h.start <= person.i < h.end for g in groups.values() for h in g.hits):
                continue
            groups[person.i] = _Group(person, apposition=list(group.hits))


def _appositive_people(doc: Doc, head: Token, *, title: bool) -> list[Token]:
    """The names in apposition with the agent phrase headed by `head`, right beside it: the name
    before it ("X, Kenya's finance minister") or the name after it and its own "of/for" phrase
    ("the envoy for Syria, X"; the parser may hang X on "Syria"), but not a name after a
    coordinated phrase ("his secretary, X, and his adviser, Y": Y is the adviser's). The NER may
    take a name after a title for an organisation ("the UN envoy, Staffan de Mistura")."""
    labels = ("PERSON", "ORG") if title else ("PERSON",)
    out = []
    if head.dep_ == "appos" and head.head.ent_type_ == "PERSON" and head.head.i < head.i:
        between = doc[head.head.i + 1:head.left_edge.i]
        if all(t.is_punct for t in between):
            out.append(head.head)
    for token in head.subtree:
        if token.dep_ != "appos" or token.i <= head.i or token.ent_type_ not in labels:
            continue
        if token.head.i != head.i and token.head.dep_ != "pobj":
            continue
        between = doc[head.i + 1:token.left_edge.i]
        if between and between[-1].is_punct and not any(
                t.dep_ in ("appos", "conj", "cc") or t.ent_type_ == "PERSON" for t in between):
            out.append(token)
    return out


def _hit_at(group: _Group, index: int) -> _Hit | None:
    for hit in group.hits:
        if hit.start <= index < hit.end:
            return hit
    return None


def _group_mentions(doc: Doc, text: str, group: _Group, when: date | None,
                    cues: dict[str, frozenset[str]]) -> list[ActorMention]:
    head = group.head
    sentence_start = head.sent.start if doc.has_annotation("SENT_START") else 0
    start = min([_np_start(head, sentence_start)] + [h.start for h in group.hits])
    end = max([head.i + 1] + [h.end for h in group.hits + group.attached])
    head_hit = _hit_at(group, head.i)
    modifiers = [h for h in group.hits if h is not head_hit] + group.attached + group.apposition
    then = _has_cue(doc, start, head.i, "then")

    def mention(entry_id: str | None, kind: str, country: str | None, sector: str | None,
                name: str | None, cameo: str | None, *, entry: Entry | None = None,
                role: str | None = None, plural: bool = False, span: tuple[int, int] | None = None,
                head_index: int | None = None) -> ActorMention:
        s, e = span or (start, end)
        char_span = _span_of(doc, text, s, e)
        actor = Actor(text=char_span.text, country=country, sector=sector, name=name, cameo=cameo,
                      wikidata=entry.wikidata if entry else None, role=role, span=char_span,
                      why=entry.why if entry else "")
        return ActorMention(start=s, end=e, head=head.i if head_index is None else head_index,
                            actor=actor, entity=entry_id, kind=kind,
                            gender=entry.gender if entry else None, plural=plural)

    # A named person, organisation or place-name heads the phrase.
    if head_hit is not None:
        reading = head_hit.first("person", "group", "igo", "media", when=when)
        if reading is not None:
            entry = reading.entry
            state = _state(entry, when, then=then)
            if state.sector == NOT_AN_ACTOR:
                return []
            if head_hit.first("country") is not None and _is_place(head, cues, head_hit.start):
                return []  # "talks in Brussels": the city, not the EU
            if entry.kind == "person":
                state = _titled_state(entry, state, modifiers,
                                      former=_has_cue(doc, start, head.i, "former"), then=then)
            sector, cameo, entity = state.sector, state.cameo, entry.id
            agent = next((h.first("agent") for h in modifiers if h.first("agent")), None)
            if entry.kind != "person" and agent is not None and agent.sector != state.sector:
                sector = agent.sector
                cameo = _with_sector(entry, state, agent.sector)
                entity = f"{entry.id}/{agent.sector}"
            found = [mention(entity, entry.kind, state.country, sector, entry.name, cameo,
                             entry=entry, role=state.role)]
            for code in entry.also if sector == state.sector else ():
                country, code_sector = parse_cameo(code)
                found.append(mention(f"{entry.id}+{code}", entry.kind, country, code_sector,
                                     entry.name, code, entry=entry))
            return _coordinated(doc, modifiers, when, mention) + found
        country = head_hit.first("country")
        if country is not None and not head_hit.first("agent"):
            form = _best_country_form(head_hit, head)
            # a seat of power is the institution wherever it stands ("memos circulated around
            # the Pentagon", "in a White House lacking judgment"); a country may be a place
            if form.form != "seat" and _is_place(head, cues, head_hit.start):
                return []
            code = form.entry.country
            sector = form.sector
            if form.form == "people":  # "Bosnian Serbs": the people of the modifier's country
                where = next((h.first("country") for h in modifiers if h.first("country")), None)
                if where is not None:
                    code = where.entry.country
                    form = replace(form, entry=where.entry)
            kind = "capital" if form.form in ("capital", "seat") else "country"
            name = _country_actor_name(form.entry.name, sector)
            return _coordinated(doc, modifiers, when, mention) + [
                mention(_code(code, sector), kind, code, sector, name, _code(code, sector),
                        plural=form.form == "people")]
        people = head_hit.first("people")
        if people is not None and people.form == "people" and not head_hit.first("agent"):
            # "Syria's Kurds", "Kurds in Iraq": the community, in the country the phrase names
            where = next((h.first("country") for h in modifiers if h.first("country")), None)
            code = where.entry.country if where is not None else people.entry.country
            return [mention(_code(code, "CVL"), "people", code, "CVL", people.entry.name,
                            _code(code, "CVL"), plural=True)]
        agent = head_hit.first("agent")
        if agent is not None:
            return _agent_mentions(doc, group, agent, modifiers, mention, when, then)
    # The head is not in the base: a titled unknown person, or modifiers of some other noun.
    title = _title_reading(modifiers)
    described = title or next((h.first("agent") for h in modifiers if h.first("agent")), None)
    if (head.ent_type_ == "PERSON" or group.apposition) and described is not None:
        # an unknown person described by a title or agent word ("Kenyan Minister X",
        # "British militant X"): the country and sector the words give
        owners = _modifier_actors(modifiers, when)
        country = owners[0][1].country if owners else None
        person_start = head.i
        while person_start > 0 and doc[person_start - 1].ent_type_ == head.ent_type_ \
                and doc[person_start - 1].dep_ == "compound":
            person_start -= 1
        person_name = doc[person_start:head.i + 1].text
        sector = described.sector
        if owners and owners[0][0].kind not in ("country", "person") and _takes_owner_sector(
                owners[0][0], owners[0][1], described.entry, sector):
            sector = owners[0][1].sector  # "Isis leader X" leads a rebel group: REB, not GOV
        role = title.entry.title if title else None
        if _has_cue(doc, start, head.i, "former"):
            sector = "ELI"
            role = f"former {role}" if role else None
        if country and role:  # the body's name for an organisation's official ("director (UNICEF)")
            body = owners[0][0].name if owners[0][0].kind not in ("country", "person") else None
            role = f"{role} ({body or _country_title(country)})"
        cameo = _code(country, sector)
        if owners and country in TRANSNATIONAL_CODES:  # the body's own code: IGOUNO, not UNOIGO
            owner, state = owners[0]
            cameo = state.cameo if sector == state.sector else _with_sector(owner, state, sector or "")
        return [mention(f"person:{person_name}", "person", country, sector, person_name,
                        cameo, role=role)]
    if _is_place(head, cues):
        return []
    out = []
    for hit in group.hits:
        anchor = doc[hit.start:hit.end].root
        reading = hit.first("person", "group", "igo", "media", "country", when=when)
        if reading is None:
            continue
        entry = reading.entry
        if entry.kind == "country":
            form = _best_country_form(hit, anchor)
            if form.form == "capital" and anchor.dep_ != "poss":
                continue  # "the Paris attacks", "a London teenager": the city as a place
            sector = form.sector if form.form in ("capital", "seat") else None
            code = entry.country
            out.append(mention(_code(code, sector), "capital" if sector else "country", code,
                               sector, _country_actor_name(entry.name, sector), _code(code, sector),
                               span=(hit.start, hit.end), head_index=anchor.i))
        else:
            state = _state(entry, when, then=then)
            if state.sector == NOT_AN_ACTOR:
                continue
            out.append(mention(entry.id, entry.kind, state.country, state.sector, entry.name,
                               state.cameo, entry=entry, role=state.role,
                               span=(hit.start, hit.end), head_index=anchor.i))
    return out


def _coordinated(doc: Doc, modifiers: list[_Hit], when: date | None, mention: Any
                 ) -> list[ActorMention]:
    """Actors coordinated with a named head but parsed as its modifiers ("Fornost and Gondor"
    with Fornost as a modifier): each its own mention, sharing the head."""
    out = []
    for hit in modifiers:
        token = doc[hit.start:hit.end].root
        if token.dep_ != "conj" and not any(c.dep_ in ("cc", "conj") for c in token.children):
            continue
        reading = hit.first("country", "group", "igo", "media")
        if reading is None or hit.first("agent", "person") is not None:
            continue
        entry = reading.entry
        if entry.kind == "country":
            code = entry.country
            out.append(mention(code, "country", code, None, entry.name, code,
                               span=(hit.start, hit.end)))
            continue
        state = _state(entry, when)
        if state.sector != NOT_AN_ACTOR:
            out.append(mention(entry.id, entry.kind, state.country, state.sector, entry.name,
                               state.cameo, entry=entry, span=(hit.start, hit.end)))
    return out


def _best_country_form(hit: _Hit, token: Token) -> Reading:
    """Which reading of a country alias the syntax supports: a plural demonym standing alone
    is the people ("Syrians" CVL), a modifier is the country, a capital or seat its sector."""
    readings = [r for r in hit.readings if r.entry.kind == "country"]
    order = ("seat", "name", "capital", "adjective", "people")
    if token.dep_ not in MODIFIER_DEPS and any(r.form == "people" for r in readings):
        order = ("people", "seat", "name", "capital", "adjective")
    return min(readings, key=lambda r: order.index(r.form) if r.form in order else len(order))


def _is_place(head: Token, cues: dict[str, frozenset[str]], name_start: int | None = None
              ) -> bool:
    """Whether the phrase headed by `head` is a place: a place noun ("the Syrian capital"), a
    place modifier before the name that starts at `name_start` ("northern Syria", but not the
    "Central" of "Central African Republic"), or the object of a locative preposition ("in
    Moscow")."""
    if head.lower_ in cues.get("place_noun", frozenset()):
        return True
    place_modifiers = cues.get("place_modifier", frozenset())
    before = head.i if name_start is None else name_start  # words of the name itself don't count
    if any(child.lower_ in place_modifiers and child.i < before for child in head.lefts):
        return True
    token = head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return (token.dep_ == "pobj" and token.head.dep_ == "prep"
            and token.head.lower_ in cues.get("locative", frozenset()))


def _modifier_actors(modifiers: list[_Hit], when: date | None) -> list[tuple[Entry, _State]]:
    """The actors the modifiers name, in order, once each: countries (a seat of power with its
    sector: "Pentagon officials" are military), organisations, and named people used as
    modifiers ("Putin's government")."""
    out: list[tuple[Entry, _State]] = []
    for hit in modifiers:
        reading = hit.first("country", "person", "group", "igo", "media", "people", when=when)
        if reading is None:
            continue
        state = _state(reading.entry, when)
        if reading.form == "seat" and reading.sector:
            state = replace(state, sector=reading.sector)
        if state.sector == NOT_AN_ACTOR or not (state.country or reading.entry.kind == "people"):
            continue
        if all(entry.id != reading.entry.id for entry, _ in out):
            out.append((reading.entry, state))
    return out


def _agent_mentions(doc: Doc, group: _Group, agent: Reading, modifiers: list[_Hit],
                    mention: Any, when: date | None, then: bool) -> list[ActorMention]:
    """An agent noun with the actors that modify it: one mention per actor ("Hungarian and
    Romanian officials"), or the bare agent when none does."""
    entry = agent.entry
    sector = agent.sector
    # an agent word modifying a generic head names the sector ("rebel leaders" REB, "army
    # officers" MIL); a specific head keeps its own ("opposition fighters" REB)
    modifier_agent = next((h.first("agent") for h in modifiers if h.first("agent")), None)
    if entry.generic and modifier_agent is not None and modifier_agent.sector != NOT_AN_ACTOR:
        sector = modifier_agent.sector
    owners = _modifier_actors(modifiers, when)
    people = next((entry for entry, _ in owners if entry.kind == "people"), None)
    if people is not None:
        # "Kurdish forces in Syria": the people's, in the country the phrase names; its armed
        # men are no state's military but rebels. Armed or many, they are the people's in the
        # country the story names; one civilian ("a Kurdish resident", "a Kurdish official") is
        # someone no state identifies unless the phrase names one.
        own = "REB" if sector == "MIL" else sector
        collective = own == "REB" or group.head.tag_ in ("NNS", "NNPS")
        country = next((state.country for owner, state in owners if owner.kind == "country"),
                       None) or _place_country(group.head, modifiers) or (
                           people.country if collective else None)
        if country is None:  # no home named: the agent alone, with the people's sector
            return [mention(None, "agent", None, own, entry.name, own, plural=entry.plural)]
        name = _country_actor_name(base().country_name(country) or country, own)
        return [mention(_code(country, own), "agent", country, own, name, _code(country, own),
                        plural=entry.plural)]
    if not owners:
        country = _place_country(group.head, modifiers)
        if country is not None:  # "Lagos police", "police in Lagos": the place's country
            name = _country_actor_name(base().country_name(country) or country, sector)
            return [mention(_code(country, sector), "agent", country, sector, name,
                            _code(country, sector), plural=entry.plural)]
        return [mention(None, "agent", None, sector, entry.name, sector, plural=entry.plural)]
    plural = entry.plural or len(owners) > 1
    out = []
    for owner, state in owners:
        code = state.country
        # a generic head takes its owner's sector: "Pentagon officials" (a seat) are military,
        # "Hamas leaders" are Hamas (REB), unless an agent word said otherwise
        own = sector
        if (owner.kind == "country" or modifier_agent is None) and _takes_owner_sector(
                owner, state, entry, sector):
            own = state.sector
        if entry.prefix:  # PETRARCH "[NGO~]": the agent's code goes first (NGOARN)
            cameo = _code(own, code)
            out.append(mention(cameo, "agent", code, own, entry.name, cameo, plural=plural))
        elif owner.kind in ("country", "person"):
            name = _country_actor_name(base().country_name(code) or code or "", own)
            out.append(mention(_code(code, own), "agent", code, own, name, _code(code, own),
                               plural=plural))
        elif state.sector == own:
            out.append(mention(owner.id, owner.kind, code, own, owner.name, state.cameo,
                               entry=owner, plural=plural))
        else:
            out.append(mention(f"{owner.id}/{own}", owner.kind, code, own, owner.name,
                               _with_sector(owner, state, own), entry=owner, plural=plural))
    return out


def _takes_owner_sector(owner: Entry, state: _State, agent: Entry, sector: str | None) -> bool:
    """Whether an agent of `owner` carries the owner's sector rather than its own: a generic head
    ("Hamas leaders" REB, "Pentagon officials" MIL), and any government title of an
    intergovernmental body ("the UN special envoy" is the UN's, IGO, as its officials are)."""
    if state.sector in (None, NOT_AN_ACTOR):
        return False
    return agent.generic or (owner.kind == "igo" and sector == "GOV")


def _place_country(head: Token, modifiers: list[_Hit]) -> str | None:
    """The country of a town or region that names where an agent belongs: a proper-noun modifier
    ("Lagos police", "Borno's governor") or the object of "in"/"of" after it ("police in Lagos"),
    looked up in the places gazetteer (the most likely place of that name)."""
    from .places import fold, lookup

    taken = {i for hit in modifiers for i in range(hit.start, hit.end)}
    attach = cue_words().get("attach", frozenset())
    candidates = [child for child in head.lefts if child.dep_ in ("compound", "poss", "nmod")]
    candidates += [grand for child in head.rights if child.dep_ == "prep" and child.lower_ in attach
                   for grand in child.children if grand.dep_ == "pobj"]
    for token in candidates:
        if token.i in taken or token.ent_type_ not in ("GPE", "LOC", "FAC"):
            continue
        words = [t for t in token.subtree if t.ent_type_ == token.ent_type_]
        name = " ".join(t.text for t in words)
        found = lookup(name)
        # the place must be called so, not merely have it among its alternate names ("Borna")
        if found and found[0].country and fold(found[0].name) == fold(name):
            return found[0].country
        country = world_place_country(name)
        if country is not None:
            return country
    return None


def _with_sector(entry: Entry, state: _State, sector: str) -> str | None:
    """The CAMEO code of an organisation's sector ("UN peacekeepers" IGOUNOMIL, "Arnor's army"
    ARNMIL): organisations that are not states keep their code, states take country + sector."""
    if state.country is None or state.country in TRANSNATIONAL_CODES:
        return _code(state.cameo or entry.cameo or state.country, sector)
    return _code(state.country, sector)


def _country_actor_name(country_name: str, sector: str | None) -> str:
    if not sector:
        return country_name
    return f"{country_name} ({sector_labels().get(sector, sector)})"


def _country_title(code: str) -> str:
    return base().country_name(code) or code


# ---------------------------------------------------------------------------------------------
# Resolving one name


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
    from .dates import calendar_date, resolve as resolve_date

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
    from .pipeline import nlp

    language = nlp.load()
    world = world_entries(_strip_article(query))
    if world:
        countries = _named_countries(_hits(language(context), day)) if context else frozenset()
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
    text = _strip_article(query)
    readings = [r for r in base().readings.get(text.lower(), []) if _case_fits(r.alias, text)]
    if not readings:
        return None
    reading = min(readings, key=lambda r: (ALIAS_PREFERENCE.index(r.entry.kind)
                                           if r.entry.kind in ALIAS_PREFERENCE else 9,
                                           FORM_PREFERENCE.index(r.form)
                                           if r.form in FORM_PREFERENCE else 9,
                                           _person_rank(r.entry, day)))
    entry = reading.entry
    when = day.isoformat() if day else None
    if entry.kind == "country":
        sector = reading.sector
        cameo = _code(entry.country, sector)
        kind = "capital" if reading.form in ("capital", "seat") else "country"
        return Resolution(query=query, resolved=True, reason=f"{kind} in {entry.source}",
                          date=when, name=_country_actor_name(entry.name, sector), kind=kind,
                          country=entry.country, sector=sector, cameo=cameo, entity=cameo)
    if entry.kind == "agent":
        return None  # a bare agent word: let the parse and the context say whose
    state = _state(entry, day)
    if state.sector == NOT_AN_ACTOR:
        return Resolution(query=query, resolved=False, date=when,
                          reason=f"unresolved: {entry.source} marks {query!r} as no actor")
    return Resolution(query=query, resolved=True, reason=f"{entry.kind} in {entry.source}",
                      date=when, name=entry.name, kind=entry.kind, country=state.country,
                      sector=state.sector, cameo=state.cameo, wikidata=entry.wikidata,
                      role=state.role, gender=entry.gender, entity=entry.id)


def _resolve_world(query: str, entry: Entry, day: date | None) -> Resolution:
    state = _state(entry, day)
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
