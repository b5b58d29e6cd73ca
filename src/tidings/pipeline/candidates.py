"""Candidate sentences: which sentences of an article the parser, the NER and the event stages read.

Most sentences in a news story hold no event between political actors, and the parse is the cost.
A cheap pass (the tokenizer, paragraph breaks and spaCy's small `senter`) splits the text into
sentences and keeps a sentence as a candidate when both hold:

- one of its words is a form of a trigger lemma whose rule can fire there: every cue word the rule
  needs (its object, particle, preposition, ...) also occurs in the sentence in some form (a support
  verb needs an event noun, itself a trigger); or a verb of speech with a modal of obligation, or
  a verb of wanting with "to" (a demand or appeal to another party);
- something in it can be an actor: a word that starts an alias of the actor base, a pronoun that
  coreference resolves, or a capitalised word that is no stop word (a name the NER may find).

Each candidate that holds a pronoun is parsed together with the `context` sentences before it
(coreference looks back there for the actors its pronouns mean), and the parses are copied back into one Doc
of the whole text; an article whose runs to parse hold WHOLE_ABOVE of its tokens or more is parsed
whole. The other sentences keep their tokens and sentence boundaries, and nothing else:
no tags, lemmas, dependencies or entities, so the stages find nothing there, and the dates, quotes
and actors they hold are not reported. Surface forms come from the pipeline's own lemmatizer tables
(irregular forms) plus the regular English endings, so a form is never missed that the full parse
would lemmatise to a trigger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import (
    DEP, ENT_IOB, ENT_TYPE, HEAD, IS_ALPHA, IS_STOP, IS_TITLE, IS_UPPER, LEMMA, MORPH, NORM, ORTH, POS,
    SENT_START, SPACY, TAG,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import actors, coref, events, syntax
from ..syntax import columns
from .nlp import CUT_SENTENCES, PARAGRAPHS

SENTER = "senter"
#: Sentences before each candidate that are parsed with it, for coreference's antecedents.
CONTEXT = 1
#: The share of an article's tokens from which it is parsed whole: parsing the few sentences left
#: costs less than the pieces lose (a parse in pieces reads each piece without the words around it,
#: and coreference and quotes find less: on the Guardian sample, 8 of the 13 events the filter lost
#: in 80 articles were in the articles parsed in pieces above 90% of their tokens).
WHOLE_ABOVE = 0.9
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
OUTSIDE_ENTITY = 2  # ENT_IOB "O"


@dataclass(frozen=True, slots=True)
class Candidates:
    """Which sentences of a Doc the filter kept (token ranges [start, end)), which token runs were
    parsed (candidates with their context, merged), and how many sentences the cheap split found
    and how many of them were parsed."""

    sentences: tuple[tuple[int, int], ...]
    parsed: tuple[tuple[int, int], ...]
    total: int
    parsed_sentences: int

    def spans(self, doc: Doc) -> list[Span]:
        """The candidate sentences of `doc` as spans (where a learned reader should look)."""
        return [doc[start:end] for start, end in self.sentences]


@dataclass
class SentenceCount:
    """Sentences seen, kept as candidates and parsed, added up over articles."""

    total: int = 0
    candidates: int = 0
    parsed: int = 0

    def add(self, doc: Doc, found: Candidates | None) -> None:
        """Count one article: `found` from the filter, or None when `doc` was parsed whole."""
        if found is None:
            sentences = sum(1 for _ in doc.sents)
            self.total, self.candidates, self.parsed = (self.total + sentences, self.candidates + sentences,
                                                        self.parsed + sentences)
        else:
            self.total += found.total
            self.candidates += len(found.sentences)
            self.parsed += found.parsed_sentences

    def merge(self, other: SentenceCount) -> None:
        self.total += other.total
        self.candidates += other.candidates
        self.parsed += other.parsed


def regular_forms(lemma: str) -> set[str]:
    """The lemma with every regular English ending a verb or noun can take (over-generated: a
    form no word has costs nothing)."""
    forms = {lemma + end for end in ("", "s", "es", "d", "ed", "ing")}
    forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # stopped, planning
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return forms


@dataclass(frozen=True, slots=True)
class Words:
    """What the filter reads of each token of a Doc, read for the whole Doc in one call rather than
    from a Token made for each word of each sentence."""

    lower: list[str]
    spaced: list[bool]  # whitespace after the token
    name_like: list[bool]  # a capitalised or upper-case word that is no stop word ("Talabani", not "The")

    @classmethod
    def of(cls, doc: Doc) -> Words:
        spaced, alpha, title, upper, stop = doc.to_array([SPACY, IS_ALPHA, IS_TITLE, IS_UPPER, IS_STOP]).astype(bool).T
        return cls(columns.lower_case(doc), spaced.tolist(), (alpha & (title | upper) & ~stop).tolist())


@dataclass(frozen=True, slots=True)
class Filter:
    """What the cheap pass looks up: trigger forms → for each rule of that lemma, the sets of
    forms its cue words may take (all needed); and the words that may start or stand for an actor.
    Each check reads the sentence of tokens [start, end) of a Doc's `Words`."""

    triggers: dict[str, tuple[tuple[frozenset[str], ...], ...]]
    actor_words: frozenset[str]
    pronouns: frozenset[str]

    def rule_may_fire(self, words: Words, start: int, end: int) -> bool:
        """Whether a trigger rule can fire in the sentence: a trigger form with its cue words."""
        forms = surface_words(words, start, end)
        return any(self._fires(form, forms) for form in forms if form in self.triggers)

    def refers_back(self, words: Words, start: int, end: int) -> bool:
        """Whether the sentence holds a pronoun, which coreference resolves to an actor named before."""
        return not self.pronouns.isdisjoint(words.lower[start:end])

    def may_name_actor(self, words: Words, start: int, end: int) -> bool:
        """Whether something in the sentence can be an actor: an alias word, a pronoun, or a
        capitalised word that is no stop word ("Talabani negotiated", not "The talks")."""
        return any(words.name_like[start:end]) or not self.actor_words.isdisjoint(words.lower[start:end])

    def _fires(self, word: str, words: set[str]) -> bool:
        return any(all(not words.isdisjoint(cue) for cue in cues) for cues in self.triggers[word])


