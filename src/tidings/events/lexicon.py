"""The event lexicon: trigger rules (data/lexicon/triggers.tsv, and rules from a user's PETRARCH verbs
dictionary), the CAMEO codes they name, and the closed tables the rules read (support verbs, frame
nouns, obligation and appeal words, domestic targets, intent codes)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from .. import codebook, data


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

    def describe(self) -> str:
        cues = "; ".join(f"{k} {'|'.join(sorted(v)) or 'any'}" for k, v in self.cues)
        origin = f" ({self.source})" if self.source != "tidings lexicon" else ""
        return f"'{self.lemma}'" + (f" with {cues}" if cues else "") + origin


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


def known_code(cameo: str) -> codebook.CameoCode | None:
    """The codebook row for `cameo`, keeping a more specific user code ("1717" under 171); None
    when no prefix of it is a CAMEO code (PETRARCH's test-only codes)."""
    try:
        row = codebook.lookup(cameo)
    except KeyError:
        return None
    return row if row.code == cameo else replace(row, code=cameo)


#: The code of a trigger row for a use that names no event ("refused to be named").
NO_EVENT = "-"

#: Trigger rules by (lemma, "V" or "N"), most specific first.
Rules = dict[tuple[str, str], tuple[TriggerRule, ...]]


@cache
def lexicon(user_rules: tuple[TriggerRule, ...] = ()) -> Rules:
    """Rules by (lemma, pos), most specific first; `user_rules` (from a user's dictionary, see
    `read_user_rules`) before the shipped ones."""
    rules: dict[tuple[str, str], list[TriggerRule]] = {}
    for rule in user_rules:
        rules.setdefault((rule.lemma, rule.pos), []).append(rule)
    for row in data.table("lexicon/triggers.tsv"):
        rule = TriggerRule(row["lemma"], row["pos"], parse_cues(row["cues"] or ""), row["cameo"])
        rules.setdefault((rule.lemma, rule.pos), []).append(rule)
    return {key: tuple(sorted(group, key=lambda r: -len(r.cues))) for key, group in rules.items()}


def support_verbs() -> frozenset[str]:
    return data.words("lexicon/support_verbs.tsv")


@cache
def reciprocal_prefixes() -> tuple[str, ...]:
    return tuple(data.words("lexicon/reciprocal.tsv"))


def comrade_verbs() -> frozenset[str]:
    """Verbs whose "with" object acts beside the subject (data/lexicon/comrade_with.tsv)."""
    return data.words("lexicon/comrade_with.tsv")


def document_nouns() -> frozenset[str]:
    """Nouns for a text that speaks for its author ("the resolution ... called for")."""
    return data.words("lexicon/document_nouns.tsv")


def frame_nouns() -> frozenset[str]:
    return data.words("lexicon/frame_nouns.tsv")


@cache
def gerund_doers() -> dict[str, str]:
    return {row["preposition"]: row["doer"] for row in data.table("lexicon/gerund_subject_preps.tsv")}


@cache
def obligation_codes() -> dict[str, str]:
    return {row["word"]: row["cameo"] for row in data.table("lexicon/obligation.tsv")}


@cache
def appeal_governor_codes() -> dict[str, str]:
    return {row["lemma"]: row["cameo"] for row in data.table("lexicon/appeal_governors.tsv")}


def obligation_words() -> tuple[str, ...]:
    """The modals and verbs of obligation a speaker's demand of another party is told with."""
    return tuple(obligation_codes())


def appeal_governors() -> tuple[str, ...]:
    """The verbs by which an actor says what it wants another party to do ("wants Serbia to")."""
    return tuple(appeal_governor_codes())


@cache
def clause_recipient_prefixes() -> tuple[str, ...]:
    return tuple(data.words("lexicon/clause_recipient.tsv"))


@cache
def domestic_table() -> dict[str, tuple[str, str]]:
    rows = data.table("lexicon/domestic.tsv")
    return {row["prefix"]: (row["sector"], row["text"]) for row in rows}


@cache
def intent_table() -> dict[str, tuple[str, str]]:
    rows = data.table("lexicon/intent.tsv")
    return {row["prefix"]: (row["intent"], row["refusal"] or "") for row in rows}


def intent_cues() -> frozenset[str]:
    return data.words("lexicon/intent_cues.tsv")


@cache
def own_word_governors() -> frozenset[str]:
    """Governors under which a future is the actor's own word: intent words and verbs of commitment
    (intent_cues.tsv, commitment_verbs.tsv)."""
    return intent_cues() | data.words("lexicon/commitment_verbs.tsv")


@cache
def model_codes() -> dict[tuple[str, str], str]:
    rows = data.table("lexicon/model_codes.tsv")
    return {(row["plover"], row["penta"]): row["cameo"] for row in rows}
