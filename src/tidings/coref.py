"""Who is meant: pronouns and descriptions resolved to actors the story already named."""

from __future__ import annotations

from spacy.tokens import Doc

from .types import ActorMention


def resolve_references(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """`mentions` plus a mention for each pronoun/description that refers back to one, in token order."""
    return list(mentions)
