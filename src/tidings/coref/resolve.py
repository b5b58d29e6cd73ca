"""Resolving references: each pronoun or description to the cheapest fitting antecedent, and the
result handed on as a `Resolution`."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..quotes import Attribution, QuoteMarks, quoted_tokens, speech_verbs
from ..syntax import columns, relative_antecedent
from ..types import Actor, ActorMention, Span
from .lexicon import agent_verbs
from .mentions import (SUBJECT_DEPS, Item, Reference, find_descriptions, find_pronouns, give_titles,
                       is_human, sentence_index, stand_ins)
from .speakers import first_person_items

REFERENCE_KINDS = ("pronoun", "description")
STATE_KINDS = ("country", "capital")
OBJECT_DEPS = ("dobj", "pobj", "dative", "iobj")
# How far back (in sentences) a reference may look, and what each step back costs against the
# preference for subjects: one sentence back outweighs a non-subject in the same sentence.
PRONOUN_WINDOW = 3
DESCRIPTION_WINDOW = 4
ROLE_DESCRIPTION_WINDOW = 60
SENTENCE_COST = 2.0
NON_SUBJECT_COST = 0.7
WEAK_FIT_COST = 0.6
UNKNOWN_GENDER_COST = 0.3
MAIN_SUBJECT_BONUS = 0.3
MODIFIER_COST = 2.0
CONJOINED_BONUS = 1.5
NOT_PREFERRED_COST = 1.0
MODIFIER_DEPS = ("compound", "amod", "nmod")
COMMANDING_SUBJECT_BONUS = 0.5
SAME_HEAD_BONUS = 1.5
# "“Assad does not care,” he said": words inside a quote are seldom what a pronoun outside it means
QUOTED_CANDIDATE_COST = 3.0
TOKEN_COST = 0.002
# A single state for "they"/"their": allowed, but plural people and conjoined actors come first
COLLECTIVE_STATE_COST = 1.5
THING_POSSESSOR_COST = 1.5


def _fits(ref: Reference, item: Item, doc: Doc) -> float | None:
    """How badly `item` fits `ref` as antecedent (0 = well), or None when it cannot be meant."""
    if item.named.stand_in is not None:
        return _stand_in_fits(ref, item.named, doc)
    named = item.named.mention
    if named.kind == "media":
        return None
    human = is_human(named, doc)
    if ref.pronoun is not None:
        p = ref.pronoun
        if p.animacy == "person":
            if not human or named.plural:
                return None
            gender = (named.gender or "")[:1].lower() or None
            if gender is not None and gender != p.gender:
                return None
            return 0.0 if named.kind == "person" and gender else WEAK_FIT_COST
        if p.animacy == "thing":
            return None if human or named.plural else 0.0
        if named.plural:
            return 0.0
        if named.kind in ("group", "igo"):
            return WEAK_FIT_COST
        # "Nigeria announced it will withdraw their force": news English may count a state plural,
        # mostly as a possessive; "they"/"them" without a conjunct are people
        if doc[ref.start].dep_ == "poss" and _is_collective_state(named, doc):
            return COLLECTIVE_STATE_COST
        return None
    d = ref.description
    assert d is not None
    actor = named.actor
    if ref.country is not None and actor.country != ref.country:
        return None
    if d.target == "human":  # "the official": someone unnamed, never a named person
        return 0.0 if named.kind == "agent" and human and not named.plural else None
    if d.target == "person":
        if named.kind != "person":
            return None
        if d.role is not None:
            if actor.role:
                return 0.0 if d.role.search(actor.role) else None
            return WEAK_FIT_COST if actor.sector == "GOV" else None
        return 0.0
    if actor.sector == "CVL" and d.target in ("state", "government"):
        return None  # "Russians" are people, not the state
    if d.target == "state":
        if named.kind in STATE_KINDS:
            return 0.0
        return WEAK_FIT_COST if actor.sector == "GOV" and actor.country else None
    if d.target == "government":
        if not actor.country or named.kind in ("group", "igo"):
            return None
        return 0.0 if actor.sector == "GOV" or named.kind in STATE_KINDS else None
    if d.target in ("group", "igo"):
        if named.kind != d.target:
            return None
        return 0.0 if d.prefer is None or actor.country == d.prefer else NOT_PREFERRED_COST
    return 0.0


def _is_collective_state(mention: ActorMention, doc: Doc) -> bool:
    """A state or its government ("the Foreign Office"), not a person speaking for it, which "their" may mean."""
    if mention.kind in STATE_KINDS:
        return True
    return mention.actor.sector == "GOV" and mention.kind != "person" and not is_human(mention, doc)


def _acts(pronoun: Token) -> bool:
    """Whether `pronoun` is the active subject of a verb of acting, wanting or saying."""
    lemma = pronoun.head.lemma_.lower()
    return pronoun.dep_ == "nsubj" and (lemma in agent_verbs() or lemma in speech_verbs())


def _stand_in_fits(ref: Reference, item: Item, doc: Doc) -> float | None:
    if ref.pronoun is None:
        return None
    p = ref.pronoun
    if item.stand_in == "person":
        return UNKNOWN_GENDER_COST if p.animacy in ("person", "any") and not p.plural else None
    if p.animacy == "person":
        return None
    if item.mention.plural != p.plural:
        return None
    if not p.plural and _acts(doc[ref.start]):
        # "the territory it still controls": no withdrawal or decision controls (but "universities ...
        # they refused" may be institutions that act)
        return None
    # "the US and its allies", "the alliance could pull the US in for reasons unconnected with its war
    # aims": a possessive more often means a state or organisation than a plain noun
    if doc[ref.start].dep_ != "poss":
        return 0.0
    # plural plain nouns ("few countries have ... their citizens") are often what "their" means
    return NON_SUBJECT_COST if p.plural else THING_POSSESSOR_COST


def _entity_key(item: Item, ref: Reference) -> object:
    named = item.named.mention
    a = named.actor
    if ref.description is not None and ref.description.target in ("state", "government"):
        return a.country
    return named.entity or (a.name, a.country, a.sector, a.cameo)


def _local_subjects(ref: Reference, doc: Doc) -> list[int]:
    """'Trump praised him', 'the SDF, which advanced against the militants': an object cannot be
    its own verb's subject; the token indices of the subjects `ref` so cannot mean (none unless
    it is an object)."""
    word = doc[ref.end - 1]
    if word.dep_ not in OBJECT_DEPS:
        return []
    verb = word.head
    while verb.pos_ == "ADP" and verb.head != verb:
        verb = verb.head
    return [relative_antecedent(child, verb).i for child in verb.children if child.dep_ in SUBJECT_DEPS]


def _window(ref: Reference) -> int:
    """How many sentences back `ref` may look at most (see `_reaches`)."""
    return PRONOUN_WINDOW if ref.description is None else ROLE_DESCRIPTION_WINDOW


def _reaches(ref: Reference, candidate: Token, distance: int, doc: Doc) -> bool:
    """Whether a candidate `distance` sentences back is in reach: a pronoun looks a few sentences
    back, a description with a role or country ("the Russian president") or with the candidate's
    own head noun ("the regime" after "the Syrian regime") the whole window, others a few."""
    if ref.description is None:
        return distance <= PRONOUN_WINDOW
    if ref.description.role or ref.country or candidate.lemma_.lower() == doc[ref.end - 1].lemma_.lower():
        return distance <= ROLE_DESCRIPTION_WINDOW
    return distance <= DESCRIPTION_WINDOW


def _ranked(ref: Reference, items: list[Item], doc: Doc, sentence: list[int],
            quoted: list[bool]) -> list[tuple[float, Item]]:
    here = sentence[ref.start]
    commanding = _commanding_subjects(ref, doc)
    bound = _local_subjects(ref, doc)
    speaks = ref.pronoun is not None and _speaks(doc[ref.start])
    ranked = []
    ahead = _cataphoric_subject(ref, doc)
    for item in items:
        m = item.mention
        if m.end > ref.start and not (ahead is not None and m.start <= ahead < m.end):
            continue
        distance = here - sentence[m.start]
        if not _reaches(ref, doc[m.head], distance, doc):
            continue
        fit = _fits(ref, item, doc)
        plural_pronoun = ref.pronoun is not None and ref.pronoun.plural
        if (fit is None or fit > 0) and plural_pronoun and _has_conjunct(item, items, doc):
            fit = 0.0  # "Russia and Turkey ... They"
        if fit is None or any(m.start <= subject < m.end for subject in bound):
            continue
        commands = any(m.start <= i < m.end for i in commanding)
        if ref.description is not None and commands:
            continue
        head = doc[m.head]
        subject = _is_subject(head)
        cost = (SENTENCE_COST * distance + (0.0 if subject else NON_SUBJECT_COST) + fit
                + TOKEN_COST * abs(ref.start - m.end))
        if subject and head.head.dep_ == "ROOT" and item.stand_in != "thing":
            cost -= MAIN_SUBJECT_BONUS
        if ref.pronoun is not None and commands:
            cost -= COMMANDING_SUBJECT_BONUS  # "Trump said he ...", "allowing Ankara to claim it ..."
        if ref.description is not None and head.lemma_.lower() == doc[ref.end - 1].lemma_.lower():
            # "the Syrian regime ... the regime": the same noun again is a strong sign, near or far
            cost -= SAME_HEAD_BONUS + SENTENCE_COST * max(0, distance - 1)
        if head.dep_ in MODIFIER_DEPS:
            cost += MODIFIER_COST  # "US battle trucks": a modifier is seldom referred back to
        if _conjoined_possessor(ref, head, doc):
            cost -= CONJOINED_BONUS
        if quoted[m.head] and not quoted[ref.start]:
            if speaks:
                continue  # "“... Assad ...,” he said": the speaker is not someone the quote names
            cost += QUOTED_CANDIDATE_COST
        ranked.append((cost, item))
    ranked.sort(key=lambda pair: pair[0])
    return ranked


def _cataphoric_subject(ref: Reference, doc: Doc) -> int | None:
    """"In his talks with Macron, Scholz said": a possessive in a phrase fronted before its clause's
    subject may point ahead to that subject; the token index of the subject, or None."""
    word = doc[ref.start]
    if ref.pronoun is None or word.dep_ != "poss":
        return None
    token = word
    while token.head != token and token.dep_ not in ("prep", "advcl"):
        token = token.head
    clause = token.head
    if token.dep_ not in ("prep", "advcl") or clause.pos_ not in ("VERB", "AUX") or token.i > clause.i:
        return None
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return subject.i if subject is not None and subject.i > ref.end else None


def _is_subject(token: Token) -> bool:
    """A clause's subject, a name in apposition to one ("the head of Centcom, Gen Joseph Votel,"), or
    its possessor ("Turkey's hostility ... has been inflamed, because it fears")."""
    if token.dep_ in SUBJECT_DEPS:
        return True
    return token.dep_ in ("appos", "compound", "poss") and token.head.dep_ in SUBJECT_DEPS


def _has_conjunct(item: Item, items: list[Item], doc: Doc) -> bool:
    return item.stand_in is None and len(_coordinated(item, items, doc)) > 1


def _speaks(token: Token) -> bool:
    """Whether `token` is the subject of a speech verb ("he said")."""
    return token.dep_ in SUBJECT_DEPS and token.head.lemma_.lower() in speech_verbs()


def _commanding_subjects(ref: Reference, doc: Doc) -> list[int]:
    """Subjects of the clauses `ref` sits in ("the SDF said the militants ...": the SDF)."""
    found = []
    token = doc[ref.end - 1]
    while token.head != token:
        token = token.head
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                found.append(relative_antecedent(child, token).i)
    return found


def _conjoined_possessor(ref: Reference, candidate: Token, doc: Doc) -> bool:
    """'Turkey and its allies', 'Trump and his aides': the possessive points at the first conjunct."""
    pronoun = doc[ref.start]
    return pronoun.dep_ == "poss" and pronoun.head.dep_ == "conj" and pronoun.head.head == candidate


def _apposed(ref: Reference, items: list[Item], doc: Doc) -> Item | None:
    """'the Russian president, Vladimir Putin': the person named right after the description."""
    follow = ref.end + (1 if ref.end < len(doc) and doc[ref.end].text == "," else 0)
    for item in items:
        if item.mention.start != follow or item.root is not None:
            continue
        named_person = item.stand_in == "person" and ref.description is not None and (
            ref.description.target in ("person", "human"))
        if named_person or _fits(ref, item, doc) is not None:
            return item
    return None


def _coordinated(item: Item, items: list[Item], doc: Doc) -> list[Item]:
    """The mentions joined to `item` by "and" ("Russia and Turkey"), itself first."""
    head = doc[item.mention.head]
    # the heads "and" joins to this one, read once rather than from each other mention's head
    conjuncts = {child.i for child in head.children if child.dep_ == "conj"}
    joined_to = head.head.i if head.dep_ == "conj" else None
    group = [item]
    for other in items:
        if other is not item and other.root is None and (
                other.mention.head in conjuncts or other.mention.head == joined_to):
            group.append(other)
    return group


def _choose(ref: Reference, items: list[Item], doc: Doc, sentence: list[int],
            quoted: list[bool]) -> list[Item]:
    wanted = ref.description.count if ref.description is not None else 1
    if ref.description is not None:
        apposed = _apposed(ref, items, doc)
        if apposed is not None and wanted == 1:
            return [apposed]
    ranked = _ranked(ref, items, doc, sentence, quoted)
    plural_pronoun = ref.pronoun is not None and ref.pronoun.plural
    if not ranked:
        return []
    if wanted == 1 and not plural_pronoun:
        return [ranked[0][1]]
    best = ranked[0][1]
    if plural_pronoun and best.named.mention.plural:
        return [best]
    chosen: list[Item] = []
    for candidate in [best, *(item for _, item in ranked)]:
        for member in _coordinated(candidate, items, doc):
            fits = _fits(ref, member, doc) is not None or plural_pronoun and member.stand_in is None
            if fits and all(
                _entity_key(member, ref) != _entity_key(c, ref) for c in chosen
            ):
                chosen.append(member)
        if plural_pronoun:
            break
        if len(chosen) >= wanted:
            break
    if plural_pronoun:
        alone = best.named.mention.kind == "group" or _is_collective_state(best.named.mention, doc)
        return chosen if len(chosen) >= 2 else [best] if alone else []
    return chosen[:wanted] if len(chosen) >= wanted else []


def _referring_actor(ref: Reference, antecedent: ActorMention, doc: Doc) -> Actor:
    words = doc[ref.start:ref.end]
    span = Span(words.start_char, words.end_char, words.text)
    actor = replace(antecedent.actor, text=words.text, span=span)
    speaks_for_state = ref.description is not None and (
        ref.description.target == "government"
        or ref.description.target == "state" and antecedent.kind not in STATE_KINDS)
    if speaks_for_state and actor.country:
        actor = replace(actor, name=None, role=None, wikidata=None, sector="GOV",
                        cameo=f"{actor.country}GOV")
    return actor


@dataclass(frozen=True, slots=True)
class Resolution:
    """What `resolve` found in one document, for quote attribution and `add_first_person`.

    `mentions`: the mentions given and a mention for each reference to them, in token order.
    `unlisted`: people the actor base lacks, named ("Bob Corker") or referred to ("he"), as mentions
    whose actor carries only the name: for quote speakers, never for events.
    """

    mentions: list[ActorMention]
    unlisted: list[ActorMention]
    items: list[Item]  # what `mentions` was made from, in resolution order
    given: list[ActorMention]  # the mentions `resolve` was given


def resolve(doc: Doc, mentions: list[ActorMention], marks: list[QuoteMarks]) -> Resolution:
    """`mentions` plus a mention for each pronoun/description that refers back to one, in token order.

    A reference to several actors ("the two countries", "they" after "Russia and Turkey") becomes
    one mention per actor over the same words. A new mention's `antecedent` is the index, in the
    returned list, of the named mention it refers to; its actor is that mention's actor with the
    reference's own text and span. Where a description lies over a generic mention ("the
    president", an agent), the description comes first in the list. A person the actor base lacks,
    named beside a title it knows ("the Syrian government negotiator Bashar Jaafari"), is added as a
    person mention with the title's country and sector. "I" and "we" inside quotes wait for quote
    attribution (`add_first_person`).
    """
    items = _resolve(doc, mentions, marks)
    unlisted = [it.mention for it in items if it.named.stand_in == "person"]
    if not mentions:
        return Resolution([], unlisted, [], [])
    kept = [it for it in items if it.stand_in is None and it.named.stand_in is None]
    return Resolution(in_token_order(kept, mentions), unlisted, kept, list(mentions))


def add_first_person(doc: Doc, resolution: Resolution, attributions: list[Attribution]) -> list[ActorMention]:
    """The resolution's mentions plus, inside each quote attributed to one of them, "I" as its
    speaker and "we" as the speaker's side (a head of state's "we" is the government), in token order."""
    if not resolution.mentions:
        return []
    speakers = first_person_items(doc, resolution.mentions, token_order(resolution.items), attributions)
    if not speakers:
        return resolution.mentions
    return in_token_order(resolution.items + speakers, resolution.given)


def _resolve(doc: Doc, mentions: list[ActorMention], marks: list[QuoteMarks]) -> list[Item]:
    sentence = sentence_index(doc)
    quoted = quoted_tokens(doc, marks)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    items = [Item(m) for m in mentions]
    generic = {i for m in mentions if m.kind == "agent" for i in range(m.start, m.end)}
    lowers = columns.lower_case(doc)  # read once for both kinds of reference
    refs = find_pronouns(doc, lowers, covered, generic) + find_descriptions(lowers, mentions)
    refs.sort(key=lambda r: r.start)
    people = stand_ins(doc, covered | {i for r in refs for i in range(r.start, r.end)})
    titles_of_named = give_titles(doc, items, people)
    items += people
    # Pronouns may also chain through earlier resolved references, so resolve in text order,
    # offering each new item as a candidate to the references after it.
    candidates = sorted((it for it in items if it not in titles_of_named), key=lambda it: it.mention.start)
    starts = [c.mention.start for c in candidates]
    sentence_starts = [s.start for s in doc.sents]
    for ref in refs:
        # only the candidates inside the reference's window (and the words right after it, for
        # apposition, and a subject a fronted possessive points ahead to) are looked at, so a long
        # story costs no more per reference than a short one
        first = sentence_starts[max(0, sentence[ref.start] - _window(ref))]
        ahead = _cataphoric_subject(ref, doc)
        last = ref.end + 2 if ahead is None else max(ref.end + 2, ahead + 1)
        nearby = candidates[bisect.bisect_left(starts, first):bisect.bisect_left(starts, last)]
        chosen = _choose(ref, nearby, doc, sentence, quoted)
        for target in chosen:
            root = target.named
            named = root.mention
            new = ActorMention(
                start=ref.start, end=ref.end, head=ref.end - 1,
                actor=_referring_actor(ref, named, doc), entity=named.entity, kind=ref.kind,
                gender=named.gender, plural=named.plural or len(chosen) > 1,
            )
            item = Item(new, root=root)
            items.append(item)
            if len(chosen) == 1:
                # the description now speaks for the generic mention under it (found and replaced
                # by bisection: rebuilding the list for each reference made long stories quadratic)
                low, high = bisect.bisect_left(starts, ref.start), bisect.bisect_left(starts, ref.end)
                for k in reversed(range(low, high)):
                    if candidates[k].mention.end <= ref.end:
                        del candidates[k], starts[k]
                at = bisect.bisect_right(starts, new.start)
                candidates.insert(at, item)
                starts.insert(at, new.start)
    return items


def _order(items: list[Item]) -> list[int]:
    return sorted(range(len(items)), key=lambda k: (items[k].mention.start, items[k].mention.end,
                                                    items[k].root is None, k))


def token_order(items: list[Item]) -> list[Item]:
    return [items[k] for k in _order(items)]


def in_token_order(items: list[Item], original: list[ActorMention]) -> list[ActorMention]:
    order = _order(items)
    position = {id(items[k]): n for n, k in enumerate(order)}
    out = []
    for k in order:
        item = items[k]
        m = item.mention
        if item.root is not None:
            m = replace(m, antecedent=position[id(item.root)])
        elif k < len(original) and m.antecedent is not None:
            m = replace(m, antecedent=position[id(items[m.antecedent])])
        out.append(m)
    return out
