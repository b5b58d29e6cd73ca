"""Matching names: one PhraseMatcher pass over every alias (built once per Vocab and base version), the
world base's people and organisations for names the shipped base lacks, surnames, and the choice
among namesakes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from .entries import INTERGOVERNMENTAL_CODES, NOMINAL, NOT_AN_ACTOR, WORLD, Entry, Period, Reading, cameo_code
from .loading import base, cue_words
from .world import WorldRecord, world_index

MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "npadvmod"})


NP_LEFT_DEPS = MODIFIER_DEPS | {"det", "predet", "nummod", "quantmod", "advmod", "punct", "case"}


ACRONYM_MAX_LETTERS = 6


#: Entity labels whose names are looked up in the world base when the shipped base has no match.
WORLD_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class _Matcher:
    version: int
    matcher: PhraseMatcher
    keys: dict[int, str]


_MATCHERS: dict[int, tuple[Vocab, _Matcher]] = {}
_TOKENIZERS: dict[int, tuple[Vocab, Callable[[str], Doc]]] = {}


def tokenize_aliases_with(tokenizer: Any) -> None:
    """Tokenise the aliases with `tokenizer` (a pipeline's own, which made the Docs to match) for
    its vocab, instead of a blank English one built for it (its thousands of special cases take a
    fifth of a second of every start)."""
    _TOKENIZERS[id(tokenizer.vocab)] = (tokenizer.vocab, tokenizer)


def _alias_tokenizer(vocab: Vocab) -> Callable[[str], Doc]:
    given = _TOKENIZERS.get(id(vocab))
    if given is not None and given[0] is vocab:
        return given[1]
    return spacy.blank("en", vocab=vocab).tokenizer  # type: ignore[no-any-return]


def _matcher(vocab: Vocab) -> _Matcher:
    """The PhraseMatcher over every alias for `vocab`, built once per base version."""
    actor_base = base()
    cached = _MATCHERS.get(id(vocab))
    if cached is not None and cached[0] is vocab and cached[1].version == actor_base.version:
        return cached[1]
    tokenizer = _alias_tokenizer(vocab)
    matcher = PhraseMatcher(vocab, attr="LOWER")
    keys: dict[int, str] = {}
    for key, readings in actor_base.readings.items():
        match_id = vocab.strings.add(f"tidings-actor:{key}")
        keys[match_id] = key
        # tokenise the aliases as written: "U.S." is one token, "u.s." is not
        spellings = sorted({r.alias for r in readings})
        matcher.add(f"tidings-actor:{key}", [tokenizer(text) for text in spellings])
    built = _Matcher(actor_base.version, matcher, keys)
    _MATCHERS[id(vocab)] = (vocab, built)
    return built


_OPENINGS: dict[int, frozenset[str]] = {}


def alias_openings() -> frozenset[str]:
    """The first word (up to a space or hyphen) of every alias in the base, lowercased: a sentence
    with none of these words holds no mention of an actor the base knows by name. Built once per
    base version, so a cheap pass can test each token with one set lookup."""
    actor_base = base()
    if actor_base.version not in _OPENINGS:
        _OPENINGS.clear()
        _OPENINGS[actor_base.version] = frozenset(re.split(r"[\s-]", key, maxsplit=1)[0]
                                                  for key in actor_base.readings)
    return _OPENINGS[actor_base.version]


def case_fits(alias: str, text: str) -> bool:
    """Whether the text's letter case fits the alias: acronyms and words with inner capitals
    exactly ("US" not "us", "LeT" not "Let"), capitalised names capitalised ("Turkey" not
    "turkey"), common nouns any case."""
    letters = [c for c in alias if c.isalpha()]
    if not any(c.isupper() for c in letters):
        return True
    if all(c.isupper() for c in letters) and len(letters) <= ACRONYM_MAX_LETTERS:
        return text.replace(".", "") == alias.replace(".", "")
    if " " not in alias and any(c.isupper() and alias[i - 1].isalpha()
                                for i, c in enumerate(alias) if i):
        return text == alias
    return all(not a[:1].isupper() or t[:1].isupper()
               for a, t in zip(alias.split(), text.split(), strict=False))


@dataclass
class Hit:
    start: int
    end: int
    readings: list[Reading]

    @property
    def kinds(self) -> set[str]:
        return {r.entry.kind for r in self.readings}

    def first(self, *kinds: str, when: date | None = None) -> Reading | None:
        """The first reading (user dictionaries come first) of one of `kinds`; of several people
        sharing a name ("Assad"), the one in office at `when`, else the latest before it."""
        found = None
        for reading in self.readings:
            if reading.entry.kind in kinds:
                if found is None:
                    found = reading
                    if reading.entry.kind != "person":
                        return found
                elif reading.entry.kind == "person":
                    found = min(found, reading, key=lambda r: person_rank(r.entry, when))
        return found


def person_rank(entry: Entry, when: date | None) -> tuple[int, int]:
    """Sort key among namesakes: in office at `when` first, then the latest start before it."""
    day = when or date.today()
    if any(p.covers(day) for p in entry.periods):
        return (0, 0)
    starts = [p.start.toordinal() for p in entry.periods if p.start and p.start <= day]
    return (1, -max(starts)) if starts else (2, 0)


def _person_rank_in(entry: Entry, when: date | None, countries: frozenset[str]) -> tuple[int, ...]:
    """Sort key among namesakes of the world base: in office at `when` first (then the latest start
    before it), then a country the text names, then prominence (offices held)."""
    dated = person_rank(entry, when)
    codes = [p.country for p in entry.periods] or [entry.country]
    named = 0 if any(code in countries for code in codes) else 1 if any(codes) else 2
    prominence = -sum(3 if p.sector not in ("LEG", "ELI") else 1 for p in entry.periods)
    return (dated[0], named, prominence, dated[1])


def choose_namesake(entries: list[Entry], when: date | None, countries: frozenset[str] = frozenset()
                    ) -> Entry:
    """Of several world-base people (or organisations) under one name, the one the date, then the
    countries the text names, then prominence point to; its `why` says which decided."""
    if len(entries) == 1:
        return entries[0]
    ranked = sorted(entries, key=lambda e: _person_rank_in(e, when, countries))
    best, runner = ranked[0], ranked[1]
    first, second = _person_rank_in(best, when, countries), _person_rank_in(runner, when, countries)
    decided = next(i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b) \
        if first != second else 3
    reason = ("the date (in office then)" if decided == 0 and first[0] == 0
              else "the date (latest office before it)" if decided in (0, 3)
              else "the country the text names" if decided == 1 else "prominence (offices held)")
    return replace(best, why=f"{best.name} chosen over {len(entries) - 1} namesake(s) by {reason}")


def _world_entry(record: WorldRecord) -> Entry:
    """An actor-base entry for a world-base record: a person's offices as dated periods (executive
    offices before seats, so a minister who is also an MP is the minister), an organisation's code."""
    if record.kind == "person":
        order = {"LEG": 1, "ELI": 2}
        periods = tuple(sorted((Period(role=o.role, country=o.country, sector=o.sector, start=o.start,
                                       end=o.end) for o in record.offices),
                               key=lambda p: order.get(p.sector or "", 0)))
        country = next((p.country for p in periods if p.country), None)
        return Entry(id=f"world:{record.id}", kind="person", name=record.name, country=country,
                     wikidata=record.id if record.id.startswith("Q") else None, gender=record.gender,
                     periods=periods, source=WORLD)
    office = record.offices[0]
    kind = "igo" if office.country in INTERGOVERNMENTAL_CODES else "group"
    return Entry(id=f"world:{record.id}", kind=kind, name=record.name, country=office.country,
                 sector=office.sector, cameo=cameo_code(office.country, office.sector), source=WORLD)