def surface_words(words: Words, start: int, end: int) -> set[str]:
    """The lowercased words of the sentence of tokens [start, end), and each hyphenated word whole,
    with and without its hyphens ("sit-in", "sitin"), as the event stage reads them."""
    lower, spaced = words.lower, words.spaced
    found = set(lower[start:end])
    i = start
    while i < end:
        parts = [lower[i]]
        # a hyphen has no case: its lower case is its text
        while i + 2 < end and lower[i + 1] in events.HYPHENS and not spaced[i] and not spaced[i + 1]:
            parts.append(lower[i + 2])
            i += 2
        if len(parts) > 1:
            found |= {"-".join(parts), "".join(parts)}
        i += 1
    return found


def _irregular_forms(language: Language) -> dict[str, set[str]]:
    """Lemma → its irregular forms ("say" → "said"), from the pipeline's lemmatizer exceptions."""
    if "lemmatizer" not in language.component_names:
        return {}
    lookups = getattr(language.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}
    table = lookups.get_table("lemma_exc")
    out: dict[str, set[str]] = {}
    for pos in ("verb", "noun"):
        for form, lemmas in table.get(pos, {}).items():
            for lemma in lemmas:
                out.setdefault(lemma, set()).add(form)
    return out


def _cue_forms(kind: str, allowed: frozenset[str], forms: dict[str, set[str]] | None = None
               ) -> list[frozenset[str]]:
    """The word sets a rule's cue needs in its sentence (none when the surface cannot tell)."""
    def inflected(words: Iterable[str]) -> frozenset[str]:
        out: set[str] = set()
        for word in words:
            out |= regular_forms(word) | (forms or {}).get(word, set())
        return frozenset(out)

    if kind.endswith(">"):
        return [frozenset({kind[:-1]})] + ([inflected(allowed)] if allowed else [])
    if kind in ("prt", "prep"):
        return [frozenset(allowed)] if allowed else []
    if kind == "inf":
        return [frozenset({"to"})] + ([inflected(allowed)] if allowed else [])
    if kind in ("obj", "comp", "mod") and allowed:
        return [inflected(allowed)]
    return []  # objent, and an empty set ("comp:" any complement)


