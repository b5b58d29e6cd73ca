"""Actor mentions in parsed sentences, the shipped actor base's integrity, and user dictionaries."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

import pycountry
import pytest

from tidings import actors
from tidings.actors import loading as actor_loading


@pytest.fixture
def fresh_base():
    """A base without user dictionaries, restored after the test."""
    actors.reset()
    yield actors.base()
    actors.reset()


def mentions(nlp, text, when=None):
    return actors.find_mentions(nlp(text), when=when)


def codes(found):
    return [(m.actor.text, m.actor.cameo) for m in found]


def test_title_adjective_and_name_are_one_person_mention(nlp):
    found = mentions(nlp, "Russian Foreign Minister Sergei Lavrov met his Turkish counterpart "
                          "on Monday.", date(2023, 5, 1))
    lavrov = found[0]
    assert lavrov.actor.text == "Russian Foreign Minister Sergei Lavrov"
    assert (lavrov.kind, lavrov.actor.country, lavrov.actor.sector) == ("person", "RUS", "GOV")
    assert lavrov.actor.cameo == "RUSGOV"
    assert lavrov.actor.role == "Minister of Foreign Affairs of Russia"
    assert lavrov.gender == "male"
    assert lavrov.head == 4 and (lavrov.start, lavrov.end) == (0, 5)
    assert lavrov.actor.span.start == 0 and lavrov.actor.span.end == len(lavrov.actor.text)


def test_coordinated_adjectives_give_two_mentions_sharing_the_head(nlp):
    found = mentions(nlp, "Senior Hungarian and Romanian officials agreed on Wednesday to "
                          "cooperate on the return of refugees.")
    officials = [m for m in found if m.actor.sector == "GOV"]
    assert [m.actor.cameo for m in officials] == ["HUNGOV", "ROUGOV"]
    assert officials[0].head == officials[1].head
    assert all(m.plural for m in officials)


@pytest.mark.parametrize(("text", "expected"), [
    ("Iraqi troops shelled the village at dawn.", ("Iraqi troops", "IRQMIL")),
    ("The Syrian government rejected the proposal.", ("The Syrian government", "SYRGOV")),
    ("The Kremlin dismissed the report.", ("The Kremlin", "RUSGOV")),
    ("RAF jets struck the depot.", ("RAF jets", "GBRMIL")),  # a state's armed service by its own name
    ("The Peshmerga advanced on the town.", ("The Peshmerga", "IRQMIL")),
    ("Moscow denied any role in the attack.", ("Moscow", "RUSGOV")),
    ("The Pentagon said two drones were shot down.", ("The Pentagon", "USAMIL")),
    ("Downing Street declined to comment.", ("Downing Street", "GBRGOV")),
    ("Kyiv accused Moscow of shelling the plant.", ("Kyiv", "UKRGOV")),
    ("Kiev accused Moscow of shelling the plant.", ("Kiev", "UKRGOV")),
    ("Emirati officials hosted the delegation.", ("Emirati officials", "AREGOV")),
    ("Türkiye closed the border crossing.", ("Türkiye", "TUR")),
    ("Turkiye closed the border crossing.", ("Turkiye", "TUR")),
    ("Russia's foreign ministry summoned the ambassador.", ("Russia's foreign ministry", "RUSGOV")),
    ("The president of Armenia called for calm.", ("The president of Armenia", "ARMGOV")),
    ("Police in Syria arrested the suspects.", ("Police in Syria", "SYRCOP")),
    ("UN peacekeepers withdrew from the base.", ("UN peacekeepers", "IGOUNOMIL")),
    ("Hezbollah fighters fired rockets overnight.", ("Hezbollah fighters", "LBNREB")),
    ("Xinhua reported the visit.", ("Xinhua", "CHNGOVMED")),
    ("Syrians crossed the border.", ("Syrians", "SYRCVL")),
    ("Afghan rebel leaders met in Peshawar.", ("Afghan rebel leaders", "AFGREB")),
    ("Syrian opposition fighters shelled the town.", ("Syrian opposition fighters", "SYRREB")),
    ("Five Panamanian army officers sought asylum.", ("Five Panamanian army officers", "PANMIL")),
    ("Danish media and government protested.", ("government", "DNKGOV")),
    ("Bosnian Serbs boycotted the vote.", ("Bosnian Serbs", "BIHCVL")),
    ("The Central African Republic expelled the envoy.", ("The Central African Republic", "CAF")),
    ("Pentagon officials denied the report.", ("Pentagon officials", "USAMIL")),
    ("Officials of the Syrian government denied it.",
     ("Officials of the Syrian government", "SYRGOV")),
    ("Members of the Syrian parliament voted.", ("Members of the Syrian parliament", "SYRLEG")),
    ("Hamas leaders rejected the plan.", ("Hamas leaders", "PSEREBHMS")),
    ("Isis members fled the town.", ("Isis members", "IMGMOSISI")),
    ("Lavrov met his Turkish counterpart.", ("his Turkish counterpart", "TURGOV")),
    ("A Kremlin spokesman denied the report.", ("A Kremlin spokesman", "RUSGOV")),
])
def test_sector_comes_from_the_words_around_the_country(nlp, text, expected):
    assert expected in codes(mentions(nlp, text))


def test_bare_country_has_no_sector(nlp):
    found = mentions(nlp, "Russia expelled two diplomats.")
    russia = found[0]
    assert (russia.actor.text, russia.actor.country, russia.actor.sector, russia.actor.cameo) == (
        "Russia", "RUS", None, "RUS")
    assert russia.kind == "country" and russia.entity == "RUS"
    assert ("two diplomats", "GOV") in codes(found)


def test_pro_and_anti_do_not_give_the_country(nlp):
    found = mentions(nlp, "Pro-Russian separatists clashed with anti-American protesters.")
    assert codes(found) == [("Pro-Russian separatists", "REB"), ("anti-American protesters", "CVL")]


def test_agent_without_a_country_keeps_its_sector(nlp):
    protesters = mentions(nlp, "Protesters blocked the main road.")[0]
    assert (protesters.actor.country, protesters.actor.sector, protesters.kind) == (
        None, "CVL", "agent")
    assert protesters.plural


def test_igo_and_armed_group(nlp):
    found = mentions(nlp, "The UN condemned the attack claimed by Islamic State.")
    assert [(m.kind, m.actor.cameo) for m in found] == [("igo", "IGOUNO"), ("group", "IMGMOSISI")]
    assert found[0].actor.name == "United Nations"


def test_metonyms_in_subject_and_object_are_actors(nlp):
    found = mentions(nlp, "Washington urged Ankara to halt the offensive.")
    assert codes(found) == [("Washington", "USAGOV"), ("Ankara", "TURGOV")]
    assert all(m.kind == "capital" for m in found)


def test_place_after_a_locative_preposition_is_not_an_actor(nlp):
    found = mentions(nlp, "The two ministers held talks in Moscow before flying on to Syria's "
                          "capital, and troops remained in northern Syria.")
    texts = [m.actor.text for m in found]
    assert "Moscow" not in texts
    assert not any("northern Syria" in t for t in texts)
    assert "Syria's capital" not in texts


def test_lowercase_words_do_not_match_acronyms_or_names(nlp):
    found = mentions(nlp, "Let us roast the turkey and chat with china cups on the table.")
    assert found == []


def test_then_title_keeps_the_office_at_the_time(nlp):
    found = mentions(nlp, "The deal was signed by then-President Joe Biden.", date(2025, 6, 1))
    biden = found[0]
    assert biden.actor.role == "President of the United States"
    assert biden.actor.sector == "GOV"
    later = mentions(nlp, "Joe Biden spoke at the event.", date(2025, 6, 1))[0]
    assert later.actor.role == "former President of the United States"
    assert later.actor.sector == "ELI"


def test_title_in_the_text_asserts_the_office(nlp):
    obama = mentions(nlp, "President Obama met the delegation.", date(2000, 1, 1))[0]
    assert (obama.actor.sector, obama.actor.role) == ("GOV", "President of the United States")
    former = mentions(nlp, "Former President Obama met the delegation.", date(2019, 1, 1))[0]
    assert (former.actor.sector, former.actor.role) == (
        "ELI", "former President of the United States")
    putin = mentions(nlp, "Former prime minister Vladimir Putin spoke.", date(2020, 1, 1))[0]
    assert (putin.actor.sector, putin.actor.role) == ("GOV", "President of Russia")


def test_alias_spellings_share_one_entity(nlp):
    found = mentions(nlp, "Zelensky met Zelenskyy's advisers; Volodymyr Zelenskiy then left.",
                     date(2024, 1, 10))
    people = [m for m in found if m.kind == "person"]
    assert len(people) == 3
    assert {m.entity for m in people} == {"zelensky-volodymyr"}
    assert {m.actor.wikidata for m in people} == {"Q3874799"}


def test_unknown_person_with_a_title_and_country_takes_the_country(nlp):
    found = mentions(nlp, "Kenyan Minister John Mbadi met the delegation.")
    person = found[0]
    assert (person.kind, person.actor.country, person.actor.sector) == ("person", "KEN", "GOV")
    assert person.actor.name == "John Mbadi"


def test_unknown_person_described_by_an_apposition(nlp):
    found = mentions(nlp, "John Mbadi, Kenya's finance minister, said talks would resume.")
    person = next(m for m in found if m.kind == "person")
    assert (person.actor.text, person.actor.cameo, person.head) == ("John Mbadi", "KENGOV", 1)


def test_unknown_bare_person_is_left_out(nlp):
    assert mentions(nlp, "Jane Okonkwo said the talks had failed.") == []


def test_mentions_are_in_token_order(nlp):
    found = mentions(nlp, "Iran warned Israel, while Saudi Arabia and Egypt called the UN.")
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert [m.actor.cameo for m in found] == ["IRN", "ISR", "SAU", "EGY", "IGOUNO"]


# --- the shipped base ------------------------------------------------------------------------


def _rows(name):
    text = resources.files("tidings").joinpath("data", "actors", name).read_text("utf-8")
    assert text.startswith("#"), f"{name} must open with a header comment naming its sources"
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_country_code_is_iso_alpha3():
    rows = _rows("countries.tsv")
    assert len(rows) >= 195
    for row in rows:
        if row["code"] != "XKX":  # Kosovo: the user-assigned code
            assert pycountry.countries.get(alpha_3=row["code"]) is not None, row["code"]
    # capitals that are also common names (Victoria, Seychelles) are left out on purpose
    assert sum(bool(row["capitals"]) for row in rows) >= len(rows) - 2


def test_offices_belong_to_known_people_with_ordered_dates():
    people = {row["id"] for row in _rows("people.tsv")}
    for row in _rows("offices.tsv"):
        assert row["person"] in people
        start = date.fromisoformat(row["start"])
        if row["end"]:
            assert date.fromisoformat(row["end"]) > start, row


def test_namesakes_are_told_apart_by_date(nlp):
    day_1995 = mentions(nlp, "Assad received the envoy.", date(1995, 3, 1))[0]
    day_2010 = mentions(nlp, "Assad received the envoy.", date(2010, 3, 1))[0]
    assert day_1995.entity == "assad-hafez" and day_1995.actor.sector == "GOV"
    assert day_2010.entity == "assad-bashar" and day_2010.actor.sector == "GOV"


def test_shared_aliases_belong_to_people_of_one_country(fresh_base):
    for key, readings in fresh_base.readings.items():
        countries = {r.entry.country for r in readings if r.entry.kind == "person"}
        assert len(countries) <= 1, (key, countries)


def test_one_head_of_government_at_a_time():
    terms: dict[str, list[tuple[date, date]]] = {}
    for row in _rows("offices.tsv"):
        if row["office"].startswith(("Prime Minister of", "President of the United States")):
            end = date.fromisoformat(row["end"]) if row["end"] else date(9999, 1, 1)
            terms.setdefault(row["office"], []).append((date.fromisoformat(row["start"]), end))
    for office, spans in terms.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, office


# --- user dictionaries -----------------------------------------------------------------------


def test_tsv_dictionary_adds_actors_and_agents(nlp, fresh_base, tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# my actors\n"
        "name\taliases\tcountry\tsector\tkind\n"
        "Northern Alliance\tUnited Front\tAFG\tREB\tgroup\n"
        "harbour pilots\tharbour pilot\t\tBUS\tagent\n", encoding="utf-8")
    assert actors.add_dictionaries([path]) == 2
    found = mentions(nlp, "The United Front attacked while Greek harbour pilots went on strike.")
    assert ("The United Front", "AFGREB") in codes(found)
    assert ("Greek harbour pilots", "GRCBUS") in codes(found)


def test_yaml_dictionary_with_dated_periods(nlp, fresh_base, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Ruritanian Liberation Front\n"
        "  aliases: [RLF]\n"
        "  country: AUT\n"
        "  sector: REB\n"
        "  end: 2020-01-01\n"
        "- name: Ruritanian Liberation Front\n"
        "  country: AUT\n"
        "  sector: GOV\n"
        "  start: 2020-01-01\n", encoding="utf-8")
    assert actors.add_dictionaries([path]) == 1
    assert codes(mentions(nlp, "The RLF issued a statement.", date(2019, 5, 1))) == [
        ("The RLF", "AUTREB")]
    assert codes(mentions(nlp, "The RLF issued a statement.", date(2021, 5, 1))) == [
        ("The RLF", "AUTGOV")]


def test_environment_variable_names_dictionaries(nlp, tmp_path, monkeypatch):
    path = tmp_path / "env.tsv"
    path.write_text("name\tcountry\tsector\nFreedonian Guard\tITA\tMIL\n", encoding="utf-8")
    monkeypatch.setenv("TIDINGS_ACTORS", str(path))
    actors.reset()
    try:
        assert codes(mentions(nlp, "The Freedonian Guard opened fire.")) == [
            ("The Freedonian Guard", "ITAMIL")]
    finally:
        monkeypatch.delenv("TIDINGS_ACTORS")
        actors.reset()


def test_missing_dictionary_is_a_data_error(fresh_base, tmp_path):
    from tidings.errors import DataError

    with pytest.raises(DataError):
        actors.add_dictionaries([tmp_path / "absent.tsv"])


def test_tsv_reader_round_trips_names_and_codes():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    # Four letters at least: a leading "the" is dropped from names by design, so "The Aaa" and
    # "Aaa" are one name and a generated list must not hold both.
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=10)
    name = st.lists(word, min_size=1, max_size=3).map(lambda ws: " ".join(w.capitalize() for w in ws))
    code = st.sampled_from(["USA", "RUS", "GBR", "FRA", "SYR"])
    sector = st.sampled_from(["", "GOV", "MIL", "REB", "CVL"])

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.tuples(name, code, sector), min_size=1, max_size=8,
                    unique_by=lambda t: t[0].lower()))
    def check(rows):
        text = "# generated\nname\tcountry\tsector\n" + "".join(
            f"{n}\t{c}\t{s}\n" for n, c, s in rows)
        parsed = list(actor_loading._rows(text))
        assert [(r["name"], r["country"], r["sector"]) for r in parsed] == rows
        target = actors.ActorBase()
        assert actors.add_records(parsed, source="t", into=target) == len(rows)
        for n, c, s in rows:
            entry = target.readings[n.lower()][0].entry
            assert (entry.country, entry.sector or "", entry.cameo) == (c, s, c + s)

    check()
