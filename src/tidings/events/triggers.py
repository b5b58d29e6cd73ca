"""Trigger matching: which rule of the lexicon a verb or event noun fires, read from its dependents
(particles, prepositions, objects, complements), hyphenated words and the nouns a frame noun names."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Token

from .. import dates
from ..syntax import is_infinitive
from .lexicon import NO_EVENT, Rules, TriggerRule, frame_nouns

COMPLEMENTS = frozenset({"xcomp", "ccomp"})

NOUN_POS = frozenset({"NOUN", "PROPN"})


def prepositions_of(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "prep" or (child.dep_ == "agent"):
            yield child


def rule_matches(rule: TriggerRule, token: Token) -> bool:
    """Whether every cue of `rule` holds on `token`."""
    return all(cue_holds(token, kind, allowed) for kind, allowed in rule.cues)


def cue_holds(token: Token, kind: str, allowed: frozenset[str]) -> bool:
    if kind == "prt":
        return any(c.dep_ == "prt" and c.lower_ in allowed for c in token.children)
    if kind == "prep":
        return any(p.lower_ in allowed and not _says_when(p) for p in prepositions_of(token))
    if kind == "obj":
        return any(not allowed.isdisjoint(cue_words(o)) for o in cue_objects(token))
    if kind == "comp":
        comps = [c for c in token.children if c.dep_ in COMPLEMENTS]
        return bool(comps) and (not allowed or any(c.lemma_.lower() in allowed for c in comps))
    if kind == "pass":
        return any(c.dep_ in COMPLEMENTS and c.lemma_.lower() in allowed
                   and any(a.dep_ == "auxpass" for a in c.children) for c in token.children)
    if kind == "inf":
        infinitives = [c for c in token.children if c.dep_ == "xcomp" and is_infinitive(c)]
        return bool(infinitives) and (not allowed or any(c.lemma_.lower() in allowed for c in infinitives))
    if kind == "objent":
        return any(o.ent_type_ in allowed for o in cue_objects(token))
    if kind == "mod":
        return any(c.lemma_.lower() in allowed or c.lower_ in allowed for c in token.children)
    if kind.endswith(">"):
        prep = kind[:-1]
        for p in prepositions_of(token):
            if p.lower_ == prep or (p.lower_ in ("out", "by") and prep == p.lower_):
                objects = [o for o in p.children if o.dep_ in ("pobj", "pcomp")]
                if not allowed and objects and not _says_when(p):
                    return True
                if any(not allowed.isdisjoint(cue_words(o)) for o in objects):
                    return True
        return False
    return False


@cache
def _calendar_words() -> frozenset[str]:
    """The date grammar's unit, weekday and month words ("day", "monday", "may")."""
    grammar = dates.grammar()
    return frozenset(word for table in ("units", "weekdays", "months") for word in grammar[table])


def _says_when(preposition: Token) -> bool:
    """Whether a preposition's object is a time ("called on Monday for a ceasefire", "on the day
    she was to remarry"): it dates the act and names no party or thing the cue asks for."""
    objects = [o for o in preposition.children if o.dep_ == "pobj"]
    return bool(objects) and all(
        o.ent_type_ in ("DATE", "TIME")
        or (not o.ent_type_ and o.lower_ in _calendar_words()
            and not any(c.dep_ == "compound" for c in o.children))  # not "Theresa May"
        for o in objects)


def cue_words(noun: Token) -> set[str]:
    """The words a cue may name a noun by: its lemma and form, a hyphenated word it heads ("walk-out"),
    and, for a noun that frames an event ("a state of siege", "peace efforts"), the framed noun's."""
    words = {noun.lemma_.lower(), noun.lower_, *_hyphen_forms(noun)}
    if noun.lemma_.lower() in frame_nouns():
        for framed in _framed(noun):
            words |= {framed.lemma_.lower(), framed.lower_, *_hyphen_forms(framed)}
    return words


