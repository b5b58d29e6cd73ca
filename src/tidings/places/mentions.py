"""Place mentions in a Doc: NER place entities and the gazetteer names around them, each resolved to
the entry the article's other places and an explicit qualifier ("Paris, Texas") make likeliest."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .. import data
from ..syntax import columns
from ..syntax.words import prepositions
from ..types import Place
from .gazetteer import CAPITAL_BONUS, Gazetteer, gazetteer, not_places, prior
from .names import Entry, fold

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: Entity labels the NER often gives a place name by mistake; a strict gazetteer name inside one still counts.
MISLABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "DATE"})

#: Entity labels (and no label) a name outside resolved place entities may carry and still be matched.
NAME_LABELS = MISLABELS | PLACE_LABELS | {""}

#: Words after a name that say which kind of place it is ("Idlib province", "Washington state").
KIND_SUFFIXES = {"province": "adm1", "governorate": "adm1", "region": "adm1", "oblast": "adm1",
                 "state": "state", "city": "city", "town": "city", "village": "city"}

#: "rural Aleppo", "the Aleppo countryside": the province around a town, not the town.
RURAL_WORDS = frozenset({"rural", "countryside"})

#: Words that join a town to a place named just before it ("in Manbij and Afrin", "Raqqa, Tabqa").
PLACE_JOINERS = frozenset({"and", "or", ",", "&"})

#: Towns at least this big count outside a place entity without a preposition before them
#: ("Aleppo was shelled").
BIG_TOWN = 100_000

#: How far a mention's best entry must lead its next one, before context, for it to be evidence for others.
CONFIDENT_MARGIN = 2.0

#: What a candidate loses when the words are only one of its GeoNames alternate names.
ALTERNATE_NAME_PENALTY = 3.0


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    sentence: int  # the first token of the sentence it is in (Token.sent walks the sentence on each access)
    candidates: list[Entry]
    name: str = ""  # the words as written
    weak: bool = False  # found on thin grounds: kept only if the article names its country in another mention
    qualifier: list[Entry] = field(default_factory=list)  # "Paris, Texas": the entries of "Texas"
    kind_hint: str | None = None  # "Washington state" → state
    choice: Entry | None = None
    peers: list[_Mention] = field(default_factory=list)  # listed with it: "Washington, Paris and London"


def _strip(span: Span) -> tuple[int, int]:
    """Token range of an entity without a leading determiner or a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    return start, end


def _candidates(doc: Doc, start: int, end: int) -> tuple[list[Entry], str | None, int]:
    """Candidates for doc[start:end], a kind hint, and the range's end (grown by a trailing "province").

    The hint comes from a kind word after the name ("Idlib province", "Washington state") or before it
    ("the province of Idlib", "rural Aleppo"). A name followed by lowercase words the gazetteer lacks
    ("Manchester airport") falls back to its capitalised part.
    """
    gaz = gazetteer()
    found = gaz.lookup(doc[start:end].text)
    hint = _hint_before(doc, start)
    if end - start > 1 and doc[end - 1].lower_ in KIND_SUFFIXES:
        hint = KIND_SUFFIXES[doc[end - 1].lower_]
        found = found or gaz.lookup(doc[start:end - 1].text)
    elif end < len(doc) and doc[end].lower_ in KIND_SUFFIXES and doc[end].is_lower:
        hint = KIND_SUFFIXES[doc[end].lower_]
        with_suffix = gaz.lookup(doc[start:end + 1].text)
        if with_suffix:
            return with_suffix, hint, end + 1
    while not found and end - start > 1 and doc[end - 1].is_lower:
        end -= 1
        found = gaz.lookup(doc[start:end].text)
    if hint == "adm1":  # "rural Aleppo": the governorate is a candidate though its bare name means the town
        found = [*found, *(e for e in gaz.lookup(doc[start:end].text + " province") if e not in found)]
    return found, hint, end


