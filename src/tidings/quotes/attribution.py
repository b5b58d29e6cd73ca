"""Quote attribution: who speaks each direct quote, read through the parse and the actor mentions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..types import Actor, ActorMention, Quote, Span
from ..syntax import columns
from ..syntax.words import name_particles
from .lexicon import naming_cues, speech_nouns, speech_verbs, strong_speech_verbs
from .marks import QuoteMarks

SUBJECT_DEPS = ("nsubj", "nsubjpass")
# A verb without its own subject ("..., adding: “...”", "calling it “...”") speaks for its head's.
INHERITS_SUBJECT = ("advcl", "xcomp", "conj", "pcomp", "acl", "ccomp", "prep")
AFTER_CUES = ",?!—–-…:"
CLAUSE_DEPS = ("relcl", "acl", "advcl", "ccomp")
SCARE_MAX_WORDS = 2
NAME_MAX_WORDS = 6
ATTRIBUTION_SENTENCE_MAX = 10
WEAK_CUE_REACH = 3  # tokens between a weak speech verb and the quote mark ("she continued: “")
CLIMB_LIMIT = 4
REPORTED_SPEECH_WINDOW = 2  # sentences back to look for "X said ..." before an unattributed quote
INHERIT_WINDOW = 2  # sentences back a quote with no attribution of its own takes the last speaker


class _Reader:
    """One Doc's tokens, sentences and mentions, indexed for quote attribution."""

    def __init__(self, doc: Doc, text: str, mentions: list[ActorMention], marks: list[QuoteMarks],
                 unlisted: list[ActorMention]) -> None:
        self.doc = doc
        self.text = text
        self.starts = columns.char_starts(doc)
        self.sentence = [0] * len(doc)
        self.sent_bounds = [(s.start, s.end) for s in doc.sents]
        for number, (start, end) in enumerate(self.sent_bounds):
            for i in range(start, end):
                self.sentence[i] = number
        self.quoted = [False] * len(doc)
        for m in marks:
            lo, hi = self.token_at(m.opening), self.token_at(m.closing if m.closing is not None else m.end - 1)
            for i in range(lo, hi + 1):
                self.quoted[i] = True
        self.by_head: dict[int, list[ActorMention]] = {}
        self.covering: dict[int, list[ActorMention]] = {}
        for mention in mentions:
            self.by_head.setdefault(mention.head, []).append(mention)
            for i in range(mention.start, mention.end):
                self.covering.setdefault(i, []).append(mention)
        self.unlisted: dict[int, list[ActorMention]] = {}
        for mention in [*unlisted, *_organisations(doc, self.covering)]:
            for i in range(mention.start, mention.end):
                self.unlisted.setdefault(i, []).append(mention)

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def mention_for(self, token: Token) -> ActorMention | None:
        """The actor mention that names the phrase headed by `token`."""
        for table in (self.by_head, self.covering, self.unlisted):
            found = table.get(token.i)
            if found:
                chosen = _prefer_references(found)
                return self.named_in_apposition(token) if chosen.kind == "agent" else chosen
        best: tuple[int, ActorMention] | None = None
        for inner in _core_subtree(token):
            for mention in self.by_head.get(inner.i, ()):
                depth = _depth_below(inner, token)
                if best is None or depth < best[0]:
                    best = (depth, mention)
        return best[1] if best else None

    def named_in_apposition(self, token: Token) -> ActorMention | None:
        """'the Syrian government negotiator, Bashar Jaafari': the named person beside a title,
        else the title's own mention."""
        for child in token.children:
            if child.dep_ == "appos":
                for table in (self.by_head, self.unlisted):
                    people = [m for m in table.get(child.i, ()) if m.kind == "person"]
                    if people:
                        return people[0]
        return _prefer_references(self.by_head.get(token.i) or self.covering[token.i])

    def phrase(self, token: Token) -> str:
        """The subject phrase's core words, its left modifiers and itself ("a senior US diplomat")."""
        left = min((child.left_edge.i for child in token.lefts), default=token.i)
        return self.doc[left:token.i + 1].text


