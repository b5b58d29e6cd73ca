"""The DuckDB store: migrations, idempotent adds, filters, dyads, networks, one article in full, and
CodedArticle → rows → CodedArticle without loss."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_samples import STRIKE, TALKS, TURKEY, article, sample

from tidings.store import EventFilter, Store, content_hash, queries
from tidings.store.rows import coded_article
from tidings.types import MODES, PLOVER_TYPES, Actor, ArticleMeta, CodedArticle, DateMention, Event, Place, Quote, Span

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
        assert author(store, "old") is None
        store.add_many([article("new", "New text about talks.")], authors=["Jane Roe"])
        assert author(store, "new") == "Jane Roe"
        assert coded_article(store.con, "old", store_ids=False).quotes == ()


def author(store: Store, article_id: str) -> str | None:
    return store.sql("SELECT author FROM articles WHERE id = ?", [article_id])[1][0][0]


def test_migration_5_keeps_the_speakers_of_quotes_stored_before_it(tmp_path: Path) -> None:
    import duckdb

    from tidings.store import MIGRATIONS

    path = tmp_path / "four.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    for version, (name, sql) in enumerate(MIGRATIONS[:4], start=1):
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    con.execute("INSERT INTO articles (id, content_hash, text) VALUES ('old', 'h', 'He said: we will talk.')")
    con.execute("INSERT INTO quotes VALUES ('old', 0, 'we will talk', 9, 21, 'He', 'Vladimir Putin', 'RUS', 'GOV', "
                "'RUSGOV', 'Q7747'), ('old', 1, 'no', 0, 2, NULL, NULL, NULL, NULL, NULL, NULL)")
    con.close()
    with Store(path) as store:
        [said, unsaid] = coded_article(store.con, "old").quotes
    assert said.speaker == Actor(text="He", country="RUS", sector="GOV", name="Vladimir Putin", cameo="RUSGOV",
                                 wikidata="Q7747")
    assert said.speaker_text == "He" and unsaid.speaker is None


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
        ids = [a.id for a in queries.list_articles(fresh.con)[1]]
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


def ids(store: Store, **fields) -> list[str]:
    return [e["article_id"] for e in store.events(EventFilter(**fields))]


def test_event_filters(store: Store) -> None:
    assert set(ids(store)) == {"talks", "strike", "compound"}
    assert len(ids(store)) == 3  # the negated strike is hidden
    assert len(ids(store, include_negated=True)) == 4
    assert [e["mode"] for e in store.events(EventFilter(mode="negated"))] == ["negated"]
    assert ids(store, plover="ASSAULT") == ["strike"] == ids(store, plover=("assault", "AGREE"))
    assert [e["cameo"] for e in store.events(EventFilter(cameo="19"))] == ["195"]
    # "TUR" is a CAMEO prefix and a country; Turkey is also the second actor of the compound event
    assert set(ids(store, actor="TUR")) == {"strike", "compound"}
    assert set(ids(store, recipient="syr")) == {"strike", "compound"}
    assert ids(store, actor="vladimir putin") == []
    assert ids(store, start=date(2019, 3, 4)) == ["talks"]
    assert ids(store, end=date(2018, 12, 31)) == ["compound"]
    assert ids(store, text="BOMBED") == ["strike"] and ids(store, text="%") == []
    assert store.count_events(EventFilter(plover="ASSAULT", include_negated=True)) == 2
    with pytest.raises(ValueError, match="mode must be one of"):
        EventFilter(mode="rumoured")


def test_event_columns_keep_the_coding(store: Store) -> None:
    [strike] = store.events(EventFilter(plover="ASSAULT"))
    assert strike["day"] == date(2019, 3, 3) and strike["date_precision"] == "day"
    assert strike["place_name"] == "Afrin" and strike["place_geonames"] == 170017
    assert STRIKE[strike["trigger_start"]:strike["trigger_end"]] == "bombed" == strike["trigger"]
    assert (strike["actor_country"], strike["recipient_sector"]) == ("TUR", "REB")
    assert strike["article_url"] == "https://example.org/strike"
    [old] = store.events(EventFilter(article="compound"))
    assert old["day"] == date(2018, 1, 1) and old["date_precision"] == "year"
    _, rows = store.sql("SELECT country FROM event_actors WHERE event_id = ? ORDER BY role, position", [old["id"]])
    assert [country for (country,) in rows] == ["RUS", "TUR", "SYR"]


def test_article_in_full(store: Store) -> None:
    full = coded_article(store.con, "strike", store_ids=False)
    assert full is not None
    assert full.text == STRIKE and full.article.published == "2019-03-04"
    assert len(full.events) == 2 and full.events[0].actor == (TURKEY,)
    speaker = full.quotes[0].speaker  # the sample's spans do not index its texts: a span is read from the text
    assert (speaker.name, speaker.role, speaker.wikidata, speaker.span) == (
        "Vladimir Putin", "President of Russia", "Q7747", Span(0, 14, STRIKE[:14]))
    assert full.quotes[0].speaker_text == "he"
    assert [a.name for a in full.actors] == ["Vladimir Putin", "Turkey"]
    assert full.dates[0].value == "2019-03-04"
    assert coded_article(store.con, "nope") is None
    assert [e.id for e in coded_article(store.con, "strike").events] == [
        str(e["id"]) for e in store.events(EventFilter(article="strike", include_negated=True))]


def test_dyad_series_and_network(store: Store) -> None:
    series = queries.dyad_series(store.con, "TUR", "SYR", period="month")
    # the compound event is dated to its year only, so a monthly timeline leaves it out
    assert [(v.period, v.events, v.goldstein) for v in series.forward] == [("2019-03", 1, -10.0)]
    edges = {(e.source, e.target): e for e in queries.network(store.con).edges}
    assert (edges[("TUR", "SYR")].events, edges[("TUR", "SYR")].goldstein) == (2, -4.5)  # mean of -10 and 1
    assert ("RUS", "TUR") in edges and ("RUS", "SYR") in edges
    assert all(e.source != e.target for e in edges.values())


def _edges_from_actors(store: Store, key: str) -> set[tuple[int, str, str]]:
    """Each event's edges computed from event_actors in Python, as the read model should keep them."""
    sides: dict[int, dict[str, list[tuple]]] = {}
    for event_id, role, country, cameo, sector, name in store.sql(
            "SELECT event_id, role, country, cameo, sector, name FROM event_actors")[1]:
        named_by_code = cameo if cameo and cameo != sector else None  # a bare sector code names nobody
        if key == "country":
            node = country or named_by_code
        elif key == "cameo":
            node = named_by_code
        else:
            node = None if country is None and cameo is not None and cameo == sector else (name or None)
        sides.setdefault(event_id, {}).setdefault(role, []).append(node)
    return {(event_id, s, t) for event_id, roles in sides.items() for s in roles.get("actor", [])
            for t in roles.get("recipient", []) if s and t and s != t}


