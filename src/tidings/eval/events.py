"""Event scorer over labels/events.jsonl: hand-labelled Guardian sentences nobody tuned on.

Each label names one sentence (article id, character offsets), its main political event's type
(a PLOVER type, STATEMENT or NONE), mode, and actor/recipient country. Two readings are scored:

* **reader alone**: `tidings.reader.predict` on the sentence text; its most probable type must
  equal the label (top-1), over all labels and over the labels that name an event (neither NONE
  nor STATEMENT).
* **whole coder**: `tidings.code` on the article; the sentence's events are those whose trigger
  lies inside the labelled offsets, and the sentence's types are their PLOVER types, {"NONE"} when
  there are none (so a sentence of statements only reads {"STATEMENT"}). The type is right when
  the label's type is among them (the headline). Where it is, and the label names an event, the
  events of that type must include one with the label's mode (mode agreement), one whose actors
  hold the label's actor country, and one whose recipients hold its recipient country (each over
  the labels that name it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import reader
from ..pipeline.coder import code
from ..types import Event
from .labels import published
from .score import Score, ratio_text

NOT_EVENTS = (reader.NO_EVENT, "STATEMENT")


@dataclass(frozen=True, slots=True)
class SentenceOutcome:
    """What the reader and the coder made of one labelled sentence."""

    label: Mapping[str, Any]
    reader_top: str
    events: tuple[Event, ...]  # the coder's events with their trigger inside the sentence


def sentence_types(events: Iterable[Event]) -> set[str]:
    """The PLOVER types of a sentence's events, {"NONE"} when it has none."""
    return {event.plover for event in events} or {reader.NO_EVENT}


def tally(outcomes: Sequence[SentenceOutcome]) -> Score:
    """The scores of the module docstring over `outcomes`; the coder's type accuracy is the headline."""
    reader_right = reader_event_right = reader_events = coder_right = 0
    mode_right = mode_n = actor_right = actor_n = recipient_right = recipient_n = 0
    misses: list[dict[str, Any]] = []
    for outcome in outcomes:
        label = outcome.label
        wanted = label["event"]
        names_event = wanted not in NOT_EVENTS
        reader_right += outcome.reader_top == wanted
        if names_event:
            reader_events += 1
            reader_event_right += outcome.reader_top == wanted
        types = sentence_types(outcome.events)
        if wanted not in types:
            misses.append({**label, "got": sorted(types)})
            continue
        coder_right += 1
        if not names_event:
            continue
        same_type = [event for event in outcome.events if event.plover == wanted]
        if label.get("mode"):
            mode_n += 1
            mode_right += any(event.mode == label["mode"] for event in same_type)
        if label.get("actor"):
            actor_n += 1
            actor_right += any(a.country == label["actor"] for event in same_type for a in event.actor)
        if label.get("recipient"):
            recipient_n += 1
            recipient_right += any(r.country == label["recipient"] for event in same_type for r in event.recipient)
    details = {"reader top-1": ratio_text(reader_right, len(outcomes)),
               "reader top-1 on events": ratio_text(reader_event_right, reader_events),
               "mode agreement": ratio_text(mode_right, mode_n),
               "actor agreement": ratio_text(actor_right, actor_n),
               "recipient agreement": ratio_text(recipient_right, recipient_n)}
    return Score(coder_right, None, len(outcomes), details, tuple(misses))


def score_events(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                 limit: int | None = None) -> Score:
    """Reader-alone and whole-coder event scores over the labelled sentences of the first `limit`
    labelled articles (see the module docstring)."""
    coded = coded_sentences(labels, corpus, limit=limit)
    texts = [corpus[str(label["article"])]["text"][label["start"]:label["end"]] for label, _ in coded]
    readings = reader.predict(texts) if reader.available() else [None] * len(texts)
    outcomes = [SentenceOutcome(label, reading.event_type if reading else reader.NO_EVENT, inside)
                for (label, inside), reading in zip(coded, readings, strict=True)]
    return tally(outcomes)


def coded_sentences(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                    limit: int | None = None) -> list[tuple[Mapping[str, Any], tuple[Event, ...]]]:
    """Each label of the first `limit` labelled articles found in `corpus`, with the events
    `tidings.code` finds in its article whose trigger lies inside the label's offsets."""
    articles = list(dict.fromkeys(str(label["article"]) for label in labels if str(label["article"]) in corpus))
    chosen = set(articles[:limit])
    coded = {article: code(corpus[article]["text"], published(corpus[article]), article) for article in chosen}
    return [(label, tuple(event for event in coded[str(label["article"])].events
                          if label["start"] <= event.trigger.start and event.trigger.end <= label["end"]))
            for label in labels if str(label["article"]) in chosen]
