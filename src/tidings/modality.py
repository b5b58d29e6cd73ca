"""Modality: whether an event is actual, historical, future, hypothetical or negated, as the text tells it.

`mode_of` reads the parse around the trigger word. It walks from the trigger up to the verb that
realises it ("held talks" → held) and through the verbs it is the complement of ("is expected to
sign", "refused to meet", "called for talks"), collecting cues from the lexicon in
data/modality/cues.tsv: negation, modal and future auxiliaries, governing verbs, modifiers of event
nouns, conditional subordinators. It stops at a reporting verb, so reported speech keeps the mode
of what is reported ("said Russia would not attend" is a negated attending). Time cues come last:
an event dated after publication is future, one dated well before it (or told in the pluperfect,
or by "then-President ...") is historical background.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from spacy.tokens import Token

from . import dates
from .types import Mode

# An event this much older than the article is background, not news.
HISTORICAL_AFTER = timedelta(days=180)

CLAUSE_LINKS = ("xcomp", "ccomp", "pcomp", "csubj", "csubjpass", "acl", "oprd")
NOUN_LINKS = ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "npadvmod", "dative", "conj", "nmod")
SUBJECTS = ("nsubj", "nsubjpass", "expl")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The modality cue words, by kind (see data/modality/cues.tsv)."""

    neg: frozenset[str]
    aux: dict[str, Mode]
    governor: dict[str, Mode]
    noun_mod: dict[str, Mode]
    mark: dict[str, Mode]
    time: dict[str, Mode]
    speech: frozenset[str]
    transparent: frozenset[str]
    historical: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The cue lexicon shipped as data."""
    text = resources.files("tidings").joinpath("data/modality/cues.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        table.setdefault(row["kind"], {})[row["cue"]] = row["mode"] or ""
    return Lexicon(
        neg=frozenset(table["neg"]),
        aux=table["aux"],  # type: ignore[arg-type]
        governor=table["governor"],  # type: ignore[arg-type]
        noun_mod=table["noun_mod"],  # type: ignore[arg-type]
        mark=table["mark"],  # type: ignore[arg-type]
        time=table["time"],  # type: ignore[arg-type]
        speech=frozenset(table["speech"]),
        transparent=frozenset(table["transparent"]),
        historical=frozenset(table["historical"]),
    )


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence for a mode: which mode, of what kind, and the words."""

    mode: str
    kind: str
    words: str
    token: int


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def local_cues(node: Token) -> Iterator[Cue]:
    """Cues on the node itself: its negation, auxiliaries, modifiers and subordinator."""
    lex = lexicon()
    for child in node.children:
        word = child.lower_.replace("’", "'")
        if child.dep_ == "neg" or (word in lex.neg and child.dep_ in ("det", "advmod", "preconj", "cc:preconj")):
            if word not in ("nor",) or child.dep_ == "preconj":
                yield Cue("negated", "neg", child.text, child.i)
        elif child.dep_ in ("aux", "auxpass") and word in lex.aux:
            yield Cue(lex.aux[word], "aux", child.text, child.i)
        elif child.dep_ == "mark" and word in lex.mark:
            yield Cue(lex.mark[word], "mark", child.text, child.i)
        elif child.dep_ in ("amod", "compound", "nmod", "advmod") and not is_verbal(node) and word in lex.noun_mod:
            yield Cue(lex.noun_mod[word], "noun_mod", child.text, child.i)
        elif child.dep_ in ("amod", "compound") and not is_verbal(node) and child.lemma_.lower() in lex.noun_mod:
            yield Cue(lex.noun_mod[child.lemma_.lower()], "noun_mod", child.text, child.i)
    if is_verbal(node):
        for argument in (c for c in node.children if c.dep_ in SUBJECTS + ("dobj",)):
            if any(d.dep_ == "det" and d.lower_ in ("no",) for d in argument.children):
                yield Cue("negated", "neg", f"no {argument.text}", argument.i)
    if is_verbal(node):
        yield from time_cues(node)
    if node.tag_ == "VBN" and any(c.lower_ == "had" and c.dep_ == "aux" for c in node.children):
        yield Cue("historical", "pluperfect", "had " + node.text, node.i)
    for subject in (c for c in node.children if c.dep_ in SUBJECTS):
        for word in subject.subtree:
            if word.lower_ in lexicon().historical and word.head.pos_ in ("NOUN", "PROPN") or word.lower_.startswith("then-"):
                yield Cue("historical", "then", word.text, word.i)
                break


def time_cues(verb: Token) -> Iterator[Cue]:
    """Forward time words among the verb's adverbials ("meet next week", "on the coming Friday"),
    but not anchored ones ("the next day" counts from the story, not from today)."""
    lex = lexicon()
    for child in verb.children:
        if child.dep_ not in ("npadvmod", "prep", "advmod", "tmod", "obl"):
            continue
        for word in child.subtree:
            if word.lower_ in lex.time and not any(d.lower_ in ("the", "that") for d in word.head.children):
                yield Cue(lex.time[word.lower_], "time", " ".join(t.text for t in child.subtree), word.i)
                return


