"""The mode of one event: the cues on the way from its trigger up to the clause that asserts it, then
its date against publication."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ..dates import is_background, parse_iso
from ..syntax import SUBJECTS, clause_verb, is_infinitive, is_verbal, lexicon, past_tense, time_orientation
from ..syntax.cues import Cue, governor_key, governor_mode, local_cues
from ..types import Mode
from .background import past_background

CLAUSE_LINKS = ("xcomp", "ccomp", "pcomp", "csubj", "csubjpass", "acl", "oprd")
NOUN_LINKS = ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "npadvmod", "dative", "conj", "nmod")
#: How a copula's predicate hangs from it ("was a phone call", "is likely")
PREDICATE_DEPS = ("attr", "acomp", "oprd")


def step_up(node: Token) -> tuple[Token, Token | None] | None:
    """The word above `node` whose mode it shares, and the preposition between them, or None at a
    boundary: adverbial and relative clauses, participles modifying a noun ("a bargain struck in
    2016"), adjunct phrases ("in response to"), the root."""
    lex = lexicon()
    head = node.head
    if head.i == node.i:
        return None
    dep = node.dep_
    via = None
    if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "agent"):
        via, head = head, head.head
        phrase = f"{head.lemma_.lower()} {via.lower_}"
        realised_in = phrase in lex.realise  # "will not participate in talks"
        # other prepositions climb only to a governor they complete ("call for"): "in a phone call,
        # Macron urged Putin" tells where he urged, not what he urged
        if via.lower_ not in lex.climbing_prepositions and phrase not in lex.governor and not realised_in:
            return None
    if dep == "conj":
        has_own = any(c.dep_ in SUBJECTS + ("aux", "auxpass", "neg") for c in node.children)
        contrast = any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in head.children)
        return None if has_own or contrast else (head, None)  # "did not claim it but said ..."
    noun = content_noun(node)
    if noun is not None:
        return noun, None
    if is_verbal(node):
        if dep == "acl" and node.tag_ in ("VBN", "VBG"):
            return None
        if dep == "relcl" and is_content_clause(node):
            return head, via  # "no guarantee the delegation will stay", parsed as a relative clause
        if dep == "advcl" and is_infinitive(node):
            return head, via  # "lobbied Baghdad to help": a purpose clause
        return (head, via) if dep in CLAUSE_LINKS + ("pcomp",) else None
    if dep in SUBJECTS and head.lemma_.lower() not in lex.realise and governor_key(head, None) is None:
        # "the fall will not mark the end" keeps its own mode; "a break-out would undermine it" does not
        if not any(d.dep_ == "det" and d.lower_ in ("a", "an", "any") for d in node.children):
            return None
    return (head, via) if dep in NOUN_LINKS + ("acl", "prep") else None


def content_noun(clause: Token) -> Token | None:
    """The noun whose content a "that" clause is when the parser hung the clause elsewhere: as a
    complement of the verb ("repeated its demand that Assad step aside") or as a relative clause
    on a later noun ("the demands of the parties that the army leave"). The clause opens with a
    complementiser "that" right after a noun phrase headed by a noun that takes a clause."""
    opener = clause.left_edge
    if opener.lower_ != "that" or opener.i <= clause.sent.start:
        return None
    if clause.dep_ in ("relcl", "acl"):
        if opener.dep_ != "mark" or opener.head.i != clause.i:
            return None
    elif clause.dep_ not in ("ccomp", "advcl", "conj", "parataxis"):
        return None
    lex = lexicon()
    before = clause.doc[opener.i - 1]
    for noun in (before, *before.ancestors):
        if is_verbal(noun) or noun.i > opener.i:
            break
        if noun.pos_ == "NOUN" and (noun.lemma_.lower() in lex.governor or noun.lemma_.lower() in lex.speech):
            return noun
    return None


