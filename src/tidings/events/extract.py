"""The events of a Doc: candidates in every sentence, the learned reader's readings, coding and
fusion, then one telling per event and the statements that only report another event dropped."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from .. import reader
from ..dates import Timeline
from ..syntax import columns
from ..types import Actor, ActorMention, Event, Place
from .arguments import Mentions
from .coding import sentence_events
from .finding import candidates_in
from .fusion import NONE_ABOVE, fuse
from .lexicon import TriggerRule, lexicon


def extract_events(
    doc: Doc,
    mentions: list[ActorMention],
    *,
    timeline: Timeline,
    places: list[tuple[int, int, Place]],
    published: str | None,
    article_id: str,
    use_model: bool = True,
    user_rules: tuple[TriggerRule, ...] = (),
    reader_sentences: Sequence[tuple[int, int]] | None = None,
) -> list[Event]:
    """Every coded event in `doc`, in text order.

    The learned reader (tidings.reader) reads, in one call per article, each sentence whose events
    its reading can change: one with a rule event, or one with an actor mention and a trigger
    rule's match among `reader_sentences` (token ranges: the candidate filter's sentences, where a
    trigger and an actor may be; None: any), and `fuse` joins its reading with the rule events
    (`use_model=False`, or `reader.switched_off()`, leaves the rules alone; `tidings eval` reports both).
    `user_rules` (a user's PETRARCH verbs dictionary, `read_user_rules`) are tried before the shipped
    lexicon, and where one matches, the reader neither drops nor adds to its events.
    """
    index = Mentions(mentions)
    rules = lexicon(user_rules)
    own = set(user_rules)
    heads = columns.head_indices(doc)
    sentences = []
    for sent in doc.sents:
        candidates = list(candidates_in(sent, rules, heads))
        # a user's dictionary wins where it matches: the reader neither drops nor adds to its events
        users = list(sentence_events(sent, [c for c in candidates if c.rule in own], index, timeline,
                                      places, published, rules))
        ours = list(sentence_events(sent, [c for c in candidates if c.rule not in own], index, timeline,
                                    places, published, rules))
        sentences.append((sent, ours, users, bool(candidates)))
    readings: dict[int, reader.SentenceReading] = {}
    if use_model and reader.available():
        # the reading changes only a sentence with rule events (it drops, vetoes or confirms them)
        # or one with an actor mention (an event it adds takes its actor from the mentions)
        # beyond the candidates, its additions were wrong in most of a sample of news sentences,
        # and reading costs about as much as parsing; where no trigger rule matched the parse, it
        # added 1 event in 354 sentences read (100 Guardian articles)
        may_add = _within(reader_sentences)
        read = [sent for sent, ours, _, triggered in sentences
                if ours or (triggered and may_add(sent) and _has_mention(sent, index))]
        readings = {sent.start: r for sent, r in zip(read, reader.predict([s.text for s in read]), strict=True)}
    events: list[Event] = []
    for sent, found, users, _ in sentences:
        reading = readings.get(sent.start)
        if reading is not None:
            if reading.type_probs.get(reader.NO_EVENT, 0.0) >= NONE_ABOVE and not _names_actor(sent, index):
                found = []
            found = fuse(sent, found, reading, index, timeline, places, published, rules, add=not users)
        found += users
        ordered = sorted(_once(_rank(found)), key=lambda pair: pair[1].i)
        events.extend(_drop_embedding_statements(ordered))
    return [replace(e, id=f"{article_id}-e{n}") for n, e in enumerate(events, start=1)]


def _within(ranges: Sequence[tuple[int, int]] | None) -> Callable[[SpacySpan], bool]:
    """Whether a sentence's root lies in one of the sorted token `ranges` (any sentence when None:
    the parser may draw a sentence's edges a token or two away from the cheap split's)."""
    if ranges is None:
        return lambda sent: True
    starts = [start for start, _ in ranges]

    def inside(sent: SpacySpan) -> bool:
        at = bisect_right(starts, sent.root.i) - 1
        return at >= 0 and sent.root.i < ranges[at][1]
    return inside


def _has_mention(sent: SpacySpan, mentions: Mentions) -> bool:
    return any(token.i in mentions.by_token for token in sent)


def _names_actor(sent: SpacySpan, mentions: Mentions) -> bool:
    """Whether an actor is named in `sent` (not only a pronoun or a description referring back):
    the reader learned NONE from sentences naming none, so its NONE counts only in such sentences."""
    return any(mentions.mentions[i].kind not in ("pronoun", "description")
               for token in sent for i in mentions.at(token))


def _parties(actors: tuple[Actor, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.country or a.name or a.text.lower() for a in actors}))


def _once(events: Iterable[tuple[Event, Token]]) -> list[tuple[Event, Token]]:
    """One event per type, parties and mode in a sentence: "held talks, the first negotiations in
    months" tells one meeting twice. The most confident telling stays."""
    best: dict[tuple[object, ...], tuple[Event, Token]] = {}
    for event, token in events:
        key = (event.plover, event.mode, _parties(event.actor), _parties(event.recipient))
        if key not in best or event.confidence > best[key][0].confidence:
            best[key] = (event, token)
    return list(best.values())


def _drop_embedding_statements(events: list[tuple[Event, Token]]) -> Iterable[Event]:
    """A statement whose reported clause holds an event that happened is only the way that event
    was told; one that reports plans, wishes or denials stays the statement it is."""
    facts = sorted(token.i for event, token in events if event.mode in ("actual", "historical"))
    for event, token in events:
        if event.plover == "STATEMENT" and _count_within(facts, token) > 0:
            continue
        yield event


def _count_within(positions: list[int], token: Token) -> int:
    """How many of the sorted token `positions` lie in `token`'s subtree, `token` itself left out:
    the subtree is the token range from its left to its right edge, so this takes log time where
    `is_ancestor` walks the tree for every pair."""
    inside = bisect_right(positions, token.right_edge.i) - bisect_left(positions, token.left_edge.i)
    return inside - (bisect_right(positions, token.i) - bisect_left(positions, token.i))


def _rank(events: list[tuple[Event, Token]]) -> Iterator[tuple[Event, Token]]:
    """Lower the confidence of events told inside another event's clause ("demanded that X ease ...")."""
    triggers = {token.i: token for _, token in events}.values()
    # the triggers whose subtree holds this one: those whose range starts at or before it and
    # does not end before it
    starts = sorted(other.left_edge.i for other in triggers)
    ends = sorted(other.right_edge.i for other in triggers)
    for event, token in events:
        nesting = bisect_right(starts, token.i) - bisect_left(ends, token.i) - 1
        if nesting:
            event = replace(event, confidence=max(0.05, event.confidence - 0.08 * nesting))
        yield event, token
