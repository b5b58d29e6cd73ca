"""Arguments: who acts and who is acted upon, read from the parse around a trigger (subject, passive
agent, controller, objects, prepositional objects, the noun a clause describes), and filled in from
context where the text leaves them out (the place, the other party, a domestic target)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Token

from .. import codebook
from ..actors import TRANSNATIONAL_CODES
from ..places import is_country
from ..syntax import relative_antecedent
from ..syntax.words import prepositions
from ..types import Actor, ActorMention, Place, Span
from .lexicon import Rules, comrade_verbs, document_nouns, domestic_table, gerund_doers
from .triggers import NOUN_POS, choose_rule, described_noun, objects_of, prepositions_of

SUBJECTS = frozenset({"nsubj", "csubj"})

OBJECTS = frozenset({"dobj", "obj", "dative", "attr"})



class Mentions:
    """Actor mentions indexed by token, for argument lookup."""

    def __init__(self, mentions: list[ActorMention]) -> None:
        self.mentions = mentions
        self.by_token: dict[int, list[int]] = {}
        for index, mention in enumerate(mentions):
            for i in range(mention.start, mention.end):
                self.by_token.setdefault(i, []).append(index)

    def at(self, token: Token) -> list[int]:
        return self.by_token.get(token.i, [])

    def of_phrase(self, token: Token, depth: int = 2) -> list[int]:
        """Mentions naming the noun phrase headed by `token`: itself, its conjuncts, its modifiers
        (and theirs: "the American president's decision")."""
        found = list(self.at(token))
        if not found and depth > 0:
            for child in token.children:
                if child.dep_ in ("compound", "amod", "poss", "nmod", "appos"):
                    found.extend(self.of_phrase(child, depth - 1))
            if not found:
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        for obj in child.children:
                            if obj.dep_ == "pobj":
                                found.extend(self.of_phrase(obj, depth - 1))
        for conj in token.conjuncts if depth > 0 else ():
            if conj.i > token.i:
                for index in self.of_phrase(conj, 0):
                    if index not in found:
                        found.append(index)
        return found


def verb_subject(verb: Token, *, raising: bool = False) -> tuple[Token | None, str]:
    """The token acting as `verb`'s subject, and how it was found (`raising`: `verb` governs the
    event's clause, so a passive one hands its subject down: "Iran is believed to be supporting")."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            antecedent = relative_antecedent(child, verb)
            return (child, "subject") if antecedent is child else (antecedent, "noun the clause describes")
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj, "passive agent"
    head = verb.head
    if head is verb or (agentless_passive(verb) and not raising):
        # "Russia invaded and was sanctioned", "they had been told to stand down": whoever acted on
        # a passive's subject is not the subject of the clause above
        return None, ""
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head is not head:
        # "Syria is willing to withdraw": the adjective's clause holds the subject
        token, how = verb_subject(head.head)
        return token, f"{how} of '{head.head.text} {head.text}'" if token is not None else ""
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX"):
        # object-control verbs ("urged Iran to stop") hand their object down, others their subject
        if verb.dep_ == "xcomp":
            for child in head.children:
                if child.dep_ in ("dobj", "obj"):
                    return child, f"object of '{head.text}'"
                if child.dep_ == "nsubjpass":
                    # "Putin is expected to sign", "its staff had been told to leave": a passive
                    # governor's subject acts
                    return child, f"subject of '{head.text}'"
            # "called on Libya's government to crack down": the party called upon acts
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in prepositions("controller")):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj, f"'{prep.text}' object of '{head.text}'"
        token, how = verb_subject(head, raising=verb.dep_ == "xcomp")
        return token, f"{how} of '{head.text}'" if token is not None else ""
    if (verb.dep_ == "pcomp" and head.lower_ in gerund_doers() and head.head.i != head.i
            and head.head.pos_ in ("VERB", "AUX")):
        # "After meeting Putin, Modi flew to Kyiv": the gerund shares the clause's subject;
        # "stopped Israel from attacking": its object
        clause = head.head
        if gerund_doers()[head.lower_] == "object":
            return next(((c, f"object of '{clause.text}'") for c in clause.children if c.dep_ in ("dobj", "obj")),
                        (None, ""))
        token, how = verb_subject(clause)
        return token, f"{how} of '{clause.text}'" if token is not None else ""
    if verb.dep_ == "relcl" and head.pos_ in NOUN_POS:
        return head, "noun the clause describes"
    if verb.dep_ == "acl" and verb.tag_ != "VBN" and head.pos_ in NOUN_POS:
        # "forces fighting Isis": the noun the participle describes does the act
        return head, "noun the participle describes"
    return None, ""


