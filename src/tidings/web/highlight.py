"""Article text cut into segments for highlighting: which actors, triggers, quotes and event sentences cover each piece.

Spans overlap freely (a trigger sits inside its evidence sentence, an actor inside a quote), so the
text is cut at every span boundary and each piece carries the set of marks covering it; the page
then needs no nested markup and the script links text and coding through `data-` attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..types import CodedArticle, Event


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted span: `kind` is actor, trigger, evidence or quote; `ref` the event/quote key."""

    start: int
    end: int
    kind: str
    ref: str
    label: str = ""


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same marks."""

    text: str
    start: int
    kinds: set[str] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in sorted(self.kinds))

    @property
    def title(self) -> str:
        return "; ".join(dict.fromkeys(self.labels))


def event_key(position: int) -> str:
    """The page-local key of the article's `position`-th event (ids from the store may hold any character)."""
    return f"e{position}"


def actor_label(event: Event) -> str:
    def names(actors: tuple) -> str:
        return "+".join(a.cameo or a.country or a.name or a.text for a in actors) or "?"

    return f"{names(event.actor)} → {event.plover} ({event.cameo}) → {names(event.recipient)}"


def marks(article: CodedArticle) -> list[Mark]:
    """Every span worth highlighting in `article`, with offsets checked against its text."""
    found: list[Mark] = []
    for position, event in enumerate(article.events):
        key = event_key(position)
        found.append(Mark(event.evidence.start, event.evidence.end, "evidence", key))
        found.append(Mark(event.trigger.start, event.trigger.end, "trigger", key, actor_label(event)))
        for actor in (*event.actor, *event.recipient):
            if actor.span is not None:
                found.append(Mark(actor.span.start, actor.span.end, "actor", key,
                                  actor.name or actor.cameo or actor.text))
    for actor in article.actors:
        if actor.span is not None:
            found.append(Mark(actor.span.start, actor.span.end, "actor", "",
                              f"{actor.name or actor.text} ({actor.cameo or actor.country or '?'})"))
    for position, quote in enumerate(article.quotes):
        speaker = quote.speaker.name or quote.speaker.text if quote.speaker else quote.speaker_text
        found.append(Mark(quote.span.start, quote.span.end, "quote", f"q{position}",
                          f"quote by {speaker or 'unknown speaker'}"))
    size = len(article.text)
    return [m for m in found if 0 <= m.start < m.end <= size]


def segments(article: CodedArticle) -> list[Segment]:
    """`article.text` cut at every mark boundary, each piece knowing the marks that cover it."""
    text = article.text
    all_marks = marks(article)
    cuts = sorted({0, len(text), *(m.start for m in all_marks), *(m.end for m in all_marks)})
    starts = {cut: position for position, cut in enumerate(cuts)}
    pieces = [Segment(text[a:b], a) for a, b in zip(cuts, cuts[1:], strict=False)]
    for mark in all_marks:
        for piece in pieces[starts[mark.start]:starts[mark.end]]:
            piece.kinds.add(mark.kind)
            if mark.kind == "evidence":
                piece.evidence.append(mark.ref)
            elif mark.kind == "trigger":
                piece.triggers.append(mark.ref)
            elif mark.kind == "quote":
                piece.quotes.append(mark.ref)
            if mark.label:
                piece.labels.append(mark.label)
    return pieces