def _framed(noun: Token) -> Iterator[Token]:
    """The nouns a frame noun is about: its "of" object ("a round of talks") or compound ("peace efforts")."""
    for child in noun.children:
        if child.dep_ == "compound" and child.pos_ in NOUN_POS:
            yield child
        elif child.dep_ == "prep" and child.lower_ == "of":
            yield from (o for o in child.children if o.dep_ == "pobj" and o.pos_ in NOUN_POS)


def noun_words(noun: Token | None) -> tuple[Token, ...]:
    """The tokens naming a noun a cue matched: its hyphenated parts and the nouns it frames."""
    if noun is None:
        return ()
    framed = _framed(noun) if noun.lemma_.lower() in frame_nouns() else ()
    return (noun, *hyphenated(noun), *(t for f in framed for t in (f, *hyphenated(f))))


def hyphenated(token: Token) -> tuple[Token, ...]:
    """The parts of the hyphenated word `token` is the head of ("walk-out", "face-to-face"), else ()."""
    doc = token.doc
    start = end = token.i
    # most words have no hyphen beside them (one after a word joins only when the word has no space after it)
    if not (start > 0 and doc[start - 1].text in HYPHENS
            or not token.whitespace_ and start + 1 < len(doc) and doc[start + 1].text in HYPHENS):
        return ()

    def joined(left: int) -> bool:  # tokens left and left + 2 joined by a hyphen, no spaces around it
        return (0 <= left and left + 2 < len(doc) and doc[left + 1].text in HYPHENS
                and not doc[left].whitespace_ and not doc[left + 1].whitespace_)

    while joined(start - 2):
        start -= 2
    while joined(end):
        end += 2
    if start == end or not all(start <= t.head.i <= end for t in doc[start:end + 1] if t.i != token.i):
        return ()
    return tuple(doc[i] for i in range(start, end + 1, 2))


HYPHENS = frozenset({"-", "\u2010", "\u2011"})


def _hyphen_forms(token: Token) -> tuple[str, ...]:
    """A hyphenated word `token` heads, as written and without hyphens ("walk-out", "walkout")."""
    parts = hyphenated(token)
    if not parts:
        return ()
    words = [p.lower_ for p in parts[:-1]] + [parts[-1].lemma_.lower()]
    return "-".join(words), "".join(words)


def objects_of(token: Token) -> list[Token]:
    """Direct objects of a verb (with conjuncts), or the passive subject standing in for one."""
    found = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    for c in list(found):
        found.extend(c.conjuncts)
    return found


def described_noun(token: Token) -> Token | None:
    """The noun a past participle describes, which it acts on as on a passive subject ("a video
    released by the group", "fighters captured by US-backed forces"); None for any other word."""
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.head.pos_ in NOUN_POS:
        return token.head
    return None


def cue_objects(token: Token) -> list[Token]:
    """What an object cue reads: the verb's objects, and the noun it describes as a past participle."""
    found = objects_of(token)
    noun = described_noun(token)
    if noun is not None:
        found.append(noun)
    return found


def choose_rule(token: Token, rules: Rules) -> TriggerRule | None:
    """The most specific rule matching `token`; None when none does or the one that does names no event."""
    pos = "V" if token.pos_ == "VERB" else "N" if token.pos_ in NOUN_POS else None
    if pos is None:
        return None
    for lemma in (*_hyphen_forms(token), token.lemma_.lower()):
        for rule in rules.get((lemma, pos), ()):
            if rule_matches(rule, token):
                return None if rule.cameo == NO_EVENT else rule
    return None


def event_noun(token: Token, rules: Rules) -> Token | None:
    """`token` if it names an event, else an event noun compounded into it ("a mediation effort")."""
    if token.pos_ not in NOUN_POS:
        return None
    if choose_rule(token, rules):
        return token
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ in NOUN_POS and choose_rule(child, rules):
            return child
    if token.lemma_.lower() in frame_nouns():
        for prep in prepositions_of(token):
            if prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ in NOUN_POS and choose_rule(obj, rules):
                        return obj
    return None
