"""Events: triggers (verbs and event nouns) → CAMEO code → PLOVER, with actor and recipient from the parse."""

from __future__ import annotations

from spacy.tokens import Doc

from .dates import Timeline
from .types import ActorMention, Event, Place


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
