"""Dates: the resolver on single expressions (including property tests), and the story timeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings.dates import build_timeline, grammar, published_in_text, resolve

WEDNESDAY = date(2019, 4, 10)


@pytest.mark.parametrize(
    ("text", "orientation", "value"),
    [
        ("yesterday", None, "2019-04-09"),
        ("today", None, "2019-04-10"),
        ("tomorrow", None, "2019-04-11"),
        ("yesterday morning", None, "2019-04-09"),
        ("last night", None, "2019-04-09"),
        ("on Thursday", "past", "2019-04-04"),
        ("on Thursday", "future", "2019-04-11"),
        ("Wednesday", "past", "2019-04-10"),
        ("last Thursday", None, "2019-04-04"),
        ("next Monday", None, "2019-04-15"),
        ("Sunday's", None, "2019-04-07"),
        ("last year", None, "2018"),
        ("next year", None, "2020"),
        ("this year", None, "2019"),
        ("last month", None, "2019-03"),
        ("earlier this month", None, "2019-04"),
        ("later this year", None, "2019"),
        ("next week", None, "2019-04"),
        ("last week", None, "2019-04"),
        ("in 2022", None, "2022"),
        ("2011", None, "2011"),
        ("March 3", None, "2019-03-03"),
        ("March 3, 2021", None, "2021-03-03"),
        ("3 March 2021", None, "2021-03-03"),
        ("the 3rd of March", None, "2019-03-03"),
        ("May 2018", None, "2018-05"),
        ("December", "past", "2018-12"),
        ("September", "future", "2019-09"),
        ("in March", None, "2019-03"),
        ("early March", None, "2019-03"),
        ("mid-2019", None, "2019"),
        ("late 2017", None, "2017"),
        ("the end of 2018", None, "2018"),
        ("by the end of the year", None, "2019"),
        ("summer 2018", None, "2018"),
        ("last summer", None, "2018"),
        ("three days ago", None, "2019-04-07"),
        ("two years ago", None, "2017"),
        ("a month ago", None, "2019-03"),
    ],
)
def test_resolves_against_publication(text: str, orientation: str | None, value: str) -> None:
    assert resolve(text, WEDNESDAY, orientation=orientation).value == value


@pytest.mark.parametrize(
    "text",
    ["three-year", "two weeks", "the past five years", "recent years", "decades", "the 1990s",
     "the early 2000s", "a few days", "the next two weeks", "annual", "several months"],
)
def test_spans_and_decades_have_no_value(text: str) -> None:
    assert resolve(text, WEDNESDAY).value is None


def test_relative_chain_counts_from_anchor() -> None:
    anchor = resolve("March 3", WEDNESDAY).point
    assert resolve("six days later", WEDNESDAY, anchor=anchor).value == "2019-03-09"
    assert resolve("the next day", WEDNESDAY, anchor=anchor).value == "2019-03-04"
    assert resolve("two days earlier", WEDNESDAY, anchor=anchor).value == "2019-03-01"
    assert resolve("the following year", WEDNESDAY, anchor=resolve("2014", WEDNESDAY).point).value == "2015"
    # "ago" counts from publication whatever the story last dated
    assert resolve("three days ago", WEDNESDAY, anchor=anchor).value == "2019-04-07"


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
weekday_words = st.sampled_from(sorted(grammar()["weekdays"]))


@given(published=days, word=weekday_words, orientation=st.sampled_from([None, "past", "future"]))
def test_weekday_lands_within_a_week_on_that_weekday(published: date, word: str, orientation) -> None:
    value = resolve(f"on {word.capitalize()}", published, orientation=orientation).value
    assert value is not None
    day = date.fromisoformat(value)
    assert day.weekday() == grammar()["weekdays"][word]
    assert abs((day - published).days) <= 7
    if orientation == "future":
        assert day > published
    else:
        assert day <= published


@given(published=days, month=st.sampled_from(sorted(grammar()["months"])),
       orientation=st.sampled_from([None, "past", "future"]))
def test_month_without_year_is_within_a_year(published: date, month: str, orientation) -> None:
    value = resolve(f"in {month.capitalize()}", published, orientation=orientation).value
    assert value is not None and len(value) == 7
    start = date.fromisoformat(value + "-01")
    assert start.month == grammar()["months"][month]
    assert abs((start - published.replace(day=1)).days) <= 366
    if orientation == "past":
        assert start <= published
    if orientation == "future":
        assert start >= published.replace(day=1)


@given(published=days, count=st.integers(min_value=1, max_value=30))
def test_days_ago_and_later_are_exact(published: date, count: int) -> None:
    assert resolve(f"{count} days ago", published).value == (published - timedelta(days=count)).isoformat()
    anchor = resolve("yesterday", published).point
    expected = published - timedelta(days=1) + timedelta(days=count)
    assert resolve(f"{count} days later", published, anchor=anchor).value == expected.isoformat()


@given(year=st.integers(min_value=1600, max_value=2099), published=days)
def test_bare_year_is_itself(year: int, published: date) -> None:
    assert resolve(f"in {year}", published).value == str(year)


STORY = (
    "Donald Trump and Vladimir Putin spoke by phone on Thursday. "
    "Six days later, the two leaders met in Helsinki. "
    "Russia launched a full-scale invasion of Ukraine in 2022, ending years of uneasy truce. "
    "Volodymyr Zelenskyy is expected to sign the minerals deal next week, officials said yesterday. "
    "The three-year conflict has killed tens of thousands. "
    "The Kremlin said on Monday that the talks would resume on Friday. "
    "European leaders held an emergency summit."
)


@pytest.fixture(scope="module")
def story(nlp):
    doc = nlp(STORY)
    return doc, build_timeline(doc, date(2025, 3, 5))  # a Wednesday


def token(doc, text: str, nth: int = 0):
    return [t for t in doc if t.text == text][nth]


def test_timeline_values(story) -> None:
    _, timeline = story
    values = {m.text: m.value for _, _, m in timeline.mentions}
    assert values["Thursday"] == "2025-02-27"
    assert values["Six days later"] == "2025-03-05"
    assert values["2022"] == "2022"
    assert values["next week"] == "2025-03"
    assert values["yesterday"] == "2025-03-04"
    assert values["three-year"] is None
    assert values["Monday"] == "2025-03-03"
    assert values["Friday"] == "2025-03-07"


def test_events_take_their_clause_date(story) -> None:
    doc, timeline = story
    assert timeline.date_for(token(doc, "spoke").i) == "2025-02-27"
    assert timeline.date_for(token(doc, "met").i) == "2025-03-05"
    assert timeline.date_for(token(doc, "invasion").i) == "2022"
    assert timeline.date_for(token(doc, "sign").i) == "2025-03"
    assert timeline.date_for(token(doc, "said").i) == "2025-03-04"
    assert timeline.date_for(token(doc, "said", 1).i) == "2025-03-03"
    assert timeline.date_for(token(doc, "resume").i) == "2025-03-07"


def test_undated_sentence_falls_back_to_dateline(story) -> None:
    doc, timeline = story
    assert timeline.date_for(token(doc, "held").i) == "2025-03-05"
    assert timeline.date_for(token(doc, "killed").i) == "2025-03-05"


def test_no_publication_date_gives_no_dates(nlp) -> None:
    doc = nlp("The two sides met on Thursday.")
    timeline = build_timeline(doc, None)
    assert timeline.date_for(3) is None


def test_finds_dates_the_entity_recogniser_misses(nlp) -> None:
    doc = nlp("the ministers, who met in 2016 and again last month, signed the accord on 12 May 2017.")
    timeline = build_timeline(doc, date(2017, 6, 1))
    values = sorted(m.value for _, _, m in timeline.mentions if m.value)
    assert values == ["2016", "2017-05", "2017-05-12"]


def values_in(nlp, text: str, published: date) -> dict[str, str | None]:
    timeline = build_timeline(nlp(text), published)
    return {m.text: m.value for _, _, m in timeline.mentions}


def test_spans_take_the_words_that_change_them(nlp) -> None:
    values = values_in(nlp, "He was charged over training received on or before 15 February 2016. "
                            "Sultana was killed in an airstrike on Raqqa in 2016; her family learned of it that May.",
                       date(2018, 2, 14))
    assert values["15 February 2016"] == "2016-02-15"
    assert values["that May"] == "2016-05"


def test_the_prime_minister_may_is_not_a_month(nlp) -> None:
    values = values_in(nlp, "Following his talks with May in Downing Street, Yildirim flew home. "
                            "In May the two ministers met again.", date(2017, 11, 27))
    assert "May" in values and values["May"] == "2017-05"
    assert len(values) == 1


def test_deadlines_take_the_nearer_day(nlp) -> None:
    values = values_in(nlp, "On Monday Trump promised decisions by Wednesday.", date(2018, 4, 10))
    assert values["Monday"] == "2018-04-09"
    assert values["Wednesday"] == "2018-04-11"


def test_a_bare_month_keeps_the_year_the_sentence_is_about(nlp) -> None:
    values = values_in(nlp, "He spent four months in jail last year after his arrest in July. "
                            "He was released on bail in November.", date(2018, 12, 14))
    assert values["July"] == "2017-07"
    assert values["November"] == "2017-11"


def test_past_narrative_carries_a_background_date(nlp) -> None:
    doc = nlp("In 2011, Erdogan adopted the west's aim of ousting Assad. He also cut a deal with Russia. "
              "Turkey has now sent troops into Afrin.")
    timeline = build_timeline(doc, date(2018, 1, 21))
    assert timeline.date_for(token(doc, "cut").i) == "2011"
    assert timeline.date_for(token(doc, "sent").i) == "2018-01-21"


def test_a_participle_after_a_noun_keeps_its_own_date(nlp) -> None:
    doc = nlp("He bitterly denounced an agreement signed last year with the bloc.")
    timeline = build_timeline(doc, date(2017, 11, 27))
    assert timeline.date_for(token(doc, "signed").i) == "2016"
    assert timeline.date_for(token(doc, "denounced").i) == "2017-11-27"


FULL_DATE_STYLES = ["{d} {B} {Y}", "{B} {d}, {Y}", "{b}. {d}, {Y}", "{Y}-{m:02d}-{d:02d}"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(FULL_DATE_STYLES),
       st.sampled_from(["KYIV, {} — Troops", "Published {}", "By Jo Doe, {}"]))
def test_a_full_date_in_the_dateline_is_the_publication_date(day: date, style: str, line: str) -> None:
    written = style.format(d=day.day, m=day.month, Y=day.year, B=day.strftime("%B"), b=day.strftime("%b"))
    text = "Headline about talks\n\n" + line.format(written) + " held talks on Monday."
    assert published_in_text(text) == (day, "dateline")


def test_the_publication_date_read_from_a_text() -> None:
    assert published_in_text("Talks ended. They began on 4 March 2025 in Geneva.") == (date(2025, 3, 4), "text")
    body = "Headline\nLead line.\nSecond line.\nTalks began on March 4, 2025 and end on 6 March 2025."
    assert published_in_text(body) == (date(2025, 3, 4), "text")
    assert published_in_text("Talks began in March 2025 and ended on Monday, 2025-13-40.") is None


@pytest.mark.parametrize("sentence", [
    "On Monday, the foreign minister is due to visit Cairo.",
    "On Monday, the envoy is scheduled to meet the rebels.",
    "On Monday, the president is expected to sign the bill.",
])
def test_a_weekday_on_a_clause_that_governs_a_future_act_lies_ahead(nlp, sentence: str) -> None:
    assert values_in(nlp, sentence, date(2025, 3, 14))["Monday"] == "2025-03-17"  # published on a Friday


def test_a_weekday_on_a_past_expectation_stays_behind(nlp) -> None:
    values = values_in(nlp, "On Monday, the president was expected to sign the bill.", date(2025, 3, 14))
    assert values["Monday"] == "2025-03-10"
