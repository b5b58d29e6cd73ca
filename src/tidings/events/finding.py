"""Finding event candidates in a sentence: trigger verbs and nouns (a support verb handing its subject
to its event noun), a speaker's demand or appeal told in a clause, and the words a trigger takes in
so they do not stand as events of their own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan, Token

from .. import syntax
from ..syntax.words import prepositions
from .arguments import verb_subject
from .lexicon import Rules, TriggerRule, appeal_governor_codes, known_code, obligation_codes, support_verbs
from .triggers import NOUN_POS, choose_rule, cue_words, event_noun, hyphenated, noun_words, objects_of, prepositions_of


@dataclass(frozen=True, slots=True)
class Candidate:
    trigger: Token  # the token carrying the event's modality, date and arguments
    words: tuple[Token, ...]  # the tokens naming the action
    rule: TriggerRule
    noun: Token | None  # the event noun, when the event is named by one
    anchor: Token | None = None  # where the event sits in the clause tree, when not the trigger
    actor_from: Token | None = None  # argument tokens fixed by the construction that found it
    recipient_from: Token | None = None
    needs_recipient: bool = False  # no event unless `recipient_from` names a party (a told obligation)
    prior: float | None = None  # confidence when it comes from the learned reader, not a rule
    actor_ix: tuple[int, ...] = ()  # mentions the learned reader read as actor / recipient
    recipient_ix: tuple[int, ...] = ()

    @property
    def position(self) -> Token:
        return self.anchor if self.anchor is not None else self.trigger


def told_obligation_candidate(token: Token) -> Candidate | None:
    """A speaker telling another party what it must do ("Russia said Sudan must return the
    helicopter", "said Israel has to allow aid") or wants it to do ("the EU wants Serbia to recognise
    Kosovo"): the speaker's demand or appeal, with the clause's subject as recipient."""
    if token.dep_ not in CLAUSES_TOLD:  # also keeps off the unparsed sentences of a candidate-only parse
        return None
    head = token.head
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or head.i == token.i:
        return None
    obligation = _told_obligation(token, head)
    told = obligation or _wished_act(token, head)
    speaker, _ = verb_subject(head)
    if told is None or speaker is None:
        return None
    anchor, word, cameo, table = told
    rule = TriggerRule(word, "V", (), cameo, source=table)
    # "children should not suffer", "flags must be within limits": an obligation binds the party it
    # names, and without one nobody is told; an appeal may name no addressee ("called for the assault
    # to be abandoned")
    return Candidate(head, (anchor,), rule, None, anchor=anchor, actor_from=speaker, recipient_from=subject,
                     needs_recipient=obligation is not None)


#: The `source` of a told obligation's rule: a modal or verb of obligation ("must", "has to")
OBLIGATION_TABLE = "obligation table"
#: ... and of a wished act's: a verb of wanting or appeal ("wants Serbia to", "called for Israel to")
APPEAL_TABLE = "appeal table"

# The clauses a speaker tells another party's act in ("said Sudan must", "wants Serbia to", "called for Israel to")
CLAUSES_TOLD = frozenset({"ccomp", "xcomp", "advcl"})


def _told_obligation(clause: Token, head: Token) -> tuple[Token, str, str, str] | None:
    """The modal or verb of obligation of a reported clause ("said Sudan must", "has to"), its
    word and its code."""
    if clause.dep_ != "ccomp" or head.lemma_.lower() not in syntax.lexicon().speech:
        return None
    # a modal only: the auxiliary "have" of a perfect ("have enrolled") obliges nobody
    modal = next((c for c in clause.children
                  if c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in obligation_codes()), None)
    if modal is not None:
        return modal, modal.lower_, obligation_codes()[modal.lower_], OBLIGATION_TABLE
    word = clause.lemma_.lower()
    if word in obligation_codes() and any(c.dep_ == "xcomp" and syntax.is_infinitive(c) for c in clause.children):
        return clause, word, obligation_codes()[word], OBLIGATION_TABLE  # "Israel has to allow aid"
    return None


def _wished_act(clause: Token, head: Token) -> tuple[Token, str, str, str] | None:
    """The verb by which the head's subject wants another party to act ("wants Serbia to
    recognise", "called for Israel to halt"), its word and its code."""
    word = head.lemma_.lower()
    if word not in appeal_governor_codes() or not syntax.is_infinitive(clause):
        return None
    return head, word, appeal_governor_codes()[word], APPEAL_TABLE


def _cue_nouns(token: Token, rule: TriggerRule) -> Iterator[int]:
    """Event nouns a rule's preposition cue took in ("agreed to a truce"): part of this event."""
    for kind, allowed in rule.cues:
        if kind.endswith(">"):
            for prep in prepositions_of(token):
                if prep.lower_ == kind[:-1]:
                    yield from (o.i for o in prep.children if o.dep_ == "pobj")


def _allegations(token: Token, rule: TriggerRule) -> Iterator[int]:
    """Acts an accusation charges its recipient with ("accused Moscow of attacking", "condemned
    Greece for detaining", "blamed Hamas for the attack", "charged that Moscow had shelled"): what
    the accuser says, part of the accusation, not acts the text reports."""
    code = known_code(rule.cameo)
    if code is None or code.plover != "ACCUSE":
        return
    for clause in token.children:
        if clause.dep_ == "ccomp":
            yield from (c.i for c in (clause, *clause.conjuncts))
    for prep in prepositions_of(token):
        if prep.lower_ in prepositions("allegation"):
            for act in prep.children:
                if act.dep_ in ("pcomp", "pobj"):
                    yield from (a.i for a in (act, *act.conjuncts))


def _depths(sent: SpacySpan, heads: list[int]) -> dict[int, int]:
    """Each token's distance from the sentence root, by token index (`heads`: `syntax.columns.head_indices`
    of its doc; each token is walked once)."""
    depth: dict[int, int] = {}
    for start in range(sent.start, sent.end):
        node = start
        path = []
        while node not in depth:
            head = heads[node]
            if head == node:
                break
            path.append(node)
            node = head
        known = depth.setdefault(node, 0)
        for n, i in enumerate(reversed(path), start=1):
            depth[i] = known + n
    return depth


def candidates_in(sent: SpacySpan, rules: Rules, heads: list[int]) -> Iterator[Candidate]:
    """The candidates of `sent` (`heads`: `syntax.columns.head_indices` of its doc)."""
    if not sent[0].dep_:
        return  # a sentence the candidate filter left unparsed: no word has a part of speech there
    consumed: set[int] = set()
    # verbs before nouns, and a head before its dependents, so that what a trigger takes in (a
    # support verb's noun, an accusation's content) is taken before it could stand on its own;
    # only a verb or a noun can be a trigger and only a told clause a demand, so no other word is looked at
    depth = _depths(sent, heads)
    ranked = []
    for token in sent:
        pos = token.pos_
        if pos == "VERB" or pos in NOUN_POS or token.dep_ in CLAUSES_TOLD:
            ranked.append((pos != "VERB", depth[token.i], token.i, token))
    for *_, token in sorted(ranked):
        obligation = told_obligation_candidate(token)
        if obligation is not None:
            yield obligation
        if token.i in consumed:
            continue
        if token.pos_ == "VERB" and token.dep_ == "amod":
            continue  # a participle before a noun describes it ("the Turkish backed rebels"): background
        rule = choose_rule(token, rules)
        if token.pos_ == "VERB":
            support = token.lemma_.lower() in support_verbs()
            if rule is None and not support:
                continue  # most verbs: neither a trigger nor one that hands its subject to an event noun
            objects = [o for o in objects_of(token) if o.dep_ != "nsubjpass"]
            nouns = [n for n in (event_noun(o, rules) for o in objects) if n is not None]
            particle = tuple(c for c in token.children if c.dep_ == "prt")
            if nouns and (rule is None or not rule.cues) and support:
                noun = nouns[0]
                noun_rule = choose_rule(noun, rules)
                assert noun_rule is not None
                consumed.update(n.i for n in nouns)
                consumed.update(_cue_nouns(noun, noun_rule))
                yield Candidate(token, (token, *particle, *hyphenated(noun), noun), noun_rule, noun)
                continue
            if rule is not None:
                consumed.update(n.i for n in nouns if rule.cues)
                consumed.update(_cue_nouns(token, rule))
                consumed.update(_allegations(token, rule))
                # "held talks", "imposed sanctions": the object the rule asked for names the action too
                wanted = {w for kind, allowed in rule.cues if kind == "obj" for w in allowed}
                named = [o for o in objects if not wanted.isdisjoint(cue_words(o))]
                yield Candidate(token, (token, *particle, *noun_words(named[0] if named else None)), rule, None)
        elif rule is not None and token.dep_ != "compound" and not (token.dep_ == "appos" and event_noun(token.head, rules)):
            # a noun modifying another ("war aims") names no event of its own, and an appositive one
            # ("held talks, the first direct negotiations in months") tells the same event twice
            consumed.update(_cue_nouns(token, rule))
            yield Candidate(token, (token, *hyphenated(token)), rule, token)
