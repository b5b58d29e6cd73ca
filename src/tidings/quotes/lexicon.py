"""The words of speech, from `data/quotes/`: speech verbs (strong ones attribute from anywhere in the
clause, weak ones only a quote they govern or touch), speech nouns, and the cues of a quoted name."""

from __future__ import annotations

from functools import cache
from importlib import resources

def _data_words(name: str) -> frozenset[str]:
    text = resources.files("tidings").joinpath("data", "quotes", name).read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def speech_verb_strength() -> dict[str, str]:
    """Lemma → "strong" or "weak" for verbs that introduce or attribute speech."""
    text = resources.files("tidings").joinpath("data", "quotes", "speech_verbs.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {lemma: strength for lemma, strength in rows[1:]}


@cache
def speech_verbs() -> frozenset[str]:
    """Lemmas that introduce or attribute speech."""
    return frozenset(speech_verb_strength())


@cache
def strong_speech_verbs() -> frozenset[str]:
    """Lemmas that attribute a quote from anywhere in their clause ("say", "tell", "add")."""
    return frozenset(lemma for lemma, strength in speech_verb_strength().items() if strength == "strong")


@cache
def speech_nouns() -> frozenset[str]:
    """Nouns for what someone said, whose possessor speaks ("Trump's announcement", "in X's words")."""
    return _data_words("speech_nouns.txt")


@cache
def naming_cues() -> frozenset[str]:
    """Words before a quoted term that make it a name or scare quote ("so-called")."""
    return _data_words("naming_cues.txt")
