"""Events: triggers (verbs and event nouns) → CAMEO code → PLOVER, with actor and recipient from the parse.

The lexicon (`data/lexicon/triggers.tsv`) maps a lemma plus cues from its dependents to a CAMEO
code; the codebook gives PLOVER type, mode, context, Goldstein and quad class. Arguments come
from the dependency parse: subject or passive agent → actor; object, dative or a prepositional
object → recipient; open complements ("agreed to start talks") inherit their controller's subject;
support verbs ("held talks", "launched an offensive") hand their subject to the event noun.
"""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span as SpacySpan, Token

from . import codebook, modality, reader, syntax
from .actors import TRANSNATIONAL_CODES
from .coref import relative_antecedent
from .dates import Timeline
from .places import event_place
from .types import Actor, ActorMention, Event, Place, Span


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One lexicon entry: a lemma (verb "V" or event noun "N"), the cues it needs, and its CAMEO code.

    `cues` are (kind, allowed lemmas) pairs, all required: kind is one of
    prt (verb particle), prep (a preposition child), obj (direct object lemma), objent (the direct
    object's entity label), comp (lemma of an xcomp/ccomp verb), mod (any child lemma), or a preposition
    written "P>" (that preposition's object lemma). Empty cues match any use.
    `source` names the lexicon file (or user dictionary) the rule came from, for the event's `why`.
    """

    lemma: str
    pos: str
    cues: tuple[tuple[str, frozenset[str]], ...]
    cameo: str
    source: str = "tidings lexicon"

    def matches(self, token: Token) -> bool:
        return all(_cue_holds(token, kind, allowed) for kind, allowed in self.cues)

    def describe(self) -> str:
        cues = "; ".join(f"{k} {'|'.join(sorted(v)) or 'any'}" for k, v in self.cues)
        origin = f" ({self.source})" if self.source != "tidings lexicon" else ""
        return f"'{self.lemma}'" + (f" with {cues}" if cues else "") + origin


def _data_rows(name: str) -> list[str]:
    text = resources.files("tidings").joinpath("data", "lexicon", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _table(name: str) -> list[dict[str, str]]:
    """The rows of a lexicon TSV file, by its header."""
    return list(csv.DictReader(_data_rows(name), delimiter="\t"))


def _words(name: str) -> tuple[str, ...]:
    """The entries of a one-column lexicon file (its header skipped)."""
    return tuple(row.strip() for row in _data_rows(name)[1:])


def parse_cues(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """`obj:a|b;prt:up` → (("obj", {"a","b"}), ("prt", {"up"}))."""
    cues = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        if ">" in part:
            prep, _, words = part.partition(">")
            kind = prep + ">"
        else:
            kind, _, words = part.partition(":")
        cues.append((kind, frozenset(w for w in words.split("|") if w)))
    return tuple(cues)


# Rules from user dictionaries (tidings code --actors VERBS.txt), tried before the shipped ones.
_USER_RULES: list[TriggerRule] = []


def add_triggers(rules: Iterable[TriggerRule]) -> int:
    """Add user trigger rules (e.g. from a PETRARCH verbs dictionary); return how many."""
    before = len(_USER_RULES)
    _USER_RULES.extend(rule for rule in rules if _known_code(rule.cameo) is not None)
    lexicon.cache_clear()
    return len(_USER_RULES) - before


def reset_triggers() -> None:
    """Forget user trigger rules."""
    _USER_RULES.clear()
    lexicon.cache_clear()


def _known_code(cameo: str) -> codebook.CameoCode | None:
    """The codebook row for `cameo`, keeping a more specific user code ("1717" under 171); None
    when no prefix of it is a CAMEO code (PETRARCH's test-only codes)."""
    try:
        row = codebook.lookup(cameo)
    except KeyError:
        return None
    return row if row.code == cameo else replace(row, code=cameo)


@cache
def lexicon() -> dict[tuple[str, str], tuple[TriggerRule, ...]]:
    """Rules by (lemma, pos), most specific first; user rules before shipped ones."""
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    for rule in _USER_RULES:
        rules.setdefault((rule.lemma, rule.pos), []).append(rule)
    for row in _table("triggers.tsv"):
        rule = TriggerRule(row["lemma"], row["pos"], parse_cues(row["cues"] or ""), row["cameo"])
        rules.setdefault((rule.lemma, rule.pos), []).append(rule)
    return {key: tuple(sorted(group, key=lambda r: -len(r.cues))) for key, group in rules.items()}


@cache
def support_verbs() -> frozenset[str]:
    return frozenset(_words("support_verbs.tsv"))


@cache
def reciprocal_prefixes() -> tuple[str, ...]:
    return _words("reciprocal.tsv")


SUBJECTS = frozenset({"nsubj", "csubj"})
OBJECTS = frozenset({"dobj", "obj", "dative", "attr"})
TOPIC_PREPS = frozenset({"'on' object", "'of' object", "'over' object", "'in' object", "'for' object"})
RECIPIENT_PREPS = ("against", "on", "with", "to", "at", "into", "toward", "towards", "upon", "from",
                   "over", "for", "of", "in")
COMPLEMENTS = frozenset({"xcomp", "ccomp"})
# Prepositions whose object does what the verb's infinitive says ("called on Iran to", "prevailed upon")
CONTROLLING_PREPS = frozenset({"on", "upon"})
NOUN_POS = frozenset({"NOUN", "PROPN"})


def _preps(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "prep" or (child.dep_ == "agent"):
            yield child


def _cue_holds(token: Token, kind: str, allowed: frozenset[str]) -> bool:
    if kind == "prt":
        return any(c.dep_ == "prt" and c.lower_ in allowed for c in token.children)
    if kind == "prep":
        return any(p.lower_ in allowed for p in _preps(token))
    if kind == "obj":
        return any(not allowed.isdisjoint(_cue_words(o)) for o in _objects(token))
    if kind == "comp":
        comps = [c for c in token.children if c.dep_ in COMPLEMENTS]
        return bool(comps) and (not allowed or any(c.lemma_.lower() in allowed for c in comps))
    if kind == "objent":
        return any(o.ent_type_ in allowed for o in _objects(token))
    if kind == "mod":
        return any(c.lemma_.lower() in allowed or c.lower_ in allowed for c in token.children)
    if kind.endswith(">"):
        prep = kind[:-1]
        for p in _preps(token):
            if p.lower_ == prep or (p.lower_ in ("out", "by") and prep == p.lower_):
                objects = [o for o in p.children if o.dep_ in ("pobj", "pcomp")]
                if not allowed and objects:
                    return True
                if any(not allowed.isdisjoint(_cue_words(o)) for o in objects):
                    return True
        return False
    return False


@cache
def frame_nouns() -> frozenset[str]:
    return frozenset(_words("frame_nouns.tsv"))


def _cue_words(noun: Token) -> set[str]:
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


def _noun_words(noun: Token | None) -> tuple[Token, ...]:
    """The tokens naming a noun a cue matched: its hyphenated parts and the nouns it frames."""
    if noun is None:
        return ()
    framed = _framed(noun) if noun.lemma_.lower() in frame_nouns() else ()
    return (noun, *_hyphenated(noun), *(t for f in framed for t in (f, *_hyphenated(f))))


def _hyphenated(token: Token) -> tuple[Token, ...]:
    """The parts of the hyphenated word `token` is the head of ("walk-out", "face-to-face"), else ()."""
    doc = token.doc
    start = end = token.i

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
    parts = _hyphenated(token)
    if not parts:
        return ()
    words = [p.lower_ for p in parts[:-1]] + [parts[-1].lemma_.lower()]
    return "-".join(words), "".join(words)


def _objects(token: Token) -> list[Token]:
    """Direct objects of a verb (with conjuncts), or the passive subject standing in for one."""
    found = [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    for c in list(found):
        found.extend(c.conjuncts)
    return found


def choose_rule(token: Token) -> TriggerRule | None:
    pos = "V" if token.pos_ == "VERB" else "N" if token.pos_ in NOUN_POS else None
    if pos is None:
        return None
    for lemma in (*_hyphen_forms(token), token.lemma_.lower()):
        for rule in lexicon().get((lemma, pos), ()):
            if rule.matches(token):
                return rule
    return None


class _Mentions:
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


@cache
def _gerund_doers() -> dict[str, str]:
    return {row["preposition"]: row["doer"] for row in _table("gerund_subject_preps.tsv")}


def _subject(verb: Token) -> tuple[Token | None, str]:
    """The token acting as `verb`'s subject, and how it was found."""
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
    if head is verb:
        return None, ""
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head is not head:
        # "Syria is willing to withdraw": the adjective's clause holds the subject
        token, how = _subject(head.head)
        return token, f"{how} of '{head.head.text} {head.text}'" if token is not None else ""
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX"):
        # object-control verbs ("urged Iran to stop") hand their object down, others their subject
        if verb.dep_ == "xcomp":
            for child in head.children:
                if child.dep_ in ("dobj", "obj"):
                    return child, f"object of '{head.text}'"
            # "called on Libya's government to crack down": the party called upon acts
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in CONTROLLING_PREPS):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj, f"'{prep.text}' object of '{head.text}'"
        token, how = _subject(head)
        if token is None and verb.dep_ == "xcomp":
            # "Putin is expected to sign": the raised subject of a passive governor
            token = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
            how = "subject"
        return token, f"{how} of '{head.text}'" if token is not None else ""
    if (verb.dep_ == "pcomp" and head.lower_ in _gerund_doers() and head.head.i != head.i
            and head.head.pos_ in ("VERB", "AUX")):
        # "After meeting Putin, Modi flew to Kyiv": the gerund shares the clause's subject;
        # "stopped Israel from attacking": its object
        clause = head.head
        if _gerund_doers()[head.lower_] == "object":
            return next(((c, f"object of '{clause.text}'") for c in clause.children if c.dep_ in ("dobj", "obj")),
                        (None, ""))
        token, how = _subject(clause)
        return token, f"{how} of '{clause.text}'" if token is not None else ""
    if verb.dep_ == "relcl" and head.pos_ in NOUN_POS:
        return head, "noun the clause describes"
    if verb.dep_ == "acl" and verb.tag_ != "VBN" and head.pos_ in NOUN_POS:
        # "forces fighting Isis": the noun the participle describes does the act
        return head, "noun the participle describes"
    return None, ""


def _recipient_tokens(trigger: Token, skip: set[int]) -> Iterator[tuple[Token, str]]:
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.pos_ in NOUN_POS:
        # "fighters captured by US-backed forces": the noun the passive participle describes
        yield trigger.head, "noun the passive participle describes"
    for child in trigger.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":
            # "provide support to Palestinian refugees": a dative "to" phrase
            yield from ((o, "'to' object") for o in child.children if o.dep_ == "pobj")
        elif child.dep_ in OBJECTS and child.i not in skip:
            yield child, "object"
        if child.dep_ == "nsubjpass":
            yield child, "passive subject"
    # "imposed sanctions on Russia": the recipient often hangs on the object noun, not the verb,
    # or on a participle describing it ("lifted sanctions imposed on China"); "rejected calls by
    # Belarus", "a resolution proposed by France": whoever made the thing acted upon is its recipient
    objects = [o for o in _objects(trigger) if o.pos_ in NOUN_POS]
    holders = [trigger, *objects, *(c for o in objects for c in o.children if c.dep_ == "acl" and c.tag_ == "VBN")]
    for prep_name in RECIPIENT_PREPS + ("by",):
        for holder in holders:
            if prep_name == "by" and holder is trigger:
                continue
            for child in _preps(holder):
                if child.lower_ == prep_name:
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            yield obj, f"'{prep_name}' object"


@dataclass(frozen=True, slots=True)
class _Candidate:
    trigger: Token  # the token carrying the event's modality, date and arguments
    words: tuple[Token, ...]  # the tokens naming the action
    rule: TriggerRule
    noun: Token | None  # the event noun, when the event is named by one
    anchor: Token | None = None  # where the event sits in the clause tree, when not the trigger
    actor_from: Token | None = None  # argument tokens fixed by the construction that found it
    recipient_from: Token | None = None
    prior: float | None = None  # confidence when it comes from the learned reader, not a rule
    actor_ix: tuple[int, ...] = ()  # mentions the learned reader read as actor / recipient
    recipient_ix: tuple[int, ...] = ()

    @property
    def position(self) -> Token:
        return self.anchor if self.anchor is not None else self.trigger


def _event_noun(token: Token) -> Token | None:
    """`token` if it names an event, else an event noun compounded into it ("a mediation effort")."""
    if token.pos_ not in NOUN_POS:
        return None
    if choose_rule(token):
        return token
    for child in token.children:
        if child.dep_ == "compound" and child.pos_ in NOUN_POS and choose_rule(child):
            return child
    if token.lemma_.lower() in frame_nouns():
        for prep in _preps(token):
            if prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ in NOUN_POS and choose_rule(obj):
                        return obj
    return None


@cache
def _obligations() -> dict[str, str]:
    return {row["word"]: row["cameo"] for row in _table("obligation.tsv")}


@cache
def _appeal_governors() -> dict[str, str]:
    return {row["lemma"]: row["cameo"] for row in _table("appeal_governors.tsv")}


def obligation_words() -> tuple[str, ...]:
    """The modals and verbs of obligation a speaker's demand of another party is told with."""
    return tuple(_obligations())


def appeal_governors() -> tuple[str, ...]:
    """The verbs by which an actor says what it wants another party to do ("wants Serbia to")."""
    return tuple(_appeal_governors())


def _obligation(token: Token) -> _Candidate | None:
    """A speaker telling another party what it must do ("Russia said Sudan must return the
    helicopter", "said Israel has to allow aid") or wants it to do ("the EU wants Serbia to recognise
    Kosovo"): the speaker's demand or appeal, with the clause's subject as recipient."""
    if token.dep_ not in CLAUSES_TOLD:  # also keeps off the unparsed sentences of a candidate-only parse
        return None
    head = token.head
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or head.i == token.i:
        return None
    told = _told_obligation(token, head) or _wished_act(token, head)
    speaker, _ = _subject(head)
    if told is None or speaker is None:
        return None
    anchor, word, cameo, table = told
    rule = TriggerRule(word, "V", (), cameo, source=table)
    return _Candidate(head, (anchor,), rule, None, anchor=anchor, actor_from=speaker, recipient_from=subject)


# The clauses a speaker tells another party's act in ("said Sudan must", "wants Serbia to", "called for Israel to")
CLAUSES_TOLD = frozenset({"ccomp", "xcomp", "advcl"})


def _told_obligation(clause: Token, head: Token) -> tuple[Token, str, str, str] | None:
    """The modal or verb of obligation of a reported clause ("said Sudan must", "has to"), its
    word and its code."""
    if clause.dep_ != "ccomp" or head.lemma_.lower() not in syntax.lexicon().speech:
        return None
    modal = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in _obligations()), None)
    if modal is not None:
        return modal, modal.lower_, _obligations()[modal.lower_], "obligation table"
    word = clause.lemma_.lower()
    if word in _obligations() and any(c.dep_ == "xcomp" and syntax.is_infinitive(c) for c in clause.children):
        return clause, word, _obligations()[word], "obligation table"  # "Israel has to allow aid"
    return None


def _wished_act(clause: Token, head: Token) -> tuple[Token, str, str, str] | None:
    """The verb by which the head's subject wants another party to act ("wants Serbia to
    recognise", "called for Israel to halt"), its word and its code."""
    word = head.lemma_.lower()
    if word not in _appeal_governors() or not syntax.is_infinitive(clause):
        return None
    return head, word, _appeal_governors()[word], "appeal table"


def _cue_nouns(token: Token, rule: TriggerRule) -> Iterator[int]:
    """Event nouns a rule's preposition cue took in ("agreed to a truce"): part of this event."""
    for kind, allowed in rule.cues:
        if kind.endswith(">"):
            for prep in _preps(token):
                if prep.lower_ == kind[:-1]:
                    yield from (o.i for o in prep.children if o.dep_ == "pobj")


ALLEGATION_PREPS = frozenset({"of", "for"})


def _allegations(token: Token, rule: TriggerRule) -> Iterator[int]:
    """Acts an accusation charges its recipient with ("accused Moscow of attacking", "condemned
    Greece for detaining", "blamed Hamas for the attack", "charged that Moscow had shelled"): what
    the accuser says, part of the accusation, not acts the text reports."""
    code = _known_code(rule.cameo)
    if code is None or code.plover != "ACCUSE":
        return
    for clause in token.children:
        if clause.dep_ == "ccomp":
            yield from (c.i for c in (clause, *clause.conjuncts))
    for prep in _preps(token):
        if prep.lower_ in ALLEGATION_PREPS:
            for act in prep.children:
                if act.dep_ in ("pcomp", "pobj"):
                    yield from (a.i for a in (act, *act.conjuncts))


def _depths(sent: SpacySpan) -> dict[int, int]:
    """Each token's distance from the sentence root, by token index (each token is walked once)."""
    depth: dict[int, int] = {}
    for token in sent:
        path = []
        while token.i not in depth and token.head.i != token.i:
            path.append(token.i)
            token = token.head
        known = depth.setdefault(token.i, 0)
        for n, i in enumerate(reversed(path), start=1):
            depth[i] = known + n
    return depth


def _candidates(sent: SpacySpan) -> Iterator[_Candidate]:
    consumed: set[int] = set()
    # verbs before nouns, and a head before its dependents, so that what a trigger takes in (a
    # support verb's noun, an accusation's content) is taken before it could stand on its own
    depth = _depths(sent)
    verb_first = sorted(sent, key=lambda t: (t.pos_ != "VERB", depth[t.i], t.i))
    for token in verb_first:
        obligation = _obligation(token)
        if obligation is not None:
            yield obligation
        if token.i in consumed:
            continue
        rule = choose_rule(token)
        if token.pos_ == "VERB":
            objects = [o for o in _objects(token) if o.dep_ != "nsubjpass"]
            nouns = [n for n in map(_event_noun, objects) if n is not None]
            particle = tuple(c for c in token.children if c.dep_ == "prt")
            if nouns and (rule is None or not rule.cues) and token.lemma_.lower() in support_verbs():
                noun = nouns[0]
                noun_rule = choose_rule(noun)
                assert noun_rule is not None
                consumed.update(n.i for n in nouns)
                consumed.update(_cue_nouns(noun, noun_rule))
                yield _Candidate(token, (token, *particle, *_hyphenated(noun), noun), noun_rule, noun)
                continue
            if rule is not None:
                consumed.update(n.i for n in nouns if rule.cues)
                consumed.update(_cue_nouns(token, rule))
                consumed.update(_allegations(token, rule))
                # "held talks", "imposed sanctions": the object the rule asked for names the action too
                wanted = {w for kind, allowed in rule.cues if kind == "obj" for w in allowed}
                named = [o for o in objects if not wanted.isdisjoint(_cue_words(o))]
                yield _Candidate(token, (token, *particle, *_noun_words(named[0] if named else None)), rule, None)
        elif rule is not None and token.dep_ != "compound" and not (token.dep_ == "appos" and _event_noun(token.head)):
            # a noun modifying another ("war aims") names no event of its own, and an appositive one
            # ("held talks, the first direct negotiations in months") tells the same event twice
            consumed.update(_cue_nouns(token, rule))
            yield _Candidate(token, (token, *_hyphenated(token)), rule, token)


def _noun_arguments(noun: Token, mentions: _Mentions, subject: list[int]
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
    holders += [o for p in _preps(noun) if p.lower_ == "of" for o in p.children
                if o.dep_ == "pobj" and choose_rule(o)]
    for prep in (p for holder in holders for p in _preps(holder)):
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
            elif prep.lower_ in ("on", "against", "of", "to", "for", "with", "in", "into") and not recipient:
                recipient = found
    return actor, recipient, how


def extract_events(
    doc: Doc,
    mentions: list[ActorMention],
    *,
    timeline: Timeline,
    places: list[tuple[int, int, Place]],
    published: str | None,
    article_id: str,
    use_model: bool = True,
) -> list[Event]:
    """Every coded event in `doc`, in text order.

    The learned reader (tidings.reader) reads each candidate sentence (one with an actor mention
    or a trigger) in one batch per article, and `_fuse` joins its reading with the rule events
    (`use_model=False`, or `reader.switched_off()`, leaves the rules alone; `tidings eval` reports both).
    """
    index = _Mentions(mentions)
    sentences = [(sent, list(_candidates(sent))) for sent in doc.sents]
    readings: dict[int, reader.SentenceReading] = {}
    if use_model and reader.available():
        candidate = [sent for sent, found in sentences if found or _has_mention(sent, index)]
        readings = {sent.start: r for sent, r in zip(candidate, reader.predict([s.text for s in candidate]),
                                                     strict=True)}
    events: list[Event] = []
    for sent, candidates in sentences:
        reading = readings.get(sent.start)
        # a user's dictionary wins where it matches: the reader neither drops nor adds to its events
        users = list(_sentence_events(sent, [c for c in candidates if c.rule in _USER_RULES], index, timeline,
                                      places, published))
        ours = [c for c in candidates if c.rule not in _USER_RULES]
        if (reading is not None and reading.type_probs.get(reader.NO_EVENT, 0.0) >= NONE_ABOVE
                and not _names_actor(sent, index)):
            ours = []
        found = list(_sentence_events(sent, ours, index, timeline, places, published))
        if reading is not None:
            found = _fuse(sent, found, reading, index, timeline, places, published, add=not users)
        found += users
        sentence_events = sorted(_once(_rank(found)), key=lambda pair: pair[1].i)
        events.extend(_drop_embedding_statements(sentence_events))
    return [replace(e, id=f"{article_id}-e{n}") for n, e in enumerate(events, start=1)]


def _has_mention(sent: SpacySpan, mentions: _Mentions) -> bool:
    return any(token.i in mentions.by_token for token in sent)


def _names_actor(sent: SpacySpan, mentions: _Mentions) -> bool:
    """Whether an actor is named in `sent` (not only a pronoun or a description referring back):
    the reader learned NONE from sentences naming none, so its NONE counts only in such sentences."""
    return any(mentions.mentions[i].kind not in ("pronoun", "description")
               for token in sent for i in mentions.at(token))


def _parties(actors: tuple[Actor, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.country or a.name or a.text.lower() for a in actors}))


def _once(events: Iterable[tuple[Event, Token]]) -> list[tuple[Event, Token]]:
    """One event per type, parties and mode in a sentence: "held talks, the first negotiations in
    months" tells one meeting twice. The most confident telling stays."""
    best: dict[tuple[object, ...], tuple[Event, Token]] = {}
    for event, token in events:
        key = (event.plover, event.mode, _parties(event.actor), _parties(event.recipient))
        if key not in best or event.confidence > best[key][0].confidence:
            best[key] = (event, token)
    return list(best.values())


def _drop_embedding_statements(events: list[tuple[Event, Token]]) -> Iterable[Event]:
    """A statement whose reported clause holds an event that happened is only the way that event
    was told; one that reports plans, wishes or denials stays the statement it is."""
    facts = sorted(token.i for event, token in events if event.mode in ("actual", "historical"))
    for event, token in events:
        if event.plover == "STATEMENT" and _count_within(facts, token) > 0:
            continue
        yield event


def _count_within(positions: list[int], token: Token) -> int:
    """How many of the sorted token `positions` lie in `token`'s subtree, `token` itself left out:
    the subtree is the token range from its left to its right edge, so this takes log time where
    `is_ancestor` walks the tree for every pair."""
    inside = bisect_right(positions, token.right_edge.i) - bisect_left(positions, token.left_edge.i)
    return inside - (bisect_right(positions, token.i) - bisect_left(positions, token.i))


def _identity(actor: Actor) -> tuple[str | None, str | None, str | None]:
    return (actor.name or actor.text.lower(), actor.country, actor.sector)


# Violence (CAMEO 18-20) is coded even when the text hides who did it
# ("three civilians were killed in a car bombing"), as the PLOVER manual does.
UNIDENTIFIED_ROOTS = ("18", "19", "20")
NAMED_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _unidentified_actor(subject: Token | None, code: codebook.CameoCode,
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


def _agentless_passive(verb: Token) -> bool:
    deps = {c.dep_ for c in verb.children}
    return "auxpass" in deps and "agent" not in deps


def _owned_by(token: Token, actor_ids: set[tuple[str | None, str | None, str | None]],
              mentions: _Mentions) -> bool:
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
            if any(_identity(owner) in actor_ids for owner in owners):
                return True
            # "withdraw their force": a pronoun owner we could not resolve is most often the actor
            if not owners and child.pos_ == "PRON":
                return True
    return False


@cache
def clause_recipient_prefixes() -> tuple[str, ...]:
    return _words("clause_recipient.tsv")


def _clause_subject(trigger: Token, mentions: _Mentions, actor_ix: list[int]) -> tuple[list[int], str]:
    """The subject of the trigger's that-clause ("demanded that the US cancel"), as recipient."""
    clauses = [c for c in trigger.children if c.dep_ == "ccomp"]
    return _subject_of(clauses, mentions, actor_ix, "clause")


THREAT_ROOT = "13"
CONDITIONS = frozenset({"if", "unless"})


def _condition_subject(trigger: Token, mentions: _Mentions, actor_ix: list[int]) -> tuple[list[int], str]:
    """Whom a threat is aimed at: the party its condition names ("... unless Baghdad accepts")."""
    clauses = [
        clause for verb in (trigger, *(c for c in trigger.children if c.dep_ == "xcomp"))
        for clause in verb.children
        if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in clause.children)
    ]
    return _subject_of(clauses, mentions, actor_ix, "condition")


def _subject_of(clauses: list[Token], mentions: _Mentions, actor_ix: list[int], what: str
                ) -> tuple[list[int], str]:
    """Mentions naming the first of `clauses`' subjects that is not the actor."""
    for clause in clauses:
        for child in clause.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = [i for i in mentions.of_phrase(child) if i not in actor_ix]
                if found:
                    return found, f"subject of the '{clause.text}' {what}"
    return [], ""


ATTENDANCE_PREPS = frozenset({"for", "in", "at", "into"})


def _attending_actor(noun: Token, mentions: _Mentions) -> tuple[list[int], str]:
    """Who takes part in an event noun a verb points to ("negotiators return to Geneva for talks"),
    or a copula ("Serbia is in negotiations with Kosovo")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ATTENDANCE_PREPS or prep.head.pos_ not in ("VERB", "AUX"):
        return [], ""
    subject, how = _subject(prep.head)
    if subject is None or how != "subject":
        return [], ""
    return mentions.of_phrase(subject), f"subject of '{prep.head.text}', which goes '{prep.text} {noun.text}'"


# The PLOVER manual's event types that require a recipient ("Requires recipient: Yes").
REQUIRES_RECIPIENT = frozenset({"COOPERATE", "AID", "SANCTION"})

# Force against a place is force against the country it lies in ("shelled the city of Kharkiv").
TERRITORIAL_ROOTS = ("15", "17", "18", "19", "20", "042")
TERRITORY_PREPS = frozenset({"on", "against", "at", "into", "in", "of"})


def _territory_recipient(trigger: Token, code: str, places: list[tuple[int, int, Place]]
                         ) -> tuple[tuple[Actor, ...], str]:
    """The country of the place an act of force (or a visit) is aimed at, as its recipient; for
    violence, also the place it happened in, on the verb or its object ("launched airstrikes in Syria")."""
    violent = code.startswith(UNIDENTIFIED_ROOTS)
    targets = [c for c in trigger.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    holders = [trigger, *(t for t in targets if t.pos_ in NOUN_POS and violent)]
    targets += [o for h in holders for p in _preps(h) if p.lower_ in TERRITORY_PREPS - {"in"} or (
                p.lower_ == "in" and violent) for o in p.children if o.dep_ == "pobj"]
    for target in targets:
        for start, end, place in places:
            if place.country and target.left_edge.i <= start and end <= target.right_edge.i + 1:
                words = trigger.doc[start:end]
                actor = Actor(text=words.text, country=place.country, sector=None, cameo=place.country,
                              span=Span(words.start_char, words.end_char, words.text))
                return (actor,), f"the place it targets ({place.name}, {place.country})"
    return (), ""


@cache
def _domestic_table() -> dict[str, tuple[str, str]]:
    rows = _table("domestic.tsv")
    return {row["prefix"]: (row["sector"], row["text"]) for row in rows}


def _home_countries(side: tuple[Actor, ...]) -> set[str]:
    """The states of a side's actors: a UN or EU body has no home population or police."""
    return {a.country for a in side if a.country and a.country not in TRANSNATIONAL_CODES}


def _domestic_recipient(code: codebook.CameoCode, actors: tuple[Actor, ...], place: Place | None
                        ) -> tuple[tuple[Actor, ...], str]:
    """The home target of a protest, ban or curfew that names none (see data/lexicon/domestic.tsv)."""
    table = _domestic_table()
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


def _situate(actors: tuple[Actor, ...], recipients: tuple[Actor, ...], place: Place | None
             ) -> tuple[tuple[Actor, ...], tuple[Actor, ...], str]:
    """Give a country to generic agents the text leaves stateless ("police dispersed demonstrators"):
    the country the event happened in, else that of the one state on the other side."""

    def fill(side: tuple[Actor, ...], other: tuple[Actor, ...]) -> tuple[tuple[Actor, ...], str]:
        if not any(map(_stateless_group, side)):
            return side, ""
        other_countries = _home_countries(other)
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


def _actors(indices: Iterable[int], mentions: _Mentions, trigger: Token) -> tuple[Actor, ...]:
    """The actors of `indices`, once each, spanning the noun phrase each was named in."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out: list[Actor] = []
    for i in indices:
        mention = mentions.mentions[i]
        key = _identity(mention.actor)
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


def _named(code: codebook.CameoCode) -> str:
    return f"CAMEO {code.code} ({code.name})"


def _coded(base: Event, code: codebook.CameoCode, confidence: float, why: str) -> Event:
    if code.plover == "STATEMENT":
        confidence -= 0.2
    confidence *= MODE_WEIGHT[base.mode]
    return replace(
        base, plover=code.plover, cameo=code.code, goldstein=code.goldstein,
        quad_class=code.quad_class, penta_class=code.penta_class, plover_mode=code.plover_mode,
        plover_context=code.plover_context, confidence=max(0.05, min(confidence, 0.95)), why=why,
    )


@cache
def _intent_table() -> dict[str, tuple[str, str]]:
    rows = _table("intent.tsv")
    return {row["prefix"]: (row["intent"], row["refusal"] or "") for row in rows}


def _stance_code(cameo: str, *, refusal: bool) -> codebook.CameoCode | None:
    """The express-intent (03x), threat (13x) or refusal (12x) code for an event an actor says it
    will or will not carry out, by longest CAMEO prefix."""
    table = _intent_table()
    for size in range(len(cameo), 1, -1):
        if cameo[:size] in table:
            code = table[cameo[:size]][1 if refusal else 0]
            return codebook.lookup(code) if code else None
    return None


ULTIMATUM = "139"


def _stance(trigger: Token, code: codebook.CameoCode, mode: str) -> codebook.CameoCode | None:
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


@cache
def _intent_cues() -> frozenset[str]:
    return frozenset(_words("intent_cues.tsv"))


FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo"})
REPORTED_FUTURE_AUXILIARIES = frozenset({"would", "'d"})  # "said they would boycott"


def _own_intent(trigger: Token) -> bool:
    """Whether the event is future by the actor's own word: "will give", "is willing to withdraw";
    not when the intent is someone else's ("the EU wants Serbia to recognise Kosovo")."""
    cues, reported = modality.chain_cues(trigger)
    futures = FUTURE_AUXILIARIES | (REPORTED_FUTURE_AUXILIARIES if reported else frozenset())
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in trigger.children)
    return any(
        (c.kind == "aux" and c.words.lower() in futures)
        or (c.kind == "governor" and c.words in _intent_cues() and not own_subject)
        for c in cues
    )


# How much less likely an event told in each mode is to have happened as coded (confidence factor).
MODE_WEIGHT = {"actual": 1.0, "historical": 0.9, "future": 0.7, "hypothetical": 0.6, "negated": 0.6}


def _rank(events: list[tuple[Event, Token]]) -> Iterator[tuple[Event, Token]]:
    """Lower the confidence of events told inside another event's clause ("demanded that X ease ...")."""
    triggers = {token.i: token for _, token in events}.values()
    # the triggers whose subtree holds this one: those whose range starts at or before it and
    # does not end before it
    starts = sorted(other.left_edge.i for other in triggers)
    ends = sorted(other.right_edge.i for other in triggers)
    for event, token in events:
        nesting = bisect_right(starts, token.i) - bisect_left(ends, token.i) - 1
        if nesting:
            event = replace(event, confidence=max(0.05, event.confidence - 0.08 * nesting))
        yield event, token


# How the learned reader's reading joins the rule events (`_fuse`). Chosen on cross-validation
# folds (tidings eval --cv; docs/model.md).
NONE_ABOVE = 0.9  # a sentence naming no actor that the reader finds this surely free of political events
# loses its lexicon events
VETO_BELOW = 0.02  # a sole actual rule event whose penta class the reader finds less likely than this is dropped
ADD_ABOVE = 0.5  # the reader adds an event of its type when this sure and no rule event has that type
MODEL_PRIOR = 0.75  # the added event's confidence, times the reader's probability
AGREE_BONUS = 0.15  # a rule event of the reader's type gains this much confidence, times the probability


@cache
def _model_codes() -> dict[tuple[str, str], str]:
    rows = _table("model_codes.tsv")
    return {(row["plover"], row["penta"]): row["cameo"] for row in rows}


def _fuse(sent: SpacySpan, found: list[tuple[Event, Token]], reading: reader.SentenceReading,
          mentions: _Mentions, timeline: Timeline, places: list[tuple[int, int, Place]],
          published: str | None, *, add: bool = True) -> list[tuple[Event, Token]]:
    """Join the reader's reading of a sentence with its rule events (`add`: whether it may add one).

    Rules keep the CAMEO code, trigger, mode and date of what they found; the reader vetoes a
    sentence's sole actual rule event of a penta class it finds all but impossible here, raises the confidence of rule
    events of its own type (and gives them its recipient where they have none), and where no rule
    event has its type, adds one at the sentence's main verb with the actor and recipient it read.
    Every event's `why` says what the reader read and how sure it was.
    """
    kind, likely = reading.event_type, reading.type_probability
    said = f"{kind} p={likely:.2f}"
    fused = []
    for event, token in found:
        # the penta head read one event per sentence: it vetoes only a sentence's sole rule event
        if (len(found) == 1 and event.mode in ("actual", "historical")
                and reading.penta_probs[event.penta_class] < VETO_BELOW):
            continue
        if event.plover == kind:
            event = _with_model_recipient(event, token, reading, sent, mentions)
            event = replace(event, confidence=min(0.95, event.confidence + AGREE_BONUS * likely),
                            why=f"{event.why}; the learned reader agrees on the type ({said})")
        else:
            event = replace(event, why=f"{event.why}; the learned reader reads {said}")
        fused.append((event, token))
    if not add or kind in (reader.NO_EVENT, "STATEMENT") or likely < ADD_ABOVE or any(e.plover == kind for e, _ in fused):
        return fused
    candidate = _model_candidate(sent, reading, mentions)
    if candidate is not None:
        fused += _sentence_events(sent, [candidate], mentions, timeline, places, published)
    return fused


def _span_mentions(sent: SpacySpan, spans: Iterable[reader.RoleSpan], mentions: _Mentions) -> list[int]:
    """Mentions overlapping the reader's role spans, in text order."""
    found: list[int] = []
    for span in spans:
        words = sent.char_span(span.start, span.end, alignment_mode="expand")
        for token in words if words is not None else ():
            found += [i for i in mentions.at(token) if i not in found]
    return found


def _with_model_recipient(event: Event, trigger: Token, reading: reader.SentenceReading, sent: SpacySpan,
                          mentions: _Mentions) -> Event:
    if event.recipient or event.reciprocal:
        return event
    own = {_identity(a) for a in event.actor}
    recipients = tuple(r for r in _actors(_span_mentions(sent, reading.spans("T"), mentions), mentions, trigger)
                       if _identity(r) not in own)
    if not recipients:
        return event
    return replace(event, recipient=recipients, why=f"{event.why}; recipient from the learned reader's span")


def _model_candidate(sent: SpacySpan, reading: reader.SentenceReading, mentions: _Mentions) -> _Candidate | None:
    """An event of the reader's type at the sentence's main verb, its arguments from the reader's spans
    (the parse fills a side the reader left empty)."""
    codes = _model_codes()
    kind = reading.event_type
    cameo = codes.get((kind, str(reading.penta))) or codes.get((kind, ""))
    if cameo is None:
        return None
    root = sent.root
    actors = _span_mentions(sent, (*reading.spans("S"), *reading.spans("R")), mentions)
    recipients = [i for i in _span_mentions(sent, reading.spans("T"), mentions) if i not in actors]
    rule = TriggerRule(root.lemma_.lower(), "V", (), cameo,
                       source=f"the learned reader, {kind} p={reading.type_probability:.2f}")
    return _Candidate(root, (root,), rule, None, prior=MODEL_PRIOR * reading.type_probability,
                      actor_ix=tuple(actors), recipient_ix=tuple(recipients))


def _sentence_events(
    sent: SpacySpan,
    candidates: Iterable[_Candidate],
    mentions: _Mentions,
    timeline: Timeline,
    places: list[tuple[int, int, Place]],
    published: str | None,
) -> Iterator[tuple[Event, Token]]:
    doc = sent.doc
    for cand in candidates:
        trigger = cand.trigger
        actor_ix: list[int] = []
        recipient_ix: list[int] = []
        actor_how = recipient_how = ""
        subject: Token | None = None
        code = _known_code(cand.rule.cameo)
        if code is None:
            continue
        if cand.actor_from is not None:
            actor_ix, actor_how = mentions.of_phrase(cand.actor_from), "the speaker"
        if cand.recipient_from is not None:
            recipient_ix, recipient_how = mentions.of_phrase(cand.recipient_from), "the subject told what to do"
        if cand.actor_ix:
            actor_ix, actor_how = list(cand.actor_ix), "the learned reader's actor span"
        if cand.recipient_ix:
            recipient_ix, recipient_how = list(cand.recipient_ix), "the learned reader's recipient span"
        if cand.noun is not None and trigger is not cand.noun and not actor_ix:
            subject, how = _subject(trigger)
            if subject is not None:
                actor_ix, actor_how = mentions.of_phrase(subject), how
        if cand.noun is not None:
            actor_ix, recipient_ix, noun_how = _noun_arguments(cand.noun, mentions, actor_ix)
            actor_how = actor_how or noun_how
            if not actor_ix and trigger is cand.noun:
                actor_ix, actor_how = _attending_actor(cand.noun, mentions)
                if actor_ix:  # the parties the noun names are now the attendant's counterparts
                    _, recipient_ix, _ = _noun_arguments(cand.noun, mentions, actor_ix)
        if cand.noun is None or trigger is not cand.noun:
            if not actor_ix:
                subject, how = _subject(trigger)
                if subject is not None:
                    actor_ix = mentions.of_phrase(subject)
                    actor_how = how
            if not actor_ix:
                # "no talks were held between India and Pakistan": the parties hang on the noun
                # or on the passive verb
                between = [o for p in _preps(trigger) if p.lower_ == "between" for o in p.children
                           if o.dep_ == "pobj"]
                if between:
                    actor_ix, actor_how = mentions.of_phrase(between[0]), f"'between' objects of '{trigger.text}'"
                for noun in filter(None, map(_event_noun, _objects(trigger))):
                    if actor_ix:
                        break
                    actor_ix, _, actor_how = _noun_arguments(noun, mentions, [])
            if not recipient_ix:
                skip = {cand.noun.i} if cand.noun is not None else set()
                # "agreed to start talks with the US": the complement's recipient is the event's too
                complements = [c for c in trigger.children if c.dep_ == "xcomp"]
                actor_ids = {_identity(mentions.mentions[i].actor) for i in actor_ix}
                # a named state beats a stateless group ("withdraw workers from Iraq" → Iraq)
                fallback: tuple[list[int], str] = ([], "")
                for holder in (trigger, *complements):
                    for token, how in _recipient_tokens(holder, skip):
                        if _owned_by(token, actor_ids, mentions):
                            continue
                        found = [i for i in mentions.of_phrase(token)
                                 if _identity(mentions.mentions[i].actor) not in actor_ids]
                        if found and any(mentions.mentions[i].actor.country for i in found):
                            recipient_ix, recipient_how = found, how
                            break
                        # a stateless group after "on"/"of"/"over"/"in" is more often a topic
                        # ("information on missing people") than a party acted upon
                        if found and not fallback[0] and how not in TOPIC_PREPS:
                            fallback = (found, how)
                    if recipient_ix:
                        break
                if not recipient_ix:
                    recipient_ix, recipient_how = fallback
            if not recipient_ix and code.code.startswith(clause_recipient_prefixes()):
                recipient_ix, recipient_how = _clause_subject(trigger, mentions, actor_ix)
            if not recipient_ix and code.code.startswith(THREAT_ROOT):
                recipient_ix, recipient_how = _condition_subject(trigger, mentions, actor_ix)
        actors = _actors(actor_ix, mentions, trigger)
        recipients = tuple(r for r in _actors(recipient_ix, mentions, trigger) if _identity(r) not in
                           {_identity(a) for a in actors})
        if not actors:
            unknown = None if cand.prior is not None else _unidentified_actor(
                subject, code, recipients, passive=_agentless_passive(trigger))
            if unknown is None:
                continue
            actors, actor_how = (unknown,), "an actor the text does not name or the actor base does not know"
        if not recipients and code.code.startswith(TERRITORIAL_ROOTS):
            recipients, recipient_how = _territory_recipient(trigger, code.code, places)
        if trigger is cand.noun and not recipients and len(actors) < 2:
            # a bare event noun with one side only ("the Syrian war", "the SDF offensive") refers to
            # an event more often than it reports one
            continue
        place = event_place(trigger, places)
        if place is None and trigger.dep_ in ("advcl", "conj") and trigger.head.pos_ == "VERB":
            # "shelled Kharkiv, killing three civilians": the participle happened where its head did
            place = event_place(trigger.head, places)
        if not recipients and code.plover in REQUIRES_RECIPIENT and place is not None and place.country:
            recipients = (Actor(text=place.name, country=place.country, sector=None, cameo=place.country),)
            recipient_how = f"the country it happened in ({place.name}), as {code.plover} needs a recipient"
        actors, recipients, context_how = _situate(actors, recipients, place)
        if not recipients:
            recipients, domestic_how = _domestic_recipient(code, actors, place)
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
        base = Event(
            plover="", cameo="", actor=actors, recipient=recipients, mode=mode,
            evidence=Span(sent.start_char, sent.end_char, sent.text),
            trigger=Span(words.start_char, words.end_char, words.text),
            goldstein=0.0, quad_class=1, penta_class=0, reciprocal=reciprocal, date=date,
            place=place,
        )
        how = f"{'noun' if cand.noun is not None else 'verb'} {cand.rule.describe()}"
        yield _coded(base, code, confidence, f"{how} → {_named(code)}; {arguments}; mode {mode}: {mode_why}"), cand.position
        intent = _stance(trigger, code, mode) if any(a.country or a.sector for a in actors) else None
        if intent is not None:
            why = (f"{how}, told as the actor's own {'refusal' if mode == 'negated' else 'plan'} "
                   f"→ {_named(intent)}, a stance taken now; {arguments}")
            stance = replace(base, mode="actual", date=timeline.dateline)
            if not stance.recipient and intent.code.startswith(THREAT_ROOT):
                threatened, threatened_how = _condition_subject(trigger, mentions, actor_ix)
                stance = replace(stance, recipient=_actors(threatened, mentions, trigger))
                why += f"; recipient from {threatened_how}" if threatened else ""
            # the intent is expressed when the story tells it, not on the future event's date
            yield _coded(stance, intent, confidence - 0.05, why), cand.position