def _core_subtree(token: Token) -> list[Token]:
    """`token`'s subtree without clauses hung on it ("a Kurdish figure who liaised with US officials")."""
    core = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            core.extend(_core_subtree(child))
    return core


def _organisations(doc: Doc, covering: Mapping[int, list[ActorMention]]) -> list[ActorMention]:
    """Named organisations the actor base lacks ("the Syrian Observatory for Human Rights"), as
    speakers known by name only."""
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(i in covering for i in range(ent.start, ent.end)):
            continue
        words = ent[1:] if ent[0].lower_ == "the" else ent
        if not words.text:
            continue
        actor = Actor(text=ent.text, country=None, sector=None, name=words.text)
        found.append(ActorMention(ent.start, ent.end, ent.root.i, actor, kind="organisation"))
    return found


def _prefer_references(found: list[ActorMention]) -> ActorMention:
    for mention in found:
        if mention.kind in ("pronoun", "description"):
            return mention
    return found[0]


def _depth_below(token: Token, top: Token) -> int:
    depth = 0
    while token != top and token.head != token:
        token = token.head
        depth += 1
    return depth


def _subject(verb: Token, reader: _Reader) -> Token | None:
    """Who speaks through `verb`: its subject, "according to X", "in X's words", or its head's subject."""
    lemma = verb.lemma_.lower()
    if lemma == "accord" or verb.lower_ == "according":
        for prep in verb.children:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
        return None
    if verb.pos_ == "NOUN":  # "Trump's announcement that ...", "a statement by the ministry"
        for child in verb.children:
            if child.dep_ == "poss":
                return child
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    cue = verb
    if verb.i > 0 and reader.quoted[verb.i - 1] or verb.i > 1 and reader.doc[verb.i - 1].is_punct and reader.quoted[verb.i - 2]:
        inverted = _inverted_subject(verb, reader)  # "“...,” tweeted Donald Trump"
        if inverted is not None:
            return inverted
    for _ in range(3):
        if verb.lemma_.lower() == "quote":  # "the agency quoted her as saying": the one quoted speaks
            return next((c for c in verb.children if c.dep_ == "dobj"), None)
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and not reader.quoted[child.i]:
                return _antecedent_of_relative(child)
        if verb.dep_ not in INHERITS_SUBJECT or verb.head == verb:
            break
        verb = verb.head
    return _subject_to_the_left(cue, reader)


def _inverted_subject(verb: Token, reader: _Reader) -> Token | None:
    """The speaker named right after a verb that follows the quote, whatever the parse called it."""
    for child in verb.rights:
        if child.dep_ in SUBJECT_DEPS:
            return child
        if child.pos_ in ("PROPN", "NOUN") and not reader.quoted[child.i]:
            return child
        if not child.is_punct:
            break
    return None


def _antecedent_of_relative(subject: Token) -> Token:
    """'the 26-year-old, who called himself ...': a relative pronoun stands for the noun it follows."""
    if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def _subject_to_the_left(verb: Token, reader: _Reader) -> Token | None:
    """When the parse gave the verb no subject: the nearest subject before it in its sentence."""
    lo = reader.sent_bounds[reader.sentence[verb.i]][0]
    for i in range(verb.i - 1, lo - 1, -1):
        token = reader.doc[i]
        if reader.quoted[i]:
            return None
        if token.dep_ in SUBJECT_DEPS and token.head.i < verb.i:
            return _antecedent_of_relative(token)
    return None


def _is_speech_cue(token: Token) -> bool:
    if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in speech_verbs():
        return True
    if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
        return True
    return token.pos_ == "NOUN" and token.lemma_.lower() in speech_nouns()


