"""Who is meant: pronouns and descriptions resolved to actors the story already named.

A rule-based resolver, cheap per document (one pass over the tokens, a few candidates per
reference within a window of sentences). It reads the tables in `data/coref/` (pronouns,
descriptions, expletive "it" heads, person nouns, titles) and the actor base's country adjectives,
and uses what the parse and the actor base give every mention: kind, gender, number, role and
country, the sentence it sits in and whether it is a subject. Each candidate gets a cost: sentences
back, not a subject, a weak fit (unknown gender, a role-less person), a modifier ("US" in "US
troops"), inside a quote; the cheapest fitting one wins ("Trump met Erdogan. He said ..." is Trump,
"the Russian president" is whoever holds that role).

Words that are not actors the base knows compete too, so that they can win and leave a pronoun
unresolved rather than wrong: named people the base lacks ("Bob Corker said he ...", offered to
quote attribution through `unlisted_references`), unnamed people ("the commander said he ..."),
and plain nouns ("The decision surprised diplomats. It came ..."). Inside quotes, "I" and "we"
resolve to the quote's speaker. "It" is an actor unless it is expletive ("it is likely that",
"it is hard to"), but "it is willing to", "it is expected to" refer; a singular pronoun that acts
("territory it controls", "it fears") never means a plain noun; a possessive "their" may mean a
single state ("Nigeria said it will withdraw their force") when no plural fits better. No
statistical model is involved; `tidings.eval.coref.score_coref` measures it against the hand labels in
`labels/coref.jsonl`.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .types import Actor, ActorMention, Span

REFERENCE_KINDS = ("pronoun", "description")
STATE_KINDS = ("country", "capital")
# Mentions a description may lie over and sharpen: "the Russian president" over the agent mention
# "Russian president" (RUSGOV) and the country "Russian" becomes Vladimir Putin.
GENERIC_KINDS = ("country", "capital", "agent")
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
OBJECT_DEPS = ("dobj", "pobj", "dative", "iobj")
OPTIONAL_MODIFIERS = frozenset({"former", "outgoing", "new", "then", "then-", "incoming", "late"})

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
THING_DEPS = ("nsubj", "nsubjpass", "dobj")
TOKEN_COST = 0.002
# A single state for "they"/"their": allowed, but plural people and conjoined actors come first
COLLECTIVE_STATE_COST = 1.5
THING_POSSESSOR_COST = 1.5


@dataclass(frozen=True, slots=True)
class Pronoun:
    form: str
    gender: str | None
    plural: bool
    animacy: str  # person, thing, any


@dataclass(frozen=True, slots=True)
class Description:
    words: tuple[str, ...]
    target: str
    role: re.Pattern[str] | None
    count: int
    prefer: str | None = None  # a country code whose actors fit best ("the jihadists" → IMG)


def _data_rows(name: str) -> list[str]:
    text = resources.files("tidings").joinpath("data", "coref", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def pronouns() -> dict[str, Pronoun]:
    """The pronoun table: form → gender, number, animacy."""
    table = {}
    for row in csv.DictReader(_data_rows("pronouns.tsv"), delimiter="\t"):
        table[row["form"]] = Pronoun(row["form"], row["gender"] or None, row["number"] == "pl",
                                     row["animacy"])
    return table


@cache
def impersonal_heads() -> dict[str, str]:
    """Lemma → voice ("any"/"passive") for heads whose "it" is expletive when they take a clause."""
    return {row["lemma"]: row["voice"] for row in csv.DictReader(_data_rows("impersonal.tsv"), delimiter="\t")}


@cache
def first_person() -> dict[str, bool]:
    """First-person forms a quote's speaker uses → plural ("we") or not ("I")."""
    rows = csv.DictReader(_data_rows("first_person.tsv"), delimiter="\t")
    return {row["form"]: row["number"] == "pl" for row in rows}


@cache
def situation_verbs() -> frozenset[str]:
    """Verbs whose object "it" is a situation, not an actor ("we will do it", "declared it safe")."""
    return frozenset(_data_rows("situation_verbs.txt"))


@cache
def titles() -> frozenset[str]:
    """Titles before a name ("Gen", "Senator"), left out of a person's name."""
    return frozenset(_data_rows("titles.txt"))


@cache
def human_nouns() -> frozenset[str]:
    """Nouns that name a person ("official", "spokesman")."""
    return frozenset(_data_rows("human_nouns.txt"))


