"""The tables reference resolution reads from `data/coref/` (pronouns, descriptions, expletive "it"
heads, person nouns, titles, control predicates, agent verbs) and the actor base's country adjectives."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .. import actors

@dataclass(frozen=True, slots=True)
class Pronoun:
    form: str
    gender: str | None
    plural: bool
    animacy: str  # person, thing, any


@dataclass(frozen=True, slots=True)
class Description:
    words: tuple[str, ...]
    target: str
    role: re.Pattern[str] | None
    count: int
    prefer: str | None = None  # a country code whose actors fit best ("the jihadists" → IMG)


def data_rows(name: str) -> list[str]:
    text = resources.files("tidings").joinpath("data", "coref", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def pronouns() -> dict[str, Pronoun]:
    """The pronoun table: form → gender, number, animacy."""
    table = {}
    for row in csv.DictReader(data_rows("pronouns.tsv"), delimiter="\t"):
        table[row["form"]] = Pronoun(row["form"], row["gender"] or None, row["number"] == "pl",
                                     row["animacy"])
    return table


@cache
def impersonal_heads() -> dict[str, str]:
    """Lemma → voice ("any"/"passive") for heads whose "it" is expletive when they take a clause."""
    return {row["lemma"]: row["voice"] for row in csv.DictReader(data_rows("impersonal.tsv"), delimiter="\t")}


@cache
def first_person() -> dict[str, bool]:
    """First-person forms a quote's speaker uses → plural ("we") or not ("I")."""
    rows = csv.DictReader(data_rows("first_person.tsv"), delimiter="\t")
    return {row["form"]: row["number"] == "pl" for row in rows}


@cache
def situation_verbs() -> frozenset[str]:
    """Verbs whose object "it" is a situation, not an actor ("we will do it", "declared it safe")."""
    return frozenset(data_rows("situation_verbs.txt"))


@cache
def titles() -> frozenset[str]:
    """Titles before a name ("Gen", "Senator"), left out of a person's name."""
    return frozenset(data_rows("titles.txt"))


@cache
def human_nouns() -> frozenset[str]:
    """Nouns that name a person ("official", "spokesman")."""
    return frozenset(data_rows("human_nouns.txt"))


@cache
def control_predicates() -> frozenset[str]:
    """Adjectives whose "it" subject acts in their infinitive ("it is willing to withdraw")."""
    return frozenset(data_rows("control_predicates.txt"))


@cache
def agent_verbs() -> frozenset[str]:
    """Verbs whose subject is an actor ("control", "fear", "assemble")."""
    return frozenset(data_rows("agent_verbs.txt"))


@cache
def descriptions() -> tuple[Description, ...]:
    """The description patterns, longest first so "the Russian prime minister" beats "the prime"."""
    found = []
    for row in csv.DictReader(data_rows("descriptions.tsv"), delimiter="\t"):
        role = re.compile(row["role"], re.IGNORECASE) if row["role"] else None
        found.append(Description(tuple(row["words"].split()), row["target"], role, int(row["count"]),
                                 row["prefer"] or None))
    return tuple(sorted(found, key=lambda d: -len(d.words)))


@cache
def _demonym_table(version: int) -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for alias, readings in actors.base().readings.items():
        for reading in readings:
            if reading.form == "adjective" and reading.entry.kind == "country":
                table.setdefault(tuple(alias.split()), reading.entry.country or reading.entry.id)
    return table


@cache
def demonyms_by_first_word(version: int) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, country in sorted(_demonym_table(version).items(), key=lambda kv: -len(kv[0])):
        table.setdefault(words[0], []).append((words, country))
    return table
