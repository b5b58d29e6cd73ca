"""Tense: whether a verb's clause points back or forward in time, read from its own auxiliaries, time
words and the verbs it is the infinitive of (dates dates a bare weekday or month by it; modality
reads a past narrative by it)."""

from __future__ import annotations

from spacy.tokens import Token

from .clauses import is_infinitive
from .cues import Cue, governor_key, lexicon, local_cues


def time_orientation(verb: Token, own: list[Cue] | None = None) -> str | None:
    """Whether the clause of `verb` points forward ("will meet", "is expected to sign", "is meeting")
    or back (past tense), for dating weekday and month names without a year; None when unclear.
    Only the verb's own auxiliaries count, and the verbs it is the infinitive of. `own` are the
    verb's own cues (`local_cues`) where the caller has read them."""
    lex = lexicon()
    node = verb
    cues = list(local_cues(node)) if own is None else list(own)
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
    if _governs_a_future_act(verb):
        return "future"
    if verb.tag_ in ("VBD", "VBN") or any("Past" in w.morph.get("Tense") for w in words[1:]):
        return "past"
    if verb.tag_ == "VBG" and any(w.lemma_ == "be" and "Pres" in w.morph.get("Tense") for w in words[1:]):
        return "future"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in lex.speech and verb.lemma_ != "be":
        return "future"
    return None


def past_tense(verb: Token) -> bool:
    """Whether the verb's own tense is past ("had to", "was expected"; not the participle of "is obliged")."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return any("Past" in a.morph.get("Tense") for a in auxiliaries)
    return verb.tag_ == "VBD" or "Past" in verb.morph.get("Tense")


def _governs_a_future_act(verb: Token) -> bool:
    """"(On Monday) the minister is due to visit", "is expected to sign": a present-tense governor
    of an infinitive that its lexicon entry makes future dates the act ahead; "was expected" does not."""
    if past_tense(verb):
        return False
    complements = [c for c in verb.children if c.dep_ == "xcomp"]
    complements += [c for p in verb.children if p.dep_ in ("acomp", "oprd") for c in p.children if c.dep_ == "xcomp"]
    key = governor_key(verb, None)
    return (key is not None and lexicon().governor[key] == "future"
            and any(is_infinitive(c) for c in complements))


def is_past_narrative(verb: Token) -> bool:
    """Simple past ("launched", "was killed", "did not engage") or pluperfect ("had fought"), not a
    present perfect that reaches into the present."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return is_simple_past(verb) or "had" in auxiliaries and verb.tag_ == "VBN"


def is_simple_past(verb: Token) -> bool:
    """Whether a verb tells a narrative past ("cut", "did not engage", "was killed"), not a
    present perfect ("has sent"), which reaches into the present."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & {"has", "have", "'s", "'ve", "will", "would", "'ll"}:
        return False
    return verb.tag_ == "VBD" or bool(auxiliaries & {"did", "was", "were"})