@cache
def _demonym_table(version: int) -> dict[tuple[str, ...], str]:
    from . import actors

    table: dict[tuple[str, ...], str] = {}
    for alias, readings in actors.base().readings.items():
        for reading in readings:
            if reading.form == "adjective" and reading.entry.kind == "country":
                table.setdefault(tuple(alias.split()), reading.entry.country or reading.entry.id)
    return table


@cache
def descriptions() -> tuple[Description, ...]:
    """The description patterns, longest first so "the Russian prime minister" beats "the prime"."""
    found = []
    for row in csv.DictReader(_data_rows("descriptions.tsv"), delimiter="\t"):
        role = re.compile(row["role"], re.IGNORECASE) if row["role"] else None
        found.append(Description(tuple(row["words"].split()), row["target"], role, int(row["count"]),
                                 row["prefer"] or None))
    return tuple(sorted(found, key=lambda d: -len(d.words)))


@dataclass(slots=True)
class _Item:
    """A mention while resolving: the ActorMention, and the item it refers back to (references)."""

    mention: ActorMention
    root: _Item | None = None
    # Words that compete for a pronoun without being actors the actor base knows: "person" for a
    # named person it lacks ("Bob Corker said he ..."), "thing" for a plain noun ("the bombing ... It").
    stand_in: str | None = None

    @property
    def named(self) -> _Item:
        return self.root if self.root is not None else self


@dataclass(frozen=True, slots=True)
class _Reference:
    start: int
    end: int
    kind: str
    pronoun: Pronoun | None = None
    description: Description | None = None
    country: str | None = None


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index


def _is_human(mention: ActorMention, doc: Doc) -> bool:
    if mention.kind == "person":
        return True
    return mention.kind == "agent" and doc[mention.head].lemma_.lower() in human_nouns()


@cache
def control_predicates() -> frozenset[str]:
    """Adjectives whose "it" subject acts in their infinitive ("it is willing to withdraw")."""
    return frozenset(_data_rows("control_predicates.txt"))


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


def _find_pronouns(doc: Doc, covered: set[int], possessor_slots: set[int]) -> list[_Reference]:
    """Third-person pronouns outside mentions; a possessive inside a generic mention ("his
    administration") counts too, since it names the possessor."""
    table = pronouns()
    found = []
    for token in doc:
        entry = table.get(token.lower_)
        if entry is None or token.pos_ not in ("PRON", "DET"):
            continue
        if token.i in covered and not (token.dep_ == "poss" and token.i in possessor_slots):
            continue
        if entry.form == "it" and _is_expletive_it(token):
            continue
        found.append(_Reference(token.i, token.i + 1, "pronoun", pronoun=entry))
    return found


@cache
def _demonyms_by_first_word(version: int) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, country in sorted(_demonym_table(version).items(), key=lambda kv: -len(kv[0])):
        table.setdefault(words[0], []).append((words, country))
    return table


def _match_demonym(lowers: list[str], i: int) -> tuple[str, int] | None:
    from . import actors

    for words, country in _demonyms_by_first_word(actors.base().version).get(lowers[i], ()):
        end = i + len(words)
        if tuple(lowers[i:end]) == words:
            return country, end
    return None


def _match_description(lowers: list[str], start: int, pattern: Description) -> tuple[int, str | None] | None:
    """The end token and demonym country if `pattern` matches the lower-cased tokens at `start`."""
    i, country = start, None
    size = len(lowers)
    for n, word in enumerate(pattern.words):
        if n == 1:
            while i < size and lowers[i] in OPTIONAL_MODIFIERS:
                i += 1
                if i < size and lowers[i] == "-":
                    i += 1
        if i >= size:
            return None
        if word == "{demonym}":
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


def _find_descriptions(doc: Doc, mentions: list[ActorMention]) -> list[_Reference]:
    owner = {}
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    firsts = {d.words[0] for d in descriptions()}
    lowers = [t.lower_ for t in doc]
    found: list[_Reference] = []
    i = 0
    while i < len(doc):
        if lowers[i] not in firsts:
            i += 1
            continue
        for pattern in descriptions():
            hit = _match_description(lowers, i, pattern)
            if hit is None:
                continue
            end, country = hit
            inside = [owner[k] for k in range(i, end) if k in owner]
            if any(m.kind not in GENERIC_KINDS or m.end > end or m.start < i for m in inside):
                break  # the actor finder already read these words as a named actor
            found.append(_Reference(i, end, "description", description=pattern, country=country))
            i = end - 1
            break
        i += 1
    return found