@pytest.mark.parametrize("key", ["country", "cameo", "name"])
def test_event_edges_are_every_actor_recipient_pair_that_names_somebody(store: Store, key: str) -> None:
    kept = set(store.sql("SELECT event_id, source, target FROM event_edges WHERE node_key = ?", [key])[1])
    assert kept == _edges_from_actors(store, key) and kept


def test_migration_6_writes_the_edges_of_events_stored_before_it(tmp_path: Path) -> None:
    path = tmp_path / "before6.duckdb"
    with Store(path) as store:
        store.add_many(sample())
        expected = store.sql("SELECT * FROM event_edges ORDER BY ALL")[1]
        store.con.execute("DROP TABLE event_edges")
        store.con.execute("DELETE FROM schema_migrations WHERE version = 6")
    with Store.for_reading(path) as reader:  # a reader brings it up to date first
        assert reader.schema_version >= 6
        assert reader.sql("SELECT * FROM event_edges ORDER BY ALL")[1] == expected and expected


def test_articles_listing_and_search(store: Store) -> None:
    total, listed = queries.list_articles(store.con)
    assert total == 3 and [a.id for a in listed] == ["strike", "talks", "compound"]
    assert [a.id for a in queries.list_articles(store.con, text="afrin")[1]] == ["strike"]


def test_json_round_trip_keeps_everything() -> None:
    for coded in sample():
        again = CodedArticle.from_dict(coded.to_dict(), text=coded.text)
        assert again == coded and again.text == coded.text
        assert [e.penta_class for e in again.events] == [e.penta_class for e in coded.events]


