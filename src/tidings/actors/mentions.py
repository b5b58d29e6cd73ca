"""Mention finding: the PhraseMatcher hits of a Doc grouped by the noun phrase they sit in ("Russian
Foreign Minister Sergei Lavrov" is one mention), each resolved to an actor and its role at the date."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from ..places import fold, lookup
from ..types import Actor, ActorMention, Span
from .entries import NOT_AN_ACTOR, OWNER_KINDS, TRANSNATIONAL_CODES, Entry, Reading, cameo_code
from .loading import base, cue_words, parse_cameo, sector_labels
from .matching import MODIFIER_DEPS, NP_LEFT_DEPS, WORLD_LABELS, Hit, hits_in, np_head, surname_key, world_place_country
from .roles import State, state_at

@dataclass
class _Group:
    head: Token
    hits: list[Hit] = field(default_factory=list)
    attached: list[Hit] = field(default_factory=list)  # countries after "of"/"in"/"from"
    apposition: list[Hit] = field(default_factory=list)  # "X, Kenya's finance minister,"


def _span_of(doc: Doc, text: str, start: int, end: int) -> Span:
    first, last = doc[start], doc[end - 1]
    stop = last.idx + len(last.text)
    return Span(first.idx, stop, text[first.idx:stop])


def _np_start(head: Token, floor: int) -> int:
    """First token of the noun phrase headed by `head`: its nominal left dependents (determiner,
    modifiers, possessor, coordinated modifiers), never a verb, never before `floor`."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS and child.pos_ not in ("VERB", "AUX"):
            start = min(start, child.left_edge.i)
    start = max(start, floor)
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    return start


def _has_cue(doc: Doc, start: int, end: int, cue: str) -> bool:
    """Whether a cue word of kind `cue` (then, former) is among tokens [start, end)."""
    words = cue_words().get(cue, frozenset())
    return any(doc[i].lower_ in words for i in range(start, end))


def _title_reading(modifiers: list[Hit]) -> Reading | None:
    """The first title among the modifiers ("Foreign Minister" in "Foreign Minister X")."""
    return next((r for h in modifiers for r in h.readings
                 if r.entry.kind == "agent" and r.entry.title), None)


def _titled_state(entry: Entry, state: State, modifiers: list[Hit], *, former: bool,
                  then: bool) -> State:
    """A known person's state as the words around the name tell it: "former President X" is no
    longer in office (unless in another office then); "President X" (or "then-President X") is
    in the titled office even when the article's date falls outside the term we know."""
    title = _title_reading(modifiers)
    if title is None and not former:
        return state
    label = (title.entry.title or "") if title else ""
    offices = [p for p in entry.periods if label and label.lower() in (p.role or "").lower()]
    office = max(offices, key=lambda p: p.start or date.min) if offices else None
    country = (office.country if office else None) or state.country or entry.country
    role = office.role if office else (label or state.role)
    in_office = state.sector not in (None, "ELI")
    if former:
        if in_office:  # "former prime minister Putin" while president: still in office
            return state
        if role and not role.startswith("former "):
            role = f"former {role}"
        return State(country, "ELI", role, cameo_code(country, "ELI"))
    if in_office and not then:
        return state
    sector = (office.sector if office else None) or (title.sector if title else None)
    cameo = (office.cameo if office else None) or cameo_code(country, sector)
    return State(country, sector, role, cameo)


def find_mentions(doc: Doc, *, when: date | None = None, text: str | None = None) -> list[ActorMention]:
    """Every actor mention in `doc`, resolved against the actor base at date `when`, in token order.
    `text` is the doc's text where the caller has read it (Doc.text joins every token afresh)."""
    hits = hits_in(doc, when)
    if not hits:
        return []
    cues = cue_words()
    text = doc.text if text is None else text
    groups: dict[int, _Group] = {}
    for hit in hits:
        head = np_head(doc[hit.start:hit.end].root)
        groups.setdefault(head.i, _Group(head)).hits.append(hit)
    _attach_postmodifiers(groups, cues)
    _share_coordinated_modifiers(groups)
    _describe_by_apposition(doc, groups)
    # where each sentence starts, read once (Token.sent walks its sentence on each access)
    sentence_starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    mentions: list[ActorMention] = []
    for group in groups.values():
        mentions.extend(_group_mentions(doc, text, sentence_starts, group, when, cues))
    mentions += _surnames_of_described(doc, text, mentions)
    mentions = _owned_by_neighbours(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.head, m.actor.country or ""))
    return mentions


