"""Joining the learned reader's reading of a sentence (tidings.reader) with its rule events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Span as SpacySpan, Token

from .. import codebook, reader
from ..dates import Timeline
from ..types import Event, Place
from .arguments import Mentions, actors_of, identity
from .coding import sentence_events
from .finding import Candidate
from .lexicon import Rules, TriggerRule, model_codes


# How the learned reader's reading joins the rule events (`fuse`). Chosen on cross-validation
# folds (tidings eval --cv; docs/model.md).
NONE_ABOVE = 0.9  # a sentence naming no actor that the reader finds this surely free of political events

# loses its lexicon events
VETO_BELOW = 0.02  # a sole actual rule event whose penta class the reader finds less likely than this is dropped

# the reader adds an event of its type when this sure and no rule event has that type. At 0.5,
# most additions on news were wrong (on 50 Guardian articles, 100-150: 176 additions, about one
# in five right on reading a sample; at p >= 0.9, 31, about half right); the GSR sentences it
# was trained on it reads at p >= 0.96
ADD_ABOVE = 0.9

#: how an event the reader added begins its rule's source (and so its `why`), the reader's
#: type and probability after it
READER_ADDED = "the learned reader, "

MODEL_PRIOR = 0.75  # the added event's confidence, times the reader's probability

AGREE_BONUS = 0.15  # a rule event of the reader's type gains this much confidence, times the probability


def fuse(sent: SpacySpan, found: list[tuple[Event, Token]], reading: reader.SentenceReading,
          mentions: Mentions, timeline: Timeline, places: list[tuple[int, int, Place]],
          published: str | None, rules: Rules, *, add: bool = True) -> list[tuple[Event, Token]]:
    """Join the reader's reading of a sentence with its rule events (`add`: whether it may add one).

    Rules keep the CAMEO code, trigger, mode and date of what they found; the reader vetoes a
    sentence's sole actual rule event of a penta class it finds all but impossible here, raises the confidence of rule
    events of its own type (and gives them its recipient where they have none), and where no rule
    event has its type, it read who acts and its penta head reads the penta class of that type (its
    two heads, taught on different data, agree), adds one at the sentence's main verb with the actor
    and recipient it read.
    Every event's `why` says what the reader read and how sure it was.
    """
    kind, likely = reading.event_type, reading.type_probability
    said = f"{kind} p={likely:.2f}"
    fused = []
    for event, token in found:
        # the penta head read one event per sentence: it vetoes only a sentence's sole rule event
        if (len(found) == 1 and event.mode in ("actual", "historical")
                and reading.penta_probs[event.penta_class] < VETO_BELOW):
            continue
        if event.plover == kind:
            event = _with_model_recipient(event, token, reading, sent, mentions)
            event = replace(event, confidence=min(0.95, event.confidence + AGREE_BONUS * likely),
                            why=f"{event.why}; the learned reader agrees on the type ({said})")
        else:
            event = replace(event, why=f"{event.why}; the learned reader reads {said}")
        fused.append((event, token))
    if (not add or kind in (reader.NO_EVENT, "STATEMENT") or likely < ADD_ABOVE
            or any(e.plover == kind for e, _ in fused) or codebook.penta_of_plover(kind) != reading.penta):
        return fused
    candidate = _model_candidate(sent, reading, mentions)
    if candidate is not None:
        fused += sentence_events(sent, [candidate], mentions, timeline, places, published, rules)
    return fused


def _span_mentions(sent: SpacySpan, spans: Iterable[reader.RoleSpan], mentions: Mentions) -> list[int]:
    """Mentions overlapping the reader's role spans, in text order."""
    found: list[int] = []
    for span in spans:
        words = sent.char_span(span.start, span.end, alignment_mode="expand")
        for token in words if words is not None else ():
            found += [i for i in mentions.at(token) if i not in found]
    return found


def _with_model_recipient(event: Event, trigger: Token, reading: reader.SentenceReading, sent: SpacySpan,
                          mentions: Mentions) -> Event:
    if event.recipient or event.reciprocal:
        return event
    own = {identity(a) for a in event.actor}
    recipients = tuple(r for r in actors_of(_span_mentions(sent, reading.spans("T"), mentions), mentions, trigger)
                       if identity(r) not in own)
    if not recipients:
        return event
    return replace(event, recipient=recipients, why=f"{event.why}; recipient from the learned reader's span")


def _model_candidate(sent: SpacySpan, reading: reader.SentenceReading, mentions: Mentions) -> Candidate | None:
    """An event of the reader's type at the sentence's main verb, its arguments from the reader's spans
    (the parse fills a side the reader left empty).

    None when the reader read no actor (S or R) on an actor mention: a type with nobody read acting
    in it is too weak a claim to add an event on, and the parse would fill the actor with whatever
    is the subject, even the reader's own recipient."""
    codes = model_codes()
    kind = reading.event_type
    cameo = codes.get((kind, str(reading.penta))) or codes.get((kind, ""))
    if cameo is None:
        return None
    root = sent.root
    actors = _span_mentions(sent, (*reading.spans("S"), *reading.spans("R")), mentions)
    if not actors:
        return None
    recipients = [i for i in _span_mentions(sent, reading.spans("T"), mentions) if i not in actors]
    rule = TriggerRule(root.lemma_.lower(), "V", (), cameo,
                       source=f"{READER_ADDED}{kind} p={reading.type_probability:.2f}")
    return Candidate(root, (root,), rule, None, prior=MODEL_PRIOR * reading.type_probability,
                      actor_ix=tuple(actors), recipient_ix=tuple(recipients))
