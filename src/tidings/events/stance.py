"""Stance: an event the actor tells as its own plan or refusal is also an act of intent, threat or
refusal taken now (data/lexicon/intent.tsv, intent_cues.tsv, commitment_verbs.tsv)."""

from __future__ import annotations

from spacy.tokens import Token

from .. import codebook, modality, syntax
from .lexicon import intent_cues, intent_table, own_word_governors


def _stance_code(cameo: str, *, refusal: bool) -> codebook.CameoCode | None:
    """The express-intent (03x), threat (13x) or refusal (12x) code for an event an actor says it
    will or will not carry out, by longest CAMEO prefix."""
    table = intent_table()
    for size in range(len(cameo), 1, -1):
        if cameo[:size] in table:
            code = table[cameo[:size]][1 if refusal else 0]
            return codebook.lookup(code) if code else None
    return None


ULTIMATUM = "139"


def stance_of(trigger: Token, code: codebook.CameoCode, mode: str) -> codebook.CameoCode | None:
    """What the actor did by telling the event as its own plan: intend, threaten, or refuse."""
    if mode not in ("future", "hypothetical", "negated") or not _own_intent(trigger):
        return None
    if mode == "negated":
        return _stance_code(code.code, refusal=True)
    conditional = any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        for c in trigger.children
    )
    stance = _stance_code(code.code, refusal=False)
    if conditional and stance is not None and stance.plover != "THREATEN":
        return codebook.lookup(ULTIMATUM)
    return stance


def _own_intent(trigger: Token) -> bool:
    """Whether the event is future by the actor's own word: "will give", "is willing to withdraw";
    not when the intent is someone else's ("the EU wants Serbia to recognise Kosovo")."""
    cues, reported = modality.chain_cues(trigger)
    if any(c.kind == "governor" and c.words not in own_word_governors() for c in cues):
        return False  # a future someone expects, fears or doubts ("HTS will be expected to evacuate")
    lex = syntax.lexicon()
    # "will give"; in reported speech also "said they would boycott"
    futures = {word for word, mode in lex.aux.items() if mode == "future"}
    if reported:
        futures |= lex.reported_future
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
    return any(
        (c.kind == "aux" and c.words.lower() in futures)
        or (c.kind == "governor" and c.words in intent_cues() and not own_subject)
        for c in cues
    )