def world_entries(name: str) -> list[Entry]:
    """The world-base actors `name` may mean (letter case must fit an organisation's acronym)."""
    return [_world_entry(record) for record in world_index().lookup(name) if record.kind != "place"
            and (record.kind == "person" or not _is_acronym(record.alias) or case_fits(record.alias, name))]


def world_place_country(name: str) -> str | None:
    """The country a town or region of the world base lies in, when its name names only one."""
    countries = {r.offices[0].country for r in world_index().lookup(name) if r.kind == "place"}
    return countries.pop() if len(countries) == 1 else None


def named_countries(hits: list[Hit]) -> frozenset[str]:
    return frozenset(r.entry.country for h in hits for r in h.readings
                     if r.entry.kind == "country" and r.entry.country)


def _organisations_in_reach(pool: list[Entry], countries: frozenset[str], name: str) -> list[Entry]:
    """The organisations a name may mean here: those of a country the text names; failing that,
    the one organisation of that name, unless the name is one plain word ("Commons"), which a
    party abroad may share with an institution at home. Parties of one name in several countries
    ("People's Party") stay unresolved without a country in the text."""
    named = [e for e in pool if e.country in countries]
    if named:
        return named
    if len({e.country for e in pool}) > 1 or (" " not in name.strip() and not _is_acronym(name)):
        return []
    return pool


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= ACRONYM_MAX_LETTERS


