"""PETRARCH/TABARI dictionaries: read actor, agent and discard dictionaries into tidings actor
records, and convert the simple patterns of a verbs dictionary into `TriggerRule`s.

Actor dictionary format (as PETRARCH reads it):

    UNITED_STATES  [USA]          a name (words joined by "_" or spaces) and its CAMEO code
    +U.S.                         "+" lines are synonyms of the entry above
    GOLLUM                        an entry whose codes follow on their own lines, date-bounded:
        [HOB < 950601]            before a date (YYMMDD or YYYYMMDD)
        [HOBGOV 19950601 - 19990815]   in a range (inclusive)
        [HOBREB > 990816]         after a date
    PRINCE OF DOL AMROTH [---]    "---" : not an actor
    LORIEN  [ELR/GAL]             several codes: a compound actor (tidings keeps the first)

A word ending in "_" must match exactly; a final word without it is a stem in PETRARCH
("ARGENTIN" matches "Argentina", "Argentine"), which tidings approximates by adding common
English suffixes. Comments run from "#" to the end of a line, or sit inside <!-- ... -->.

Agent dictionary format:

    !PERSON! = MAN, MEN, WOMAN, WOMEN      a substitution set used as !PERSON! in names
    POLICE {} [~COP]                       {} : no plural; {X} : X is the plural; otherwise the
    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]   plural is formed by English rules
    HUMAN_RIGHTS_BODY [NGO~]               "~" marks where the actor's code goes (tidings reads
                                           the agent code as the sector either way)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataError
from .syntax.words import name_particles

NOT_AN_ACTOR_CODES = frozenset({"---", "###"})
STEM_SUFFIXES = ("s", "es", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "a", "ia",
                 "e", "ine", "ish")
MIN_STEM_LETTERS = 4
_COMMENT_BLOCK = re.compile(r"<!?\s*-{1,2}.*?-->", re.S)
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$")
_DATE_BOUND = re.compile(r"^([<>])\s*(\d{6}|\d{8})$")
_PLURAL_BLOCK = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
_VERB_HEADER = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\]\s*---")


@dataclass(frozen=True, slots=True)
class CodePeriod:
    """One [CODE ...] block: the code and the dates it holds for, start inclusive and end
    exclusive like every tidings period (None: open)."""

    code: str
    start: date | None = None
    end: date | None = None


def _clean_lines(text: str) -> Iterator[str]:
    """Lines without comments (block and "#"), trailing space kept off, blank lines dropped."""
    text = _COMMENT_BLOCK.sub(" ", text)
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield line


def parse_date(value: str) -> date:
    """A PETRARCH date: YYMMDD (19YY) or YYYYMMDD."""
    value = value.strip()
    try:
        if len(value) == 6:
            return date(1900 + int(value[:2]), int(value[2:4]), int(value[4:6]))
        if len(value) == 8:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        pass
    raise DataError(f"bad PETRARCH date {value!r}")


def parse_code_block(block: str) -> CodePeriod:
    """The inside of one [...] block: "USA", "HOB < 950601", "HOBGOV 19950601 - 19990815"."""
    block = block.strip()
    if not block:
        raise DataError("empty [] code block")
    code, _, rest = block.partition(" ")
    rest = rest.strip()
    code = code.strip().upper()
    if not rest:
        for marker in "<>":  # "[HOB<950601]" with no space
            if marker in code:
                code, _, tail = code.partition(marker)
                rest = marker + tail
    if not rest:
        return CodePeriod(code)
    if match := _DATE_BOUND.match(rest):  # "<" before the day, ">" after it
        day = parse_date(match.group(2))
        if match.group(1) == "<":
            return CodePeriod(code, end=day)
        return CodePeriod(code, start=_next_day(day))
    if match := _DATE_RANGE.match(rest):  # both ends inclusive
        return CodePeriod(code, start=parse_date(match.group(1)),
                          end=_next_day(parse_date(match.group(2))))
    raise DataError(f"cannot read the dates in [{block}]")


def phrase_words(name: str) -> tuple[str, bool]:
    """A dictionary phrase as text words, and whether its last word is a stem (no final "_")."""
    exact = name.rstrip().endswith("_")
    words = " ".join(name.replace("_", " ").split())
    return words, not exact


def stem_variants(words: str) -> list[str]:
    """A one-word stem long enough to be safe, with common endings added; else the phrase."""
    if " " in words or sum(c.isalpha() for c in words) < MIN_STEM_LETTERS:
        return [words]
    return [words] + [words + suffix for suffix in STEM_SUFFIXES]


def proper_case(words: str) -> str:
    """An all-capitals dictionary name in the case news text writes it: a short single word or
    a dotted one stays an acronym ("UN", "U.S."); other words are capitalised, particles
    inside a longer name lower-cased ("Group of 77")."""
    parts = words.split()
    if len(parts) == 1 and (len(parts[0]) <= 3 or "." in parts[0]):
        return parts[0].upper()
    out = []
    for number, word in enumerate(parts):
        if "." in word:
            out.append(word.upper())
        elif number and word.lower() in name_particles():
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:].lower())
    return " ".join(out)


def read_actor_dictionary(text: str, *, source: str = "PETRARCH actors") -> list[dict[str, Any]]:
    """Actor records (tidings user-dictionary form) from a PETRARCH/TABARI actor dictionary."""
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for line in _clean_lines(text):
        stripped = line.strip()
        if stripped.startswith("["):  # a code line for the entry above
            if current is None:
                raise DataError(f"{source}: code {stripped!r} before any actor")
            current["codes"] += [parse_code_block(b) for b in _CODE_BLOCK.findall(stripped)]
            continue
        if stripped.startswith("+"):
            if current is None:
                raise DataError(f"{source}: synonym {stripped!r} before any actor")
            name = _CODE_BLOCK.sub("", stripped[1:]).strip()
            if name:
                current["synonyms"].append(name)
            current["codes"] += [parse_code_block(b) for b in _CODE_BLOCK.findall(stripped)]
            continue
        if stripped.startswith("<"):
            continue  # a stray markup line
        name = _CODE_BLOCK.sub("", stripped).strip()
        current = {"name": name, "synonyms": [], "codes": [parse_code_block(b) for b in
                                                          _CODE_BLOCK.findall(stripped)]}
        entries.append(current)
    records: list[dict[str, Any]] = []
    for entry in entries:
        if not entry["name"] or not entry["codes"]:
            continue
        words, stem = phrase_words(entry["name"])
        aliases: list[str] = stem_variants(words) if stem else [words]
        for synonym in entry["synonyms"]:
            syn_words, syn_stem = phrase_words(synonym)
            aliases += stem_variants(syn_words) if syn_stem else [syn_words]
        aliases = [proper_case(a) for a in aliases]
        display = proper_case(words)
        for period in entry["codes"]:
            code, *also = period.code.split("/")
            records.append({
                "also": also,
                "name": display,
                "aliases": aliases,
                "cameo": "" if code in NOT_AN_ACTOR_CODES else code,
                "sector": "-" if code in NOT_AN_ACTOR_CODES else "",
                "start": period.start.isoformat() if period.start else "",
                "end": period.end.isoformat() if period.end else "",
                "kind": "group",
            })
    return records


def _next_day(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def plural(word: str) -> str:
    """English plural of an agent word, as PETRARCH forms it."""
    lower = word.lower()
    if lower.endswith("man"):
        return word[:-3] + ("MEN" if word.isupper() else "men")
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + ("IES" if word.isupper() else "ies")
    if lower.endswith(("s", "x", "ch", "sh", "z")):
        return word + ("ES" if word.isupper() else "es")
    return word + ("S" if word.isupper() else "s")


def read_agent_dictionary(text: str, *, source: str = "PETRARCH agents") -> list[dict[str, Any]]:
    """Agent records (name, aliases with plurals, sector) from a PETRARCH agent dictionary."""
    substitutions: dict[str, list[str]] = {}
    records: list[dict[str, Any]] = []
    for line in _clean_lines(text):
        stripped = line.strip()
        if match := _SUBSTITUTION.match(stripped):
            substitutions[match.group(1).upper()] = [
                w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        codes = _CODE_BLOCK.findall(stripped)
        if not codes:
            continue
        code = codes[0].replace(" ", "").upper()
        sector = code.replace("~", "")
        head = _CODE_BLOCK.sub("", stripped)
        plural_match = _PLURAL_BLOCK.search(head)
        explicit_plural = plural_match.group(1).strip() if plural_match else None
        name = _PLURAL_BLOCK.sub("", head).strip()
        if not name or not sector:
            continue
        forms: list[str] = []
        for expanded in _expand_substitutions(name, substitutions):
            words, _ = phrase_words(expanded)
            forms.append(words)
            if plural_match is None:
                forms.append(plural(words))
        if explicit_plural:
            forms.append(phrase_words(explicit_plural)[0])
        records.append({
            "name": forms[0].lower(),
            "aliases": [f.lower() for f in forms],
            "sector": sector,
            "kind": "agent",
            "prefix": "yes" if code.endswith("~") else "no",
        })
    return records


def _expand_substitutions(name: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"![A-Za-z0-9_]+!", name)
    if match is None:
        return [name]
    words = substitutions.get(match.group(0).upper())
    if not words:
        raise DataError(f"undefined substitution {match.group(0)} in {name!r}")
    out: list[str] = []
    for word in words:
        out += _expand_substitutions(name[:match.start()] + word + name[match.end():],
                                     substitutions)
    return out


def dictionary_kind(text: str) -> str:
    """Which PETRARCH dictionary a text is: verbs ("--- VERB [code] ---" blocks), agents (codes
    with "~"), discards (phrases without codes) or actors."""
    cleaned = _COMMENT_BLOCK.sub(" ", text)
    if any(_VERB_HEADER.match(line.strip()) for line in cleaned.splitlines()):
        return "verbs"
    blocks = _CODE_BLOCK.findall(cleaned)
    if not blocks:
        return "discards"
    return "agents" if sum("~" in b for b in blocks) * 2 >= len(blocks) else "actors"


def read_discards(text: str) -> list[dict[str, Any]]:
    """Discard phrases ("Manchester United", "+TYPHOON") as phrases that name no actor: matched
    so that the actor words inside them are not ("United" is not the United States)."""
    records = []
    for line in _clean_lines(text):
        words, _ = phrase_words(line.strip().lstrip("+"))
        if words:
            records.append({"name": words.lower(), "aliases": [words.lower()], "sector": "-",
                            "kind": "agent"})
    return records


def read_dictionary(path: str | Path) -> list[dict[str, Any]]:
    """Actor records from a PETRARCH/TABARI actor, agent or discard dictionary file (told apart
    by its contents); a verbs dictionary holds no actors (see `read_verb_rules`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise DataError(f"cannot read {path}: {err}") from None
    kind = dictionary_kind(text)
    if kind == "verbs":
        return []
    if kind == "discards":
        return read_discards(text)
    if kind == "agents":
        return read_agent_dictionary(text, source=path.name)
    return read_actor_dictionary(text, source=path.name)


# ---------------------------------------------------------------------------------------------
# Verbs dictionary → TriggerRules (the simple patterns only)

PARTICLES = frozenset({"off", "up", "down", "out", "back", "away", "over", "in", "on", "forward"})
PREPOSITIONS = frozenset({"to", "with", "on", "against", "in", "for", "from", "of", "at", "by",
                          "over", "into", "about", "upon", "toward", "towards"})
_ACTOR_MARKERS = frozenset({"$", "+", "%"})


@dataclass(frozen=True, slots=True)
class VerbConversion:
    """What a verbs dictionary turned into: rules, and how many patterns could not convert."""

    rules: tuple[Any, ...]
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
        if word in PARTICLES:
            return (("prt", frozenset({word})),)
        if word in PREPOSITIONS:
            return (("prep", frozenset({word})),)
        return (("obj", frozenset(_singular(word))),)
    if len(words) == 2 and words[0] == "to":
        return (("comp", frozenset({words[1]})),)
    if len(words) == 2 and words[0] in PREPOSITIONS and len(after) == 2:
        return None  # "* ON RESOLUTION": the preposition's object cannot be a cue
    return None


def read_verb_rules(text: str, *, source: str = "PETRARCH verbs") -> VerbConversion:
    """`TriggerRule`s for the verbs and simple patterns of a PETRARCH verbs dictionary:
    each verb (and one-word synonym, or phrasal "GIVE_UP") with its block's code, and patterns
    "- * NOUN [code]" (object cue), "- * PARTICLE", "- * PREP %" (preposition cue),
    "- * TO VERB" (complement cue). Other patterns (words before the verb, synsets, several
    words) are counted as not converted."""
    from .events import TriggerRule

    rules: list[TriggerRule] = []
    verbs = patterns = converted = 0
    lemmas: list[str] = []
    default: str | None = None
    in_synset = False
    for line in _clean_lines(text):
        stripped = line.strip()
        if header := _VERB_HEADER.match(stripped):
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
            blocks = _CODE_BLOCK.findall(stripped)
            code = _event_code(blocks[0]) if blocks else None
            cues = _pattern_cues(_CODE_BLOCK.sub("", stripped[2:]).strip())
            if code is None or cues is None:
                continue
            converted += 1
            rules += [TriggerRule(lemma, "V", cues, code, source) for lemma in lemmas]
            continue
        word = _CODE_BLOCK.sub("", stripped.lstrip("+")).strip().lower()
        blocks = _CODE_BLOCK.findall(stripped)
        code = _event_code(blocks[0]) if blocks else default
        parts = word.split("_")
        if len(parts) == 2 and parts[1] in PARTICLES and parts[0].isalpha():
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
