"""Where an event happened: the place a locative preposition attaches to its trigger or to one of its
arguments, never merely any place in the same sentence."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from ..syntax.words import preposition_weights, prepositions
from ..types import Place
from .gazetteer import gazetteer, place_object_lemmas

#: Dependencies that stay inside one clause when walking from a place up to the event trigger.
CLAUSE_INTERNAL = frozenset({"pobj", "prep", "dobj", "nsubj", "nsubjpass", "compound", "poss", "appos",
                             "npadvmod", "attr", "agent", "dative", "pcomp", "nmod", "amod", "conj", "oprd",
                             "advmod"})


def _path_to(token: Token, anchor: int, limit: int = 7) -> tuple[int, str | None, str | None] | None:
    """Steps from `token` up to the anchor within its clause (not counting partitive "of" hops), the nearest
    preposition on the way, and the nearest one that is not a partitive "of" ("on the whole of the Idlib
    region", "in the resort of Sochi")."""
    nearest: str | None = None
    locative: str | None = None
    steps = partitive = 0
    current = token
    while current.i != anchor:
        if steps >= limit or current.head is current or current.dep_ not in CLAUSE_INTERNAL:
            return None
        if steps and current.pos_ in ("VERB", "AUX"):
            return None  # another verb's clause ("accused Russia of moving troops near Tbilisi")
        if current.dep_ == "pobj" and current.head.dep_ == "prep":
            word = current.head.lower_
            nearest = nearest or word
            if locative is None and word != "of":
                locative = word
            elif locative is None:
                partitive += 2  # the "of" and its head noun do not take the place further away
        current = current.head
        steps += 1
    return (steps - partitive if locative else steps), nearest, locative


def is_country(place: Place) -> bool:
    """Whether `place` is a country as a whole (not a town or region in it)."""
    entry = gazetteer().countries.get(place.country or "")
    return entry is not None and entry.place.geonames == place.geonames


def _anchors(trigger: Token) -> dict[int, float]:
    """Tokens a place may attach to, with a penalty: the trigger; the participle describing a noun trigger
    ("a summit held in Tehran"); the verb a noun trigger is an argument of ("carried out airstrikes in
    Idlib", "travel to Paris for talks")."""
    anchors = {trigger.i: 0.0}
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "acl" and child.pos_ == "VERB":
                anchors.setdefault(child.i, 0.5)
    argument = trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "csubj", "attr", "pobj")
    if argument and trigger.head is not trigger:
        governor = trigger.head.head if trigger.dep_ == "pobj" else trigger.head
        if governor.pos_ in ("VERB", "AUX"):
            anchors.setdefault(governor.i, 1.0)
    return anchors


def _lexical(trigger: Token, via: str) -> bool:
    """Whether the lexicon says the trigger's place argument through `via` is where its event happened."""
    pos = "N" if trigger.pos_ in ("NOUN", "PROPN") else "V"
    return (trigger.lemma_.lower(), pos, via) in place_object_lemmas()


def _attachment(trigger: Token, head: Token, place: Place, anchor: int) -> float | None:
    """How strongly a place whose root is `head` attaches to `anchor` as the event's location, or None."""
    path = _path_to(head, anchor)
    if path is None:
        return None
    steps, nearest, prep = path
    direct = trigger.i == anchor
    if nearest is None:
        if steps != 1 or not direct:
            return None
        if head.dep_ in ("compound", "poss", "nmod", "amod"):
            return 2.0  # "the Idlib offensive", "Syria's war"
        if head.dep_ in ("dobj", "nsubjpass") and _lexical(trigger, "obj"):
            return 2.5  # "forces captured Raqqa", "Douma was bombed"
        return None
    if direct and steps == 2 and _lexical(trigger, nearest):
        return 2.5  # "the siege of Aleppo", "the battle for Hajin", "withdrew from Manbij", "into Syria"
    locative = preposition_weights("locative")
    if prep is None or prep not in locative:
        return None
    strength = locative[prep]
    # "travel to Paris for talks": the destination of the verb a purpose noun hangs from is the venue.
    purpose = trigger.dep_ == "pobj" and trigger.head.lower_ == "for" and trigger.head.head.i == anchor
    if prep not in prepositions("venue") and (is_country(place) or steps > 2 or not (direct or purpose)):
        return None
    return strength - 0.5 * (steps - 2)


def event_place(trigger: Token, places: list[tuple[int, int, Place]]) -> Place | None:
    """Where the event named by `trigger` happened, from the place mentions of its clause.

    A place counts when a locative preposition attaches it to the trigger ("talks in Istanbul"), to one of
    the trigger's arguments ("officials in Ankara said"), or to the verb a noun trigger is an argument of
    ("carried out airstrikes in Idlib"); so does a place that modifies the trigger noun ("the Idlib
    offensive") or is the object of a verb like capture or visit (data/places/place_object_lemmas.tsv).
    Nearer attachments and stronger prepositions ("in", "at") win; places in other clauses never count.
    """
    doc = trigger.doc
    sent = trigger.sent
    best: tuple[float, Place] | None = None
    anchors = _anchors(trigger)
    # places are in text order: only those starting in the sentence are looked at
    first = bisect_left(places, sent.start, key=lambda p: p[0])
    last = bisect_left(places, sent.end, lo=first, key=lambda p: p[0])
    for start, end, place in places[first:last]:
        if end > sent.end or start <= trigger.i < end:
            continue
        head = doc[start:end].root
        for anchor, penalty in anchors.items():
            strength = _attachment(trigger, head, place, anchor)
            if strength is not None:
                score = strength - penalty
                if best is None or score > best[0]:
                    best = (score, place)
                break
    return best[1] if best else None
