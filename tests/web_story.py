"""A small store of hand-built coded articles with a known story, for the web's tests (tests/web,
tests/test_plot.py): Russia and the United States cooperate in February and March 2018, then in
April 2018 US strikes on Syria draw Russian accusations and threats, so the RUS–USA dyad turns
hostile in 2018-04."""

from __future__ import annotations

from tidings.store import Store
from tidings.types import Actor, ArticleMeta, CodedArticle, Event, Quote, Span

COUNTRY_ACTORS = {
    "RUS": ("Russia", "RUS"), "USA": ("United States", "USA"), "SYR": ("Syria", "SYR"),
    "RUSGOV": ("Russian government", "RUS"), "USAGOV": ("US government", "USA"),
}
CODES = {  # cameo: (plover, goldstein, quad class)
    "036": ("CONSULT", 4.0, 1), "057": ("AGREE", 8.0, 1), "061": ("COOPERATE", 6.4, 2),
    "112": ("ACCUSE", -2.0, 3), "138": ("THREATEN", -7.0, 3), "163": ("SANCTION", -8.0, 4),
    "195": ("ASSAULT", -10.0, 4),
}


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def _actor(code: str, text: str, words: str, after: int = 0) -> Actor:
    name, country = COUNTRY_ACTORS[code]
    return Actor(text=words, country=country, sector="GOV" if code.endswith("GOV") else None, name=name,
                 cameo=code, span=_span(text, words, after))


def _event(text: str, sentence: str, actor: tuple[str, str], trigger: str, cameo: str,
           recipient: tuple[str, str], *, day: str, mode: str = "actual") -> Event:
    evidence = _span(text, sentence)
    plover, goldstein, quad = CODES[cameo]
    return Event(plover=plover, cameo=cameo, actor=(_actor(actor[0], text, actor[1], evidence.start),),
                 recipient=(_actor(recipient[0], text, recipient[1], evidence.start),), mode=mode,
                 evidence=evidence, trigger=_span(text, trigger, evidence.start), goldstein=goldstein,
                 quad_class=quad, penta_class=quad, date=day, confidence=0.8,
                 why=f"trigger '{trigger}' -> CAMEO {cameo}")


def story() -> list[CodedArticle]:
    """Five articles, eight events (one negated), one quote."""
    out = []
    text = ("Russian and American officers cooperated on Saturday to keep their air forces apart over Syria. "
            "US diplomats also consulted Moscow about humanitarian corridors.")
    out.append(CodedArticle(
        article=ArticleMeta(id="feb-deconfliction", published="2018-02-10", title="Military hotline holds",
                            source="Test Wire"),
        events=(_event(text, text.split(". ")[0], ("RUS", "Russian"), "cooperated", "061", ("USA", "American"),
                       day="2018-02-10"),
                _event(text, "US diplomats also consulted Moscow about humanitarian corridors.",
                       ("USAGOV", "US diplomats"), "consulted", "036", ("RUS", "Moscow"), day="2018-02-10")),
        text=text))
    text = ("Russia and the United States agreed on Monday to hold talks on a ceasefire in Syria. "
            "\u201cWe are ready to work with Washington,\u201d Sergei Lavrov told reporters.")
    quote_words = "\u201cWe are ready to work with Washington,\u201d"
    out.append(CodedArticle(
        article=ArticleMeta(id="mar-talks", published="2018-03-05", title="Moscow and Washington agree to talks",
                            source="Test Wire"),
        events=(_event(text, text.split(". ")[0] + ".", ("RUS", "Russia"), "agreed", "057",
                       ("USA", "the United States"), day="2018-03-05"),),
        quotes=(Quote(text=quote_words, span=_span(text, quote_words),
                      speaker=Actor(text="Sergei Lavrov", country="RUS", sector="GOV", name="Sergey Lavrov",
                                    cameo="RUSGOV", span=_span(text, "Sergei Lavrov")),
                      speaker_text="Sergei Lavrov"),),
        actors=(_actor("RUSGOV", text, "Sergei Lavrov"),),
        text=text))
    text = ("The United States launched missile strikes on Syrian government targets on Saturday. "
            "Russia accused the United States of violating international law.")
    out.append(CodedArticle(
        article=ArticleMeta(id="apr-strikes", published="2018-04-14", title="US strikes Syria, Russia protests",
                            source="Test Wire"),
        events=(_event(text, text.split(". ")[0] + ".", ("USA", "The United States"), "strikes", "195",
                       ("SYR", "Syrian"), day="2018-04-14"),
                _event(text, "Russia accused the United States of violating international law.", ("RUS", "Russia"),
                       "accused", "112", ("USA", "the United States"), day="2018-04-14")),
        text=text))
    text = ("Moscow warned Washington on Monday of grave consequences. "
            "The Pentagon said US forces did not attack Russian troops.")
    out.append(CodedArticle(
        article=ArticleMeta(id="apr-warning", published="2018-04-16", title="Moscow warns of consequences",
                            source="Other Wire"),
        events=(_event(text, text.split(". ")[0] + ".", ("RUSGOV", "Moscow"), "warned", "138",
                       ("USA", "Washington"), day="2018-04-16"),
                _event(text, "The Pentagon said US forces did not attack Russian troops.", ("USA", "US forces"),
                       "attack", "195", ("RUS", "Russian troops"), day="2018-04-16", mode="negated")),
        text=text))
    text = "Washington imposed new sanctions on Russia on Friday over its role in Syria."
    out.append(CodedArticle(
        article=ArticleMeta(id="may-sanctions", published="2018-05-18", title="New sanctions on Russia",
                            source="Test Wire"),
        events=(_event(text, text, ("USAGOV", "Washington"), "imposed", "163", ("RUS", "Russia"),
                       day="2018-05-18"),),
        text=text))
    return out


def build_store(path: str = ":memory:") -> Store:
    store = Store(path)
    store.add_many(story())
    return store