def document_author(token: Token, mentions: Mentions) -> list[int]:
    """The mentions of whoever wrote or adopted the document `token` names ("the resolution adopted
    by the security council", "a statement from the Kremlin"): a text acts for its author."""
    if token.lemma_.lower() not in document_nouns():
        return []
    holders = [token, *(c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for holder in holders:
        for child in prepositions_of(holder):
            if child.lower_ in prepositions("author"):  # a passive's agent "by" too
                for obj in child.children:
                    if obj.dep_ == "pobj" and (found := mentions.of_phrase(obj)):
                        return found
    return []


def recipient_tokens(trigger: Token, skip: set[int]) -> Iterator[tuple[Token, str, str | None]]:
    """The tokens that may name the party `trigger` acts upon, in order of preference: each with how it
    was found (for the `why`) and the preposition it hangs from, if any."""
    described = described_noun(trigger)
    if described is not None:
        yield described, "noun the passive participle describes", None
    for child in trigger.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":
            # "provide support to Palestinian refugees": a dative "to" phrase
            yield from ((o, "'to' object", "to") for o in child.children if o.dep_ == "pobj")
        elif child.dep_ in OBJECTS and child.i not in skip:
            yield child, "object", None
        if child.dep_ == "nsubjpass":
            yield child, "passive subject", None
    deps = {c.dep_ for c in trigger.children}
    if trigger.dep_ == "conj" and "auxpass" in deps and not deps & {"nsubj", "nsubjpass"}:
        # "Russia invaded Ukraine and was sanctioned", "arrived in Kyiv and was welcomed by
        # Zelensky": the shared subject is the one acted upon
        yield from ((c, "subject shared with the clause before", None) for c in trigger.head.children
                    if c.dep_ in ("nsubj", "nsubjpass"))
    # "imposed sanctions on Russia": the recipient often hangs on the object noun, not the verb,
    # or on a participle describing it ("lifted sanctions imposed on China"); "rejected calls by
    # Belarus", "a resolution proposed by France": whoever made the thing acted upon is its recipient
    objects = [o for o in objects_of(trigger) if o.pos_ in NOUN_POS]
    holders = [trigger, *objects, *(c for o in objects for c in o.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    makers = prepositions("maker")
    # each holder's prepositions read once, not once for every preposition name tried
    held = [(holder, [(child.lower_, child) for child in prepositions_of(holder)]) for holder in holders]
    beside = trigger.lemma_.lower() in comrade_verbs()
    for prep_name in prepositions("recipient") + makers:
        for holder, held_prepositions in held:
            if (prep_name in makers or (beside and prep_name == "with")) and holder is trigger:
                continue
            for word, child in held_prepositions:
                if word == prep_name:
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            yield obj, f"'{prep_name}' object", prep_name


def noun_arguments(noun: Token, mentions: Mentions, subject: list[int], rules: Rules
                    ) -> tuple[list[int], list[int], str]:
    """Actor and recipient mentions hung on an event noun ("Russia's invasion of Ukraine").

    `subject` is the actor a support verb already gave ("Qatar launched a mediation between A and B"):
    then the parties the noun names are its recipients.
    """
    actor: list[int] = list(subject)
    recipient: list[int] = []
    how = ""
    for child in noun.children if not subject else ():
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            found = mentions.of_phrase(child, 0)
            if found and not actor:
                actor, how = found, f"'{child.text}' modifying '{noun.text}'"
    # "a mediation effort between A and B": the phrase's head carries the arguments; "a suspension
    # of attacks against X": so does the event noun it governs
    holders = [noun, noun.head] if noun.dep_ == "compound" else [noun]
    holders += [o for p in prepositions_of(noun) if p.lower_ == "of" for o in p.children
                if o.dep_ == "pobj" and choose_rule(o, rules)]
    for prep in (p for holder in holders for p in prepositions_of(holder)):
        objects = [o for o in prep.children if o.dep_ == "pobj"]
        for obj in objects:
            found = mentions.of_phrase(obj)
            if not found:
                continue
            if prep.lower_ == "by" and not actor:
                actor, how = found, f"'by' object of '{noun.text}'"
            elif prep.lower_ == "between" and not actor:
                actor, how = found, f"'between' objects of '{noun.text}'"
            elif prep.lower_ == "between" and not recipient:
                recipient = found
            elif prep.lower_ in ("with",) and actor and not recipient:
                recipient = found
            elif prep.lower_ in prepositions("noun_recipient") and not recipient:
                recipient = found
    return actor, recipient, how


def identity(actor: Actor) -> tuple[str | None, str | None, str | None]:
    return (actor.name or actor.text.lower(), actor.country, actor.sector)


# Violence (CAMEO 18-20) is coded even when the text hides who did it
# ("three civilians were killed in a car bombing"), as the PLOVER manual does.
UNIDENTIFIED_ROOTS = ("18", "19", "20")

NAMED_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def unidentified_actor(subject: Token | None, code: codebook.CameoCode,
                        recipients: tuple[Actor, ...], *, passive: bool) -> Actor | None:
    """An unresolved actor: a named subject the base lacks, or nobody named, for violence with a
    victim or for a passive that leaves out its agent ("journalists were detained in Iran")."""
    if subject is not None and subject.ent_type_ in NAMED_ENTITY_LABELS:
        words = subject.doc[subject.left_edge.i:subject.i + 1]
        return Actor(text=words.text, country=None, sector=None,
                     span=Span(words.start_char, words.end_char, words.text))
    if recipients and (passive or code.code.startswith(UNIDENTIFIED_ROOTS)):
        return Actor(text="(unidentified)", country=None, sector=None)
    return None


def agentless_passive(verb: Token) -> bool:
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps and "agent" not in deps


def owned_by(token: Token, actor_ids: set[tuple[str | None, str | None, str | None]],
              mentions: Mentions) -> bool:
    """Whether `token` is the actor's own thing ("withdrew its troops"), not a party acted upon."""
    for child in token.children:
        if child.dep_ == "poss":
            named = set(mentions.at(token))
            owners = [mentions.mentions[i].actor for i in mentions.at(child) if i not in named]
            # "his Turkish counterpart" names another party; "its troops" the actor's own
            other_states = {mentions.mentions[i].actor.country for i in named} - {
                owner.country for owner in owners} - {None}
            if other_states:
                return False
            if any(identity(owner) in actor_ids for owner in owners):
                return True
            # "withdraw their force": a pronoun owner we could not resolve is most often the actor
            if not owners and child.pos_ == "PRON":
                return True
    return False


def clause_subject(trigger: Token, mentions: Mentions, actor_ix: list[int]) -> tuple[list[int], str]:
    """The subject of the trigger's that-clause ("demanded that the US cancel"), as recipient."""
    clauses = [c for c in trigger.children if c.dep_ == "ccomp"]
    return _subject_of(clauses, mentions, actor_ix, "clause")


CONDITIONS = frozenset({"if", "unless"})


def condition_subject(trigger: Token, mentions: Mentions, actor_ix: list[int]) -> tuple[list[int], str]:
    """Whom a threat is aimed at: the party its condition names ("... unless Baghdad accepts")."""
    clauses = [
        clause for verb in (trigger, *(c for c in trigger.children if c.dep_ == "xcomp"))
        for clause in verb.children
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in clause.children)
    ]
    return _subject_of(clauses, mentions, actor_ix, "condition")


def _subject_of(clauses: list[Token], mentions: Mentions, actor_ix: list[int], what: str
                ) -> tuple[list[int], str]:
    """Mentions naming the first of `clauses`' subjects that is not the actor."""
    for clause in clauses:
        for child in clause.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = [i for i in mentions.of_phrase(child) if i not in actor_ix]
                if found:
                    return found, f"subject of the '{clause.text}' {what}"
    return [], ""


def attending_actor(noun: Token, mentions: Mentions) -> tuple[list[int], str]:
    """Who takes part in an event noun a verb points to ("negotiators return to Geneva for talks"),
    or a copula ("Serbia is in negotiations with Kosovo")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in prepositions("attendance") or prep.head.pos_ not in ("VERB", "AUX"):
        return [], ""
    subject, how = verb_subject(prep.head)
    if subject is None or how != "subject":
        return [], ""
    return mentions.of_phrase(subject), f"subject of '{prep.head.text}', which goes '{prep.text} {noun.text}'"




def territory_recipient(trigger: Token, code: str, places: list[tuple[int, int, Place]], rules: Rules
                         ) -> tuple[tuple[Actor, ...], str]:
    """The country of the place an act of force (or a visit) is aimed at, as its recipient; for
    violence, also the place it happened in, on the verb or its object ("launched airstrikes in Syria").
    A country that modifies a word naming an act ("killed in a US airstrike") says whose act it is, not
    where it was aimed (a town still does: "the Paris massacres")."""
    violent = code.startswith(UNIDENTIFIED_ROOTS)
    targets = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    holders = [trigger, *(t for t in targets if t.pos_ in NOUN_POS and violent)]
    territory = prepositions("territory")
    targets += [o for h in holders for p in prepositions_of(h) if p.lower_ in territory and p.lower_ != "in" or (
                p.lower_ == "in" and violent) for o in p.children if o.dep_ == "pobj"]
    doc = trigger.doc
    for target in targets:
        for start, end, place in places:
            if (place.country and target.left_edge.i <= start and end <= target.right_edge.i + 1
                    and not _names_whose_act(doc[end - 1], place, rules)):
                words = doc[start:end]
                actor = Actor(text=words.text, country=place.country, sector=None, cameo=place.country,
                              span=Span(words.start_char, words.end_char, words.text))
                return (actor,), f"the place it targets ({place.name}, {place.country})"
    return (), ""


def _names_whose_act(last: Token, place: Place, rules: Rules) -> bool:
    """Whether a country (`last`: its name's last word) modifies a word naming an act ("a US airstrike")."""
    return (last.dep_ in ("amod", "compound", "poss", "nmod") and choose_rule(last.head, rules) is not None
            and is_country(place))


def _home_countries(side: tuple[Actor, ...]) -> set[str]:
    """The states of a side's actors: a UN or EU body has no home population or police."""
    return {a.country for a in side if a.country and a.country not in TRANSNATIONAL_CODES}


def domestic_recipient(code: codebook.CameoCode, actors: tuple[Actor, ...], place: Place | None
                        ) -> tuple[tuple[Actor, ...], str]:
    """The home target of a protest, ban or curfew that names none (see data/lexicon/domestic.tsv)."""
    table = domestic_table()
    entry = next((table[code.code[:n]] for n in range(len(code.code), 1, -1) if code.code[:n] in table), None)
    own = _home_countries(actors)
    country = place.country if place is not None and place.country else next(iter(own)) if len(own) == 1 else None
    if entry is None or country is None:
        return (), ""
    sector, words = entry
    target = Actor(text=f"({words} of {country})", country=country, sector=sector, cameo=country + sector)
    return (target,), f"; no target named, so the recipient is {words} of {country}"


# Armies act abroad as often as at home: their victims need not share their country (police do).
ABROAD_SECTORS = ("MIL",)

# Refugees are seldom of the country where the story finds them.
FOREIGN_BY_NATURE = ("REF",)


def _stateless_group(actor: Actor) -> bool:
    """A generic agent with no state ("protesters", "police"): its CAMEO code is its sector alone."""
    return (not actor.country and actor.sector not in (None, *FOREIGN_BY_NATURE)
            and actor.cameo in (None, actor.sector))


def situate(actors: tuple[Actor, ...], recipients: tuple[Actor, ...], place: Place | None
             ) -> tuple[tuple[Actor, ...], tuple[Actor, ...], str]:
    """Give a country to generic agents the text leaves stateless ("police dispersed demonstrators"):
    the country the event happened in, else that of the one state whose agents are on the other side."""

    def fill(side: tuple[Actor, ...], other: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], str]:
        if not any(map(_stateless_group, side)):
            return side, ""
        # a state named as a whole ("talks with Russia") deals with other states; its agents
        # ("Turkish police", "the Chilean officials") act at home as often as not
        other_countries = _home_countries(tuple(a for a in other if a.sector))
        if place is not None and place.country:
            country, source = place.country, f"the event's place ({place.name})"
        elif len(other_countries) == 1 and not any(a.sector in ABROAD_SECTORS for a in other):
            country, source = next(iter(other_countries)), "the other party"
        else:
            return side, ""
        filled = tuple(
            replace(a, country=country, cameo=country + (a.sector or "")) if _stateless_group(a) else a
            for a in side
        )
        return filled, f"; country of {', '.join(a.text for a in side if not a.country)} from {source}"

    actors, actor_how = fill(actors, recipients)
    recipients, recipient_how = fill(recipients, actors)
    return actors, recipients, actor_how + recipient_how


def actors_of(indices: Iterable[int], mentions: Mentions, trigger: Token) -> tuple[Actor, ...]:
    """The actors of `indices`, once each, spanning the noun phrase each was named in."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out: list[Actor] = []
    for i in indices:
        mention = mentions.mentions[i]
        key = identity(mention.actor)
        if key not in seen:
            seen.add(key)
            out.append(replace(mention.actor, span=_phrase_span(mention, trigger)))
    return tuple(out)


# How a word sits inside a larger noun phrase: "a Taliban suicide bomber", "Mali's transitional
# government", "the US-backed forces", "the president, Joe Biden".
PHRASE_INNER = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "appos", "nummod"})


def _phrase_span(mention: ActorMention, trigger: Token) -> Span | None:
    """The noun phrase a mention names its actor in ("the foreign ministers of the Arab League"),
    up to its conjuncts, a comma-set relative clause and the event's own words."""
    doc = trigger.doc
    head = doc[mention.head]
    while head.head.i != head.i and head.head.i != trigger.i:
        parent = head.head
        inner = head.dep_ in PHRASE_INNER or (
            head.dep_ == "pobj" and parent.lower_ == "of" and parent.head.pos_ in NOUN_POS
            and parent.head.i != trigger.i)
        if not inner:
            break
        head = parent.head if head.dep_ == "pobj" else parent
    if head.pos_ not in NOUN_POS and head.pos_ != "PRON":
        return mention.actor.span
    end = head.i + 1
    for child in head.rights:
        after_comma = doc[child.left_edge.i - 1].text == "," if child.left_edge.i > 0 else False
        if (child.dep_ in ("cc", "conj") or (child.dep_ in ("relcl", "acl") and after_comma)
                or child.left_edge.i <= trigger.i <= child.right_edge.i):
            break
        end = child.right_edge.i + 1
    start = min(head.left_edge.i, mention.start)
    end = max(end, mention.end)
    while start < end - 1 and doc[start].is_punct:
        start += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    if start <= trigger.i < end:
        return mention.actor.span
    words = doc[start:end]
    return Span(words.start_char, words.end_char, words.text)
