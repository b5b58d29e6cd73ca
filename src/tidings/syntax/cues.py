"""Cue words on a word of the parse: the negations, auxiliaries, subordinators, governing verbs, event-noun
modifiers, time and background words of data/modality/cues.tsv (reporting words: the `reports` rows of
data/syntax/speech_words.tsv), found on a word and its dependents.
Modality weighs them into a mode; tense reads the clause's time from them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from .. import data
from ..types import Mode
from .clauses import SUBJECTS, is_verbal


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The modality cue words, by kind (see data/modality/cues.tsv)."""

    neg: frozenset[str]
    aux: dict[str, Mode]
    reported_future: frozenset[str]
    governor: dict[str, Mode]
    governor_other: dict[str, Mode]
    noun_mod: dict[str, Mode]
    mark: dict[str, Mode]
    temporal_mark: frozenset[str]
    time: dict[str, Mode]
    speech: frozenset[str]
    transparent: frozenset[str]
    obligation: frozenset[str]
    directive: frozenset[str]
    historical: frozenset[str]
    background: frozenset[str]
    condition: frozenset[str]
    climbing_prepositions: frozenset[str]
    realise: frozenset[str]
    dated_in: frozenset[str]
    past_periods: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The cue lexicon shipped as data."""
    table: dict[str, dict[str, str]] = {}
    for row in data.table("modality/cues.tsv"):
        table.setdefault(row["kind"], {})[row["cue"]] = row["mode"] or ""
    return Lexicon(
        neg=frozenset(table["neg"]),
        aux=table["aux"],  # type: ignore[arg-type]
        reported_future=frozenset(table["reported_future"]),
        governor=table["governor"],  # type: ignore[arg-type]
        governor_other=table["governor_other"],  # type: ignore[arg-type]
        noun_mod=table["noun_mod"],  # type: ignore[arg-type]
        mark=table["mark"],  # type: ignore[arg-type]
        temporal_mark=frozenset(table["temporal_mark"]),
        time=table["time"],  # type: ignore[arg-type]
        speech=frozenset(row["lemma"] for row in data.table("syntax/speech_words.tsv") if row["reports"]),
        transparent=frozenset(table["transparent"]),
        obligation=frozenset(table["obligation"]),
        directive=frozenset(table["directive"]),
        historical=frozenset(table["historical"]),
        background=frozenset(table["background"]),
        condition=frozenset(table["condition"]),
        climbing_prepositions=frozenset(table["climb"]),
        realise=frozenset(table["realise"]),
        dated_in=frozenset(table["dated_in"]),
        past_periods=frozenset(table["past_period"]),
    )


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence for a mode: which mode, of what kind, and the words."""

    mode: str
    kind: str
    words: str
    token: int


