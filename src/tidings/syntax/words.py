"""Closed-class words by the role they play, read from data/syntax/: prepositions by the role they give
the noun they govern (prepositions.tsv), the particles written in lower case inside a name
(name_particles.txt) and the particles of phrasal verbs (verb_particles.txt)."""

from __future__ import annotations

from functools import cache

from .. import data


@cache
def prepositions(role: str) -> tuple[str, ...]:
    """The prepositions that give the noun they govern `role`, in the file's order (an order of
    preference where the role has one). Raises KeyError for a role the file does not name."""
    found = tuple(row["preposition"] for row in data.table("syntax/prepositions.tsv") if row["role"] == role)
    if not found:
        raise KeyError(f"no preposition has the role {role!r} in data/syntax/prepositions.tsv")
    return found


@cache
def preposition_weights(role: str) -> dict[str, float]:
    """Preposition → weight for a weighted role ("locative": how strongly it puts an event at a place)."""
    prepositions(role)
    return {row["preposition"]: float(row["weight"])
            for row in data.table("syntax/prepositions.tsv") if row["role"] == role}


def name_particles() -> frozenset[str]:
    """Small words written in lower case inside a multi-word name ("Group of 77", "bin Laden")."""
    return data.words("syntax/name_particles.txt")


def verb_particles() -> frozenset[str]:
    """The adverbial particles of phrasal verbs ("call off", "give up")."""
    return data.words("syntax/verb_particles.txt")