def _hint_before(doc: Doc, start: int) -> str | None:
    """The kind a phrase before a name gives it: "province of Idlib", "rural Aleppo" → adm1."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in KIND_SUFFIXES:
        return KIND_SUFFIXES[doc[start - 2].lower_]
    if start >= 1 and doc[start - 1].lower_ in RURAL_WORDS:
        return "adm1"
    if start >= 3 and doc[start - 1].lower_ == "of" and doc[start - 3].lower_ in RURAL_WORDS:
        return "adm1"  # "rural areas of Deir ez-Zor"
    return None


def _surnames(entities: tuple[Span, ...]) -> set[str]:
    """Folded last words of the article's multi-word person names (among its `entities`): "Bolton"
    after "John Bolton" is the man (one sense per article), not the town."""
    return {fold(ent[-1].text) for ent in entities if ent.label_ == "PERSON" and len(ent) > 1}


def _raw_mentions(doc: Doc) -> list[_Mention]:
    gaz = gazetteer()
    mentions: list[_Mention] = []
    taken = [False] * len(doc)
    entities = doc.ents  # made afresh from the tokens on each access: read once
    for ent in entities:
        if ent.label_ not in PLACE_LABELS:
            continue
        start, end = _strip(ent)
        if start >= end:
            continue
        found, hint, end = _candidates(doc, start, end)
        if ent.label_ == "FAC" and not gaz.is_strict(fold(doc[start:end].text)):
            continue  # a building named like a town's alternate name ("the White House" is not Casablanca)
        if found:
            # A small town is a doubtful reading of an entity the NER may have mistaken ("Pompeo").
            before = doc[start - 1].lower_ if start > 0 else ""
            small = all(e.kind == "city" and e.population < BIG_TOWN for e in found)
            weak = small and before not in prepositions("before_place")
            mentions.append(_Mention(start, end, doc[start].sent.start, list(found), doc[start:end].text,
                                     kind_hint=hint, weak=weak))
            for i in range(start, end):
                taken[i] = True
    known = {fold(doc[m.start:m.end].text) for m in mentions if not m.weak}
    mentions.extend(_unlabelled_mentions(doc, entities, taken, gaz, known))
    surnames = _surnames(entities)
    mentions = [m for m in mentions if not (fold(m.name) in surnames and not gaz.is_curated(fold(m.name))
                                            and all(e.kind == "city" for e in m.candidates))]
    mentions.sort(key=lambda m: m.start)
    for i, mention in enumerate(mentions):
        # "Paris, Texas" / "Aleppo, Syria": a place right after a comma qualifies the one before it.
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and nxt.start == mention.end + 1 and doc[mention.end].text == ",":
            if any(c.kind in ("country", "state") for c in nxt.candidates):
                mention.qualifier = [c for c in nxt.candidates if c.kind in ("country", "state")]
        between = doc[mention.end:nxt.start] if nxt else None
        if nxt and not mention.qualifier and 0 < len(between) <= 2 and all(t.lower_ in PLACE_JOINERS
                                                                          for t in between):
            mention.peers.append(nxt)
            nxt.peers.append(mention)
    return mentions


def _unlabelled_mentions(doc: Doc, entities: tuple[Span, ...], taken: list[bool], gaz: Gazetteer,
                         known: set[str]) -> list[_Mention]:
    """Strict gazetteer names the NER missed or mislabelled (among the doc's `entities`): capitalised
    words outside any place entity.

    `known` holds the names the NER did tag as places in this article: the same name elsewhere in it is a
    place too, whatever the NER called it there (one sense per article).
    """
    out: list[_Mention] = []
    exact: dict[int, tuple[int, str]] = {}
    for ent in entities:
        if ent.label_ in MISLABELS:
            start, end = _strip(ent)
            exact[start] = (end, ent.label_)
    articles = data.words("places/name_articles.txt")
    # most words start no name: their texts, read once, rule them out without making a Token each
    texts = columns.texts(doc)
    i, n = 0, len(doc)
    while i < n:
        starts_name = texts[i][:1].isupper() or (
            i + 2 < n and texts[i + 1] == "-" and texts[i + 2][:1].isupper() and doc[i].lower_ in articles)
        if taken[i] or not starts_name or doc[i].ent_type_ not in NAME_LABELS:
            i += 1
            continue
        token = doc[i]
        for width in (4, 3, 2, 1):
            end = i + width
            if end > n or any(taken[i:end]) or not texts[end - 1][:1].isupper():
                continue
            key = fold(doc[i:end].text)
            if key not in known and not gaz.is_strict(key):
                continue
            if token.ent_type_ in MISLABELS and exact.get(i, (None,))[0] != end:
                continue  # part of a longer person or organisation name ("Georgia Smith", "Jordan Peterson")
            found, hint, end = _candidates(doc, i, end)
            verdict = ("sure" if key in known
                       else _plausible_unlabelled(doc, i, end, found, exact.get(i), taken))
            if verdict is None:
                continue
            weak = verdict == "weak"
            out.append(_Mention(i, end, token.sent.start, list(found), doc[i:end].text, kind_hint=hint, weak=weak))
            for j in range(i, end):
                taken[j] = True
            i = end - 1
            break
        i += 1
    return out


def _plausible_unlabelled(doc: Doc, start: int, end: int, entries: list[Entry],
                          entity: tuple[int, str] | None, taken: list[bool]) -> str | None:
    """Whether a gazetteer name outside a place entity is used as a place: "sure", "weak" or None.

    Sure: a name from tidings' own tables (data/places/), a country, state or region name, or a town after
    a preposition ("in Manbij"), after a place and a conjunction ("Manbij and Afrin"), or before a
    province-like word. Weak: a town that is exactly an organisation or nationality entity (the NER's usual
    mistake for Syrian towns), a person entity even after a preposition, or a large town's name alone; a
    weak mention is kept only if the article names its country elsewhere ("Pompeo said" is not Pompéu,
    Brazil). Names in data/places/not_places.tsv ("Jackson", "Mobile", "March") never count, nor do words
    in capitals ("UN") outside tidings' tables.
    """
    key = fold(doc[start:end].text)
    curated = gazetteer().is_curated(key)
    if key in not_places() or (doc[start:end].text.isupper() and not curated):
        return None
    if curated or any(e.kind != "city" for e in entries):
        return "sure"
    before = doc[start - 1].lower_ if start > 0 else ""
    after_prep = before in prepositions("before_place") or (before in PLACE_JOINERS and start > 1 and taken[start - 2])
    person = entity is not None and entity[0] == end and entity[1] == "PERSON"
    if after_prep or doc[end - 1].lower_ in KIND_SUFFIXES:
        return "weak" if person else "sure"  # "aimed at Obama's support" is not Obama, Japan
    if entity is not None and entity[0] == end and not person:
        return "weak"
    big = max(e.population for e in entries) >= BIG_TOWN
    return "weak" if big and doc[start].pos_ in ("PROPN", "NOUN", "ADJ") else None


def _local(entry: Entry) -> bool:
    """Whether an entry places the story inside its country (a town, state or province, not the capital)."""
    return entry.kind in ("city", "town", "state", "adm1", "region") and not entry.capital


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What an article says about where it is set: countries named, countries named at street level (a
    town or province, not the capital), admin areas of those towns, and countries named per sentence."""

    countries: Counter[str]
    local: Counter[str]
    admin: Counter[tuple[str, str]]
    sentences: dict[int, Counter[str]]
    counted: frozenset[int] = frozenset()  # id() of the mentions counted

    @classmethod
    def of(cls, mentions: list[_Mention]) -> _Evidence:
        evidence = cls(Counter(), Counter(), Counter(), defaultdict(Counter), frozenset(map(id, mentions)))
        for mention in mentions:
            evidence._count(mention, 1)
        return evidence

    def _count(self, mention: _Mention, step: int) -> None:
        entry = mention.choice
        if entry is None or entry.place.country is None:
            return
        country = entry.place.country
        self.countries[country] += step
        self.sentences[mention.sentence][country] += step
        if _local(entry):
            self.local[country] += step
            if entry.admin1 and entry.kind in ("city", "state"):
                self.admin[(country, entry.admin1)] += step

    def without(self, mention: _Mention) -> _Evidence:
        """The evidence the rest of the article gives: this mention's own contribution taken out."""
        if id(mention) not in self.counted:
            return self
        sentence = mention.sentence
        rest = _Evidence(self.countries.copy(), self.local.copy(), self.admin.copy(),
                         {sentence: self.sentences[sentence].copy()}, self.counted - {id(mention)})
        rest._count(mention, -1)
        return rest

    def sentence(self, mention: _Mention) -> Counter[str]:
        return self.sentences.get(mention.sentence, Counter())


def _score(entry: Entry, mention: _Mention, context: _Evidence | None = None) -> float:
    """How likely `entry` is what `mention` means: prior, explicit qualifiers, then the article's evidence.

    A country named in the article supports its provinces and its big towns; a small town or a US state
    needs the article to name other places inside that country (a story that names "the US" as an actor
    is not set in Paris, Kentucky).
    """
    score = prior(entry)
    if gazetteer().is_alternate(mention.name, entry):
        # "Salisbury" is the English city before it is Harare's old name; an old name is no capital's.
        score -= ALTERNATE_NAME_PENALTY + (CAPITAL_BONUS if entry.capital else 0.0)
    if mention.kind_hint and mention.kind_hint == ("city" if entry.kind == "town" else entry.kind):
        score += 6.0
    if mention.qualifier:
        if any(q.kind == "state" and q.admin1 == entry.admin1 and entry.place.country == "USA"
               for q in mention.qualifier):
            score += 20.0
        elif any(q.kind == "country" and q.place.country == entry.place.country for q in mention.qualifier):
            score += 20.0
    if context is None or entry.place.country is None:
        return score
    country = entry.place.country
    small = entry.kind == "state" or (entry.kind == "city" and entry.population < BIG_TOWN)
    if context.local[country] or (context.countries[country] and not small):
        score += 3.0
    elif context.countries[country]:
        score += 1.0
    if context.sentence(mention)[country] and (context.local[country] or not small):
        score += 2.0
    if entry.kind in ("state", "city") and entry.admin1 and context.admin[(country, entry.admin1)]:
        score += 4.0
    if entry.capital and any(id(p) in context.counted and p.choice is not None and p.choice.capital
                             for p in mention.peers):
        score += 3.0  # listed with another capital: "talks between Washington and Moscow"
    if entry.kind == "country":
        neighbours = gazetteer().neighbours.get(country, frozenset())
        if any(context.countries[n] for n in neighbours):
            score += 1.5
    return score


def _same_sense(doc: Doc, mentions: list[_Mention]) -> None:
    """A bare name means what the article's explicit mention of it means: after "Idlib province", a later
    "Idlib" is the province too, unless a kind word of its own says otherwise ("the city of Idlib")."""
    provinces: dict[str, Entry] = {}
    for mention in mentions:
        if mention.kind_hint == "adm1" and mention.choice is not None and mention.choice.kind == "adm1":
            base = doc[mention.start:mention.end]
            words = [t.text for t in base if t.lower_ not in KIND_SUFFIXES]
            provinces[fold(" ".join(words))] = mention.choice
    if not provinces:
        return
    for mention in mentions:
        if mention.kind_hint is None:
            entry = provinces.get(fold(doc[mention.start:mention.end].text))
            if entry is not None:
                mention.choice = entry


def find_places(doc: Doc) -> list[tuple[int, int, Place]]:
    """Every place mention in `doc` as (token start, token end, gazetteer entry).

    Each mention is first resolved on its own (kind, population, qualifiers); the mentions whose best entry
    leads the next by CONFIDENT_MARGIN or more then serve as the article's evidence, and every mention is
    resolved again against the evidence of the others. Only confident mentions count as evidence so that
    two doubtful names cannot pull each other abroad (Sunderland and Durham, England, not the US towns).
    """
    mentions = _raw_mentions(doc)
    if not mentions:
        return []
    confident = []
    for mention in mentions:
        scores = [_score(e, mention) for e in mention.candidates]
        mention.choice = mention.candidates[scores.index(max(scores))]  # the first of the best, as max() picks
        scored = sorted(scores, reverse=True)
        if len(scored) == 1 or scored[0] - scored[1] >= CONFIDENT_MARGIN:
            confident.append(mention)
    evidence = _Evidence.of(confident)
    for mention in mentions:
        rest = evidence.without(mention)
        mention.choice = max(mention.candidates, key=lambda e: _score(e, mention, rest))
    _same_sense(doc, mentions)
    named = Counter(m.choice.place.country for m in mentions if m.choice is not None and not m.weak)
    return [(m.start, m.end, m.choice.place) for m in mentions
            if m.choice is not None and (not m.weak or named[m.choice.place.country])]