def local_cues(node: Token) -> Iterator[Cue]:
    """Cues on the node itself: its negation, auxiliaries, modifiers, subordinator, a conditional
    clause or "in case of" hanging from it, and background words."""
    lex = lexicon()
    verbal = is_verbal(node)
    if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in lex.neg:
        yield Cue("negated", "neg", node.head.text, node.head.i)  # "struck without consulting the US"
    for child in node.children:
        word = child.lower_.replace("’", "'")
        if child.dep_ == "neg" or (word in lex.neg and child.dep_ in ("det", "advmod", "preconj", "cc:preconj")):
            if word != "nor" or child.dep_ == "preconj":
                yield Cue("negated", "neg", child.text, child.i)
        elif child.dep_ in ("aux", "auxpass") and word in lex.aux:
            yield Cue(lex.aux[word], "aux", child.text, child.i)
        elif child.dep_ == "mark" and word in lex.mark:
            yield Cue(lex.mark[word], "mark", child.text, child.i)
        elif (child.dep_ in ("mark", "advmod") and word in lex.temporal_mark and node.dep_ == "advcl"
              and node.tag_ in ("VBZ", "VBP")):
            # "when Trump meets Putin": a present-tense time clause tells what is still to come
            yield Cue("future", "mark", f"{child.text} + present", child.i)
        elif child.dep_ == "advcl" and verbal and node.lemma_.lower() not in lex.speech | set(lex.governor):
            # "Russia would retaliate if ...", but "warned of a clash if ..." is an actual warning
            marks = [m.lower_ for m in child.children if m.dep_ == "mark"]
            if any(lex.mark.get(m) == "hypothetical" and m != "whether" for m in marks):
                yield Cue("hypothetical", "consequent", next(m for m in marks if m in lex.mark), child.i)
        elif child.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in lex.condition
                                          for o in child.children):
            yield Cue("hypothetical", "consequent", f"{child.text} case", child.i)
        elif child.dep_ in ("amod", "compound", "nmod", "advmod") and not verbal and word in lex.noun_mod:
            yield Cue(lex.noun_mod[word], "noun_mod", child.text, child.i)
        elif child.dep_ in ("acl", "amod") and not verbal and word in lex.noun_mod:
            yield Cue(lex.noun_mod[word], "noun_mod", child.text, child.i)  # "talks planned for May"
        elif child.dep_ in ("amod", "compound") and not verbal and child.lemma_.lower() in lex.noun_mod:
            yield Cue(lex.noun_mod[child.lemma_.lower()], "noun_mod", child.text, child.i)
        elif child.dep_ in ("advmod", "npadvmod", "prep") and verbal:
            phrase = " ".join(t.lower_ for t in child.subtree)
            if phrase in lex.neg:
                yield Cue("negated", "neg", phrase, child.i)  # "no longer"
            elif is_background_phrase(child, phrase):
                yield Cue("historical", "background", phrase, child.i)
    if verbal:
        for argument in (c for c in node.children if c.dep_ in SUBJECTS + ("dobj",)):
            if any(d.dep_ == "det" and d.lower_ == "no" for d in argument.children):
                yield Cue("negated", "neg", f"no {argument.text}", argument.i)
        yield from time_cues(node)
    for subject in (c for c in node.children if c.dep_ in SUBJECTS):
        for word in subject.subtree:
            if word.lower_ in lex.historical and word.head.pos_ in ("NOUN", "PROPN") or word.lower_.startswith("then-"):
                yield Cue("historical", "then", word.text, word.i)
                break
    if node.dep_ == "ROOT" and _asks(node):
        yield Cue("hypothetical", "question", "?", node.i)


QUOTE_MARKS = frozenset("”\"'’")


def _asks(root: Token) -> bool:
    """Whether the sentence of `root` ends in a question mark (closing quotes aside), read from the
    root's last word rather than the sentence's text, so that it costs the same in a long sentence."""
    token = root.right_edge
    while token.i > root.i and (token.is_space or token.text in QUOTE_MARKS):
        token = token.nbor(-1)
    return token.text.endswith("?")


def is_background_phrase(adjunct: Token, phrase: str) -> bool:
    """Whether an adjunct dates its verb well back ("previously", "more than 20 years ago"), but not
    "since taking office 15 years ago" (up to now), "not long ago" (recently) or a participle phrase
    with its own time ("following in the tradition of the brigades eight decades earlier")."""
    if adjunct.lower_ == "since" or adjunct.tag_ == "VBG" or phrase.startswith("not "):
        return False
    return any(phrase == b or phrase.endswith(" " + b) for b in lexicon().background)


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
    """The lexicon key for a governing word: "lemma particle" for phrasal uses ("call for") and
    "lemma adverb" for fixed ones ("has yet to"), else the lemma; a copula or "thought" takes its
    predicate's ("is likely to", "was possible for")."""
    lex = lexicon()
    lemma = governor.lemma_.lower()
    particles = [c.lower_ for c in governor.children if c.dep_ in ("prt", "advmod")]
    if via is not None:
        particles.append(via.lower_)
    for particle in particles:
        if f"{lemma} {particle}" in lex.governor:
            return f"{lemma} {particle}"
    if lemma in lex.governor:
        return lemma
    if governor.lower_ in lex.governor:
        return governor.lower_
    for predicate in (c for c in governor.children if c.dep_ in ("acomp", "oprd", "attr")):
        if predicate.lemma_.lower() in lex.governor:
            return predicate.lemma_.lower()
    return None


def governor_mode(key: str, governor: Token, node: Token) -> str:
    """The mode a governor gives its complement; "expected the US to show" (another's act) differs
    from "is expected to sign" (one's own)."""
    lex = lexicon()
    if key in lex.governor_other and (any(c.dep_ in SUBJECTS for c in node.children) or
                                      any(c.dep_ == "dobj" for c in governor.children)):
        return lex.governor_other[key]
    return lex.governor[key]
