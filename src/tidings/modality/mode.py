"""Modality: whether an event is actual, historical, future, hypothetical or negated, as the text tells it.

`mode_of` reads the parse around the trigger word. It walks from the trigger up to the verb that
realises it ("held talks" → held) and through the verbs it is the complement of ("is expected to
sign", "refused to meet", "called for talks"), collecting cues from the lexicon in
data/modality/cues.tsv: negation, modal and future auxiliaries, governing verbs, modifiers of event
nouns, conditional subordinators. It stops at a reporting verb, so reported speech keeps the mode
of what is reported ("said Russia would not attend" is a negated attending). A clause that gives
the content of a demand, proposal or offer noun takes that noun's mode however the parser hangs it
("rejected a demand that Kyiv withdraw": hypothetical). Time cues come last: an event dated after
publication is future; one dated well before it, or a past-tense clause dated by a year, decade or
past period of its own ("used a coup attempt in 2016", "last decade") when the Timeline gives it no
date, or told with "then-President ..." or "previously", is historical background. The pluperfect
alone is not: news uses it for last week's events too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from spacy.tokens import Token

from . import dates
from .types import Mode

CLAUSE_LINKS = ("xcomp", "ccomp", "pcomp", "csubj", "csubjpass", "acl", "oprd")
NOUN_LINKS = ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "appos", "compound", "npadvmod", "dative", "conj", "nmod")
SUBJECTS = ("nsubj", "nsubjpass", "expl")
# Clauses below a verb that carry their own time ("after talks that began in 2015", "said it ...")
OWN_TIME_CLAUSES = ("ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "conj")
YEAR = re.compile(r"(1[89]|20)\d\d")
DECADE = re.compile(r"(1[89]|20)\d0s")
# Links from a year up to the date word a preposition governs ("in March 2015", "in the 1990s")
DATE_LINKS = ("nummod", "npadvmod", "compound", "appos", "nmod")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The modality cue words, by kind (see data/modality/cues.tsv)."""

    neg: frozenset[str]
    aux: dict[str, Mode]
    governor: dict[str, Mode]
    governor_other: dict[str, Mode]
    noun_mod: dict[str, Mode]
    mark: dict[str, Mode]
    temporal_mark: frozenset[str]
    time: dict[str, Mode]
    speech: frozenset[str]
    transparent: frozenset[str]
    obligation: frozenset[str]
    historical: frozenset[str]
    background: frozenset[str]
    condition: frozenset[str]
    climbing_prepositions: frozenset[str]
    realise: frozenset[str]
    dated_in: frozenset[str]
    past_periods: frozenset[str]