def _stand_ins(doc: Doc, covered: set[int]) -> list[_Item]:
    """Named people outside the actor base, unnamed people as subjects ("the official"), and
    subject/object nouns that are no actor."""
    found = []
    full_names = _full_names(doc)
    person_tokens = set()
    for ent in [*doc.ents, *_speaking_names(doc, covered)]:
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
        found.append(_Item(mention, stand_in="person"))
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
            found.append(_Item(ActorMention(token.i, token.i + 1, token.i, actor, kind="thing", plural=plural),
                               stand_in="thing"))
        elif token.dep_ in SUBJECT_DEPS and not plural:
            # "the head of US Central Command ... he": someone unnamed, whom "he" may mean
            actor = Actor(text=token.text, country=None, sector=None)
            found.append(_Item(ActorMention(token.i, token.i + 1, token.i, actor, kind="person"),
                               stand_in="person"))
    return found


def _name_words(words: Iterable[Token]) -> list[Token]:
    names = [t for t in words if t.pos_ == "PROPN" or t.text == "-"]
    while names and (names[0].text.rstrip(".") in titles() or names[0].text == "-"):
        names.pop(0)
    return names


def _full_names(doc: Doc, *, people_only: bool = False) -> dict[str, str]:
    """Surname → the first full name ending in it ("Miliband" → "David Miliband")."""
    names: dict[str, str] = {}
    labels = ("PERSON",) if people_only else ("PERSON", "ORG", "")
    for ent in doc.ents:
        words = _name_words(ent)
        if len(words) > 1 and ent.label_ in labels:
            names.setdefault(words[-1].text, doc[words[0].i:words[-1].i + 1].text)
    return names


