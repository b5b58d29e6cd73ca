"""The tables reference resolution reads from `data/coref/` (pronouns, descriptions, expletive "it"
heads, person nouns, titles, control predicates, agent verbs) and the actor base's country adjectives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .. import actors, data

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


@cache
def pronouns() -> dict[str, Pronoun]:
    """The pronoun table: form → gender, number, animacy."""
    table = {}
    for row in data.table("coref/pronouns.tsv"):
        table[row["form"]] = Pronoun(row["form"], row["gender"] or None, row["number"] == "pl",
                                     row["animacy"])
    return table


@cache
def impersonal_heads() -> dict[str, str]:
    """Lemma → voice ("any"/"passive") for heads whose "it" is expletive when they take a clause."""
    return {row["lemma"]: row["voice"] for row in data.table("coref/impersonal.tsv")}


@cache
def first_person() -> dict[str, bool]:
    """First-person forms a quote's speaker uses → plural ("we") or not ("I")."""
    rows = data.table("coref/first_person.tsv")
    return {row["form"]: row["number"] == "pl" for row in rows}


def situation_verbs() -> frozenset[str]:
    """Verbs whose object "it" is a situation, not an actor ("we will do it", "declared it safe")."""
    return data.words("coref/situation_verbs.txt")


def titles() -> frozenset[str]:
    """Titles before a name ("Gen", "Senator"), left out of a person's name."""
    return data.words("coref/titles.txt")


def human_nouns() -> frozenset[str]:
    """Nouns that name a person ("official", "spokesman")."""
    return data.words("coref/human_nouns.txt")


def control_predicates() -> frozenset[str]:
    """Adjectives whose "it" subject acts in their infinitive ("it is willing to withdraw")."""
    return data.words("coref/control_predicates.txt")


def agent_verbs() -> frozenset[str]:
    """Verbs whose subject is an actor ("control", "fear", "assemble")."""
    return data.words("coref/agent_verbs.txt")


@cache
def descriptions() -> tuple[Description, ...]:
    """The description patterns, longest first so "the Russian prime minister" beats "the prime"."""
    found = []
    for row in data.table("coref/descriptions.tsv"):
        role = re.compile(row["role"], re.IGNORECASE) if row["role"] else None
        found.append(Description(tuple(row["words"].split()), row["target"], role, int(row["count"]),
                                 row["prefer"] or None))
    return tuple(sorted(found, key=lambda d: -len(d.words)))


DEMONYM_SLOT = "{demonym}"


@cache
def descriptions_by_opening() -> dict[tuple[str, str | None], tuple[Description, ...]]:
    """The description patterns that may match where a first word stands, by that word and the word
    standing where the second must (None for a word that is no pattern's second), in the order of
    `descriptions()`: a pattern whose second word is a demonym slot goes with every second word."""
    patterns = descriptions()
    seconds: dict[str, set[str | None]] = {}
    for d in patterns:
        seconds.setdefault(d.words[0], {None}).update(d.words[1:2])
    return {(first, second): tuple(d for d in patterns if d.words[0] == first
                                   and (len(d.words) < 2 or d.words[1] in (second, DEMONYM_SLOT)))
            for first, options in seconds.items() for second in options}


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