def _world_hits(doc: Doc, chosen: list[Hit], when: date | None) -> list[Hit]:
    """`chosen` (the shipped base's hits) completed from the world base: a named entity the shipped
    base does not know as a whole ("Kurdistan Workers' Party", where it only knows "workers"), and a
    surname standing alone for the person named in full before it ("Ellwood" after "Tobias Ellwood")."""
    countries = named_countries(chosen)
    titles = cue_words().get("name_title", frozenset())
    out = list(chosen)
    # the hits over each token, so that an entity looks only at the hits over its own words
    over: dict[int, list[Hit]] = {}
    for hit in out:
        for i in range(hit.start, hit.end):
            over.setdefault(i, []).append(hit)
    dropped: set[int] = set()
    for ent in doc.ents:
        if ent.label_ not in WORLD_LABELS:
            continue
        start, end = ent.start, ent.end
        while start < end and (doc[start].pos_ == "DET" or doc[start].lower_ in titles):
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if end - start < 2 and ent.label_ == "PERSON":
            continue  # a bare surname: only as the person named in full (below)
        near = list({id(h): h for i in range(start, end) for h in over.get(i, ()) if id(h) not in dropped}.values())
        inside = [h for h in near if start <= h.start and h.end <= end]
        if any(h not in inside for h in near) or any(
                h.first("person", "group", "igo", "media") for h in inside) or sum(
                h.end - h.start for h in inside) == end - start:
            continue  # the shipped base reads the name already, whole or word by word ("US Senate")
        entries = world_entries(doc[start:end].text)
        people = [e for e in entries if e.kind == "person"]
        others = [e for e in entries if e.kind != "person"]
        pool = people if ent.label_ == "PERSON" and people else others or people
        if pool and pool[0].kind != "person":
            pool = _organisations_in_reach(pool, countries, doc[start:end].text)
        if not pool:
            continue
        entry = choose_namesake(pool, when, countries)
        if ent.label_ == "PERSON" and entry.kind != "person":
            entry = replace(entry, kind="person")  # a leader the source filed with organisations
        dropped.update(id(h) for h in inside)
        hit = Hit(start, end, [Reading(entry, "name", None, doc[start:end].text)])
        out.append(hit)
        for i in range(start, end):
            over.setdefault(i, []).append(hit)
    out = sorted((h for h in out if id(h) not in dropped), key=lambda h: h.start)
    return _surname_hits(doc, out)


def surname_key(word: str) -> str:
    """A last name as it is matched alone: lower case, without an Arabic article ("al-Baghdadi"
    is "Baghdadi" when it stands alone)."""
    word = word.lower()
    for article in cue_words().get("surname_article", frozenset()):
        if word.startswith(article) and len(word) > len(article) + 2:
            return word[len(article):]
    return word