def build_filter(language: Language, trigger_rules: tuple[events.TriggerRule, ...] = ()) -> Filter:
    irregular = _irregular_forms(language)
    triggers: dict[str, list[tuple[frozenset[str], ...]]] = {}
    lexicon = events.lexicon(trigger_rules)
    rules = [(lemma, tuple(rule.cues for rule in found)) for (lemma, _), found in lexicon.items()]
    # a speaker's demand of another party: a verb of speech with a modal of obligation in its clause
    obligation = (("mod", frozenset(events.obligation_words())),)
    rules += [(lemma, (obligation,)) for lemma in syntax.lexicon().speech]
    # an actor's appeal to another party: "wants Serbia to recognise", "called for Israel to halt"
    rules += [(lemma, ((("prep", frozenset({"to"})),),)) for lemma in events.appeal_governors()]
    for lemma, cue_lists in rules:
        needs = [tuple(need for kind, allowed in cues for need in _cue_forms(kind, allowed, irregular))
                 for cues in cue_lists]
        for form in regular_forms(lemma) | irregular.get(lemma, set()):
            triggers.setdefault(form, []).extend(needs)
    pronouns = set(coref.pronouns()) | set(coref.first_person())
    return Filter({form: tuple(set(needs)) for form, needs in triggers.items()},
                  actors.alias_openings() | frozenset(pronouns), frozenset(pronouns))


_FILTERS: dict[int, tuple[Language, tuple[object, object], Filter]] = {}


def filter_for(language: Language, trigger_rules: tuple[events.TriggerRule, ...] = ()) -> Filter:
    """The filter for `language`, built once per process and rebuilt when the trigger lexicon (a
    user's `trigger_rules`) or the actor base changes (user dictionaries)."""
    knowledge = (events.lexicon(trigger_rules), actors.alias_openings())
    cached = _FILTERS.get(id(language))
    if cached is not None and cached[0] is language and all(a is b for a, b in zip(cached[1], knowledge)):
        return cached[2]
    built = build_filter(language, trigger_rules)
    _FILTERS[id(language)] = (language, knowledge, built)
    return built


def can_filter(language: Language) -> bool:
    """Whether `language` has what the cheap pass needs (a `senter`, enabled or not)."""
    return SENTER in language.component_names


def windows(flags: list[bool], refers: list[bool], context: int = CONTEXT) -> list[tuple[int, int]]:
    """Runs [first, last + 1) of sentence numbers to parse: each candidate, with `context`
    sentences before it when it `refers` back (holds a pronoun), touching runs merged."""
    runs: list[tuple[int, int]] = []
    for number, flag in enumerate(flags):
        if not flag:
            continue
        start = max(0, number - context) if refers[number] else number
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], number + 1)
        else:
            runs.append((start, number + 1))
    return runs


