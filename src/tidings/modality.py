"""Modality: whether an event is actual, historical, future, hypothetical or negated, as the text tells it."""

from __future__ import annotations

from spacy.tokens import Token

from .types import Mode


def mode_of(trigger: Token, *, event_date: str | None, published: str | None) -> tuple[Mode, str]:
    """The mode of the event named by `trigger`, and the reason in words (for the event's `why`)."""
    return "actual", "no modal, negation or time cue"