def governor_key(governor: Token, via: Token | None) -> str | None:
    """The lexicon key for a governing word: "lemma particle" for phrasal uses ("call for"), else the lemma."""
    lex = lexicon()
    lemma = governor.lemma_.lower()
    particles = [c.lower_ for c in governor.children if c.dep_ == "prt"]
    if via is not None:
        particles.append(via.lower_)
    for particle in particles:
        if f"{lemma} {particle}" in lex.governor:
            return f"{lemma} {particle}"
    if lemma in lex.governor:
        return lemma
    if governor.lower_ in lex.governor:
        return governor.lower_
    return None


def step_up(node: Token) -> tuple[Token, Token | None] | None:
    """The word above `node` whose mode it shares, and the preposition between them, or None at a
    clause boundary (adverbial and relative clauses, the root)."""
    head = node.head
    if head.i == node.i:
        return None
    dep = node.dep_
    via = None
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        via, head = head, head.head
    elif dep == "pcomp" and head.dep_ == "prep":
        via, head = head, head.head
    if dep == "conj":
        has_own = any(c.dep_ in SUBJECTS + ("aux", "auxpass", "neg") for c in node.children)
        return None if has_own else (head, None)
    if is_verbal(node):
        return (head, via) if dep in CLAUSE_LINKS else None
    return (head, via) if dep in NOUN_LINKS + ("acl", "prep") else None


def chain_cues(trigger: Token) -> tuple[list[Cue], bool]:
    """Every cue on the way from the trigger up to the clause that asserts it, and whether that
    clause is reported speech."""
    lex = lexicon()
    cues = list(local_cues(trigger))
    node = trigger
    for _ in range(12):
        step = step_up(node)
        if step is None:
            return cues, False
        head, via = step
        lemma = head.lemma_.lower()
        key = governor_key(head, via)
        if lemma in lex.speech and is_verbal(head) and key is None:
            return cues, True
        head_cues = list(local_cues(head))
        if key is not None and not (node.dep_ == "conj"):
            mode = lex.governor[key]
            if mode == "negated" and any(c.kind == "neg" for c in head_cues):
                # "did not rule out sending troops": two negations leave a possibility
                cues.append(Cue("hypothetical", "governor", f"not {key}", head.i))
                head_cues = [c for c in head_cues if c.kind != "neg"]
            else:
                cues.append(Cue(mode, "governor", key, head.i))
        elif is_verbal(node) and node.dep_ != "conj" and lemma not in lex.transparent and is_verbal(head):
            return cues, False
        cues.extend(head_cues)
        node = head
    return cues, False


def time_orientation(verb: Token) -> str | None:
    """Whether the clause of `verb` points forward ("will meet", "is expected to sign", "is meeting")
    or back (past tense), for dating weekday and month names without a year; None when unclear.
    Only the verb's own auxiliaries count, and the verbs it is the infinitive of."""
    lex = lexicon()
    node = verb
    cues = list(local_cues(node))
    while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        head = node.head
        key = governor_key(head, None)
        if key is not None and lex.governor[key] in ("future", "hypothetical"):
            return "future"
        cues += local_cues(head)
        node = head
    if any(c.mode in ("future", "hypothetical") and c.kind in ("aux", "time") for c in cues):
        return "future"
    words = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ in ("VBD", "VBN") or any("Past" in w.morph.get("Tense") for w in words[1:]):
        return "past"
    if verb.tag_ == "VBG" and any(w.lemma_ == "be" and "Pres" in w.morph.get("Tense") for w in words[1:]):
        return "future"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in lex.speech and verb.lemma_ != "be":
        return "future"
    return None


def _reason(cue: Cue) -> str:
    if cue.kind == "neg":
        return f"negated by '{cue.words}'"
    if cue.kind == "mark":
        return f"conditional: '{cue.words}'" if cue.mode == "hypothetical" else f"{cue.mode}: '{cue.words}'"
    if cue.kind == "pluperfect":
        return f"historical: pluperfect '{cue.words}'"
    if cue.kind == "then":
        return f"historical: '{cue.words}'"
    if cue.kind == "governor":
        return f"{cue.mode}: governed by '{cue.words}'"
    return f"{cue.mode}: '{cue.words}'"


def mode_of(trigger: Token, *, event_date: str | None, published: str | None) -> tuple[Mode, str]:
    """The mode of the event named by `trigger`, and the reason in words (for the event's `why`)."""
    cues, reported = chain_cues(trigger)
    if reported:
        cues = [Cue("future", c.kind, c.words, c.token) if c.kind == "aux" and c.words.lower() in ("would", "'d") else c
                for c in cues]
    for cue in cues:
        if cue.kind == "mark" and cue.mode == "hypothetical":
            return "hypothetical", _reason(cue)
    for mode in ("negated", "hypothetical", "future"):
        for cue in cues:
            if cue.mode == mode:
                return mode, _reason(cue)  # type: ignore[return-value]
    published_day = _day(published)
    if event_date and published_day is not None:
        try:
            start = dates.parse_iso(event_date).day
            end = dates.period_end(event_date)
        except ValueError:
            start = end = None
        if start is not None and end is not None:
            if start > published_day:
                return "future", f"future: dated {event_date}"
            if published_day - end > HISTORICAL_AFTER:
                return "historical", f"historical: dated {event_date}"
    for cue in cues:
        if cue.kind == "then":
            return "historical", _reason(cue)
    for cue in cues:
        if cue.mode == "historical" and (event_date is None or event_date == published):
            return "historical", _reason(cue)
    return "actual", "no modal, negation or time cue"


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