def is_content_clause(clause: Token) -> bool:
    """Whether a clause the parser hung from a noun as relative is the noun's content ("evidence
    any attack took place", "a demand that Kyiv withdraw"): the noun takes a clause and no relative
    word opens it. A "that" the parser tags WDT but attaches as `mark` is a complementiser; a relative
    "that" fills a slot in its clause ("the demand that Russia made": object)."""
    lex = lexicon()
    noun = clause.head.lemma_.lower()
    relative = any(c.tag_ in ("WDT", "WP", "WP$", "WRB") and c.dep_ != "mark" for c in clause.children)
    return not relative and (noun in lex.governor or noun in lex.speech)


def conditional_above(trigger: Token) -> bool:
    """Whether an "if"/"unless" clause hangs from the trigger's clause or a clause above it."""
    lex = lexicon()
    conditions = [t for t in trigger.sent
                  if t.dep_ == "mark" and lex.mark.get(t.lower_) == "hypothetical" and t.lower_ != "whether"]
    if not conditions:
        return False  # most sentences: no clause above needs to be walked
    above = {trigger.i} | {a.i for a in trigger.ancestors}
    # "would shoot down missiles and attack their launchers if ...": the condition on a conjoined
    # verb that shares the subject and auxiliary covers the whole coordination
    above |= {c.i for i in list(above) for c in trigger.doc[i].children
              if c.dep_ == "conj" and is_verbal(c) and not any(g.dep_ in SUBJECTS + ("aux",) for g in c.children)}
    return any(t.head.i in above or t.head.head.i in above for t in conditions)


def is_reported(trigger: Token) -> bool:
    """Whether a reporting word stands above the trigger ("..., he said", "reports that ...")."""
    speech = lexicon().speech
    return any(a.lemma_.lower() in speech for a in trigger.ancestors)


def chain_cues(trigger: Token, own: list[Cue] | None = None) -> tuple[list[Cue], bool]:
    """Every cue on the way from the trigger up to the clause that asserts it, and whether that
    clause is reported speech; `own` are the trigger's own cues (`local_cues`) where the caller has them."""
    lex = lexicon()
    cues = list(local_cues(trigger)) if own is None else list(own)
    node = trigger
    for _ in range(12):
        step = step_up(node)
        if step is None:
            return cues, False
        head, via = step
        lemma = head.lemma_.lower()
        # a copula takes its predicate's governor ("is likely to sign"), but not when the predicate
        # is the event itself ("the last straw was a phone call")
        key = None if node.dep_ in PREDICATE_DEPS and node.head.i == head.i else governor_key(head, via)
        head_cues = list(local_cues(head))
        if lemma in lex.directive and key is None and is_infinitive(node):
            # "told Erdogan to back off", "were told to leave": what a party is told to do, not a report of it
            cues.append(Cue("hypothetical", "governor", f"{head.text} … to", head.i))
            return cues, False
        if lemma in lex.speech and key is None and node.dep_ != "conj":
            # reported speech keeps its own mode, unless the report itself is conditional or denied
            for cue in head_cues:
                if cue.kind in ("mark", "neg"):
                    cues.append(Cue("hypothetical", cue.kind, f"{cue.words} {head.text}", head.i))
            return cues, True
        if key is not None and node.dep_ != "conj":
            mode = governor_mode(key, head, node)
            negations = [c for c in head_cues if c.kind == "neg"]
            if negations and mode in ("negated", "hypothetical"):
                # "did not rule out sending troops", "no guarantee they will stay": a possibility
                cues.append(Cue("hypothetical", "governor", f"{negations[0].words} {key}", head.i))
                head_cues = [c for c in head_cues if c.kind != "neg"]
            else:
                cues.append(Cue(mode, "governor", key, head.i))
        elif lemma in lex.obligation and is_infinitive(node) and not past_tense(head):
            cues.append(Cue("hypothetical", "governor", f"{head.text} to", head.i))  # "Israel has to allow aid"
        elif is_verbal(node) and is_infinitive(node) and lemma not in lex.transparent and node.dep_ != "conj":
            cues.append(Cue("hypothetical", "purpose", f"to {node.text}", node.i))
            return cues, False
        elif is_verbal(node) and node.dep_ != "conj" and lemma not in lex.transparent and is_verbal(head):
            return cues, False
        cues.extend(head_cues)
        node = head
    return cues, False


