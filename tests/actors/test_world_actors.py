"""The world actor base (shipped as package data), namesakes, composition and date expressions."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from tidings.pipeline import nlp
from tidings.actors import Entry, Period, as_date, choose_namesake, find_mentions, resolve
from tidings.cli import main


def _mentions(text: str, when: date) -> list[tuple[str, str | None, str | None]]:
    return [(m.actor.text, m.actor.country, m.actor.sector)
            for m in find_mentions(nlp.load()(text), when=when)]


def test_a_minister_outside_the_shipped_base_resolves_from_the_world_base_on_both_sides_of_a_change():
    as_minister = resolve("Tobias Ellwood", date="2018-06-01")
    as_member = resolve("Tobias Ellwood", date="2023-01-01")
    assert (as_minister.country, as_minister.sector, as_minister.role) == ("GBR", "GOV", "Minister for Veterans")
    assert (as_member.country, as_member.sector) == ("GBR", "LEG")
    assert as_minister.wikidata == "Q303299" and "world base" in as_minister.reason


def test_a_governor_comes_and_goes_with_the_term():
    assert resolve("Babajide Sanwo-Olu", date="2021-03-01").sector == "GOV"
    assert resolve("Babajide Sanwo-Olu", date="2015-03-01").sector is None


def test_the_world_base_finds_people_and_organisations_in_text_and_a_lone_surname_after_them():
    found = _mentions("Tobias Ellwood rejected the claim. Ellwood said Turkey fights the Kurdistan "
                      "Workers' Party.", date(2018, 12, 19))
    assert ("Tobias Ellwood", "GBR", "GOV") in found
    assert ("Ellwood", "GBR", "GOV") in found
    assert any(country == "TUR" and sector == "REB" for text, country, sector in found
               if "Workers" in text)


def _person(name: str, country: str, sector: str, start: str, end: str | None, offices: int = 1) -> Entry:
    periods = tuple(Period(role=f"office {n}", country=country, sector=sector,
                           start=date.fromisoformat(start),
                           end=date.fromisoformat(end) if end else None) for n in range(offices))
    return Entry(id=f"{name}-{country}", kind="person", name=name, country=country, periods=periods)


def test_namesakes_are_told_apart_by_date_then_context_then_prominence():
    old = _person("Ann Lee", "KEN", "GOV", "2001-01-01", "2005-01-01")
    new = _person("Ann Lee", "GHA", "GOV", "2010-01-01", None)
    by_date = choose_namesake([old, new], date(2003, 1, 1))
    assert by_date.country == "KEN" and "the date" in by_date.why
    seated = _person("Bo Ito", "JPN", "LEG", "2000-01-01", "2001-01-01")
    minister = _person("Bo Ito", "PER", "GOV", "2000-01-01", "2001-01-01", offices=3)
    by_context = choose_namesake([minister, seated], date(2020, 1, 1), frozenset({"JPN"}))
    assert by_context.country == "JPN" and "country the text names" in by_context.why
    by_prominence = choose_namesake([seated, minister], date(2020, 1, 1))
    assert by_prominence.country == "PER" and "prominence" in by_prominence.why


@pytest.mark.parametrize(("text", "expected"), [
    ("Lagos police fired tear gas at the crowd.", ("NGA", "COP")),  # city + agent
    ("Brazil's central bank raised rates.", ("BRA", "GOV")),  # possessive + agent
    ("A French frigate shadowed the tanker.", ("FRA", "MIL")),  # nationality + agent
    ("The Kenyan ambassador to the UN spoke.", ("KEN", "GOV")),
    ("The speaker of the Knesset resigned.", ("ISR", "LEG")),  # agent of a seat
    ("A Kremlin spokesman denied it.", ("RUS", "GOV")),  # seat + agent
    ("The ministry of defence of Nigeria said.", ("NGA", "MIL")),  # organisation suffix of a country
    ("The Ministry of Foreign Affairs of Kenya said.", ("KEN", "GOV")),
    ("Police in Lagos arrested him.", ("NGA", "COP")),  # agent in a town
    ("Borno police arrested him.", ("NGA", "COP")),  # a region only the world base knows
    ("The boys were freed before the US-led coalition closed in.", ("USA", "MIL")),  # leader + agent
    ("Kurdish forces in Syria said they would fight.", ("SYR", "REB")),  # people + agent + place
    ("Turkey fears the Kurdish militia within Syria.", ("SYR", "REB")),  # people + agent + "within" a place
    ("Police inside Iraq arrested him.", ("IRQ", "COP")),
    ("Turkey threatened Syria’s Kurds.", ("SYR", "CVL")),  # country + people
    ("Syria says the Kurdish-Arab forces control the camp.", ("SYR", "REB")),
    ("Unicef's regional director said so.", ("UNO", "IGO")),  # IGO + title: the body's official
])
def test_composed_phrases_take_the_country_and_sector_of_their_parts(text, expected):
    found = _mentions(text, date(2024, 1, 1))
    assert expected in [(country, sector) for _, country, sector in found]


def test_a_title_before_an_unknown_name_gives_its_sector_and_marks_the_person_unresolved():
    result = resolve("Kenyan Minister John Mbadi")
    assert (result.country, result.sector, result.kind) == ("KEN", "GOV", "person")
    assert result.reason.startswith("unresolved person: John Mbadi")


def test_an_igo_carries_its_own_code_as_country_and_its_cameo_code():
    result = resolve("the UN")
    assert (result.country, result.sector, result.cameo) == ("UNO", "IGO", "IGOUNO")
    assert resolve("NATO").country == "NATO"


def test_dates_as_people_write_them():
    assert as_date("10 May 2015") == date(2015, 5, 10)
    assert as_date("last March", today=date(2026, 12, 4)) == date(2026, 3, 1)
    assert as_date("today") == date.today()
    assert resolve("Tobias Ellwood", date="June 2018").sector == "GOV"
    assert resolve("Putin", date="yesterday").resolved


def test_the_resolve_command_reads_date_expressions_and_says_in_one_line_when_it_cannot():
    runner = CliRunner()
    done = runner.invoke(main, ["resolve", "Tobias Ellwood", "--date", "1 June 2018", "--format", "json"])
    assert done.exit_code == 0 and '"sector": "GOV"' in done.output
    failed = runner.invoke(main, ["resolve", "Tobias Ellwood", "--date", "banana"])
    assert failed.exit_code == 2
    assert failed.output.strip().count("\n") == 0 and "cannot read 'banana'" in failed.output


def test_an_agent_takes_the_country_of_the_person_beside_it_or_owning_it():
    found = _mentions("Trump instantly lost his defence secretary, James Mattis, and his commanders. "
                      "The defense secretary, James Mattis, handed in his resignation.", date(2018, 12, 20))
    assert ("his defence secretary", "USA", "GOV") in found
    assert ("his commanders", "USA", "MIL") in found
    assert ("The defense secretary", "USA", "GOV") in found


def test_its_forces_are_the_forces_of_the_state_organ_named_before():
    found = _mentions("Russia's defence ministry said its jets had bombed rebel positions near Idlib.",
                      date(2018, 2, 1))
    assert ("Russia's defence ministry", "RUS", "MIL") in found
    assert ("its jets", "RUS", "MIL") in found


def test_a_described_leader_keeps_his_group_s_sector_and_his_surname_alone_is_him():
    found = _mentions("The Isis leader, Abu Bakr al-Baghdadi, survived a coup. Officials say a planned "
                      "move against Baghdadi led to a firefight.", date(2019, 2, 7))
    assert ("Baghdadi", "IMG", "REB") in found


def test_names_typeset_with_a_curly_apostrophe_match_and_words_the_base_reads_are_not_overridden():
    found = _mentions("Turkey fears the People’s Protection Units. The US Senate voted.", date(2019, 1, 1))
    assert ("the People’s Protection Units", "SYR", "REB") in found
    assert ("The US Senate", "USA", "LEG") in found


def test_namesakes_in_text_are_chosen_by_date_and_the_event_says_which_one_and_why():
    import tidings

    then = resolve("John Kelly", date="2012-01-01")
    later = resolve("John Kelly", date="2018-06-01")
    assert (then.country, later.country) == ("IRL", "USA")
    assert "chosen over" in then.reason and "by the date" in then.reason
    article = tidings.code("John Kelly criticised the Mexican government on Tuesday.", published="2018-06-01")
    assert any(a.country == "USA" and "chosen over" in e.why for e in article.events for a in e.actor)


def test_resolve_takes_the_namesake_the_context_names():
    result = resolve("David Davis", date="2024-01-01", context="David Davis told Australian reporters.")
    assert result.country == "AUS" and "country the text names" in result.reason


def test_an_organisation_name_shared_abroad_needs_a_country_in_the_text():
    found = _mentions("The speaker of the Commons met the People's Party.", date(2019, 1, 1))
    assert not any(country in ("CHL", "BEL", "ESP") for _, country, _ in found)
    found = _mentions("In Turkey, the Republican People's Party won.", date(2019, 1, 1))
    assert any(country == "TUR" and sector == "PTY" for _, country, sector in found)


def test_his_after_a_pronoun_subject_is_left_to_coreference():
    found = _mentions("He spoke with Turkey's president, Recep Tayyip Erdoğan, without telling his "
                      "commanders.", date(2019, 1, 3))
    assert not any(text == "his commanders" and country == "TUR" for text, country, _ in found)


def test_an_appositive_title_holds_the_office_unless_it_says_former_on_either_side_of_the_end():
    after_he_left = date(2019, 1, 3)
    assert resolve("James Mattis", date=after_he_left).sector == "ELI"
    found = _mentions("Trump instantly lost his defence secretary, James Mattis, and his Islamic State "
                      "expert, Brett McGurk.", after_he_left)
    assert ("James Mattis", "USA", "GOV") in found
    assert not any(text == "Brett McGurk" for text, _, _ in found)  # the expert's, not the secretary's
    assert ("James Mattis", "USA", "ELI") in _mentions("James Mattis, the former defence secretary, "
                                                        "spoke.", after_he_left)
    in_office = _mentions("The defence secretary, James Mattis, spoke.", date(2018, 6, 1))
    assert ("James Mattis", "USA", "GOV") in in_office


def test_an_unknown_official_of_an_igo_is_the_igo_s_and_so_is_his_surname_with_its_particle():
    found = _mentions("The proposals passed to the UN special envoy for Syria, Staffan de Mistura, for his "
                      "endorsement. Russia rejected five names that De Mistura wanted.", date(2018, 12, 18))
    assert ("the UN special envoy", "UNO", "IGO") in found
    assert ("Staffan de Mistura", "UNO", "IGO") in found
    assert ("De Mistura", "UNO", "IGO") in found
    described = _mentions("“Babies die,” said Geert Cappelaere, Unicef’s regional director.", date(2019, 1, 15))
    assert ("Geert Cappelaere", "UNO", "IGO") in described
    result = resolve("Staffan de Mistura", date="10 December 2018",
                     context="The proposals passed to the UN special envoy for Syria, Staffan de Mistura.")
    assert (result.country, result.sector, result.cameo) == ("UNO", "IGO", "IGOUNO")
    assert result.role == "special envoy (United Nations)"


def test_a_seat_of_power_is_the_institution_even_after_a_locative_preposition():
    found = _mentions("Mattis had 50 copies circulated around the Pentagon. He served in a White House "
                      "lacking judgment. Talks in Moscow went on.", date(2018, 12, 21))
    assert ("the Pentagon", "USA", "MIL") in found
    assert ("White House", "USA", "GOV") in found
    assert not any(text == "Moscow" for text, _, _ in found)


def test_a_people_without_a_state_takes_the_home_country_the_text_names_or_none():
    assert ("Kurdish fighters", None, "REB") in _mentions("Kurdish fighters clashed with police.", date(2019, 1, 1))
    in_iraq = _mentions("In Iraq, Kurdish fighters clashed with police, a Kurdish official said.",
                        date(2019, 1, 1))
    assert ("Kurdish fighters", "IRQ", "REB") in in_iraq
    assert ("a Kurdish official", None, "GOV") in in_iraq  # one person: only a state the phrase names
    backed = _mentions("Iranian-backed militias fired rockets.", date(2019, 1, 1))
    assert not any(country == "IRN" and sector == "REB" for _, country, sector in backed)


def test_an_event_actor_without_a_country_takes_the_country_of_the_event_s_place():
    import tidings

    article = tidings.code("Protesters marched in Dhaka on Tuesday and police fired tear gas at them.",
                           published="2024-08-01")
    protest = next(e for e in article.events if e.plover == "PROTEST")
    assert [(a.country, a.sector) for a in protest.actor] == [("BGD", "CVL")]
    assert "from the event's place (Dhaka)" in protest.why
    own = tidings.code("Kenyan police fired tear gas at protesters in Dhaka.", published="2024-08-01")
    assert any(a.country == "KEN" for e in own.events for a in e.actor)
