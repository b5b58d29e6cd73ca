"""Hand-built coded articles for the store's tests (tests/store, tests/batch, tests/test_export.py):
three articles with talks, an air strike (and its denial) and an event dated to its year only."""

from __future__ import annotations

from tidings.types import Actor, ArticleMeta, CodedArticle, DateMention, Event, Place, Quote, Span

RUSSIA = Actor(text="Moscow", country="RUS", sector="GOV", name="Russia", cameo="RUSGOV")
TURKEY = Actor(text="Ankara", country="TUR", sector="GOV", name="Turkey", cameo="TURGOV")
PUTIN = Actor(text="Vladimir Putin", country="RUS", sector="GOV", name="Vladimir Putin", cameo="RUSGOV",
              wikidata="Q7747", role="President of Russia", span=Span(0, 14, "Vladimir Putin"))
KURDS = Actor(text="Kurdish fighters", country="SYR", sector="REB", name=None, cameo="SYRREB")


def event(text: str, trigger: str, *, plover: str = "CONSULT", cameo: str = "040", actor=(RUSSIA,),
          recipient=(TURKEY,), mode: str = "actual", day: str | None = "2019-03-04",
          place: Place | None = None, reciprocal: bool = False, start: int = 0) -> Event:
    at = text.index(trigger)
    return Event(plover=plover, cameo=cameo, actor=tuple(actor), recipient=tuple(recipient), mode=mode,
                 evidence=Span(start, start + len(text), text),
                 trigger=Span(start + at, start + at + len(trigger), trigger),
                 goldstein=1.0 if plover == "CONSULT" else -10.0, quad_class=1 if plover == "CONSULT" else 4,
                 penta_class=1, reciprocal=reciprocal, date=day, place=place, confidence=0.8,
                 why="test rule")


def article(article_id: str, text: str, events=(), *, published: str = "2019-03-04",
            source: str = "Daily Test") -> CodedArticle:
    return CodedArticle(
        article=ArticleMeta(id=article_id, published=published, title=f"Title {article_id}",
                            url=f"https://example.org/{article_id}", source=source),
        events=tuple(events),
        quotes=(Quote(text="We will talk", span=Span(1, 13, "We will talk"), speaker=PUTIN,
                      speaker_text="he"),),
        actors=(PUTIN, TURKEY),
        dates=(DateMention(text="Monday", value=published, span=Span(20, 26, "Monday")),),
        text=text,
    )


TALKS = "Russian and Turkish officials held talks in Ankara on Monday."
STRIKE = "Turkish jets bombed Kurdish fighters near Afrin on Sunday."


def sample() -> list[CodedArticle]:
    afrin = Place(name="Afrin", country="SYR", lat=36.51, lon=36.87, geonames=170017)
    return [
        article("talks", TALKS, [event(TALKS, "held talks", reciprocal=True)]),
        article("strike", STRIKE, [
            event(STRIKE, "bombed", plover="ASSAULT", cameo="195", actor=(TURKEY,), recipient=(KURDS,),
                  day="2019-03-03", place=afrin),
            event(STRIKE, "bombed", plover="ASSAULT", cameo="195", actor=(TURKEY,), recipient=(KURDS,),
                  mode="negated", day="2019-03-03"),
        ]),
        article("compound", "Moscow and Ankara met Kurdish fighters in 2018.", [
            event("Moscow and Ankara met Kurdish fighters in 2018.", "met", actor=(RUSSIA, TURKEY),
                  recipient=(KURDS,), day="2018"),
        ], published="2019-01-10"),
    ]
