"""The typed data every stage passes on: spans, actors, places, dates, events, quotes, articles.

All are frozen dataclasses; `to_dict()` gives the JSON shape of the output contract,
data/schema/coded-article.schema.json (`contract_text()`), so stages never build dicts by hand,
and `CodedArticle.from_dict` reads that shape back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any, Literal

CONTRACT_FILE = "data/schema/coded-article.schema.json"


def contract_text() -> str:
    """The output contract, a JSON Schema of what `CodedArticle.to_dict()` gives, as shipped."""
    return resources.files("tidings").joinpath(CONTRACT_FILE).read_text(encoding="utf-8")

Mode = Literal["actual", "historical", "future", "hypothetical", "negated"]
MODES: tuple[Mode, ...] = ("actual", "historical", "future", "hypothetical", "negated")

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "STATEMENT",
)


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into the article text, end exclusive."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: who the words refer to, as the codebooks spell it."""

    text: str
    country: str | None
    sector: str | None
    name: str | None = None
    cameo: str | None = None
    wikidata: str | None = None
    role: str | None = None
    span: Span | None = None
    #: how the actor was told from its namesakes, for the event's `why` (not an actor attribute)
    why: str = field(default="", compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "cameo": self.cameo,
            "wikidata": self.wikidata,
            "role": self.role,
        }
        if self.span is not None:
            out["span"] = self.span.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor mention found in a parsed Doc: token range, its head token, and who it is.

    `entity` is the actor-base id (for coreference: two mentions of one person share it);
    `kind` is one of country, capital, person, igo, group, media, agent, pronoun, description.
    """

    start: int
    end: int
    head: int
    actor: Actor
    entity: str | None = None
    kind: str = "agent"
    gender: str | None = None
    plural: bool = False
    antecedent: int | None = None  # for pronouns/descriptions: index of the mention they refer to


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry an event happened at."""

    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression and the ISO value (YYYY, YYYY-MM or YYYY-MM-DD) it resolves to."""

    text: str
    value: str | None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "value": self.value}
        if self.span is not None:
            out["span"] = self.span.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Event:
    """One coded interaction: actor does `cameo` to recipient, with how we know it.

    A reciprocal event ("Russia and Ukraine held talks") lists its parties in `actor` and again in
    `recipient`, so every party is both, and dyad counts see each direction.
    """

    plover: str
    cameo: str
    actor: tuple[Actor, ...]
    recipient: tuple[Actor, ...]
    mode: Mode
    evidence: Span
    trigger: Span
    goldstein: float
    quad_class: int
    penta_class: int
    plover_mode: str | None = None
    plover_context: tuple[str, ...] = ()
    reciprocal: bool = False
    date: str | None = None
    place: Place | None = None
    confidence: float = 0.5
    why: str = ""
    id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "plover_context": list(self.plover_context),
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "penta_class": self.penta_class,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "reciprocal": self.reciprocal,
            "mode": self.mode,
            "date": self.date,
            "place": self.place.to_dict() if self.place else None,
            "evidence": self.evidence.to_dict(),
            "trigger": self.trigger.to_dict(),
            "confidence": round(self.confidence, 3),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote and who said it."""

    text: str
    span: Span
    speaker: Actor | None
    speaker_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": self.span.to_dict(),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_text": self.speaker_text,
        }


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the input record says about the article, besides its text.

    `published_from` says where the publication date came from: "record" (the input record or
    page gave it), "given" (the caller's --published), "dateline" or "text" (read from the
    article), "file-modified" (the modification day of the file holding it); None without a date.
    """

    id: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str = "en"
    published_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """Everything tidings read from one article: the output contract."""

    article: ArticleMeta
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    actors: tuple[Actor, ...] = ()
    dates: tuple[DateMention, ...] = ()
    errors: tuple[str, ...] = field(default=())
    text: str = field(default="", repr=False, compare=False)
    #: what was coded in a way the text did not ask for (a run-on sentence cut): coded all the same
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, text: str = "") -> CodedArticle:
        """The CodedArticle whose `to_dict()` is `data` (its text, which the contract leaves out,
        given apart). Confidences come back as `to_dict` rounds them (3 decimals)."""
        return cls(
            article=ArticleMeta(**data["article"]),
            events=tuple(_event(e) for e in data.get("events", ())),
            quotes=tuple(Quote(text=q["text"], span=_span(q.get("span")) or Span(0, 0, q["text"]),
                               speaker=_actor(q["speaker"]) if q.get("speaker") else None,
                               speaker_text=q.get("speaker_text")) for q in data.get("quotes", ())),
            actors=tuple(_actor(a) for a in data.get("actors", ())),
            dates=tuple(DateMention(d["text"], d.get("value"), _span(d.get("span"))) for d in data.get("dates", ())),
            errors=tuple(data.get("errors", ())),
            text=text,
            warnings=tuple(data.get("warnings", ())),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "actors": [a.to_dict() for a in self.actors],
            "dates": [d.to_dict() for d in self.dates],
            "errors": list(self.errors),
        } | ({"warnings": list(self.warnings)} if self.warnings else {})


def _span(data: dict[str, Any] | None) -> Span | None:
    return Span(data["start"], data["end"], data["text"]) if data else None


def _actor(data: dict[str, Any]) -> Actor:
    return Actor(text=data["text"], country=data.get("country"), sector=data.get("sector"), name=data.get("name"),
                 cameo=data.get("cameo"), wikidata=data.get("wikidata"), role=data.get("role"),
                 span=_span(data.get("span")))


def _event(data: dict[str, Any]) -> Event:
    return Event(plover=data["plover"], cameo=data["cameo"], actor=tuple(_actor(a) for a in data["actor"]),
                 recipient=tuple(_actor(a) for a in data.get("recipient", ())), mode=data["mode"],
                 evidence=_span(data["evidence"]) or Span(0, 0, ""), trigger=_span(data.get("trigger")) or Span(0, 0, ""),
                 goldstein=data.get("goldstein", 0.0), quad_class=data.get("quad_class", 0),
                 penta_class=data.get("penta_class", 0), plover_mode=data.get("plover_mode"),
                 plover_context=tuple(data.get("plover_context", ())), reciprocal=data.get("reciprocal", False),
                 date=data.get("date"), place=Place(**data["place"]) if data.get("place") else None,
                 confidence=data.get("confidence", 0.5), why=data.get("why", ""), id=data.get("id", ""))
