"""PETRARCH/TABARI dictionaries: read actor, agent and discard dictionaries into tidings actor
records, and tell the kinds of dictionary apart (a verbs dictionary's patterns become trigger rules
in `tidings.events.user_rules`).

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

from ..errors import DataError
from ..syntax.words import name_particles

NOT_AN_ACTOR_CODES = frozenset({"---", "###"})
STEM_SUFFIXES = ("s", "es", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "a", "ia",
                 "e", "ine", "ish")
MIN_STEM_LETTERS = 4
_COMMENT_BLOCK = re.compile(r"<!?\s*-{1,2}.*?-->", re.S)
CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$")
_DATE_BOUND = re.compile(r"^([<>])\s*(\d{6}|\d{8})$")
_PLURAL_BLOCK = re.compile(r"\{([^}]*)\}")
_SUBSTITUTION = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
VERB_HEADER = re.compile(r"^---\s*(.+?)\s*\[([^\]]*)\]\s*---")


@dataclass(frozen=True, slots=True)
class CodePeriod:
    """One [CODE ...] block: the code and the dates it holds for, start inclusive and end
    exclusive like every tidings period (None: open)."""

    code: str
    start: date | None = None
    end: date | None = None


def clean_lines(text: str) -> Iterator[str]:
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
    for line in clean_lines(text):
        stripped = line.strip()
        if stripped.startswith("["):  # a code line for the entry above
            if current is None:
                raise DataError(f"{source}: code {stripped!r} before any actor")
            current["codes"] += [parse_code_block(b) for b in CODE_BLOCK.findall(stripped)]
            continue
        if stripped.startswith("+"):
            if current is None:
                raise DataError(f"{source}: synonym {stripped!r} before any actor")
            name = CODE_BLOCK.sub("", stripped[1:]).strip()
            if name:
                current["synonyms"].append(name)
            current["codes"] += [parse_code_block(b) for b in CODE_BLOCK.findall(stripped)]
            continue
        if stripped.startswith("<"):
            continue  # a stray markup line
        name = CODE_BLOCK.sub("", stripped).strip()
        current = {"name": name, "synonyms": [], "codes": [parse_code_block(b) for b in
                                                          CODE_BLOCK.findall(stripped)]}
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
    for line in clean_lines(text):
        stripped = line.strip()
        if match := _SUBSTITUTION.match(stripped):
            substitutions[match.group(1).upper()] = [
                w.strip() for w in match.group(2).split(",") if w.strip()]
            continue
        codes = CODE_BLOCK.findall(stripped)
        if not codes:
            continue
        code = codes[0].replace(" ", "").upper()
        sector = code.replace("~", "")
        head = CODE_BLOCK.sub("", stripped)
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
    if any(VERB_HEADER.match(line.strip()) for line in cleaned.splitlines()):
        return "verbs"
    blocks = CODE_BLOCK.findall(cleaned)
    if not blocks:
        return "discards"
    return "agents" if sum("~" in b for b in blocks) * 2 >= len(blocks) else "actors"


def read_discards(text: str) -> list[dict[str, Any]]:
    """Discard phrases ("Manchester United", "+TYPHOON") as phrases that name no actor: matched
    so that the actor words inside them are not ("United" is not the United States)."""
    records = []
    for line in clean_lines(text):
        words, _ = phrase_words(line.strip().lstrip("+"))
        if words:
            records.append({"name": words.lower(), "aliases": [words.lower()], "sector": "-",
                            "kind": "agent"})
    return records


def read_dictionary(path: str | Path) -> list[dict[str, Any]]:
    """Actor records from a PETRARCH/TABARI actor, agent or discard dictionary file (told apart
    by its contents); a verbs dictionary holds no actors (see `tidings.events.read_user_rules`)."""
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
