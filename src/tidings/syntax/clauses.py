"""Clauses in the dependency parse: which word is a verb, the verb of a word's clause, the words of a
clause without the clauses below it that carry their own time, and what an expression hangs from."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span as SpacySpan, Token

SUBJECTS = ("nsubj", "nsubjpass", "expl")
# Clauses below a verb that carry their own time ("after talks that began in 2015", "said it ...")
OWN_TIME_CLAUSES = ("ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj")


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def own_clause(verb: Token) -> Iterator[Token]:
    """The words of `verb`'s clause: its subtree without the clauses below it that have their own time."""
    yield verb
    for child in verb.children:
        if child.dep_ in OWN_TIME_CLAUSES and is_verbal(child):
            continue
        yield from own_clause(child)


def relative_antecedent(subject: Token, verb: Token) -> Token:
    """'the SDF, which advanced': a relative pronoun subject stands for the noun its clause follows."""
    return verb.head if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else subject


def governing_verb(span: SpacySpan) -> Token | None:
    """The first verb above the expression in the parse (the verb it modifies), if any."""
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and not (span.start <= token.i < span.end):
            return token
    return token if token.pos_ in ("VERB", "AUX") else None


def attachment(span: SpacySpan) -> Token:
    """The token an expression hangs from: the first noun or verb above it, outside it."""
    token = span.root
    while token.head.i != token.i:
        token = token.head
        if span.start <= token.i < span.end:
            continue
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            return token
    return token


def clause_verb(token: Token) -> Token:
    """The verb of the clause a word belongs to (the word itself when it is a verb)."""
    while not (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")) and token.head.i != token.i:
        token = token.head
    return token