def _surname_hits(doc: Doc, hits: list[Hit]) -> list[Hit]:
    """A capitalised word alone that is the last name of exactly one person named before it."""
    taken = bytearray(len(doc))
    for hit in hits:
        taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
    surnames: dict[str, set[str]] = {}
    readings: dict[str, Reading] = {}
    out = list(hits)
    for hit in hits:
        reading = hit.first("person")
        if reading is not None and hit.end - hit.start > 1:
            for word in {reading.entry.name.split()[-1].lower(), doc[hit.end - 1].lower_}:
                surnames.setdefault(surname_key(word), set()).add(reading.entry.id)
            readings[reading.entry.id] = reading
    for token in doc:
        if taken[token.i] or token.pos_ != "PROPN" or not token.text[:1].isupper():
            continue
        known = surnames.get(surname_key(token.lower_), set())
        if len(known) == 1 and any(h.start < token.i for h in hits if h.first("person")):
            out.append(Hit(token.i, token.i + 1, [readings[next(iter(known))]]))
    out.sort(key=lambda h: h.start)
    return out


def hits_in(doc: Doc, when: date | None = None) -> list[Hit]:
    built = _matcher(doc.vocab)
    readings = base().readings
    candidates: list[Hit] = []
    for match_id, start, end in built.matcher(doc):
        words = doc[start:end].text  # joined afresh from the tokens on each access: read once for every reading
        fitting = [r for r in readings[built.keys[match_id]] if case_fits(r.alias, words)]
        if fitting:
            candidates.append(Hit(start, end, fitting))
    candidates.sort(key=lambda h: (h.start - h.end, h.start))
    taken = bytearray(len(doc))
    chosen: list[Hit] = []
    for hit in candidates:
        if not any(taken[hit.start:hit.end]):
            taken[hit.start:hit.end] = b"\x01" * (hit.end - hit.start)
            chosen.append(hit)
    chosen.sort(key=lambda h: h.start)
    chosen = _world_hits(doc, chosen, when)
    stance = cue_words().get("stance", frozenset())
    return _peoples_at_home([hit for hit in chosen if any(r.sector != NOT_AN_ACTOR for r in hit.readings)
                             and not _after_stance(doc, hit.start, stance)])


def _peoples_at_home(hits: list[Hit]) -> list[Hit]:
    """`hits` with each people without a state placed in the home country the text names most
    (the first in the table on a tie), or in none when the text names none of them."""
    named = Counter(reading.entry.country for hit in hits
                    if (reading := hit.first("country")) is not None and hit.first("people") is None)
    out = []
    for hit in hits:
        people = hit.first("people")
        if people is not None and people.entry.homes:
            homes = people.entry.homes
            home = max(homes, key=lambda code: (named[code], -homes.index(code)))
            entry = replace(people.entry, country=home if named[home] else None)
            hit = Hit(hit.start, hit.end, [replace(r, entry=entry) if r.entry is people.entry else r
                                            for r in hit.readings])
        out.append(hit)
    return out


def _after_stance(doc: Doc, start: int, stance: frozenset[str]) -> bool:
    """Whether the words at `start` follow "pro-" or "anti-" ("pro-Russian")."""
    before = start - 1
    if before >= 0 and doc[before].text == "-":
        before -= 1
    return before >= 0 and doc[before].lower_ in stance


def np_head(token: Token) -> Token:
    """The head noun of the noun phrase `token` modifies (itself when it heads one), through a
    leading participle ("US-led coalition") or a hyphened adjective ("Kurdish-Arab forces")."""
    leaders = cue_words().get("leader", frozenset())
    while True:
        head = token.head
        if head.i == token.i:
            return token
        if (token.dep_ in MODIFIER_DEPS and head.dep_ in MODIFIER_DEPS and head.i == token.i + 2
                and token.nbor(1).text == "-" and head.pos_ != "VERB"):  # not "Iranian-backed"
            token = head
            continue
        if (token.dep_ in MODIFIER_DEPS and head.lower_ in leaders and head.dep_ == "amod"
                and head.head.pos_ in NOMINAL and head.head.i > head.i > token.i):
            token = head.head
            continue
        if token.dep_ in MODIFIER_DEPS and head.pos_ in NOMINAL and head.i > token.i:
            token = head
            continue
        if (token.dep_ == "conj" and head.dep_ in MODIFIER_DEPS and head.head.pos_ in NOMINAL
                and head.head.i > token.i):
            token = head.head
            continue
        return token
