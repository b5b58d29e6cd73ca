"""Actors: the actor base shipped as data, mention finding in a Doc, and name resolution at a date."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from .types import ActorMention


def find_mentions(doc: Doc, *, when: date | None = None) -> list[ActorMention]:
    """Every actor mention in `doc`, resolved against the actor base at date `when`, in token order."""
    return []