def _reason(cue: Cue) -> str:
    if cue.kind == "neg":
        return f"negated by '{cue.words}'"
    if cue.kind in ("mark", "consequent"):
        return f"conditional: '{cue.words}'" if cue.mode == "hypothetical" else f"{cue.mode}: '{cue.words}'"
    if cue.kind == "pluperfect":
        return f"historical: pluperfect '{cue.words}'"
    if cue.kind == "then":
        return f"historical: '{cue.words}'"
    if cue.kind == "governor":
        return f"{cue.mode}: governed by '{cue.words}'"
    return f"{cue.mode}: '{cue.words}'"


def mode_of(trigger: Token, *, event_date: str | None, published: str | None) -> tuple[Mode, str]:
    """The mode of the event named by `trigger`, and the reason in words (for the event's `why`).

    Order: a condition on the event; the event noun's own modifiers ("planned talks"); a
    hypothetical governor ("urged X not to"); negation (but "may not" is a possibility); modal
    and future cues; then the date (after publication: future; long before: historical); then
    background words ("then-President", "previously").
    """
    lex = lexicon()
    own = list(local_cues(trigger))
    cues, reported = chain_cues(trigger, own)
    conditional = conditional_above(trigger)
    reporting = reported or is_reported(trigger) or any(c.kind == "governor" and c.mode == "future" for c in cues)
    if reporting and not conditional:
        # "said Russia would attend", "pledged that forces would remain": the reported "will"
        cues = [Cue("future", c.kind, c.words, c.token)
                if c.kind == "aux" and c.words.lower() in lex.reported_future else c for c in cues]
    if any(c.kind == "aux" and c.mode == "future" and c.words.lower() not in lex.reported_future for c in cues):
        # "will withdraw unless a ceasefire is agreed" stays a (conditional) future
        cues = [c for c in cues if c.kind != "consequent"]
    for cue in cues:
        if cue.kind == "mark" and cue.mode == "hypothetical":
            return "hypothetical", _reason(cue)
        if cue.kind == "consequent":  # "Russia would retaliate if ..."
            return "hypothetical", _reason(cue)
    for cue in own:
        if cue.kind == "noun_mod" and cue.mode != "negated":
            return cue.mode, _reason(cue)  # type: ignore[return-value]
    for cue in cues:
        if cue.kind == "governor" and cue.mode == "hypothetical":
            return "hypothetical", _reason(cue)
    negations = [c for c in cues if c.mode == "negated"]
    if negations:
        possibility = [c for c in cues if c.kind == "aux" and c.words.lower() in ("may", "might")]
        if possibility:
            return "hypothetical", f"hypothetical: '{possibility[0].words} not'"
        return "negated", _reason(negations[0])
    for mode in ("hypothetical", "future"):
        for cue in cues:
            if cue.mode == mode:
                return mode, _reason(cue)  # type: ignore[return-value]
    published_day = _day(published)
    undated = event_date is None or event_date == published
    if event_date and published_day is not None:
        try:
            start = parse_iso(event_date).day
        except ValueError:
            start = None
        if start is not None:
            verb = clause_verb(trigger)
            past = time_orientation(verb, own if verb.i == trigger.i else None) == "past"
            if start > published_day and not past:
                return "future", f"future: dated {event_date}"
            if is_background(event_date, published_day):
                return "historical", f"historical: dated {event_date}"
    if undated and published_day is not None:
        background = past_background(clause_verb(trigger), published_day)
        if background is not None:
            return "historical", f"historical: '{background}'"
    for cue in cues:
        if cue.mode == "historical" and (undated or cue.kind == "background"):
            return "historical", _reason(cue)
    return "actual", "no modal, negation or time cue"


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