def _speaking_names(doc: Doc, covered: set[int]) -> list[SpacySpan]:
    """Proper names the tagger missed as people but that speak ("Corker said"), as PERSON spans."""
    from .quotes import speech_verbs

    found = []
    surnames = set(_full_names(doc, people_only=True))
    for token in doc:
        if token.pos_ != "PROPN" or token.i in covered or token.ent_type_ == "PERSON":
            continue
        if (token.dep_ == "nsubj" and token.head.lemma_ in speech_verbs()
                or token.text in surnames and token.dep_ != "compound"):
            start = min((c.i for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"),
                        default=token.i)
            found.append(SpacySpan(doc, start, token.i + 1, label="PERSON"))
    return found


def _fits(ref: _Reference, item: _Item, doc: Doc) -> float | None:
    """How badly `item` fits `ref` as antecedent (0 = well), or None when it cannot be meant."""
    if item.named.stand_in is not None:
        return _stand_in_fits(ref, item.named, doc)
    named = item.named.mention
    if named.kind == "media":
        return None
    human = _is_human(named, doc)
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
    return mention.actor.sector == "GOV" and mention.kind != "person" and not _is_human(mention, doc)


@cache
def agent_verbs() -> frozenset[str]:
    """Verbs whose subject is an actor ("control", "fear", "assemble")."""
    return frozenset(_data_rows("agent_verbs.txt"))


def _acts(pronoun: Token) -> bool:
    """Whether `pronoun` is the active subject of a verb of acting, wanting or saying."""
    from .quotes import speech_verbs

    lemma = pronoun.head.lemma_.lower()
    return pronoun.dep_ == "nsubj" and (lemma in agent_verbs() or lemma in speech_verbs())


def _stand_in_fits(ref: _Reference, item: _Item, doc: Doc) -> float | None:
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


def _entity_key(item: _Item, ref: _Reference) -> object:
    named = item.named.mention
    a = named.actor
    if ref.description is not None and ref.description.target in ("state", "government"):
        return a.country
    return named.entity or (a.name, a.country, a.sector, a.cameo)


def _binds_locally(ref: _Reference, mention: ActorMention, doc: Doc) -> bool:
    """'Trump praised him', 'the SDF, which advanced against the militants': an object cannot be
    its own verb's subject."""
    word = doc[ref.end - 1]
    if word.dep_ not in OBJECT_DEPS:
        return False
    verb = word.head
    while verb.pos_ == "ADP" and verb.head != verb:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            subject = relative_antecedent(child, verb)
            if mention.start <= subject.i < mention.end:
                return True
    return False


def _window(ref: _Reference) -> int:
    """How many sentences back `ref` may look at most (see `_reaches`)."""
    return PRONOUN_WINDOW if ref.description is None else ROLE_DESCRIPTION_WINDOW


def _reaches(ref: _Reference, candidate: Token, distance: int, doc: Doc) -> bool:
    """Whether a candidate `distance` sentences back is in reach: a pronoun looks a few sentences
    back, a description with a role or country ("the Russian president") or with the candidate's
    own head noun ("the regime" after "the Syrian regime") the whole window, others a few."""
    if ref.description is None:
        return distance <= PRONOUN_WINDOW
    if ref.description.role or ref.country or candidate.lemma_.lower() == doc[ref.end - 1].lemma_.lower():
        return distance <= ROLE_DESCRIPTION_WINDOW
    return distance <= DESCRIPTION_WINDOW


def _ranked(ref: _Reference, items: list[_Item], doc: Doc, sentence: list[int],
            quoted: list[bool]) -> list[tuple[float, _Item]]:
    here = sentence[ref.start]
    commanding = _commanding_subjects(ref, doc)
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
        if fit is None or _binds_locally(ref, m, doc):
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


def _cataphoric_subject(ref: _Reference, doc: Doc) -> int | None:
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


def relative_antecedent(subject: Token, verb: Token) -> Token:
    """'the SDF, which advanced': a relative pronoun subject stands for the noun its clause follows."""
    return verb.head if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl" else subject


def _is_subject(token: Token) -> bool:
    """A clause's subject, a name in apposition to one ("the head of Centcom, Gen Joseph Votel,"), or
    its possessor ("Turkey's hostility ... has been inflamed, because it fears")."""
    if token.dep_ in SUBJECT_DEPS:
        return True
    return token.dep_ in ("appos", "compound", "poss") and token.head.dep_ in SUBJECT_DEPS


def quoted_tokens(doc: Doc) -> list[bool]:
    """For each token, whether it lies inside a direct quote."""
    from .quotes import pair_quote_marks

    inside = [False] * len(doc)
    starts = [t.idx for t in doc]
    for mark in pair_quote_marks(doc.text):
        lo = bisect.bisect_left(starts, mark.start)
        hi = bisect.bisect_left(starts, mark.end)
        for i in range(lo, hi):
            inside[i] = True
    return inside


def _has_conjunct(item: _Item, items: list[_Item], doc: Doc) -> bool:
    return item.stand_in is None and len(_coordinated(item, items, doc)) > 1


def _speaks(token: Token) -> bool:
    """Whether `token` is the subject of a speech verb ("he said")."""
    from .quotes import speech_verbs

    return token.dep_ in SUBJECT_DEPS and token.head.lemma_.lower() in speech_verbs()


def _commanding_subjects(ref: _Reference, doc: Doc) -> list[int]:
    """Subjects of the clauses `ref` sits in ("the SDF said the militants ...": the SDF)."""
    found = []
    token = doc[ref.end - 1]
    while token.head != token:
        token = token.head
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                found.append(relative_antecedent(child, token).i)
    return found


def _conjoined_possessor(ref: _Reference, candidate: Token, doc: Doc) -> bool:
    """'Turkey and its allies', 'Trump and his aides': the possessive points at the first conjunct."""
    pronoun = doc[ref.start]
    return pronoun.dep_ == "poss" and pronoun.head.dep_ == "conj" and pronoun.head.head == candidate


def _apposed(ref: _Reference, items: list[_Item], doc: Doc) -> _Item | None:
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


def _coordinated(item: _Item, items: list[_Item], doc: Doc) -> list[_Item]:
    """The mentions joined to `item` by "and" ("Russia and Turkey"), itself first."""
    head = doc[item.mention.head]
    group = [item]
    for other in items:
        other_head = doc[other.mention.head]
        if other is not item and other.root is None and (
            other_head.head == head and other_head.dep_ == "conj"
            or head.head == other_head and head.dep_ == "conj"
        ):
            group.append(other)
    return group


def _choose(ref: _Reference, items: list[_Item], doc: Doc, sentence: list[int],
            quoted: list[bool]) -> list[_Item]:
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
    chosen: list[_Item] = []
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


def _referring_actor(ref: _Reference, antecedent: ActorMention, doc: Doc) -> Actor:
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


def resolve_references(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """`mentions` plus a mention for each pronoun/description that refers back to one, in token order.

    A reference to several actors ("the two countries", "they" after "Russia and Turkey") becomes
    one mention per actor over the same words. A new mention's `antecedent` is the index, in the
    returned list, of the named mention it refers to; its actor is that mention's actor with the
    reference's own text and span. Where a description lies over a generic mention ("the
    president", an agent), the description comes first in the list. Inside a quote, "I" is its
    speaker and "we" the speaker's side (a head of state's "we" is the government). A person the
    actor base lacks, named beside a title it knows ("the Syrian government negotiator Bashar
    Jaafari"), is added as a person mention with the title's country and sector.
    """
    if not mentions:
        return list(mentions)
    items = _resolve(doc, mentions)
    _remember_unlisted(doc, mentions, items)
    kept = [it for it in items if it.stand_in is None and it.named.stand_in is None]
    ordered = _token_order(kept)
    out = _in_token_order(kept, mentions)
    speakers = _first_person(doc, out, ordered)
    return _in_token_order(kept + speakers, mentions) if speakers else out


# The people the actor base lacks from the last document resolved, for quote attribution right
# after (`unlisted_references`), so that the coder does not resolve a document twice.
_last_unlisted: list[tuple[str, tuple[ActorMention, ...], list[ActorMention]]] = []


def _remember_unlisted(doc: Doc, mentions: list[ActorMention], items: list[_Item]) -> None:
    unlisted = [it.mention for it in items if it.named.stand_in == "person"]
    _last_unlisted[:] = [(doc.text, tuple(mentions), unlisted)]


def unlisted_references(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """People the actor base lacks, named ("Bob Corker") or referred to ("he"), as mentions whose
    actor carries only the name: for quote speakers, never for events."""
    base = [m for m in mentions if m.kind not in REFERENCE_KINDS]
    for text, known, unlisted in _last_unlisted:
        if text == doc.text and known == tuple(base):
            return unlisted
    return [it.mention for it in _resolve(doc, base) if it.named.stand_in == "person"]


def _first_person(doc: Doc, out: list[ActorMention], ordered: list[_Item]) -> list[_Item]:
    """ "I" and "we" inside each quote whose speaker is a named mention of `out`."""
    from .quotes import quoted_speakers

    table = first_person()
    covered = {i for m in out for i in range(m.start, m.end)}
    position = {id(m): k for k, m in enumerate(out)}
    found = []
    for words, speaker in quoted_speakers(doc, out):
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
                found.append(_Item(mention, root=root))
    return found


def _speaker_as(named: ActorMention, token: Token, plural: bool, doc: Doc) -> Actor | None:
    """The actor a speaker's "I" (`plural` False) or "we" names: the speaker, or the side it speaks for."""
    span = Span(token.idx, token.idx + len(token), token.text)
    actor = replace(named.actor, text=token.text, span=span)
    if not _is_human(named, doc):
        return actor if plural else None
    if not plural:
        return actor
    if not (actor.country and actor.sector):
        return None
    return replace(actor, name=None, role=None, wikidata=None, cameo=f"{actor.country}{actor.sector}")


def _give_titles(doc: Doc, items: list[_Item], people: list[_Item]) -> list[_Item]:
    """'the Syrian government negotiator Bashar Jaafari', 'Bashar Jaafari, the Syrian negotiator':
    a person the actor base lacks, named next to a title it knows, becomes a person mention with the
    title's country and sector, and the one a later "he" means. Returns the titles so used."""
    ending: dict[int, _Item] = {}
    starting: dict[int, _Item] = {}
    for item in items:
        m = item.mention
        if m.kind == "agent" and not m.plural and _is_human(m, doc):
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


def _resolve(doc: Doc, mentions: list[ActorMention]) -> list[_Item]:
    sentence = _sentence_index(doc)
    quoted = quoted_tokens(doc)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    items = [_Item(m) for m in mentions]
    generic = {i for m in mentions if m.kind == "agent" for i in range(m.start, m.end)}
    refs = _find_pronouns(doc, covered, generic) + _find_descriptions(doc, mentions)
    refs.sort(key=lambda r: r.start)
    people = _stand_ins(doc, covered | {i for r in refs for i in range(r.start, r.end)})
    titles_of_named = _give_titles(doc, items, people)
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
            item = _Item(new, root=root)
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


def _order(items: list[_Item]) -> list[int]:
    return sorted(range(len(items)), key=lambda k: (items[k].mention.start, items[k].mention.end,
                                                    items[k].root is None, k))


def _token_order(items: list[_Item]) -> list[_Item]:
    return [items[k] for k in _order(items)]


def _in_token_order(items: list[_Item], original: list[ActorMention]) -> list[ActorMention]:
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
