"""Events: triggers (verbs and event nouns) → CAMEO code → PLOVER, with actor and recipient from the parse."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .dates import Timeline
from .types import ActorMention, Event, Place


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One lexicon entry: a lemma (verb "V" or event noun "N"), the cues it needs, and its CAMEO code.

    `cues` are (kind, allowed lemmas) pairs, all required: kind is one of
    prt (verb particle), prep (a preposition child), obj (direct object lemma),
    comp (lemma of an xcomp/ccomp verb), mod (any child lemma). Empty cues match any use.
    `source` names the lexicon file (or user dictionary) the rule came from, for the event's `why`.
    """

    lemma: str
    pos: str
    cues: tuple[tuple[str, frozenset[str]], ...]
    cameo: str
    source: str = "tidings lexicon"


def extract_events(
    doc: Doc,
    mentions: list[ActorMention],
    *,
    timeline: Timeline,
    places: list[tuple[int, int, Place]],
    published: str | None,
    article_id: str,
) -> list[Event]:
    """Every coded event in `doc`, in text order."""
    return []
