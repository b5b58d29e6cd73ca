"""Loading the actor base: the shipped tables in data/actors/ (each names its sources), the files named
in $TIDINGS_ACTORS, and user dictionaries (tidings TSV or YAML, PETRARCH/TABARI actor, agent and
discard dictionaries)."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import data
from ..errors import DataError
from .entries import ActorBase, Entry, Period, cameo_code
from .petrarch import read_dictionary

def _rows(text: str) -> Iterator[dict[str, str]]:
    """Rows of a TSV text whose first non-comment line is the header."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {key: (value or "").strip() for key, value in row.items() if key is not None}


def _data_rows(name: str) -> Iterator[dict[str, str]]:
    return _rows(data.text(f"actors/{name}"))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise DataError(f"bad date {value!r} in the actor base") from None


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
                                  cameo=cameo or cameo_code(country, sector)))
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
