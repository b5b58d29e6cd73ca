"""Date expressions found in a parsed Doc: spaCy's DATE entities plus the ones it misses, widened and
cleaned, and the direction in time of the verb each one modifies."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span as SpacySpan

from ..syntax import attachment, governing_verb, time_orientation
from .calendar import ORDINAL, Orientation
from .resolve import grammar

DEADLINE_WORDS = frozenset({"by", "until", "till"})


NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT",
                           "MONEY", "PERCENT", "QUANTITY"})


@cache
def missed_pattern() -> re.Pattern[str]:
    """Expressions the entity recogniser often leaves out (or tags TIME): weekdays, day-month dates,
    deictic days and weeks, bare years."""
    g = grammar()
    weekday = "|".join(sorted((w.capitalize() for w in g["weekdays"] if len(w) > 3), key=len, reverse=True))
    month = "|".join(sorted((m.capitalize() for m in g["months"] if len(m) > 3 or m == "may"), key=len, reverse=True))
    # every alternative starts where a word starts, so one test up front rules out every other
    # position for all of them at once (the scan runs over the whole text: about 3x faster)
    return re.compile(
        r"(?=\b\w)(?:"
        rf"\b(?:(?:last|next|this) )?(?:{weekday})\b"
        rf"|\b\d{{1,2}} (?:{month})(?: \d{{4}})?\b|\b(?:{month}) \d{{1,2}}(?:, \d{{4}})?\b|\b(?:{month}) \d{{4}}\b"
        r"|\b(?:yesterday|today|tomorrow|tonight)\b"
        r"|\b(?:last|next|this|earlier this|later this) (?:week|month|year)\b"
        r"|(?<![\d,.£$€])\b(?:19|20)\d\d\b(?![\d,.%])"
        rf"|\b(?:that|in|since|until|by|during|early|late) (?:{month})\b"
        ")"
    )


def date_spans(doc: Doc, text: str) -> list[SpacySpan]:
    """DATE entities plus the expressions the entity recogniser missed in the doc's `text`, in text
    order, not overlapping."""
    spans = [e for e in doc.ents if e.label_ == "DATE"]
    taken = {t.i for s in spans for t in s}
    for match in missed_pattern().finditer(text):
        span = doc.char_span(*match.span(), alignment_mode="expand")
        if span is not None and len(span) > 1 and span[0].tag_ == "IN":
            span = span[1:]
        if span is None or any(t.i in taken for t in span):
            continue
        if any(t.ent_type_ in NAME_ENTITIES for t in span):
            continue  # part of a name ("Terrorism Act 2006", "Theresa May") or an amount
        spans.append(span)
        taken.update(t.i for t in span)
    return sorted((widen(s) for s in spans if not is_name_may(s)), key=lambda s: s.start)


def is_name_may(span: SpacySpan) -> bool:
    """A bare "May" that is a person ("talks with May in Downing Street"), not the month: no date
    word before it and no day or year after it."""
    if span.text != "May":
        return False
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end] if span.end < len(doc) else None
    dated_after = after is not None and after.like_num
    return not dated_after and before not in set(grammar()["leading_words"]) | {"that", "last", "next", "this"}


def widen(span: SpacySpan) -> SpacySpan:
    """The span with the words before it that change its meaning: a day number before a month
    ("15 [February 2016]"), "that" before a month ("that [May]"), an open or approximate count
    ("over [a year ago]", "nearly [two years ago]")."""
    g = grammar()
    doc, start = span.doc, span.start
    first = doc[start].lower_
    if start == 0:
        return span
    before = doc[start - 1]
    if first in g["months"] and ORDINAL.match(before.lower_) and not before.ent_type_:
        return doc[start - 1:span.end]
    if first in g["months"] or first in g["seasons"]:
        if before.lower_ in ("that", "same"):
            return doc[start - 1:span.end]
    if (first in g["numbers"] or first.isdigit()) and before.lower_ in set(g["approximate_words"]) | {"over", "than"}:
        if before.lower_ == "than" and start >= 2 and doc[start - 2].lower_ in ("more", "less"):
            return doc[start - 2:span.end]
        return doc[start - 1:span.end]
    return span


def clean_span(span: SpacySpan) -> SpacySpan:
    """The span without trailing possessives and punctuation ("Thursday's" → "Thursday")."""
    start, end = span.start, span.end
    while end > start + 1 and (span.doc[end - 1].is_punct or span.doc[end - 1].tag_ == "POS"):
        end -= 1
    while end > start + 1 and span.doc[start].is_punct:
        start += 1
    return span.doc[start:end]


def orientation_of(span: SpacySpan) -> Orientation | None:
    """Whether the verb an expression modifies points back (past tense) or forward (will, is to,
    plans to). A deadline ("by Wednesday", "until at least February") may lie on either side of
    its verb's time, so the nearer date wins; an expression that hangs from a noun ("his hearing
    on 1 March") has no tense."""
    if span.root.dep_ == "pobj" and span.root.head.lower_ in DEADLINE_WORDS:
        return "near"
    if attachment(span).pos_ in ("NOUN", "PROPN"):
        return None
    verb = governing_verb(span)
    return time_orientation(verb) if verb is not None else None
