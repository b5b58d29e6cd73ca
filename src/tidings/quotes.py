"""Quotes: direct quote spans and their speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from .types import ActorMention, Quote


def find_quotes(doc: Doc, mentions: list[ActorMention]) -> list[Quote]:
    """Every direct quote in `doc` with its speaker resolved through `mentions` (pronouns included)."""
    return []