@cache
def lexicon() -> Lexicon:
    """The cue lexicon shipped as data."""
    text = resources.files("tidings").joinpath("data/modality/cues.tsv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        table.setdefault(row["kind"], {})[row["cue"]] = row["mode"] or ""
    return Lexicon(
        neg=frozenset(table["neg"]),
        aux=table["aux"],  # type: ignore[arg-type]
        governor=table["governor"],  # type: ignore[arg-type]
        governor_other=table["governor_other"],  # type: ignore[arg-type]
        noun_mod=table["noun_mod"],  # type: ignore[arg-type]
        mark=table["mark"],  # type: ignore[arg-type]
        temporal_mark=frozenset(table["temporal_mark"]),
        time=table["time"],  # type: ignore[arg-type]
        speech=frozenset(table["speech"]),
        transparent=frozenset(table["transparent"]),
        obligation=frozenset(table["obligation"]),
        historical=frozenset(table["historical"]),
        background=frozenset(table["background"]),
        condition=frozenset(table["condition"]),
        climbing_prepositions=frozenset(table["climb"]),
        realise=frozenset(table["realise"]),
        dated_in=frozenset(table["dated_in"]),
        past_periods=frozenset(table["past_period"]),
    )


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of evidence for a mode: which mode, of what kind, and the words."""

    mode: str
    kind: str
    words: str
    token: int


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def local_cues(node: Token) -> Iterator[Cue]:
    """Cues on the node itself: its negation, auxiliaries, modifiers, subordinator, a conditional
    clause or "in case of" hanging from it, and background words."""
    lex = lexicon()
    verbal = is_verbal(node)
    if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in lex.neg:
        yield Cue("negated", "neg", node.head.text, node.head.i)  # "struck without consulting the US"
    for child in node.children:
        word = child.lower_.replace("’", "'")
        if child.dep_ == "neg" or (word in lex.neg and child.dep_ in ("det", "advmod", "preconj", "cc:preconj")):
            if word != "nor" or child.dep_ == "preconj":
                yield Cue("negated", "neg", child.text, child.i)
        elif child.dep_ in ("aux", "auxpass") and word in lex.aux:
            yield Cue(lex.aux[word], "aux", child.text, child.i)
        elif child.dep_ == "mark" and word in lex.mark:
            yield Cue(lex.mark[word], "mark", child.text, child.i)
        elif (child.dep_ in ("mark", "advmod") and word in lex.temporal_mark and node.dep_ == "advcl"
              and node.tag_ in ("VBZ", "VBP")):
            # "when Trump meets Putin": a present-tense time clause tells what is still to come
            yield Cue("future", "mark", f"{child.text} + present", child.i)
        elif child.dep_ == "advcl" and verbal and node.lemma_.lower() not in lex.speech | set(lex.governor):
            # "Russia would retaliate if ...", but "warned of a clash if ..." is an actual warning
            marks = [m.lower_ for m in child.children if m.dep_ == "mark"]
            if any(lex.mark.get(m) == "hypothetical" and m != "whether" for m in marks):
                yield Cue("hypothetical", "consequent", next(m for m in marks if m in lex.mark), child.i)
        elif child.dep_ == "prep" and any(o.dep_ == "pobj" and o.lemma_.lower() in lex.condition
                                          for o in child.children):
            yield Cue("hypothetical", "consequent", f"{child.text} case", child.i)
        elif child.dep_ in ("amod", "compound", "nmod", "advmod") and not verbal and word in lex.noun_mod:
            yield Cue(lex.noun_mod[word], "noun_mod", child.text, child.i)
        elif child.dep_ in ("acl", "amod") and not verbal and word in lex.noun_mod:
            yield Cue(lex.noun_mod[word], "noun_mod", child.text, child.i)  # "talks planned for May"
        elif child.dep_ in ("amod", "compound") and not verbal and child.lemma_.lower() in lex.noun_mod:
            yield Cue(lex.noun_mod[child.lemma_.lower()], "noun_mod", child.text, child.i)
        elif child.dep_ in ("advmod", "npadvmod", "prep") and verbal:
            phrase = " ".join(t.lower_ for t in child.subtree)
            if phrase in lex.neg:
                yield Cue("negated", "neg", phrase, child.i)  # "no longer"
            elif is_background_phrase(child, phrase):
                yield Cue("historical", "background", phrase, child.i)
    if verbal:
        for argument in (c for c in node.children if c.dep_ in SUBJECTS + ("dobj",)):
            if any(d.dep_ == "det" and d.lower_ == "no" for d in argument.children):
                yield Cue("negated", "neg", f"no {argument.text}", argument.i)
        yield from time_cues(node)
    for subject in (c for c in node.children if c.dep_ in SUBJECTS):
        for word in subject.subtree:
            if word.lower_ in lex.historical and word.head.pos_ in ("NOUN", "PROPN") or word.lower_.startswith("then-"):
                yield Cue("historical", "then", word.text, word.i)
                break
    if node.dep_ == "ROOT" and _asks(node):
        yield Cue("hypothetical", "question", "?", node.i)


QUOTE_MARKS = frozenset("”\"'’")


def _asks(root: Token) -> bool:
    """Whether the sentence of `root` ends in a question mark (closing quotes aside), read from the
    root's last word rather than the sentence's text, so that it costs the same in a long sentence."""
    token = root.right_edge
    while token.i > root.i and (token.is_space or token.text in QUOTE_MARKS):
        token = token.nbor(-1)
    return token.text.endswith("?")


def is_background_phrase(adjunct: Token, phrase: str) -> bool:
    """Whether an adjunct dates its verb well back ("previously", "more than 20 years ago"), but not
    "since taking office 15 years ago" (up to now), "not long ago" (recently) or a participle phrase
    with its own time ("following in the tradition of the brigades eight decades earlier")."""
    if adjunct.lower_ == "since" or adjunct.tag_ == "VBG" or phrase.startswith("not "):
        return False
    return any(phrase == b or phrase.endswith(" " + b) for b in lexicon().background)


def time_cues(verb: Token) -> Iterator[Cue]:
    """Forward time words among the verb's adverbials ("meet next week", "on the coming Friday"),
    but not anchored ones ("the next day" counts from the story, not from today)."""
    lex = lexicon()
    for child in verb.children:
        if child.dep_ not in ("npadvmod", "prep", "advmod", "tmod", "obl"):
            continue
        for word in child.subtree:
            if word.lower_ in lex.time and not any(d.lower_ in ("the", "that") for d in word.head.children):
                yield Cue(lex.time[word.lower_], "time", " ".join(t.text for t in child.subtree), word.i)
                return


def governor_key(governor: Token, via: Token | None) -> str | None:
    """The lexicon key for a governing word: "lemma particle" for phrasal uses ("call for"), else the
    lemma; a copula or "thought" takes its predicate's ("is likely to", "was possible for")."""
    lex = lexicon()
    lemma = governor.lemma_.lower()
    particles = [c.lower_ for c in governor.children if c.dep_ == "prt"]
    if via is not None:
        particles.append(via.lower_)
    for particle in particles:
        if f"{lemma} {particle}" in lex.governor:
            return f"{lemma} {particle}"
    if lemma in lex.governor:
        return lemma
    if governor.lower_ in lex.governor:
        return governor.lower_
    for predicate in (c for c in governor.children if c.dep_ in ("acomp", "oprd", "attr")):
        if predicate.lemma_.lower() in lex.governor:
            return predicate.lemma_.lower()
    return None


def governor_mode(key: str, governor: Token, node: Token) -> str:
    """The mode a governor gives its complement; "expected the US to show" (another's act) differs
    from "is expected to sign" (one's own)."""
    lex = lexicon()
    if key in lex.governor_other and (any(c.dep_ in SUBJECTS for c in node.children) or
                                      any(c.dep_ == "dobj" for c in governor.children)):
        return lex.governor_other[key]
    return lex.governor[key]


def is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


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
        realised_in = f"{head.lemma_.lower()} {via.lower_}" in lex.realise  # "will not participate in talks"
        if via.lower_ not in lex.climbing_prepositions and governor_key(head, via) is None and not realised_in:
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
    above = {trigger.i} | {a.i for a in trigger.ancestors}
    # "would shoot down missiles and attack their launchers if ...": the condition on a conjoined
    # verb that shares the subject and auxiliary covers the whole coordination
    above |= {c.i for i in list(above) for c in trigger.doc[i].children
              if c.dep_ == "conj" and is_verbal(c) and not any(g.dep_ in SUBJECTS + ("aux",) for g in c.children)}
    return any(t.dep_ == "mark" and lex.mark.get(t.lower_) == "hypothetical" and t.lower_ != "whether"
               and (t.head.i in above or t.head.head.i in above) for t in trigger.sent)


def is_reported(trigger: Token) -> bool:
    """Whether a reporting word stands above the trigger ("..., he said", "reports that ...")."""
    speech = lexicon().speech
    return any(a.lemma_.lower() in speech for a in trigger.ancestors)


def chain_cues(trigger: Token) -> tuple[list[Cue], bool]:
    """Every cue on the way from the trigger up to the clause that asserts it, and whether that
    clause is reported speech."""
    lex = lexicon()
    cues = list(local_cues(trigger))
    node = trigger
    for _ in range(12):
        step = step_up(node)
        if step is None:
            return cues, False
        head, via = step
        lemma = head.lemma_.lower()
        key = governor_key(head, via)
        head_cues = list(local_cues(head))
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
        elif lemma in lex.obligation and is_infinitive(node) and not _past_tense(head):
            cues.append(Cue("hypothetical", "governor", f"{head.text} to", head.i))  # "Israel has to allow aid"
        elif is_verbal(node) and is_infinitive(node) and lemma not in lex.transparent and node.dep_ != "conj":
            cues.append(Cue("hypothetical", "purpose", f"to {node.text}", node.i))
            return cues, False
        elif is_verbal(node) and node.dep_ != "conj" and lemma not in lex.transparent and is_verbal(head):
            return cues, False
        cues.extend(head_cues)
        node = head
    return cues, False


def time_orientation(verb: Token) -> str | None:
    """Whether the clause of `verb` points forward ("will meet", "is expected to sign", "is meeting")
    or back (past tense), for dating weekday and month names without a year; None when unclear.
    Only the verb's own auxiliaries count, and the verbs it is the infinitive of."""
    lex = lexicon()
    node = verb
    cues = list(local_cues(node))
    while node.dep_ in ("xcomp", "conj") and node.head.i != node.i:
        head = node.head
        key = governor_key(head, None)
        if key is not None and lex.governor[key] in ("future", "hypothetical"):
            return "future"
        cues += local_cues(head)
        node = head
    if any(c.mode in ("future", "hypothetical") and c.kind in ("aux", "time") for c in cues):
        return "future"
    words = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if _governs_a_future_act(verb):
        return "future"
    if verb.tag_ in ("VBD", "VBN") or any("Past" in w.morph.get("Tense") for w in words[1:]):
        return "past"
    if verb.tag_ == "VBG" and any(w.lemma_ == "be" and "Pres" in w.morph.get("Tense") for w in words[1:]):
        return "future"
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in lex.speech and verb.lemma_ != "be":
        return "future"
    return None


def _past_tense(verb: Token) -> bool:
    """Whether the verb's own tense is past ("had to", "was expected"; not the participle of "is obliged")."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if auxiliaries:
        return any("Past" in a.morph.get("Tense") for a in auxiliaries)
    return verb.tag_ == "VBD" or "Past" in verb.morph.get("Tense")


def _governs_a_future_act(verb: Token) -> bool:
    """"(On Monday) the minister is due to visit", "is expected to sign": a present-tense governor
    of an infinitive that its lexicon entry makes future dates the act ahead; "was expected" does not."""
    if _past_tense(verb):
        return False
    complements = [c for c in verb.children if c.dep_ == "xcomp"]
    complements += [c for p in verb.children if p.dep_ in ("acomp", "oprd") for c in p.children if c.dep_ == "xcomp"]
    key = governor_key(verb, None)
    return (key is not None and lexicon().governor[key] == "future"
            and any(is_infinitive(c) for c in complements))


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
    cues, reported = chain_cues(trigger)
    conditional = conditional_above(trigger)
    reporting = reported or is_reported(trigger) or any(c.kind == "governor" and c.mode == "future" for c in cues)
    if reporting and not conditional:
        # "said Russia would attend", "pledged that forces would remain": the reported "will"
        cues = [Cue("future", c.kind, c.words, c.token) if c.kind == "aux" and c.words.lower() in ("would", "'d") else c
                for c in cues]
    if any(c.kind == "aux" and c.mode == "future" and c.words.lower() != "would" for c in cues):
        # "will withdraw unless a ceasefire is agreed" stays a (conditional) future
        cues = [c for c in cues if c.kind != "consequent"]
    for cue in cues:
        if cue.kind == "mark" and cue.mode == "hypothetical":
            return "hypothetical", _reason(cue)
        if cue.kind == "consequent":  # "Russia would retaliate if ..."
            return "hypothetical", _reason(cue)
    for cue in local_cues(trigger):
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
            start = dates.parse_iso(event_date).day
        except ValueError:
            start = None
        if start is not None:
            past = time_orientation(dates.clause_verb(trigger)) == "past"
            if start > published_day and not past:
                return "future", f"future: dated {event_date}"
            if dates.is_background(event_date, published_day):
                return "historical", f"historical: dated {event_date}"
    if undated and published_day is not None:
        background = past_background(dates.clause_verb(trigger), published_day)
        if background is not None:
            return "historical", f"historical: '{background}'"
    for cue in cues:
        if cue.mode == "historical" and (undated or cue.kind == "background"):
            return "historical", _reason(cue)
    return "actual", "no modal, negation or time cue"


def own_clause(verb: Token) -> Iterator[Token]:
    """The words of `verb`'s clause: its subtree without the clauses below it that have their own time."""
    yield verb
    for child in verb.children:
        if child.dep_ in OWN_TIME_CLAUSES and is_verbal(child):
            continue
        yield from own_clause(child)


def is_past_narrative(verb: Token) -> bool:
    """Simple past ("launched", "was killed", "did not engage") or pluperfect ("had fought"), not a
    present perfect that reaches into the present."""
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return dates.is_simple_past(verb) or "had" in auxiliaries and verb.tag_ == "VBN"


def past_background(verb: Token, published: date) -> str | None:
    """A year, decade or past period in the clause of a past-tense verb that puts it well before
    publication ("used a failed coup attempt in 2016", "fought two wars last decade"), or None. Only
    when the clause names no other date ("on Monday"), which the Timeline would have used."""
    if not is_past_narrative(verb):
        return None
    lex = lexicon()
    words = list(own_clause(verb))
    found = None
    for word in words:
        if YEAR.fullmatch(word.text) or DECADE.fullmatch(word.text):
            date_word = word
            while (date_word.dep_ in DATE_LINKS and date_word.head.i != date_word.i
                   and date_word.head.ent_type_ == "DATE"):
                date_word = date_word.head
            preposition = date_word.head
            if date_word.dep_ != "pobj" or preposition.lower_ not in lex.dated_in:
                continue
            last_year = word.text[:3] + "9" if word.text.endswith("s") else word.text
            if not dates.is_background(last_year, published):
                return None
            found = f"{preposition.text} {' '.join(t.text for t in date_word.subtree)}"
        elif word.lower_ == "decade":
            period = " ".join([*(t.lower_ for t in word.lefts if t.dep_ == "amod"), "decade"])
            if period in lex.past_periods:
                found = " ".join(t.text for t in word.subtree)
    if found is None:
        return None
    # the date entities of what was found ("March 2015", "the last decade") may hold more words
    dating = {w.i for w in words if YEAR.fullmatch(w.text) or DECADE.fullmatch(w.text) or w.lower_ == "decade"}
    own = [e for e in verb.doc.ents if e.label_ == "DATE" and any(e.start <= i < e.end for i in dating)]
    other_dates = [w for w in words if w.ent_type_ == "DATE" and not any(e.start <= w.i < e.end for e in own)]
    return None if other_dates else found


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
