"""What resolution works on: the references to resolve (pronouns, descriptions) and the words that
compete with the actor mentions as their antecedents (people and things the actor base lacks)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .. import actors
from ..quotes import speech_verbs
from ..types import Actor, ActorMention, Span
from .lexicon import (DEMONYM_SLOT, Description, Pronoun, control_predicates, demonyms_by_first_word,
                      descriptions_by_opening, human_nouns, impersonal_heads, pronouns, situation_verbs, titles)

# Mentions a description may lie over and sharpen: "the Russian president" over the agent mention
# "Russian president" (RUSGOV) and the country "Russian" becomes Vladimir Putin.
GENERIC_KINDS = ("country", "capital", "agent")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OPTIONAL_MODIFIERS = frozenset({"former", "outgoing", "new", "then", "then-", "incoming", "late"})
THING_DEPS = ("nsubj", "nsubjpass", "dobj")


@dataclass(slots=True)
class Item:
    """A mention while resolving: the ActorMention, and the item it refers back to (references)."""

    mention: ActorMention
    root: Item | None = None
    # Words that compete for a pronoun without being actors the actor base knows: "person" for a
    # named person it lacks ("Bob Corker said he ..."), "thing" for a plain noun ("the bombing ... It").
    stand_in: str | None = None

    @property
    def named(self) -> Item:
        return self.root if self.root is not None else self


@dataclass(frozen=True, slots=True)
class Reference:
    start: int
    end: int
    kind: str
    pronoun: Pronoun | None = None
    description: Description | None = None
    country: str | None = None


def sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def is_human(mention: ActorMention, doc: Doc) -> bool:
    if mention.kind == "person":
        return True
    return mention.kind == "agent" and doc[mention.head].lemma_.lower() in human_nouns()


def _controls(predicate: Token) -> bool:
    """'willing to withdraw', 'likely to veto', a bare 'ready': a predicate whose subject is the
    actor of its infinitive, unlike 'likely that ...' or 'hard to say'."""
    if predicate.lemma_.lower() not in control_predicates() and predicate.lower_ not in control_predicates():
        return False
    return not any(c.dep_ in ("ccomp", "csubj") for c in predicate.children)


def _is_expletive_it(token: Token) -> bool:
    if token.dep_ == "expl":
        return True
    head = token.head
    if token.dep_ == "nsubj" and head.lower_ == "going":
        # "it is going to be difficult to ...": the subject of the raised "be" below
        head = next((c for c in head.children if c.dep_ == "xcomp"), head)
    if token.dep_ == "dobj" and head.lemma_.lower() in situation_verbs():
        return True
    if head.pos_ == "ADJ" and any(c.dep_ in ("xcomp", "ccomp") for c in head.children):
        return not _controls(head)  # "it's more difficult for me to leave", parsed with the adjective as head
    voice = impersonal_heads().get(head.lemma_.lower())
    if voice is None or voice == "passive" and token.dep_ != "nsubjpass":
        return False
    if voice == "passive" and not any(c.dep_ in ("ccomp", "csubj", "csubjpass") for c in head.children):
        return False  # "it is expected to sign" raises its subject; "it is expected that ..." is empty
    predicates = [c for c in head.children if c.dep_ in ("acomp", "attr", "oprd")]
    if any(_controls(p) for p in predicates) and not any(c.dep_ in ("ccomp", "csubj") for c in head.children):
        return False  # "Syria says it is willing to withdraw"
    return any(child.dep_ in ("ccomp", "xcomp", "csubj", "acomp", "attr", "oprd", "advcl")
               for child in head.children if child is not token)


def find_pronouns(doc: Doc, lowers: list[str], covered: set[int], possessor_slots: set[int]) -> list[Reference]:
    """Third-person pronouns outside mentions; a possessive inside a generic mention ("his
    administration") counts too, since it names the possessor. `lowers`: each token's lower case."""
    table = pronouns()
    found = []
    for i, lower in enumerate(lowers):
        entry = table.get(lower)
        if entry is None:
            continue
        token = doc[i]
        if token.pos_ not in ("PRON", "DET"):
            continue
        if token.i in covered and not (token.dep_ == "poss" and token.i in possessor_slots):
            continue
        if entry.form == "it" and _is_expletive_it(token):
            continue
        found.append(Reference(token.i, token.i + 1, "pronoun", pronoun=entry))
    return found


def _match_demonym(lowers: list[str], i: int) -> tuple[str, int] | None:
    for words, country in demonyms_by_first_word(actors.base().version).get(lowers[i], ()):
        end = i + len(words)
        if tuple(lowers[i:end]) == words:
            return country, end
    return None


def _past_modifiers(lowers: list[str], i: int) -> int:
    """Where a description's second word must stand when its first ends before `i`: past the
    optional modifiers ("the former president", "the then-president")."""
    size = len(lowers)
    while i < size and lowers[i] in OPTIONAL_MODIFIERS:
        i += 1
        if i < size and lowers[i] == "-":
            i += 1
    return i


def _match_description(lowers: list[str], start: int, pattern: Description) -> tuple[int, str | None] | None:
    """The end token and demonym country if `pattern` matches the lower-cased tokens at `start`."""
    i, country = start, None
    size = len(lowers)
    for n, word in enumerate(pattern.words):
        if n == 1:
            i = _past_modifiers(lowers, i)
        if i >= size:
            return None
        if word == DEMONYM_SLOT:
            hit = _match_demonym(lowers, i)
            if hit is None:
                return None
            country, i = hit
        elif lowers[i] == word:
            i += 1
        else:
            return None
    if i < size and lowers[i] == "of":
        return None  # "the president of Turkey": the actor finder's business
    return i, country


def find_descriptions(lowers: list[str], mentions: list[ActorMention]) -> list[Reference]:
    """Descriptions that may refer back to an actor ("the two countries", "the Syrian regime") over
    `lowers`, each token's lower case."""
    owner = {}
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    opening = descriptions_by_opening()
    firsts = {first for first, _ in opening}
    found: list[Reference] = []
    i = 0
    while i < len(lowers):
        if lowers[i] not in firsts:
            i += 1
            continue
        # most patterns share the first word ("the"): the word where the second must stand rules out
        # nearly all of them without matching each
        second = _past_modifiers(lowers, i + 1)
        patterns = opening.get((lowers[i], lowers[second] if second < len(lowers) else None))
        for pattern in opening[lowers[i], None] if patterns is None else patterns:
            hit = _match_description(lowers, i, pattern)
            if hit is None:
                continue
            end, country = hit
            inside = [owner[k] for k in range(i, end) if k in owner]
            if any(m.kind not in GENERIC_KINDS or m.end > end or m.start < i for m in inside):
                break  # the actor finder already read these words as a named actor
            found.append(Reference(i, end, "description", description=pattern, country=country))
            i = end - 1
            break
        i += 1
    return found


def stand_ins(doc: Doc, covered: set[int]) -> list[Item]:
    """Named people outside the actor base, unnamed people as subjects ("the official"), and
    subject/object nouns that are no actor."""
    found = []
    entities = doc.ents  # made afresh from the tokens on each access: read once
    full_names, people_names = _full_names(doc, entities)
    person_tokens = set()
    for ent in [*entities, *_speaking_names(doc, covered, set(people_names))]:
        if ent.label_ != "PERSON" or any(i in covered for i in range(ent.start, ent.end)):
            continue
        words = _name_words(ent)
        if not words:
            continue
        name = doc[words[0].i:words[-1].i + 1].text
        if len(words) == 1:
            name = full_names.get(name, name)
        actor = Actor(text=ent.text, country=None, sector=None, name=name)
        mention = ActorMention(ent.start, ent.end, ent.root.i, actor, entity=f"person:{name}", kind="person")
        found.append(Item(mention, stand_in="person"))
        person_tokens.update(range(ent.start, ent.end))
    for token in doc:
        # "The Kurds hoped ... their contribution": a people the actor base does not name competes too
        people = token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS")
        if not (token.pos_ == "NOUN" or people) or token.dep_ not in THING_DEPS:
            continue
        if token.i in covered or token.i in person_tokens:
            continue
        plural = token.tag_ in ("NNS", "NNPS")
        if token.lemma_.lower() not in human_nouns():
            actor = Actor(text=token.text, country=None, sector=None)
            found.append(Item(ActorMention(token.i, token.i + 1, token.i, actor, kind="thing", plural=plural),
                               stand_in="thing"))
        elif token.dep_ in SUBJECT_DEPS and not plural:
            # "the head of US Central Command ... he": someone unnamed, whom "he" may mean
            actor = Actor(text=token.text, country=None, sector=None)
            found.append(Item(ActorMention(token.i, token.i + 1, token.i, actor, kind="person"),
                               stand_in="person"))
    return found


def _name_words(words: Iterable[Token]) -> list[Token]:
    names = [t for t in words if t.pos_ == "PROPN" or t.text == "-"]
    while names and (names[0].text.rstrip(".") in titles() or names[0].text == "-"):
        names.pop(0)
    return names


def _full_names(doc: Doc, entities: tuple[SpacySpan, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """Surname → the first full name ending in it ("Miliband" → "David Miliband"), among the names
    of people, organisations and unlabelled words in `entities` (the doc's), and among people's
    names only (one pass for both)."""
    names: dict[str, str] = {}
    people: dict[str, str] = {}
    for ent in entities:
        if ent.label_ not in ("PERSON", "ORG", ""):
            continue
        words = _name_words(ent)
        if len(words) > 1:
            full = doc[words[0].i:words[-1].i + 1].text
            names.setdefault(words[-1].text, full)
            if ent.label_ == "PERSON":
                people.setdefault(words[-1].text, full)
    return names, people


def _speaking_names(doc: Doc, covered: set[int], surnames: set[str]) -> list[SpacySpan]:
    """Proper names the tagger missed as people but that speak ("Corker said") or that are the
    `surnames` of people named in full, as PERSON spans."""
    found = []
    for token in doc:
        if token.pos_ != "PROPN" or token.i in covered or token.ent_type_ == "PERSON":
            continue
        if (token.dep_ == "nsubj" and token.head.lemma_ in speech_verbs()
                or token.text in surnames and token.dep_ != "compound"):
            start = min((c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"),
                        default=token.i)
            found.append(SpacySpan(doc, start, token.i + 1, label="PERSON"))
    return found


def give_titles(doc: Doc, items: list[Item], people: list[Item]) -> list[Item]:
    """'the Syrian government negotiator Bashar Jaafari', 'Bashar Jaafari, the Syrian negotiator':
    a person the actor base lacks, named next to a title it knows, becomes a person mention with the
    title's country and sector, and the one a later "he" means. Returns the titles so used."""
    ending: dict[int, Item] = {}
    starting: dict[int, Item] = {}
    for item in items:
        m = item.mention
        if m.kind == "agent" and not m.plural and is_human(m, doc):
            ending.setdefault(m.end, item)
            starting.setdefault(m.start, item)
    used = []
    for person in people:
        if person.stand_in != "person" or person.mention.actor.name is None:
            continue
        m = person.mention
        before = m.start
        while before > 0 and (doc[before - 1].text == "," or doc[before - 1].text.rstrip(".") in titles()):
            before -= 1
        after = m.end + (1 if m.end < len(doc) and doc[m.end].text == "," else 0)
        title = ending.get(before) or starting.get(after)
        if title is None or title.mention.actor.country is None:
            continue
        actor = replace(title.mention.actor, text=m.actor.text, name=m.actor.name,
                        span=Span(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]), m.actor.text))
        person.mention = replace(m, actor=actor)
        person.stand_in = None
        used.append(title)
    return used
