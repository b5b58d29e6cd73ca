"""Places: place mentions resolved offline to a gazetteer entry, and where an event happened."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .types import Place


def find_places(doc: Doc) -> list[tuple[int, int, Place]]:
    """Every place mention in `doc` as (token start, token end, gazetteer entry)."""
    return []


def event_place(trigger: Token, places: list[tuple[int, int, Place]]) -> Place | None:
    """Where the event named by `trigger` happened, from the place mentions of its clause."""
    return None
