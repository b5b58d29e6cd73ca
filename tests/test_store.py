"""The DuckDB store: migrations, idempotent adds, filters, dyads, networks, one article in full."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.store import Store, coded_from_json, coded_to_json, content_hash
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


@pytest.fixture
def store() -> Store:
    with Store(":memory:") as fresh:
        fresh.add_many(sample())
        yield fresh


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    with Store(path) as first:
        assert first.schema_version >= 1
        columns, rows = first.sql("SELECT version, name FROM schema_migrations")
        assert rows[0][0] == 1
    with Store(path) as again:
        _, rows_again = again.sql("SELECT version FROM schema_migrations")
        assert len(rows_again) == len(rows)


def test_a_store_made_before_a_migration_is_brought_up_to_date(tmp_path: Path) -> None:
    import duckdb

    from tidings.store import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # a store as the first migration left it, with one article
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    con.execute(MIGRATIONS[0][1])
    con.execute("INSERT INTO schema_migrations VALUES (1, 'initial schema', now())")
    con.execute("INSERT INTO articles (id, content_hash, text) VALUES ('old', 'h', 'Old text.')")
    con.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) >= 2
        assert store.article("old")["author"] is None
        store.add_many([article("new", "New text about talks.")], authors=["Jane Roe"])
        assert store.article("new")["author"] == "Jane Roe"


def test_adding_the_same_article_twice_adds_nothing(store: Store) -> None:
    before = store.counts()
    assert before["articles"] == 3 and before["events"] == 4
    assert before["event_actors"] == 9  # 2 + 2 + 2 + (2 actors + 1 recipient)
    assert store.add_many(sample()) == 0
    assert not store.add(sample()[0])
    assert store.counts() == before


def test_content_hash_ignores_whitespace_layout() -> None:
    assert content_hash("Talks  were\nheld.") == content_hash("Talks were held.")
    assert content_hash("Talks were held.") != content_hash("Talks were not held.")


def test_has_and_missing(store: Store) -> None:
    assert store.has(content_hash(TALKS))
    assert store.missing([content_hash(TALKS), content_hash("unseen")]) == {content_hash("unseen")}


def test_same_id_with_different_text_keeps_both() -> None:
    with Store() as fresh:
        fresh.add(article("dup", "First text about talks."))
        fresh.add(article("dup", "Second, different text about talks."))
        ids = [a["id"] for a in fresh.articles()]
        assert "dup" in ids and len(ids) == 2
        assert any(i.startswith("dup~") for i in ids)


def test_failed_articles_go_to_errors() -> None:
    with Store() as fresh:
        bad = CodedArticle(article=ArticleMeta(id="feed.jsonl:3"), errors=("E001 empty text",))
        assert fresh.add_many([bad], input_name="feed.jsonl") == 0
        fresh.add_many([bad], input_name="feed.jsonl")
        assert fresh.counts()["articles"] == 0
        [row] = fresh.errors()
        assert (row["source"], row["record"], row["reason"]) == ("feed.jsonl", "feed.jsonl:3", "E001 empty text")


def test_event_filters(store: Store) -> None:
    assert {e["article_id"] for e in store.events()} == {"talks", "strike", "compound"}
    assert len(store.events()) == 3  # the negated strike is hidden
    assert len(store.events(all_modes=True)) == 4
    assert [e["mode"] for e in store.events(mode="negated")] == ["negated"]
    assert [e["article_id"] for e in store.events(plover="ASSAULT")] == ["strike"]
    assert [e["cameo"] for e in store.events(cameo="19")] == ["195"]
    # "TUR" is a CAMEO prefix and a country; Turkey is also the second actor of the compound event
    assert {e["article_id"] for e in store.events(actor="TUR")} == {"strike", "compound"}
    assert {e["article_id"] for e in store.events(recipient="syr")} == {"strike", "compound"}
    assert store.events(actor="vladimir putin") == []
    assert [e["article_id"] for e in store.events(since="2019-03-04")] == ["talks"]
    assert [e["article_id"] for e in store.events(until=date(2018, 12, 31))] == ["compound"]
    assert store.count_events(plover="ASSAULT", all_modes=True) == 2


def test_event_columns_keep_the_coding(store: Store) -> None:
    [strike] = store.events(plover="ASSAULT")
    assert strike["day"] == date(2019, 3, 3) and strike["date_precision"] == "day"
    assert strike["place_name"] == "Afrin" and strike["place_geonames"] == 170017
    assert STRIKE[strike["trigger_start"]:strike["trigger_end"]] == "bombed" == strike["trigger"]
    assert (strike["actor_country"], strike["recipient_sector"]) == ("TUR", "REB")
    assert strike["article_url"] == "https://example.org/strike"
    [old] = store.events(article_id="compound")
    assert old["day"] == date(2018, 1, 1) and old["date_precision"] == "year"
    assert [a["country"] for a in store.event_actors(old["id"])] == ["RUS", "TUR", "SYR"]


def test_article_in_full(store: Store) -> None:
    full = store.article("strike")
    assert full is not None
    assert full["text"] == STRIKE and full["published"] == date(2019, 3, 4)
    assert len(full["events"]) == 2 and full["events"][0]["actors"][0]["role"] == "actor"
    assert full["quotes"][0]["speaker_name"] == "Vladimir Putin"
    assert [a["name"] for a in full["actors"]] == ["Vladimir Putin", "Turkey"]
    assert full["dates"][0]["value"] == "2019-03-04"
    assert store.article("nope") is None


def test_dyad_series_and_network(store: Store) -> None:
    series = store.dyad_series("TUR", "SYR", freq="month")
    assert [(row["period"], row["events"]) for row in series] == [(date(2018, 1, 1), 1), (date(2019, 3, 1), 1)]
    split = store.dyad_series("RUS", "TUR", freq="year", by="plover")
    assert split == [{"period": date(2019, 1, 1), "plover": "CONSULT", "events": 1, "goldstein": 1.0}]
    edges = {(e["source"], e["target"]): e for e in store.network()}
    assert edges[("TUR", "SYR")]["events"] == 2 and edges[("TUR", "SYR")]["conflictual"] == 1
    assert ("RUS", "TUR") in edges and ("RUS", "SYR") in edges
    assert all(e["source"] != e["target"] for e in edges.values())


def test_articles_listing_and_search(store: Store) -> None:
    listed = store.articles()
    assert [a["id"] for a in listed] == ["strike", "talks", "compound"]
    assert "text" not in listed[0]
    assert [a["id"] for a in store.articles(search="afrin")] == ["strike"]


def test_json_round_trip_keeps_everything() -> None:
    for coded in sample():
        again = coded_from_json(coded_to_json(coded))
        assert again == coded and again.text == coded.text
        assert [e.penta_class for e in again.events] == [e.penta_class for e in coded.events]


def test_resumable_file_store(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as first:
        first.add_many(sample()[:2])
    with Store(path) as second:
        assert second.add_many(sample()) == 1
        ids = [row[0] for row in second.sql("SELECT id FROM events ORDER BY id")[1]]
        assert ids == list(range(1, 5))
    with Store(path, read_only=True) as reader:
        assert reader.counts()["events"] == 4
