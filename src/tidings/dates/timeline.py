"""The story's timeline: every date expression resolved in reading order, and the date each event takes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..syntax import attachment, clause_verb, is_simple_past
from ..types import DateMention, Span
from .calendar import Point, is_background
from .resolve import resolve
from .spans import clean_span, date_spans, orientation_of


@dataclass(frozen=True, slots=True)
class Timeline:
    """The article's resolved dates, and the date each sentence's events default to.

    `carried` maps a sentence's first token to the background date a past-tense narrative carries
    into it from the sentences before ("In 2011, Erdoğan adopted ... He also cut a deal ...").
    """

    mentions: tuple[tuple[int, int, DateMention], ...]  # (token start, token end, mention)
    dateline: str | None
    doc: Doc | None = None
    carried: dict[int, str] = field(default_factory=dict)

    def date_for(self, token_index: int) -> str | None:
        """The date of an event whose trigger is token `token_index`: a date attached to the trigger
        or its clause, else to a clause above it in the sentence (the verb it is the complement or
        conjunct of, the sentence's main verb), else the background date a past-tense narrative
        carries, else the dateline."""
        if self.doc is None:
            return self.dateline
        doc = self.doc
        trigger = doc[token_index]
        sentence = trigger.sent
        path = dating_path(trigger)
        best: tuple[int, int] | None = None
        value = None
        for start, end, mention in self.starting_in(sentence.start, sentence.end):
            if mention.value is None:
                continue
            attached = attachment(doc[start:end])
            if attached not in path:
                continue
            key = (path.index(attached), min(abs(token_index - start), abs(token_index - end + 1)))
            if best is None or key < best:
                best, value = key, mention.value
        if value is not None:
            return value
        antecedent = self.antecedent_date(path[-1])
        if antecedent is not None:
            return antecedent
        carried = self.carried.get(sentence.start)
        if carried is not None and is_simple_past(clause_verb(trigger)):
            return carried
        return self.dateline


    def antecedent_date(self, clause: Token) -> str | None:
        """The date a "when" clause takes from the time expression it modifies ("a year ago,
        when Trump ordered a strike"; "since 2015, when a ceasefire broke down")."""
        if clause.dep_ not in ("relcl", "advcl", "acl"):
            return None
        head = clause.head.i
        # mentions do not overlap, so only the last one starting at or before the head can hold it
        before = self.starting_in(0, head + 1)
        if before and before[-1][1] > head and before[-1][2].value is not None:
            return before[-1][2].value
        return None

    def starting_in(self, start: int, end: int) -> Sequence[tuple[int, int, DateMention]]:
        """The mentions that start in tokens [start, end) (found by bisection: they are in text order)."""
        return mentions_starting_in(self.mentions, start, end)


def mentions_starting_in(mentions: Sequence[tuple[int, int, DateMention]], start: int, end: int
                         ) -> Sequence[tuple[int, int, DateMention]]:
    """The slice of `mentions` (in text order) whose first token is in [start, end)."""
    first = bisect_left(mentions, start, key=lambda m: m[0])
    return mentions[first:bisect_left(mentions, end, lo=first, key=lambda m: m[0])]


# Clauses whose time is their own: relative clauses, participles after a noun, "after ..." clauses.
OWN_TIME_DEPS = frozenset({"relcl", "acl", "appos", "parataxis"})

OWN_TIME_MARKS = frozenset({"after", "before", "since", "until", "when", "once", "while", "as"})


def dating_path(trigger: Token) -> list[Token]:
    """The trigger, then the words above it whose date it takes: the nouns and verb of its own
    clause, then the clauses it is a complement or conjunct of, up to a clause with its own time."""
    path = [trigger]
    token = trigger
    while token.head.i != token.i:
        if token.dep_ in OWN_TIME_DEPS and not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            break
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in OWN_TIME_MARKS for c in token.children):
            break
        if token.dep_ in ("pobj", "pcomp") and token.head.lower_ in OWN_TIME_MARKS:
            break  # "after meeting Putin", "after the summit"
        token = token.head
        path.append(token)
    return path


def build_timeline(doc: Doc, published: date | None, *, text: str | None = None) -> Timeline:
    """Resolve every date expression in `doc` against `published` and the story's own chain of dates.
    `text` is the doc's text where the caller has read it (Doc.text joins every token afresh)."""
    dateline = published.isoformat() if published else None
    if published is None:
        return Timeline(mentions=(), dateline=None, doc=doc)
    anchor: Point | None = None
    story_year: tuple[int, int] | None = None  # (sentence number, year) of the last dated other year
    mentions: list[tuple[int, int, DateMention]] = []
    sentences = list(doc.sents)
    sentence_starts = [sent.start for sent in sentences]
    for raw in date_spans(doc, doc.text if text is None else text):
        span = clean_span(raw)
        sentence = bisect_right(sentence_starts, span.start) - 1
        opens_sentence = span.start - sentence_starts[sentence] <= 1
        recent_year = None
        if story_year and (story_year[0] == sentence or (story_year[0] == sentence - 1 and not opens_sentence)):
            recent_year = story_year[1]
        resolution = resolve(span.text, published, orientation=orientation_of(span), anchor=anchor,
                             story_year=recent_year)
        if resolution.point is not None:
            anchor = resolution.point
            year = resolution.point.day.year
            story_year = (sentence, year) if year != published.year else None
        mention = DateMention(text=span.text, value=resolution.value,
                              span=Span(span.start_char, span.end_char, span.text))
        mentions.append((span.start, span.end, mention))
    return Timeline(mentions=tuple(mentions), dateline=dateline, doc=doc,
                    carried=narrative_dates(sentences, mentions, published))


def narrative_dates(sentences: list[SpacySpan], mentions: list[tuple[int, int, DateMention]],
                    published: date) -> dict[int, str]:
    """The background date each undated past-tense sentence carries from the sentence before it."""
    carried: dict[int, str] = {}
    previous: str | None = None
    for sentence in sentences:
        values = [m.value for _, _, m in mentions_starting_in(mentions, sentence.start, sentence.end)]
        dated = [v for v in values if v is not None]
        if dated:
            previous = dated[-1] if is_background(dated[-1], published) else None
        elif values or not is_simple_past(sentence.root):
            previous = None
        elif previous is not None:
            carried[sentence.start] = previous
    return carried