def _owned_by_neighbours(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """Agents the words around them give a country: one in apposition with a person who has one
    ("the defence secretary, James Mattis"), or owned by "his"/"her" (the person named last before
    it, in its sentence or the one before: "Trump lost his defence secretary") or "its" (the
    organisation or state named last before it)."""
    # people with a country by their head token and by the word they are in apposition to (the
    # first of each in text order), and every mention by start, latest first among equal starts:
    # each agent then looks up its neighbours instead of scanning every mention
    people = [(n, m) for n, m in enumerate(mentions) if m.kind == "person" and m.actor.country]
    person_at: dict[int, tuple[int, ActorMention]] = {}
    appositive_to: dict[int, tuple[int, ActorMention]] = {}
    for n, m in reversed(people):
        person_at[m.head] = (n, m)
        if doc[m.head].dep_ == "appos":
            appositive_to[doc[m.head].head.i] = (n, m)
    by_start = sorted(range(len(mentions)), key=lambda n: (mentions[n].start, -n))
    starts = [mentions[n].start for n in by_start]
    out = []
    for found in mentions:
        head = doc[found.head]
        if found.kind != "agent" or found.actor.country or not found.actor.sector:
            out.append(found)
            continue
        beside = [appositive_to.get(head.i), person_at.get(head.head.i) if head.dep_ == "appos" else None]
        owner = min((b for b in beside if b is not None), key=lambda b: b[0], default=(0, None))[1]
        pronoun = next((c.lower_ for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        kinds = next((OWNER_KINDS[cue] for cue in OWNER_KINDS
                      if pronoun in cue_words().get(cue, frozenset())), None)
        if owner is None and kinds is not None and not _subject_is_pronoun(head):
            sentence_start = head.sent.start
            earliest = doc[sentence_start - 1].sent.start if sentence_start > 0 else 0
            before = (mentions[by_start[k]] for k in reversed(range(bisect_left(starts, earliest),
                                                                    bisect_right(starts, head.i))))
            owner = next((m for m in before if m.end <= head.i and m.actor.country
                          and m.kind in kinds and m.actor.country not in TRANSNATIONAL_CODES), None)
        if owner is None:
            out.append(found)
            continue
        country, sector = owner.actor.country, found.actor.sector
        name = country_actor_name(base().country_name(country) or country or "", sector)
        out.append(replace(found, actor=replace(found.actor, country=country, name=name,
                                                cameo=cameo_code(country, sector))))
    return out


def _subject_is_pronoun(token: Token) -> bool:
    """Whether the nearest clause above `token` with a subject has a pronoun one ("he ... without
    telling his commanders"): "his" then means whom "he" means, which only coreference can tell."""
    verb = token
    while verb.head.i != verb.i:  # up to the nearest verb with a subject ("without telling": "he spoke")
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.pos_ in ("VERB", "AUX") and subject is not None:
            return subject.pos_ == "PRON"
    return False


def _surnames_of_described(doc: Doc, text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """A last name standing alone after a person the base does not know but the text described
    ("Isis leader Abu Bakr al-Baghdadi ... Baghdadi"; "Staffan de Mistura ... De Mistura"): the
    same person, as described."""
    described: dict[tuple[str, ...], list[ActorMention]] = {}
    for found in mentions:
        if found.kind == "person" and found.actor.country and (found.entity or "").startswith("person:"):
            words = (found.entity or "").removeprefix("person:").split()
            for length in range(1, len(words)):
                described.setdefault(_surname_words(words[-length:]), []).append(found)
    if not described:
        return []
    covered = {i for found in mentions for i in range(found.start, found.end)}
    titles = cue_words().get("name_title", frozenset())
    out = []
    for ent in doc.ents:
        # the NER takes some names for organisations ("De Mistura"); a described person's
        # surname is the person whatever label it got
        if ent.label_ not in WORLD_LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        start = ent.start
        while start < ent.end - 1 and doc[start].lower_.rstrip(".") in titles:
            start += 1
        earlier = [m for m in described.get(_surname_words([t.text for t in doc[start:ent.end]]), [])
                   if m.start < start]
        if len({m.entity for m in earlier}) != 1:
            continue
        first, last = earlier[0], doc[ent.end - 1]
        span = Span(doc[start].idx, last.idx + len(last.text), text[doc[start].idx:last.idx + len(last.text)])
        out.append(replace(first, start=start, end=ent.end, head=last.i,
                           actor=replace(first.actor, text=span.text, span=span)))
    return out


def _surname_words(words: list[str]) -> tuple[str, ...]:
    """The key a surname of one or more words ("Baghdadi", "de Mistura") is matched by."""
    if len(words) == 1:
        return (surname_key(words[0]),)
    return tuple(word.lower() for word in words)


def _attach_postmodifiers(groups: dict[int, _Group], cues: dict[str, frozenset[str]]) -> None:
    """Move "of/in/from COUNTRY" groups (and their conjuncts: "lawmakers in Fornost and Gondor")
    into the agent or titled person they follow."""
    attach = cues.get("attach", frozenset())
    # the groups with a hit over each token, in the groups' order
    over: dict[int, list[int]] = {}
    for key, found in groups.items():
        for hit in found.hits:
            for i in range(hit.start, hit.end):
                over.setdefault(i, []).append(key)
    for index in list(groups):
        group = groups.get(index)
        if group is None:
            continue
        pobj = group.head
        while pobj.dep_ == "conj" and pobj.head.i != pobj.i:
            pobj = pobj.head
        if pobj.dep_ != "pobj" or pobj.head.lower_ not in attach:
            continue
        above = pobj.head.head.i
        # "the ministry of defence of Nigeria": "of Nigeria" hangs on a word inside the agent phrase
        owner = groups.get(above) or next((groups[key] for key in over.get(above, ()) if key in groups), None)
        if owner is None or owner is group or not _attachable(group, owner):
            continue
        if len(group.hits) > 1 or group.hits[0].first("agent") is not None:
            owner.attached.extend(group.hits)  # "officials of the Syrian government"
            del groups[index]
            continue
        owner_head_hit = _hit_at(owner, owner.head.i)
        owner_has_country = any(h.first("country", "igo", "group", "media")
                                for h in owner.hits if h is not owner_head_hit)
        titled_person = owner.head.ent_type_ == "PERSON" and owner_head_hit is None
        owner_is_agent = owner_head_hit is not None and owner_head_hit.first("agent") is not None \
            and owner_head_hit.first("person", "group", "igo", "media") is None
        if owner_has_country or not (titled_person or owner_is_agent):
            continue
        owner.attached.append(group.hits[0])
        del groups[index]


def _share_coordinated_modifiers(groups: dict[int, _Group]) -> None:
    """A bare agent coordinated with a modified one shares its actors: "Danish media and
    government" is the Danish government too."""
    for group in groups.values():
        head = group.head
        if head.dep_ != "conj" or len(group.hits) != 1 or group.attached:
            continue
        first = groups.get(head.head.i)
        if first is None or first is group or not group.hits[0].first("agent"):
            continue
        first_head_hit = _hit_at(first, first.head.i)
        if first_head_hit is None or first_head_hit.first("agent") is None:
            continue
        group.attached.extend(h for h in first.hits + first.attached
                              if h is not first_head_hit and h.first("agent") is None)


def _attachable(group: _Group, owner: _Group | None = None) -> bool:
    """A group that can describe the noun before "of/in/from": a country or state-like
    organisation named by itself, or — after a generic head ("officials of the Syrian
    government", "members of parliament") — an agent phrase."""
    if len(group.hits) == 1:
        hit = group.hits[0]
        if (hit.first("country", "group", "igo", "media") is not None
                and hit.first("person", "agent") is None):
            return True
    if owner is None:
        return False
    owner_head_hit = _hit_at(owner, owner.head.i)
    head_hit = _hit_at(group, group.head.i)
    return (owner_head_hit is not None and len(owner.hits) == 1
            and any(r.entry.kind == "agent" and r.entry.generic for r in owner_head_hit.readings)
            and head_hit is not None and head_hit.first("agent") is not None
            and head_hit.first("person", "group", "igo", "media") is None)


def _describe_by_apposition(doc: Doc, groups: dict[int, _Group]) -> None:
    """A person in apposition with a title ("John Mbadi, Kenya's finance minister,"; "the UN
    envoy for Syria, Staffan de Mistura,") is described by it: an unknown person takes the
    appositive's country and title, a known one holds the office it names ("his defence
    secretary, James Mattis" is in office, as "Defence Secretary James Mattis" would be)."""
    for group in list(groups.values()):
        head = group.head
        head_hit = _hit_at(group, head.i)
        agent = head_hit.first("agent") if head_hit is not None else None
        if agent is None:
            continue
        for person in _appositive_people(doc, head, title=bool(agent.entry.title)):
            known = groups.get(person.i)
            if known is not None:
                known_hit = _hit_at(known, person.i)
                if known_hit is not None and known_hit.first("person") is not None \
                        and not _has_cue(doc, head.left_edge.i, head.i, "former"):
                    known.apposition.extend(group.hits)
                continue
            if any(h.start <= person.i < h.end for g in groups.values() for h in g.hits):
                continue
            groups[person.i] = _Group(person, apposition=list(group.hits))


def _appositive_people(doc: Doc, head: Token, *, title: bool) -> list[Token]:
    """The names in apposition with the agent phrase headed by `head`, right beside it: the name
    before it ("X, Kenya's finance minister") or the name after it and its own "of/for" phrase
    ("the envoy for Syria, X"; the parser may hang X on "Syria"), but not a name after a
    coordinated phrase ("his secretary, X, and his adviser, Y": Y is the adviser's). The NER may
    take a name after a title for an organisation ("the UN envoy, Staffan de Mistura")."""
    labels = ("PERSON", "ORG") if title else ("PERSON",)
    out = []
    if head.dep_ == "appos" and head.head.ent_type_ == "PERSON" and head.head.i < head.i:
        between = doc[head.head.i + 1:head.left_edge.i]
        if all(t.is_punct for t in between):
            out.append(head.head)
    for token in head.subtree:
        if token.dep_ != "appos" or token.i <= head.i or token.ent_type_ not in labels:
            continue
        if token.head.i != head.i and token.head.dep_ != "pobj":
            continue
        between = doc[head.i + 1:token.left_edge.i]
        if between and between[-1].is_punct and not any(
                t.dep_ in ("appos", "conj", "cc") or t.ent_type_ == "PERSON" for t in between):
            out.append(token)
    return out


def _hit_at(group: _Group, index: int) -> Hit | None:
    for hit in group.hits:
        if hit.start <= index < hit.end:
            return hit
    return None


def _group_mentions(doc: Doc, text: str, sentence_starts: list[int], group: _Group, when: date | None,
                    cues: dict[str, frozenset[str]]) -> list[ActorMention]:
    head = group.head
    sentence_start = sentence_starts[bisect_right(sentence_starts, head.i) - 1]
    start = min([_np_start(head, sentence_start)] + [h.start for h in group.hits])
    end = max([head.i + 1] + [h.end for h in group.hits + group.attached])
    head_hit = _hit_at(group, head.i)
    modifiers = [h for h in group.hits if h is not head_hit] + group.attached + group.apposition
    then = _has_cue(doc, start, head.i, "then")

    def mention(entry_id: str | None, kind: str, country: str | None, sector: str | None,
                name: str | None, cameo: str | None, *, entry: Entry | None = None,
                role: str | None = None, plural: bool = False, span: tuple[int, int] | None = None,
                head_index: int | None = None) -> ActorMention:
        s, e = span or (start, end)
        char_span = _span_of(doc, text, s, e)
        actor = Actor(text=char_span.text, country=country, sector=sector, name=name, cameo=cameo,
                      wikidata=entry.wikidata if entry else None, role=role, span=char_span,
                      why=entry.why if entry else "")
        return ActorMention(start=s, end=e, head=head.i if head_index is None else head_index,
                            actor=actor, entity=entry_id, kind=kind,
                            gender=entry.gender if entry else None, plural=plural)

    # A named person, organisation or place-name heads the phrase.
    if head_hit is not None:
        reading = head_hit.first("person", "group", "igo", "media", when=when)
        if reading is not None:
            entry = reading.entry
            state = state_at(entry, when, then=then)
            if state.sector == NOT_AN_ACTOR:
                return []
            if head_hit.first("country") is not None and _is_place(head, cues, head_hit.start):
                return []  # "talks in Brussels": the city, not the EU
            if entry.kind == "person":
                state = _titled_state(entry, state, modifiers,
                                      former=_has_cue(doc, start, head.i, "former"), then=then)
            sector, cameo, entity = state.sector, state.cameo, entry.id
            agent = next((h.first("agent") for h in modifiers if h.first("agent")), None)
            if entry.kind != "person" and agent is not None and agent.sector != state.sector:
                sector = agent.sector
                cameo = _with_sector(entry, state, agent.sector)
                entity = f"{entry.id}/{agent.sector}"
            found = [mention(entity, entry.kind, state.country, sector, entry.name, cameo,
                             entry=entry, role=state.role)]
            for code in entry.also if sector == state.sector else ():
                country, code_sector = parse_cameo(code)
                found.append(mention(f"{entry.id}+{code}", entry.kind, country, code_sector,
                                     entry.name, code, entry=entry))
            return _coordinated(doc, modifiers, when, mention) + found
        country = head_hit.first("country")
        if country is not None and not head_hit.first("agent"):
            form = _best_country_form(head_hit, head)
            # a seat of power is the institution wherever it stands ("memos circulated around
            # the Pentagon", "in a White House lacking judgment"); a country may be a place
            if form.form != "seat" and _is_place(head, cues, head_hit.start):
                return []
            code = form.entry.country
            sector = form.sector
            if form.form == "people":  # "Bosnian Serbs": the people of the modifier's country
                where = next((h.first("country") for h in modifiers if h.first("country")), None)
                if where is not None:
                    code = where.entry.country
                    form = replace(form, entry=where.entry)
            kind = "capital" if form.form in ("capital", "seat") else "country"
            name = country_actor_name(form.entry.name, sector)
            return _coordinated(doc, modifiers, when, mention) + [
                mention(cameo_code(code, sector), kind, code, sector, name, cameo_code(code, sector),
                        plural=form.form == "people")]
        people = head_hit.first("people")
        if people is not None and people.form == "people" and not head_hit.first("agent"):
            # "Syria's Kurds", "Kurds in Iraq": the community, in the country the phrase names
            where = next((h.first("country") for h in modifiers if h.first("country")), None)
            code = where.entry.country if where is not None else people.entry.country
            return [mention(cameo_code(code, "CVL"), "people", code, "CVL", people.entry.name,
                            cameo_code(code, "CVL"), plural=True)]
        agent = head_hit.first("agent")
        if agent is not None:
            return _agent_mentions(doc, group, agent, modifiers, mention, when, then)
    # The head is not in the base: a titled unknown person, or modifiers of some other noun.
    title = _title_reading(modifiers)
    described = title or next((h.first("agent") for h in modifiers if h.first("agent")), None)
    if (head.ent_type_ == "PERSON" or group.apposition) and described is not None:
        # an unknown person described by a title or agent word ("Kenyan Minister X",
        # "British militant X"): the country and sector the words give
        owners = _modifier_actors(modifiers, when)
        country = owners[0][1].country if owners else None
        person_start = head.i
        while person_start > 0 and doc[person_start - 1].ent_type_ == head.ent_type_ \
                and doc[person_start - 1].dep_ == "compound":
            person_start -= 1
        person_name = doc[person_start:head.i + 1].text
        sector = described.sector
        if owners and owners[0][0].kind not in ("country", "person") and _takes_owner_sector(
                owners[0][0], owners[0][1], described.entry, sector):
            sector = owners[0][1].sector  # "Isis leader X" leads a rebel group: REB, not GOV
        role = title.entry.title if title else None
        if _has_cue(doc, start, head.i, "former"):
            sector = "ELI"
            role = f"former {role}" if role else None
        if country and role:  # the body's name for an organisation's official ("director (UNICEF)")
            body = owners[0][0].name if owners[0][0].kind not in ("country", "person") else None
            role = f"{role} ({body or _country_title(country)})"
        cameo = cameo_code(country, sector)
        if owners and country in TRANSNATIONAL_CODES:  # the body's own code: IGOUNO, not UNOIGO
            owner, state = owners[0]
            cameo = state.cameo if sector == state.sector else _with_sector(owner, state, sector or "")
        return [mention(f"person:{person_name}", "person", country, sector, person_name,
                        cameo, role=role)]
    if _is_place(head, cues):
        return []
    out = []
    for hit in group.hits:
        anchor = doc[hit.start:hit.end].root
        reading = hit.first("person", "group", "igo", "media", "country", when=when)
        if reading is None:
            continue
        entry = reading.entry
        if entry.kind == "country":
            form = _best_country_form(hit, anchor)
            if form.form == "capital" and anchor.dep_ != "poss":
                continue  # "the Paris attacks", "a London teenager": the city as a place
            sector = form.sector if form.form in ("capital", "seat") else None
            code = entry.country
            out.append(mention(cameo_code(code, sector), "capital" if sector else "country", code,
                               sector, country_actor_name(entry.name, sector), cameo_code(code, sector),
                               span=(hit.start, hit.end), head_index=anchor.i))
        else:
            state = state_at(entry, when, then=then)
            if state.sector == NOT_AN_ACTOR:
                continue
            out.append(mention(entry.id, entry.kind, state.country, state.sector, entry.name,
                               state.cameo, entry=entry, role=state.role,
                               span=(hit.start, hit.end), head_index=anchor.i))
    return out


def _coordinated(doc: Doc, modifiers: list[Hit], when: date | None, mention: Any
                 ) -> list[ActorMention]:
    """Actors coordinated with a named head but parsed as its modifiers ("Fornost and Gondor"
    with Fornost as a modifier): each its own mention, sharing the head."""
    out = []
    for hit in modifiers:
        token = doc[hit.start:hit.end].root
        if token.dep_ != "conj" and not any(c.dep_ in ("cc", "conj") for c in token.children):
            continue
        reading = hit.first("country", "group", "igo", "media")
        if reading is None or hit.first("agent", "person") is not None:
            continue
        entry = reading.entry
        if entry.kind == "country":
            code = entry.country
            out.append(mention(code, "country", code, None, entry.name, code,
                               span=(hit.start, hit.end)))
            continue
        state = state_at(entry, when)
        if state.sector != NOT_AN_ACTOR:
            out.append(mention(entry.id, entry.kind, state.country, state.sector, entry.name,
                               state.cameo, entry=entry, span=(hit.start, hit.end)))
    return out


def _best_country_form(hit: Hit, token: Token) -> Reading:
    """Which reading of a country alias the syntax supports: a plural demonym standing alone
    is the people ("Syrians" CVL), a modifier is the country, a capital or seat its sector."""
    readings = [r for r in hit.readings if r.entry.kind == "country"]
    order = ("seat", "name", "capital", "adjective", "people")
    if token.dep_ not in MODIFIER_DEPS and any(r.form == "people" for r in readings):
        order = ("people", "seat", "name", "capital", "adjective")
    return min(readings, key=lambda r: order.index(r.form) if r.form in order else len(order))


def _is_place(head: Token, cues: dict[str, frozenset[str]], name_start: int | None = None
              ) -> bool:
    """Whether the phrase headed by `head` is a place: a place noun ("the Syrian capital"), a
    place modifier before the name that starts at `name_start` ("northern Syria", but not the
    "Central" of "Central African Republic"), or the object of a locative preposition ("in
    Moscow")."""
    if head.lower_ in cues.get("place_noun", frozenset()):
        return True
    place_modifiers = cues.get("place_modifier", frozenset())
    before = head.i if name_start is None else name_start  # words of the name itself don't count
    if any(child.lower_ in place_modifiers and child.i < before for child in head.lefts):
        return True
    token = head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return (token.dep_ == "pobj" and token.head.dep_ == "prep"
            and token.head.lower_ in cues.get("locative", frozenset()))


def _modifier_actors(modifiers: list[Hit], when: date | None) -> list[tuple[Entry, State]]:
    """The actors the modifiers name, in order, once each: countries (a seat of power with its
    sector: "Pentagon officials" are military), organisations, and named people used as
    modifiers ("Putin's government")."""
    out: list[tuple[Entry, State]] = []
    for hit in modifiers:
        reading = hit.first("country", "person", "group", "igo", "media", "people", when=when)
        if reading is None:
            continue
        state = state_at(reading.entry, when)
        if reading.form == "seat" and reading.sector:
            state = replace(state, sector=reading.sector)
        if state.sector == NOT_AN_ACTOR or not (state.country or reading.entry.kind == "people"):
            continue
        if all(entry.id != reading.entry.id for entry, _ in out):
            out.append((reading.entry, state))
    return out


def _agent_mentions(doc: Doc, group: _Group, agent: Reading, modifiers: list[Hit],
                    mention: Any, when: date | None, then: bool) -> list[ActorMention]:
    """An agent noun with the actors that modify it: one mention per actor ("Hungarian and
    Romanian officials"), or the bare agent when none does."""
    entry = agent.entry
    sector = agent.sector
    # an agent word modifying a generic head names the sector ("rebel leaders" REB, "army
    # officers" MIL); a specific head keeps its own ("opposition fighters" REB)
    modifier_agent = next((h.first("agent") for h in modifiers if h.first("agent")), None)
    if entry.generic and modifier_agent is not None and modifier_agent.sector != NOT_AN_ACTOR:
        sector = modifier_agent.sector
    owners = _modifier_actors(modifiers, when)
    people = next((entry for entry, _ in owners if entry.kind == "people"), None)
    if people is not None:
        # "Kurdish forces in Syria": the people's, in the country the phrase names; its armed
        # men are no state's military but rebels. Armed or many, they are the people's in the
        # country the story names; one civilian ("a Kurdish resident", "a Kurdish official") is
        # someone no state identifies unless the phrase names one.
        own = "REB" if sector == "MIL" else sector
        collective = own == "REB" or group.head.tag_ in ("NNS", "NNPS")
        country = next((state.country for owner, state in owners if owner.kind == "country"),
                       None) or _place_country(group.head, modifiers) or (
                           people.country if collective else None)
        if country is None:  # no home named: the agent alone, with the people's sector
            return [mention(None, "agent", None, own, entry.name, own, plural=entry.plural)]
        name = country_actor_name(base().country_name(country) or country, own)
        return [mention(cameo_code(country, own), "agent", country, own, name, cameo_code(country, own),
                        plural=entry.plural)]
    if not owners:
        country = _place_country(group.head, modifiers)
        if country is not None:  # "Lagos police", "police in Lagos": the place's country
            name = country_actor_name(base().country_name(country) or country, sector)
            return [mention(cameo_code(country, sector), "agent", country, sector, name,
                            cameo_code(country, sector), plural=entry.plural)]
        return [mention(None, "agent", None, sector, entry.name, sector, plural=entry.plural)]
    plural = entry.plural or len(owners) > 1
    out = []
    for owner, state in owners:
        code = state.country
        # a generic head takes its owner's sector: "Pentagon officials" (a seat) are military,
        # "Hamas leaders" are Hamas (REB), unless an agent word said otherwise
        own = sector
        if (owner.kind == "country" or modifier_agent is None) and _takes_owner_sector(
                owner, state, entry, sector):
            own = state.sector
        if entry.prefix:  # PETRARCH "[NGO~]": the agent's code goes first (NGOARN)
            cameo = cameo_code(own, code)
            out.append(mention(cameo, "agent", code, own, entry.name, cameo, plural=plural))
        elif owner.kind in ("country", "person"):
            name = country_actor_name(base().country_name(code) or code or "", own)
            out.append(mention(cameo_code(code, own), "agent", code, own, name, cameo_code(code, own),
                               plural=plural))
        elif state.sector == own:
            out.append(mention(owner.id, owner.kind, code, own, owner.name, state.cameo,
                               entry=owner, plural=plural))
        else:
            out.append(mention(f"{owner.id}/{own}", owner.kind, code, own, owner.name,
                               _with_sector(owner, state, own), entry=owner, plural=plural))
    return out


def _takes_owner_sector(owner: Entry, state: State, agent: Entry, sector: str | None) -> bool:
    """Whether an agent of `owner` carries the owner's sector rather than its own: a generic head
    ("Hamas leaders" REB, "Pentagon officials" MIL), and any government title of an
    intergovernmental body ("the UN special envoy" is the UN's, IGO, as its officials are)."""
    if state.sector in (None, NOT_AN_ACTOR):
        return False
    return agent.generic or (owner.kind == "igo" and sector == "GOV")


def _place_country(head: Token, modifiers: list[Hit]) -> str | None:
    """The country of a town or region that names where an agent belongs: a proper-noun modifier
    ("Lagos police", "Borno's governor") or the object of "in"/"of" after it ("police in Lagos"),
    looked up in the places gazetteer (the most likely place of that name)."""
    taken = {i for hit in modifiers for i in range(hit.start, hit.end)}
    attach = cue_words().get("attach", frozenset())
    candidates = [child for child in head.lefts if child.dep_ in ("compound", "poss", "nmod")]
    candidates += [grand for child in head.rights if child.dep_ == "prep" and child.lower_ in attach
                   for grand in child.children if grand.dep_ == "pobj"]
    for token in candidates:
        if token.i in taken or token.ent_type_ not in ("GPE", "LOC", "FAC"):
            continue
        words = [t for t in token.subtree if t.ent_type_ == token.ent_type_]
        name = " ".join(t.text for t in words)
        found = lookup(name)
        # the place must be called so, not merely have it among its alternate names ("Borna")
        if found and found[0].country and fold(found[0].name) == fold(name):
            return found[0].country
        country = world_place_country(name)
        if country is not None:
            return country
    return None


def _with_sector(entry: Entry, state: State, sector: str) -> str | None:
    """The CAMEO code of an organisation's sector ("UN peacekeepers" IGOUNOMIL, "Arnor's army"
    ARNMIL): organisations that are not states keep their code, states take country + sector."""
    if state.country is None or state.country in TRANSNATIONAL_CODES:
        return cameo_code(state.cameo or entry.cameo or state.country, sector)
    return cameo_code(state.country, sector)


def country_actor_name(country_name: str, sector: str | None) -> str:
    if not sector:
        return country_name
    return f"{country_name} ({sector_labels().get(sector, sector)})"


def _country_title(code: str) -> str:
    return base().country_name(code) or code
