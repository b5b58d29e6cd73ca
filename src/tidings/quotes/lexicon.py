"""The words of speech: speech verbs (strong ones attribute from anywhere in the clause, weak ones only
a quote they govern or touch; data/syntax/speech_words.tsv, the one list of words of speech that
modality reads too), speech nouns, and the cues of a quoted name (data/quotes/)."""

from __future__ import annotations

from functools import cache

from .. import data


@cache
def speech_verb_strength() -> dict[str, str]:
    """Lemma → "strong" or "weak" for verbs that introduce or attribute speech."""
    return {row["lemma"]: row["quote"] for row in data.table("syntax/speech_words.tsv") if row["quote"]}


@cache
def speech_verbs() -> frozenset[str]:
    """Lemmas that introduce or attribute speech."""
    return frozenset(speech_verb_strength())


@cache
def strong_speech_verbs() -> frozenset[str]:
    """Lemmas that attribute a quote from anywhere in their clause ("say", "tell", "add")."""
    return frozenset(lemma for lemma, strength in speech_verb_strength().items() if strength == "strong")


def speech_nouns() -> frozenset[str]:
    """Nouns for what someone said, whose possessor speaks ("Trump's announcement", "in X's words")."""
    return data.words("quotes/speech_nouns.txt")


def naming_cues() -> frozenset[str]:
    """Words before a quoted term that make it a name or scare quote ("so-called")."""
    return data.words("quotes/naming_cues.txt")
