"""The candidate filter's cost: how many of the full parse's events a filtered coding loses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..types import Actor, CodedArticle, Event


def _party(actor: Actor) -> tuple[str | None, str | None, str]:
    return (actor.country, actor.sector, actor.name or actor.text.lower())


def lost_events(full: Sequence[CodedArticle], filtered: Sequence[CodedArticle]) -> tuple[int, int]:
    """(events of the full-parse coding, how many of them the filtered coding of the same articles
    lacks): an event is kept when the filtered coding has one of the same PLOVER type and CAMEO
    code, actors and recipients whose trigger lies in the full event's sentence."""
    total = lost = 0
    for whole, kept in zip(full, filtered, strict=True):
        found: dict[tuple[Any, ...], list[int]] = {}
        for event in kept.events:
            found.setdefault(_event_parties(event), []).append(event.trigger.start)
        for event in whole.events:
            total += 1
            starts = found.get(_event_parties(event), [])
            if not any(event.evidence.start <= start < event.evidence.end for start in starts):
                lost += 1
    return total, lost


def _event_parties(event: Event) -> tuple[Any, ...]:
    return (event.plover, event.cameo, tuple(sorted(map(_party, event.actor), key=str)),
            tuple(sorted(map(_party, event.recipient), key=str)))
