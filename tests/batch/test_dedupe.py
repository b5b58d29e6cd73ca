"""Cross-article deduplication: one real event, one canonical row, counted by mentions/articles/sources."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from store_samples import KURDS, RUSSIA, STRIKE, TALKS, TURKEY, article, event

from tidings.batch.dedupe import link_events, summary
from tidings.store import EventFilter, Store
from tidings.types import Actor, Place

AFRIN = Place(name="Afrin", country="SYR", lat=36.51, lon=36.87)
NEAR_AFRIN = Place(name="Jindires", country="SYR", lat=36.39, lon=36.69)
IDLIB = Place(name="Idlib", country="SYR", lat=35.93, lon=36.63)
TURKISH_ARMY = Actor(text="the Turkish army", country="TUR", sector="MIL", cameo="TURMIL")
TURKEY_PLAIN = Actor(text="Turkey", country="TUR", sector=None, cameo="TUR")


def strike(article_id: str, day: str, source: str, *, actor=TURKEY, place=AFRIN, mode="actual", text=STRIKE):
    return article(article_id, text + f" ({article_id})",
                   [event(STRIKE, "bombed", plover="ASSAULT", cameo="195", actor=(actor,), recipient=(KURDS,),
                          day=day, place=place, mode=mode)], source=source)


def canonical_of(store: Store) -> dict[str, int | None]:
    _, rows = store.sql("SELECT article_id, canonical_id FROM events ORDER BY article_id")
    return dict(rows)


def test_same_event_told_by_three_outlets_is_one_event() -> None:
    with Store() as store:
        store.add_many([strike("a", "2019-03-03", "Paper A"), strike("b", "2019-03-04", "Paper B"),
                        strike("c", "2019-03-05", "Paper B", place=NEAR_AFRIN)])
        report = link_events(store)
        assert (report.linked, report.created, report.canonical_total) == (3, 1, 1)
        [canon] = store.canonical_events()
        assert (canon["num_mentions"], canon["num_articles"], canon["num_sources"]) == (3, 3, 2)
        assert (canon["first_day"], canon["last_day"]) == (date(2019, 3, 3), date(2019, 3, 5))
        assert canon["place_name"] == "Afrin"


def test_what_keeps_events_apart() -> None:
    with Store() as store:
        store.add_many([
            strike("base", "2019-03-03", "A"),
            strike("late", "2019-03-08", "B"),                       # outside the ±2 day window
            strike("far", "2019-03-03", "C", place=IDLIB),            # another place, 65 km away
            strike("other-actor", "2019-03-03", "D", actor=RUSSIA),   # another actor country
            strike("denied", "2019-03-03", "E", mode="negated"),      # did not happen: never linked
            strike("army", "2019-03-03", "F", actor=TURKISH_ARMY),    # MIL vs GOV: sectors differ
            strike("vague", "2019-03-03", "G", actor=TURKEY_PLAIN),   # sector unknown: fits GOV
        ])
        link_events(store)
        links = canonical_of(store)
        assert links["denied"] is None
        assert links["vague"] == links["base"]
        assert len({links[k] for k in ("base", "late", "far", "other-actor", "army")}) == 5


def test_reciprocal_talks_link_in_either_order_and_incrementally() -> None:
    with Store() as store:
        store.add(article("t1", TALKS, [event(TALKS, "held talks", reciprocal=True)], source="A"))
        assert link_events(store).created == 1
        store.add(article("t2", TALKS + " Both sides confirmed it.", [event(TALKS, "held talks", actor=(TURKEY,), recipient=(RUSSIA,),
                                                   day="2019-03-05")], source="B"))
        second = link_events(store)
        assert (second.linked, second.created) == (1, 0)  # only the new event was considered
        assert link_events(store).linked == 0
        [canon] = store.canonical_events()
        assert canon["num_articles"] == 2
        assert len(store.events(EventFilter(canonical=canon["id"]))) == 2


def test_summary_counts_and_examples() -> None:
    with Store() as store:
        store.add_many([strike("a", "2019-03-03", "A"), strike("b", "2019-03-04", "B"),
                        strike("x", "2019-06-01", "C")])
        link_events(store)
        found = summary(store, examples=1)
        assert (found["events"], found["linked_events"], found["canonical_events"]) == (3, 3, 2)
        assert found["canonical_in_several_articles"] == 1
        [top] = found["examples"]
        assert top["num_articles"] == 2 and len(top["mentions"]) == 2


def test_comments_and_thin_verbal_events_are_not_linked() -> None:
    said = "Washington said on Monday that it was watching closely."
    demanded = "Washington demanded on Monday that the fighting stop."
    shelled = "Turkish artillery shelled positions near the border on Monday."

    def lone(article_id: str, text: str, trigger: str, plover: str, cameo: str, quad: int):
        made = replace(event(text, trigger, plover=plover, cameo=cameo, actor=(TURKEY,), recipient=()),
                       quad_class=quad)
        return article(article_id, text + f" ({article_id})", [made], source=article_id)

    with Store() as store:
        store.add_many([
            lone("said-1", said, "said", "STATEMENT", "010", 1), lone("said-2", said, "said", "STATEMENT", "010", 1),
            lone("asked-1", demanded, "demanded", "REQUEST", "100", 3),
            lone("asked-2", demanded, "demanded", "REQUEST", "100", 3),
            lone("shelled-1", shelled, "shelled", "ASSAULT", "190", 4),
            lone("shelled-2", shelled, "shelled", "ASSAULT", "190", 4),
        ])
        link_events(store)
        links = canonical_of(store)
        assert [links[k] for k in ("said-1", "said-2", "asked-1", "asked-2")] == [None] * 4
        assert links["shelled-1"] is not None and links["shelled-1"] == links["shelled-2"]


def test_an_actor_acting_on_itself_is_not_linked_but_government_on_rebels_is() -> None:
    asked = "Turkish ministers asked the Turkish government on Monday to act."
    inward = [article(f"self-{n}", asked + f" ({n})", [event(asked, "asked", plover="REQUEST", cameo="100",
                                                               actor=(TURKEY,), recipient=(TURKEY,))])
              for n in (1, 2)]
    rebels = Actor(text="Kurdish rebels in Turkey", country="TUR", sector="REB", cameo="TURREB")
    crackdown = [article(f"raid-{n}", STRIKE + f" ({n})", [event(STRIKE, "bombed", plover="ASSAULT", cameo="195",
                                                                 actor=(TURKEY,), recipient=(rebels,))])
                 for n in (1, 2)]
    with Store() as store:
        store.add_many(inward + crackdown)
        link_events(store)
        links = canonical_of(store)
        assert links["self-1"] is None and links["self-2"] is None
        assert links["raid-1"] is not None and links["raid-1"] == links["raid-2"]


def test_canonical_events_are_those_with_a_report_matching_the_filter() -> None:
    with Store() as store:
        store.add_many([strike("a", "2019-03-03", "A"), strike("b", "2019-03-04", "B"),
                        article("t", TALKS, [event(TALKS, "held talks", reciprocal=True)], source="C")])
        link_events(store)
        types = lambda where: sorted(c["plover"] for c in store.canonical_events(where))  # noqa: E731
        assert types(EventFilter()) == ["ASSAULT", "CONSULT"]
        assert types(EventFilter(plover=("ASSAULT", "CONSULT"))) == ["ASSAULT", "CONSULT"]
        assert types(EventFilter(plover=("CONSULT",))) == ["CONSULT"]
        assert types(EventFilter(actor="TUR", plover=("ASSAULT",))) == ["ASSAULT"]
        assert types(EventFilter(start=date(2020, 1, 1))) == []