def _split(language: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    """Tokens and sentences only: paragraph breaks, then `senter` for the rest."""
    paragraphs = language.get_pipe(PARAGRAPHS) if PARAGRAPHS in language.component_names else None
    docs = (language.make_doc(text) for text in texts)
    if paragraphs is not None:
        docs = (paragraphs(doc) for doc in docs)
    return language.get_pipe(SENTER).pipe(docs, batch_size=batch_size)


def parse(language: Language, texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1,
          context: int = CONTEXT, trigger_rules: tuple[events.TriggerRule, ...] = ()
          ) -> Iterator[tuple[Doc, Candidates]]:
    """Each text as a Doc parsed on its candidate sentences and their context, with the candidates
    (`trigger_rules`: a user's extra trigger rules, which make candidates too)."""
    pending: list[tuple[Doc, Candidates, list[Doc]]] = []
    for doc in _split(language, texts, batch_size):
        pending.append(_plan(language, doc, context, trigger_rules))
        if len(pending) >= batch_size:
            yield from _finish(language, pending, batch_size, n_process)
            pending = []
    yield from _finish(language, pending, batch_size, n_process)


def _flags(check: Filter, words: Words, sentences: list[tuple[int, int]]) -> list[bool]:
    """Candidates: a trigger rule may fire and an actor may be named."""
    return [check.may_name_actor(words, start, end) and check.rule_may_fire(words, start, end)
            for start, end in sentences]


def in_parsed(language: Language, doc: Doc, trigger_rules: tuple[events.TriggerRule, ...] = ()) -> Candidates:
    """The candidates among the sentences of `doc`, parsed whole (the full-parse path), so that the
    stages after the parse read the same candidates whichever path parsed it."""
    sentences = [(s.start, s.end) for s in doc.sents]
    flags = _flags(filter_for(language, trigger_rules), Words.of(doc), sentences)
    return Candidates(tuple(s for s, flag in zip(sentences, flags) if flag), ((0, len(doc)),), len(sentences),
                      len(sentences))


def _plan(language: Language, doc: Doc, context: int, trigger_rules: tuple[events.TriggerRule, ...]
          ) -> tuple[Doc, Candidates, list[Doc]]:
    """The candidates of a split Doc and the unparsed Docs of the token runs to parse."""
    check = filter_for(language, trigger_rules)
    sentences = [(s.start, s.end) for s in doc.sents]
    words = Words.of(doc)
    flags = _flags(check, words, sentences)
    refers = [flag and check.refers_back(words, start, end) for flag, (start, end) in zip(flags, sentences)]
    numbers = windows(flags, refers, context)
    runs = [(sentences[first][0], sentences[last - 1][1]) for first, last in numbers]
    parsed_sentences = sum(last - first for first, last in numbers)
    if runs and sum(end - start for start, end in runs) >= WHOLE_ABOVE * len(doc):
        runs, parsed_sentences = [(0, len(doc))], len(sentences)
    found = Candidates(tuple(s for s, flag in zip(sentences, flags) if flag), tuple(runs), len(sentences),
                       parsed_sentences)
    return doc, found, [_unparsed(language, doc[start:end]) for start, end in runs]


def _unparsed(language: Language, words: Span) -> Doc:
    """A new Doc of `words` with their tokens' texts, spaces and norms (the tokenizer's exceptions
    give some their own: "n't" → "not"), and nothing else, so that the parser and the NER read
    them as they read the same words in the whole text and set sentence boundaries themselves."""
    # read from the whole Doc's arrays in one call each, not from a Token made for each word
    orths, spaces, norms = words.doc.to_array([ORTH, SPACY, NORM])[words.start:words.end].T
    strings = language.vocab.strings
    piece = Doc(language.vocab, words=[strings[key] for key in orths.tolist()], spaces=spaces.astype(bool).tolist())
    piece.from_array([NORM], norms)
    return piece


def _finish(language: Language, pending: list[tuple[Doc, Candidates, list[Doc]]], batch_size: int,
            n_process: int) -> Iterator[tuple[Doc, Candidates]]:
    pieces = [piece for _, _, pieces in pending for piece in pieces]
    parsed = language.pipe(pieces, batch_size=batch_size, n_process=n_process)
    for doc, found, own in pending:
        yield _merge(doc, found.parsed, [next(parsed) for _ in own]), found


def _merge(doc: Doc, runs: tuple[tuple[int, int], ...], pieces: list[Doc]) -> Doc:
    """`doc` with each parsed piece's annotation copied onto its run of tokens."""
    if runs and len(pieces) == 1 and runs[0] == (0, len(doc)):
        return pieces[0]
    if not len(doc):
        return doc
    values = numpy.zeros((len(doc), len(PARSE_ATTRS)), dtype="uint64")
    values[:, PARSE_ATTRS.index(ENT_IOB)] = OUTSIDE_ENTITY
    starts = doc.to_array([SENT_START])
    for (start, end), piece in zip(runs, pieces):
        values[start:end] = piece.to_array(PARSE_ATTRS)
        starts[start:end] = piece.to_array([SENT_START])
    # every token's tree (children, edges) is laid out as its own root first, so that a Doc in
    # which nothing was parsed can be walked too; its dependency labels stay unset after
    rooted = numpy.zeros((len(doc), 2), dtype="uint64")
    rooted[:, 1] = doc.vocab.strings.add("ROOT")
    doc.from_array([HEAD, DEP], rooted)
    doc.from_array(PARSE_ATTRS, values)
    # loading heads recomputes sentence starts from the parse, which unparsed sentences lack
    doc.from_array([SENT_START], starts)
    if cuts := sum(piece.user_data.get(CUT_SENTENCES, 0) for piece in pieces):
        doc.user_data[CUT_SENTENCES] = cuts
    return doc