# --- CodedArticle → rows → CodedArticle, for any article ------------------------------------------

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
maybe = st.none() | words
days = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)


@st.composite
def spans(draw, text: str) -> Span:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return Span(start, end, text[start:end])


@st.composite
def actors(draw, text: str) -> Actor:
    return Actor(text=draw(words), country=draw(maybe), sector=draw(maybe), name=draw(maybe), cameo=draw(maybe),
                 wikidata=draw(maybe), role=draw(maybe), span=draw(st.none() | spans(text)))


@st.composite
def events(draw, text: str) -> Event:
    floats = st.floats(-10, 10, allow_nan=False)
    return Event(
        plover=draw(st.sampled_from(PLOVER_TYPES)), cameo=draw(st.from_regex(r"\A[0-9]{2,4}\Z")),
        actor=tuple(draw(st.lists(actors(text), max_size=3))), recipient=tuple(draw(st.lists(actors(text), max_size=3))),
        mode=draw(st.sampled_from(MODES)), evidence=draw(spans(text)), trigger=draw(spans(text)),
        goldstein=draw(floats), quad_class=draw(st.integers(1, 4)), penta_class=draw(st.integers(0, 4)),
        plover_mode=draw(maybe), plover_context=tuple(draw(st.lists(words, max_size=2))),
        reciprocal=draw(st.booleans()), date=draw(st.none() | days | days.map(lambda d: d[:7]) | days.map(lambda d: d[:4])),
        place=draw(st.none() | st.builds(Place, words, maybe, st.none() | floats, st.none() | floats,
                                         st.none() | st.integers(0, 2**62))),
        confidence=draw(st.floats(0, 1)), why=draw(words), id=draw(words))


@st.composite
def coded_articles(draw) -> CodedArticle:
    text = draw(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)
                .filter(str.strip))
    quote_spans = draw(st.lists(spans(text), max_size=2))
    return CodedArticle(
        article=ArticleMeta(id=draw(words.filter(bool)), published=draw(st.none() | days), title=draw(maybe),
                            url=draw(maybe), source=draw(maybe), language=draw(st.sampled_from(["en", "de"])),
                            published_from=draw(st.none() | st.sampled_from(["record", "text"]))),
        events=tuple(draw(st.lists(events(text), max_size=3))),
        quotes=tuple(Quote(text=span.text, span=span, speaker=draw(st.none() | actors(text)),
                           speaker_text=draw(maybe)) for span in quote_spans),
        actors=tuple(draw(st.lists(actors(text), max_size=3))),
        dates=tuple(draw(st.lists(st.builds(DateMention, words, maybe, st.none() | spans(text)), max_size=2))),
        text=text, warnings=tuple(draw(st.lists(words, max_size=2))))


# each example writes a store (about 0.1 s a batch), so a quarter of the profile's examples, each a batch
@settings(max_examples=max(1, settings.default.max_examples // 4))
@given(batch=st.lists(coded_articles(), min_size=1, max_size=3,
                      unique_by=(lambda c: c.article.id, lambda c: content_hash(c.text))))
def test_articles_come_back_from_the_store_as_they_went_in(batch: list[CodedArticle]) -> None:
    with Store() as fresh:
        assert fresh.add_many(batch) == len(batch)
        again = [coded_article(fresh.con, coded.article.id, store_ids=False) for coded in batch]
    assert again == batch and [a.text for a in again] == [c.text for c in batch]


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


def test_a_store_opens_for_writing_once_this_process_has_dropped_its_read_only_connection(tmp_path: Path) -> None:
    import gc

    import duckdb

    path = tmp_path / "events.duckdb"
    Store(path).close()
    reader = duckdb.connect(str(path), read_only=True)
    with pytest.raises(duckdb.ConnectionException, match="different configuration"):
        Store(path, wait=0.3)  # the reader is still open: no waiting makes the two modes meet
    # dropped but not yet collected: a cycle keeps it until the collector runs
    cycle: list[object] = [reader]
    cycle.append(cycle)
    del reader, cycle
    gc.disable()
    try:
        Store(path, wait=0.3).close()
    finally:
        gc.enable()