def _cues(reader: _Reader, lo: int, hi: int, *, weak_at: int | None = None) -> list[Token]:
    """Speech cues in tokens lo..hi outside quotes; a weak verb only right next to `weak_at`
    ("he continued: “", "”, she recalled")."""
    found = []
    for i in range(lo, hi):
        token = reader.doc[i]
        if reader.quoted[i] or not _is_speech_cue(token):
            continue
        lemma = token.lemma_.lower()
        weak = lemma in speech_verbs() and lemma not in strong_speech_verbs()
        if weak and (weak_at is None or abs(i - weak_at) > WEAK_CUE_REACH):
            continue
        found.append(token)
    return found


def _before_frame(reader: _Reader, opening: int) -> tuple[int, int]:
    """Token range before the opening mark, back to the sentence start or another quote."""
    if opening == 0:
        return 0, 0
    lo = reader.sent_bounds[reader.sentence[opening - 1]][0]
    i = opening - 1
    while i >= lo and not reader.quoted[i]:
        i -= 1
    return i + 1, opening


def _after_frame(reader: _Reader, closing: int) -> tuple[int, int]:
    """Token range after the closing mark, up to the clause end or the next quote."""
    doc = reader.doc
    hi = closing + 1
    while hi < len(doc) and not reader.quoted[hi] and doc[hi].text not in (".", ";", "?", "!", ":"):
        hi += 1
    return closing + 1, hi


def _subject_from(cues: list[Token], reader: _Reader, nearest_last: bool) -> Token | None:
    for cue in reversed(cues) if nearest_last else cues:
        subject = _subject(cue, reader)
        if subject is not None and subject.lower_ not in ("i", "we", "you"):
            return subject
    return None


def _attribution_sentence(reader: _Reader, closing: int) -> Token | None:
    """'“...” Trump said.': a short sentence after a closed quote whose speech verb has no object clause."""
    lo, hi = _after_frame(reader, closing)
    if hi - lo > ATTRIBUTION_SENTENCE_MAX:
        return None
    for cue in _cues(reader, lo, hi):
        if not any(child.dep_ in ("ccomp", "xcomp", "neg") for child in cue.children):
            subject = _subject(cue, reader)
            if subject is not None:
                return subject
    return None


def _is_speech(marks: QuoteMarks, text: str, reader: _Reader) -> bool:
    """False for scare quotes and quoted names: short terms no speech verb governs, Title Case names."""
    content = text[marks.start:marks.end]
    words = content.split()
    if re.search(r"[.?!,]$", content) or len(words) > NAME_MAX_WORDS:
        return True
    opening = reader.token_at(marks.opening)
    if opening > 0 and reader.doc[opening - 1].lower_ in naming_cues():
        return False
    if all(w[:1].isupper() or w.lower() in name_particles() or not w[:1].isalpha() for w in words):
        return False
    if len(words) > SCARE_MAX_WORDS:
        return True
    inside = range(reader.token_at(marks.start), reader.token_at(marks.end - 1) + 1)
    for i in inside:
        token = reader.doc[i]
        for _ in range(CLIMB_LIMIT):
            if token.head == token:
                break
            token = token.head
            if token.i not in inside and _is_speech_cue(token):
                return True
    return False


@dataclass(slots=True)
class Attribution:
    """One direct quote and who speaks it: the subject token the attribution found, the mention
    (one of those attribution was given, or a person or organisation the actor base lacks) that
    names the speaker, and the words that do."""

    marks: QuoteMarks
    speaker_token: Token | None
    mention: ActorMention | None
    speaker_text: str | None


def attribute(doc: Doc, text: str, marks: list[QuoteMarks], mentions: list[ActorMention],
              unlisted: list[ActorMention]) -> list[Attribution]:
    """Every direct quote in `doc` (scare quotes and quoted names left out) with its speaker,
    resolved through `mentions` (references included) and, failing those, `unlisted` (people the
    actor base lacks, from `coref.resolve`) and named organisations. `text` is the doc's text and
    `marks` its quote marks (`pair_quote_marks`), read once by the caller: Doc.text joins every
    token afresh on each access."""
    found: list[Attribution] = []
    if marks:
        reader = _Reader(doc, text, mentions, marks, unlisted)
        for m in marks:
            if _is_speech(m, text, reader):
                found.append(_attribute(m, reader, found))
    return found


