"""First person inside quotes: "I" is the quote's speaker, "we" the side the speaker speaks for."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..quotes import Attribution, quoted_speakers
from ..types import Actor, ActorMention, Span
from .lexicon import first_person
from .mentions import Item, is_human

def first_person_items(doc: Doc, out: list[ActorMention], ordered: list[Item],
                       attributions: list[Attribution]) -> list[Item]:
    """ "I" and "we" inside each quote whose speaker (attributed among `out`) is a named mention of
    `out`; `ordered` holds the items behind `out`, in the same order."""
    table = first_person()
    covered = {i for m in out for i in range(m.start, m.end)}
    position = {id(m): k for k, m in enumerate(out)}
    found = []
    for words, speaker in quoted_speakers(doc, attributions):
        if speaker is None or id(speaker) not in position:
            continue
        root = ordered[position[id(speaker)]].named
        named = root.mention
        for token in words:
            plural = table.get(token.lower_)
            if plural is None or token.i in covered or token.pos_ not in ("PRON", "DET"):
                continue
            actor = _speaker_as(named, token, plural, doc)
            if actor is not None:
                mention = ActorMention(token.i, token.i + 1, token.i, actor, entity=None if plural else named.entity,
                                       kind="pronoun", gender=None if plural else named.gender, plural=plural)
                found.append(Item(mention, root=root))
    return found


def _speaker_as(named: ActorMention, token: Token, plural: bool, doc: Doc) -> Actor | None:
    """The actor a speaker's "I" (`plural` False) or "we" names: the speaker, or the side it speaks for."""
    span = Span(token.idx, token.idx + len(token), token.text)
    actor = replace(named.actor, text=token.text, span=span)
    if not is_human(named, doc):
        return actor if plural else None
    if not plural:
        return actor
    if not (actor.country and actor.sector):
        return None
    return replace(actor, name=None, role=None, wikidata=None, cameo=f"{actor.country}{actor.sector}")
