"""Coding one candidate: its actor and recipient from the parse and the context, its CAMEO code's
PLOVER type, Goldstein and quad class, its mode, date and place, its confidence and the `why`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Span as SpacySpan, Token

from .. import codebook, modality
from ..dates import Timeline
from ..places import event_place
from ..types import Actor, Event, Place, Span
from .arguments import (
    UNIDENTIFIED_ROOTS, Mentions, actors_of, agentless_passive, attending_actor, clause_subject, condition_subject,
    document_author, domestic_recipient, identity, noun_arguments, owned_by, recipient_tokens, situate,
    territory_recipient, unidentified_actor, verb_subject,
)
from ..syntax.words import prepositions
from .finding import Candidate
from .lexicon import Rules, clause_recipient_prefixes, known_code, reciprocal_prefixes
from .stance import stance_of
from .triggers import event_noun, objects_of, prepositions_of


THREAT_ROOT = "13"

# The PLOVER manual's event types that require a recipient ("Requires recipient: Yes").
REQUIRES_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})

# Force against a place is force against the country it lies in ("shelled the city of Kharkiv").
TERRITORIAL_ROOTS = ("15", "17", "18", "19", "20", "042")

# Where parties talk, promise or cooperate is a venue they may all have travelled to ("talks
# between the regime and the opposition in Vienna"): it gives no stateless party its country.
VENUE_ROOTS = ("03", "04", "05")

# A show of force's direct object is the force shown ("sent troops into Syria", "deployed
# warships") and a withdrawal's the force withdrawn ("withdrew American forces from Syria"), never
# the party it is aimed at or leaves.
FORCE_SHOWN_ROOT = "15"
FORCE_WITHDRAWN = "087"

# A news outlet told or spoken to is the channel the words go out on ("told the Guardian",
# "speaking to the BBC"), not a party: a statement keeps no such recipient, and a consultation
# with the press alone is an interview, not an event.
CHANNEL_SECTOR = "MED"
STATEMENT_ROOT, CONSULT_ROOT = "01", "04"

# A visit is a party's: civilians on the move ("people arriving every day", "foreign nationals
# travelled to Syria") and people the actor base cannot place are travellers, not visitors.
VISIT = "042"
CIVILIAN_SECTOR = "CVL"


def named_code(code: codebook.CameoCode) -> str:
    return f"CAMEO {code.code} ({code.name})"


def coded(base: Event, code: codebook.CameoCode, confidence: float, why: str) -> Event:
    if code.plover == "STATEMENT":
        confidence -= 0.2
    confidence *= MODE_WEIGHT[base.mode]
    return replace(
        base, plover=code.plover, cameo=code.code, goldstein=code.goldstein,
        quad_class=code.quad_class, penta_class=code.penta_class, plover_mode=code.plover_mode,
        plover_context=code.plover_context, confidence=max(0.05, min(confidence, 0.95)), why=why,
    )


# How much less likely an event told in each mode is to have happened as coded (confidence factor).
MODE_WEIGHT = {"actual": 1.0, "historical": 0.9, "future": 0.7, "hypothetical": 0.6, "negated": 0.6}


def _country_of(place: Place) -> Actor:
    """The country a place lies in, as a party acted upon."""
    return Actor(text=place.name, country=place.country, sector=None, cameo=place.country)


def sentence_events(
    sent: SpacySpan,
    candidates: Iterable[Candidate],
    mentions: Mentions,
    timeline: Timeline,
    places: list[tuple[int, int, Place]],
    published: str | None,
    rules: Rules,
) -> Iterator[tuple[Event, Token]]:
    """The events `candidates` of `sent` code to (a stance taken by telling one's own plan is one more),
    each with the token that places it in the clause tree; `rules` is the lexicon the candidates came from."""
    doc = sent.doc
    evidence: Span | None = None  # the sentence's words, joined once for all its events
    for cand in candidates:
        trigger = cand.trigger
        actor_ix: list[int] = []
        recipient_ix: list[int] = []
        actor_how = recipient_how = ""
        subject: Token | None = None
        code = known_code(cand.rule.cameo)
        if code is None:
            continue
        if cand.actor_from is not None:
            actor_ix, actor_how = mentions.of_phrase(cand.actor_from), "the speaker"
        if cand.recipient_from is not None:
            recipient_ix, recipient_how = mentions.of_phrase(cand.recipient_from), "the subject told what to do"
            if not recipient_ix and cand.needs_recipient:
                continue
        if cand.actor_ix:
            actor_ix, actor_how = list(cand.actor_ix), "the learned reader's actor span"
        if cand.recipient_ix:
            recipient_ix, recipient_how = list(cand.recipient_ix), "the learned reader's recipient span"
        if cand.noun is not None and trigger is not cand.noun and not actor_ix:
            subject, how = verb_subject(trigger)
            if subject is not None:
                actor_ix, actor_how = mentions.of_phrase(subject), how
        if cand.noun is not None:
            actor_ix, recipient_ix, noun_how = noun_arguments(cand.noun, mentions, actor_ix, rules)
            actor_how = actor_how or noun_how
            if not actor_ix and trigger is cand.noun:
                actor_ix, actor_how = attending_actor(cand.noun, mentions)
                if actor_ix:  # the parties the noun names are now the attendant's counterparts
                    _, recipient_ix, _ = noun_arguments(cand.noun, mentions, actor_ix, rules)
        if cand.noun is None or trigger is not cand.noun:
            if not actor_ix:
                subject, how = verb_subject(trigger)
                if subject is not None:
                    actor_ix = mentions.of_phrase(subject)
                    actor_how = how
                    if not actor_ix and (actor_ix := document_author(subject, mentions)):
                        actor_how = f"author of the {subject.lower_} ({how})"
            if not actor_ix:
                # "no talks were held between India and Pakistan": the parties hang on the noun
                # or on the passive verb
                between = [o for p in prepositions_of(trigger) if p.lower_ == "between" for o in p.children
                           if o.dep_ == "pobj"]
                if between:
                    actor_ix, actor_how = mentions.of_phrase(between[0]), f"'between' objects of '{trigger.text}'"
                for noun in filter(None, (event_noun(o, rules) for o in objects_of(trigger))):
                    if actor_ix:
                        break
                    actor_ix, _, actor_how = noun_arguments(noun, mentions, [], rules)
            if not recipient_ix:
                skip = {cand.noun.i} if cand.noun is not None else set()
                if code.code.startswith(FORCE_SHOWN_ROOT) or code.code == FORCE_WITHDRAWN:
                    skip.update(o.i for o in objects_of(trigger))
                # "agreed to start talks with the US": the complement's recipient is the event's too
                complements = [c for c in trigger.children if c.dep_ == "xcomp"]
                actor_ids = {identity(mentions.mentions[i].actor) for i in actor_ix}
                # a named state beats a stateless group ("withdraw workers from Iraq" → Iraq)
                fallback: tuple[list[int], str] = ([], "")
                for holder in (trigger, *complements):
                    for token, how, preposition in recipient_tokens(holder, skip):
                        if owned_by(token, actor_ids, mentions):
                            continue
                        found = [i for i in mentions.of_phrase(token)
                                 if identity(mentions.mentions[i].actor) not in actor_ids]
                        if found and any(mentions.mentions[i].actor.country for i in found):
                            recipient_ix, recipient_how = found, how
                            break
                        # a stateless group after "on"/"of"/"over"/"in" is more often a topic
                        # ("information on missing people") than a party acted upon
                        if found and not fallback[0] and preposition not in prepositions("topic"):
                            fallback = (found, how)
                    if recipient_ix:
                        break
                if not recipient_ix:
                    recipient_ix, recipient_how = fallback
            if not recipient_ix and code.code.startswith(clause_recipient_prefixes()):
                recipient_ix, recipient_how = clause_subject(trigger, mentions, actor_ix)
            if not recipient_ix and code.code.startswith(THREAT_ROOT):
                recipient_ix, recipient_how = condition_subject(trigger, mentions, actor_ix)
        actors = actors_of(actor_ix, mentions, trigger)
        recipients = tuple(r for r in actors_of(recipient_ix, mentions, trigger) if identity(r) not in
                           {identity(a) for a in actors})
        if code.code.startswith((STATEMENT_ROOT, CONSULT_ROOT)):
            parties = tuple(r for r in recipients if r.sector != CHANNEL_SECTOR)
            if recipients and not parties and code.code.startswith(CONSULT_ROOT):
                continue
            recipients = parties
        if not actors:
            if (not recipients and trigger is not cand.noun and code.code.startswith(UNIDENTIFIED_ROOTS)
                    and agentless_passive(trigger)):
                # "two bombs were detonated outside the ministry in Baghdad": violence told of no one
                # is violence in the country where it happened
                scene = event_place(trigger, places)
                if scene is not None and scene.country:
                    recipients = (_country_of(scene),)
                    recipient_how = f"the country it happened in ({scene.name}), as no one is named"
            unknown = None if cand.prior is not None else unidentified_actor(
                subject, code, recipients, passive=agentless_passive(trigger))
            if unknown is None:
                continue
            actors, actor_how = (unknown,), "an actor the text does not name or the actor base does not know"
        if code.code == VISIT and all(a.sector == CIVILIAN_SECTOR or not (a.sector or a.country) for a in actors):
            continue
        if not recipients and code.code.startswith(TERRITORIAL_ROOTS):
            recipients, recipient_how = territory_recipient(trigger, code.code, places, rules)
        if not recipients and code.code.startswith(THREAT_ROOT):
            # "threatened to invade northern Syria": the place the threatened act targets
            for act in (c for c in trigger.children if c.dep_ == "xcomp"):
                recipients, recipient_how = territory_recipient(act, code.code, places, rules)
                if recipients:
                    break
        if trigger is cand.noun and not recipients and len(actors) < 2:
            # a bare event noun with one side only ("the Syrian war", "the SDF offensive") refers to
            # an event more often than it reports one
            continue
        place = event_place(trigger, places)
        if place is None and trigger.dep_ in ("advcl", "conj") and trigger.head.pos_ == "VERB":
            # "shelled Kharkiv, killing three civilians": the participle happened where its head did
            place = event_place(trigger.head, places)
        if not recipients and code.plover in REQUIRES_RECIPIENT and place is not None and place.country:
            recipients = (_country_of(place),)
            recipient_how = f"the country it happened in ({place.name}), as {code.plover} needs a recipient"
        home = None if code.code.startswith(VENUE_ROOTS) else place
        actors, recipients, context_how = situate(actors, recipients, home)
        if not recipients:
            recipients, domestic_how = domestic_recipient(code, actors, place)
            context_how += domestic_how
        reciprocal = (
            not recipients and len(actors) > 1 and code.code.startswith(reciprocal_prefixes())
        )
        if reciprocal:
            recipients = actors
        date = timeline.date_for(trigger.i)
        mode, mode_why = modality.mode_of(trigger, event_date=date, published=published)
        first = min(t.i for t in cand.words)
        last = max(t.i for t in cand.words)
        words = doc[first:last + 1]
        confidence = cand.prior if cand.prior is not None else (
            0.55 + 0.1 * bool(cand.rule.cues) + 0.1 * bool(recipients) - 0.1 * (cand.noun is not None))
        arguments = (
            f"actor from {actor_how or 'the noun phrase'}"
            + (f"; recipient from {recipient_how or 'the noun phrase'}" if recipients and not reciprocal else "")
            + ("; reciprocal: several parties act together" if reciprocal else "")
            + context_how
            + "".join(f"; {a.why}" for a in dict.fromkeys((*actors, *recipients)) if a.why)
        )
        if evidence is None:
            evidence = Span(sent.start_char, sent.end_char, sent.text)
        base = Event(
            plover="", cameo="", actor=actors, recipient=recipients, mode=mode, evidence=evidence,
            trigger=Span(words.start_char, words.end_char, words.text),
            goldstein=0.0, quad_class=1, penta_class=0, reciprocal=reciprocal, date=date,
            place=place,
        )
        how = f"{'noun' if cand.noun is not None else 'verb'} {cand.rule.describe()}"
        yield coded(base, code, confidence, f"{how} → {named_code(code)}; {arguments}; mode {mode}: {mode_why}"), cand.position
        intent = stance_of(trigger, code, mode) if any(a.country or a.sector for a in actors) else None
        if intent is not None:
            why = (f"{how}, told as the actor's own {'refusal' if mode == 'negated' else 'plan'} "
                   f"→ {named_code(intent)}, a stance taken now; {arguments}")
            stance = replace(base, mode="actual", date=timeline.dateline)
            if not stance.recipient and intent.code.startswith(THREAT_ROOT):
                threatened, threatened_how = condition_subject(trigger, mentions, actor_ix)
                stance = replace(stance, recipient=actors_of(threatened, mentions, trigger))
                why += f"; recipient from {threatened_how}" if threatened else ""
            # the intent is expressed when the story tells it, not on the future event's date
            yield coded(stance, intent, confidence - 0.05, why), cand.position