def quoted_speakers(doc: Doc, attributions: list[Attribution]) -> list[tuple[SpacySpan, ActorMention | None]]:
    """Each quote's words as tokens, with the mention (or None) that speaks them."""
    found = []
    for f in attributions:
        words = doc.char_span(f.marks.start, f.marks.end, alignment_mode="expand")
        if words is not None:
            found.append((words, f.mention))
    return found


def find_quotes(text: str, attributions: list[Attribution]) -> list[Quote]:
    """The attributed quotes in the doc whose `text` is given as Quotes: text, span, speaker actor
    and the words naming the speaker."""
    return [
        Quote(text=text[f.marks.start:f.marks.end], span=Span(f.marks.start, f.marks.end, text[f.marks.start:f.marks.end]),
              speaker=f.mention.actor if f.mention else None, speaker_text=f.speaker_text)
        for f in attributions
    ]


def _governing_cue(m: QuoteMarks, reader: _Reader) -> list[Token]:
    """The speech verb the quoted words hang from in the parse ("said Europe had been “...”")."""
    inside = range(reader.token_at(m.start), reader.token_at(m.end - 1) + 1)
    for i in inside:
        token = reader.doc[i]
        if token.head.i in inside:
            continue
        while token.head != token:
            token = token.head
            if reader.quoted[token.i]:
                break
            if _is_speech_cue(token):
                return [token]
    return []


def _attribute(m: QuoteMarks, reader: _Reader, earlier: list[Attribution]) -> Attribution:
    opening = reader.token_at(m.opening)
    closing = reader.token_at(m.closing) if m.closing is not None else None
    before = _cues(reader, *_before_frame(reader, opening), weak_at=opening)
    after = _cues(reader, *_after_frame(reader, closing), weak_at=closing) if closing is not None else []
    content = reader.text[m.start:m.end]
    trails = closing is not None and (
        content[-1] in AFTER_CUES
        or closing + 1 < len(reader.doc) and reader.doc[closing + 1].text in (",", "—", "–")
    )
    governing = _governing_cue(m, reader)
    if trails:
        subject = _subject_from(after, reader, False) or _subject_from(before, reader, True)
    else:
        subject = _subject_from(governing, reader, False) or _subject_from(before, reader, True)
        if subject is None and closing is not None:
            subject = (_subject_from(after, reader, False) if not content.endswith(".")
                       else _attribution_sentence(reader, closing))
    if subject is not None:
        mention = reader.mention_for(subject)
        words = reader.doc[mention.start:mention.end].text if mention else reader.phrase(subject)
        return Attribution(m, subject, mention, words)
    return _inherited(m, opening, reader, earlier)


def _inherited(m: QuoteMarks, opening: int, reader: _Reader, earlier: list[Attribution]) -> Attribution:
    """No attribution around the marks: the running speech's speaker, reported speech just before, or none."""
    previous = earlier[-1] if earlier else None
    if previous is not None and m.continues:
        return Attribution(m, previous.speaker_token, previous.mention, previous.speaker_text)
    here = reader.sentence[opening]
    for back in range(1, REPORTED_SPEECH_WINDOW + 1):
        if here - back < 0:
            break
        lo, hi = reader.sent_bounds[here - back]
        subject = _subject_from(_cues(reader, lo, hi), reader, True)
        if subject is not None:
            mention = reader.mention_for(subject)
            words = reader.doc[mention.start:mention.end].text if mention else reader.phrase(subject)
            return Attribution(m, subject, mention, words)
    if previous is not None and previous.speaker_text is not None:
        previous_sentence = reader.sentence[reader.token_at(previous.marks.opening)]
        if here - previous_sentence <= INHERIT_WINDOW:
            return Attribution(m, previous.speaker_token, previous.mention, previous.speaker_text)
    return Attribution(m, None, None, None)
