"""User trigger rules: the simple patterns of a PETRARCH/TABARI verbs dictionary as `TriggerRule`s, read
into a value the caller hands to the coder (`tidings.code(..., trigger_rules=)`), never into a
module of the events stage."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from ..actors.petrarch import CODE_BLOCK, VERB_HEADER, clean_lines, dictionary_kind
from ..syntax.words import prepositions, verb_particles
from .lexicon import TriggerRule, known_code


def read_user_rules(paths: Iterable[str | os.PathLike[str]]) -> tuple[TriggerRule, ...]:
    """The trigger rules of the PETRARCH verbs dictionaries among `paths` (other dictionaries are
    left to `tidings.actors.add_dictionaries`), keeping rules whose code the codebook knows."""
    rules: list[TriggerRule] = []
    for path in map(Path, paths):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as err:
            raise DataError(f"cannot read {path}: {err}") from None
        if dictionary_kind(text) == "verbs":
            rules += (r for r in read_verb_rules(text, source=path.name).rules if known_code(r.cameo) is not None)
    return tuple(rules)



_ACTOR_MARKERS = frozenset({"$", "+", "%"})


@dataclass(frozen=True, slots=True)
class VerbConversion:
    """What a verbs dictionary turned into: rules, and how many patterns could not convert."""

    rules: tuple[TriggerRule, ...]
    verbs: int
    patterns: int
    converted_patterns: int

    @property
    def fraction(self) -> float:
        return self.converted_patterns / self.patterns if self.patterns else 0.0


def _event_code(block: str) -> str | None:
    """A verbs-dictionary code ("081", "013:012" → the first, "---" → none)."""
    code = block.strip().split(":")[0].strip()
    return None if not code or code.startswith("-") else code


def _singular(word: str) -> set[str]:
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def _pattern_cues(pattern: str) -> tuple[tuple[str, frozenset[str]], ...] | None:
    """Cues for a simple pattern ("* EFFORT", "* WITH %", "*_OUT", "* TO ATTEND"), else None."""
    pattern = pattern.replace("_", " ")
    if pattern.count("*") != 1:
        return None
    before, after = (part.split() for part in pattern.split("*"))
    if before:
        return None
    words = [w.lower() for w in after if w not in _ACTOR_MARKERS]
    if any(not w.isalpha() for w in words):
        return None  # synsets (&X), alternatives, codes
    if len(words) == 1:
        word = words[0]
        if word in verb_particles():
            return (("prt", frozenset({word})),)
        if word in prepositions("pattern_cue"):
            return (("prep", frozenset({word})),)
        return (("obj", frozenset(_singular(word))),)
    if len(words) == 2 and words[0] == "to":
        return (("comp", frozenset({words[1]})),)
    if len(words) == 2 and words[0] in prepositions("pattern_cue") and len(after) == 2:
        return None  # "* ON RESOLUTION": the preposition's object cannot be a cue
    return None


def read_verb_rules(text: str, *, source: str = "PETRARCH verbs") -> VerbConversion:
    """`TriggerRule`s for the verbs and simple patterns of a PETRARCH verbs dictionary:
    each verb (and one-word synonym, or phrasal "GIVE_UP") with its block's code, and patterns
    "- * NOUN [code]" (object cue), "- * PARTICLE", "- * PREP %" (preposition cue),
    "- * TO VERB" (complement cue). Other patterns (words before the verb, synsets, several
    words) are counted as not converted."""
    rules: list[TriggerRule] = []
    verbs = patterns = converted = 0
    lemmas: list[str] = []
    default: str | None = None
    in_synset = False
    for line in clean_lines(text):
        stripped = line.strip()
        if header := VERB_HEADER.match(stripped):
            default = _event_code(header.group(2))
            lemmas = []
            in_synset = False
            continue
        if stripped.startswith("&"):
            in_synset = True  # a synset definition: its "+" members are not verbs
            continue
        if in_synset and stripped.startswith("+"):
            continue
        in_synset = False
        if stripped.startswith("- "):
            if not lemmas:
                continue
            patterns += 1
            blocks = CODE_BLOCK.findall(stripped)
            code = _event_code(blocks[0]) if blocks else None
            cues = _pattern_cues(CODE_BLOCK.sub("", stripped[2:]).strip())
            if code is None or cues is None:
                continue
            converted += 1
            rules += [TriggerRule(lemma, "V", cues, code, source) for lemma in lemmas]
            continue
        word = CODE_BLOCK.sub("", stripped.lstrip("+")).strip().lower()
        blocks = CODE_BLOCK.findall(stripped)
        code = _event_code(blocks[0]) if blocks else default
        parts = word.split("_")
        if len(parts) == 2 and parts[1] in verb_particles() and parts[0].isalpha():
            verbs += 1
            if code:
                rules.append(TriggerRule(parts[0], "V", (("prt", frozenset({parts[1]})),), code,
                                         source))
            continue
        if not word.isalpha():
            continue
        verbs += 1
        lemmas.append(word)
        if code:
            rules.append(TriggerRule(word, "V", (), code, source))
    return VerbConversion(tuple(rules), verbs, patterns, converted)
