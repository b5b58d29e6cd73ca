"""Places: gazetteer lookups, ambiguity resolved by context, and event places."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from tidings import places
from tidings.places import index as place_index
from tidings.places.gazetteer import Gazetteer
from tidings.types import Place


def resolved(nlp, text: str) -> dict[str, Place]:
    doc = nlp(text)
    return {doc[start:end].text: place for start, end, place in places.find_places(doc)}


def place_of(nlp, text: str, trigger: str) -> Place | None:
    doc = nlp(text)
    found = places.find_places(doc)
    token = next(t for t in doc if t.text == trigger)
    return places.event_place(token, found)


# -------------------------------------------------------------------------------------------- gazetteer


def test_fold_ignores_case_diacritics_apostrophes_and_hyphens():
    assert places.fold("Deir ez-Zor") == places.fold("deir ez zor")
    assert places.fold("‘Ayn al ‘Arab") == "ayn al arab"
    assert places.fold("Şanlıurfa") == "sanliurfa"


@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    once = places.fold(text)
    assert places.fold(once) == once


def test_countries_resolve_to_the_country_entry_with_iso3_and_geonames_id():
    syria = places.lookup("Syria")[0]
    assert (syria.name, syria.country, syria.geonames) == ("Syria", "SYR", 163843)
    assert syria.lat is not None and 32 < syria.lat < 37.5
    assert places.lookup("the US")[0].geonames == 6252001
    assert places.lookup("Türkiye")[0].country == "TUR"


def test_regions_from_the_project_table():
    crimea = places.lookup("Crimea")[0]
    assert (crimea.country, crimea.geonames) == ("UKR", 703883)
    assert places.lookup("Idlib province")[0].geonames == 169387
    assert places.lookup("the Gaza Strip")[0].geonames == 281132
    golan = places.lookup("Golan Heights")[0]
    assert golan.country == "SYR" and golan.geonames is None


def test_bare_governorate_name_means_the_town():
    assert places.lookup("Aleppo")[0].geonames == 170063  # the city, not the governorate (170062)
    assert places.lookup("Aleppo governorate")[0].geonames == 170062


def test_english_spellings_of_towns_reach_geonames_entries():
    assert places.lookup("Kobani")[0].geonames == 172256
    assert places.lookup("Qamishli")[0].geonames == 173377
    assert places.lookup("Kiev")[0].country == "UKR"


def test_unknown_names_resolve_to_nothing():
    assert places.lookup("Xqzzyville") == []


def test_index_round_trip_keeps_order_flags_and_alternate_names(tmp_path):
    import sqlite3

    index = place_index._Index()
    town = places.Entry(Place("Salisbury", "GBR", 51.07, -1.8, 2638664), "city", 45000, "ENG")
    capital = places.Entry(Place("Harare", "ZWE", -17.83, 31.05, 890299), "city", 1500000, "05", capital=True)
    index.add("Harare", capital, strict=True)
    index.add("Salisbury", capital, alternate=True)
    index.add("Salisbury", town, strict=True)
    index.add("Nowhere Junction", town, curated=True)
    index.countries["ZWE"] = places.Entry(Place("Zimbabwe", "ZWE", -19.0, 29.8, 878675), "country", 15000000)
    index.neighbours["ZWE"] = frozenset({"ZMB", "MOZ"})
    path = tmp_path / "index.sqlite"
    connection = sqlite3.connect(path)
    place_index._write_index(connection, index)
    connection.close()

    gaz = Gazetteer(lambda: sqlite3.connect(path, check_same_thread=False))
    salisbury = gaz.lookup("salisbury")
    assert [e.place.name for e in salisbury] == ["Harare", "Salisbury"]  # order as built
    assert salisbury[0] == capital and salisbury[0].capital
    assert gaz.is_alternate("Salisbury", salisbury[0]) and not gaz.is_alternate("Salisbury", salisbury[1])
    assert gaz.lookup("Harare")[0] is salisbury[0]  # one object per entry, so scoring can tell them apart
    assert gaz.is_strict("salisbury") and not gaz.is_strict("nowhere junction")
    assert gaz.is_curated("nowhere junction") and not gaz.is_curated("harare")
    assert gaz.lookup("Elsewhere") == [] and not gaz.is_strict("elsewhere")
    assert gaz.countries["ZWE"].population == 15000000
    assert gaz.neighbours["ZWE"] == {"ZMB", "MOZ"}


def test_index_path_follows_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("TIDINGS_CACHE_DIR", str(tmp_path))
    path = place_index.index_path()
    assert path.parent == tmp_path and path.name.startswith("gazetteer-") and path.suffix == ".sqlite"


# -------------------------------------------------------------------------------------------- find_places


def test_country_and_capital_mentions(nlp):
    found = resolved(nlp, "Turkish officials in Ankara said the offensive in Syria would continue.")
    assert found["Ankara"].country == "TUR"
    assert found["Syria"].geonames == 163843


def test_an_armed_group_named_like_a_town_is_no_place(nlp):
    # "Hamas" is an alternate name of Hamm, Germany, in the gazetteer
    found = resolved(nlp, "Israeli jets struck at Hamas positions in Gaza overnight.")
    assert "Hamas" not in found and found["Gaza"].country == "PSE"


def test_georgia_is_the_country_in_a_caucasus_story(nlp):
    found = resolved(nlp, "Georgia accused Russia of moving the boundary line closer to Tbilisi.")
    assert found["Georgia"].country == "GEO"


def test_georgia_is_the_us_state_in_an_atlanta_story(nlp):
    found = resolved(nlp, "Voters in Atlanta and Savannah lined up for hours as Georgia counted ballots.")
    assert found["Georgia"].country == "USA"
    assert found["Georgia"].geonames == 4197000


def test_washington_is_the_capital_by_default(nlp):
    found = resolved(nlp, "Washington imposed new sanctions on Iran on Friday.")
    assert found["Washington"].geonames == 4140963  # Washington, D.C.


def test_capital_named_for_its_government_beats_a_local_namesake(nlp):
    text = ("Police in Sunderland and Durham made arrests on Monday. Relations between Washington and "
            "Moscow have sunk to their lowest point in decades.")
    found = resolved(nlp, text)
    assert found["Washington"].geonames == 4140963
    assert found["Moscow"].country == "RUS"
    assert found["Sunderland"].country == found["Durham"].country == "GBR"


def test_washington_state_by_suffix_and_context(nlp):
    found = resolved(nlp, "Wildfires spread across Washington state, forcing evacuations near Spokane.")
    place = next(p for text, p in found.items() if text.startswith("Washington"))
    assert place.geonames == 5815135


def test_paris_texas_by_qualifier(nlp):
    found = resolved(nlp, "She grew up in Paris, Texas, before moving to Dallas.")
    assert found["Paris"].country == "USA"
    assert found["Paris"].geonames == 4717560
    assert resolved(nlp, "The summit opened in Paris on Monday.")["Paris"].country == "FRA"


def test_towns_the_ner_misses_or_mislabels(nlp):
    found = resolved(nlp, "Aleppo was shelled again, and fighting spread to Manbij and Khan Sheikhoun.")
    assert found["Aleppo"].geonames == 170063
    assert found["Manbij"].country == "SYR"
    assert found["Khan Sheikhoun"].geonames == 168325


def test_people_and_words_named_like_towns_are_not_places(nlp):
    found = resolved(nlp, "Jordan Henderson scored twice, and Jackson said the Mobile network was down.")
    assert found == {}


def test_person_names_that_are_small_foreign_towns(nlp):
    text = ("Mike Pompeo landed in Cairo on Thursday. Pompeo said the embassy would stay open, and "
            "Pompeo praised Obama's former envoy.")
    countries = {place.country for place in resolved(nlp, text).values()}
    assert "BRA" not in countries and "JPN" not in countries  # Pompéu, Brazil; Obama, Japan
    assert "EGY" in countries


def test_surname_of_a_person_named_in_full_is_not_a_town(nlp):
    text = ("The national security adviser, John Bolton, met officials in London. Later Bolton told "
            "reporters the talks had gone well.")
    found = resolved(nlp, text)
    assert "Bolton" not in found
    assert found["London"].country == "GBR"


def test_old_name_of_a_capital_loses_to_the_town_of_that_name(nlp):
    found = resolved(nlp, "Detectives in Salisbury and Swindon said the nerve agent was found in Wiltshire.")
    assert found["Salisbury"].country == "GBR"


def test_acronyms_are_not_towns(nlp):
    text = "The UN said aid convoys had reached Douma, the largest town in Syria's eastern Ghouta."
    found = resolved(nlp, text)
    assert "UN" not in found
    assert found["Douma"].country == "SYR"


# -------------------------------------------------------------------------------------------- event_place


def test_talks_in_istanbul(nlp):
    place = place_of(nlp, "Peace talks in Istanbul between Russia and Ukraine ended on Tuesday.", "talks")
    assert place is not None and (place.name, place.country) == ("Istanbul", "TUR")


def test_airstrike_on_idlib(nlp):
    place = place_of(nlp, "An airstrike on Idlib killed five people, according to the Syrian Observatory.",
                     "airstrike")
    assert place is not None and place.geonames == 169389


def test_the_event_place_not_the_speakers_place(nlp):
    text = "Turkish officials in Ankara said the strike in Afrin killed 12 civilians."
    assert place_of(nlp, text, "strike").country == "SYR"
    assert place_of(nlp, text, "said").name == "Ankara"


def test_place_in_another_clause_does_not_count(nlp):
    text = "Georgia accused Russia of moving the boundary fence near Tbilisi."
    assert place_of(nlp, text, "accused") is None


def test_target_country_is_not_the_venue(nlp):
    assert place_of(nlp, "Washington imposed new sanctions on Iran.", "imposed") is None


def test_captured_town_is_the_place(nlp):
    place = place_of(nlp, "Kurdish-led forces captured Raqqa after a four-month battle.", "captured")
    assert place is not None and place.country == "SYR"


def test_origin_of_a_speaker_is_not_the_venue(nlp):
    text = "Her brother, a teacher from Leeds, said the ruling was unfair."
    assert place_of(nlp, text, "said") is None


def test_battle_for_a_town(nlp):
    place = place_of(nlp, "Thousands of families fled the battle for Hajin last month.", "battle")
    assert place is not None and place.country == "SYR"


def test_venue_behind_a_partitive_of(nlp):
    text = "Finance ministers met for two days at a conference in the Alpine town of Davos."
    assert place_of(nlp, text, "conference").name == "Davos"


def test_destination_of_a_trip_for_talks(nlp):
    text = "The Greek prime minister will fly to Berlin for talks with the chancellor."
    place = place_of(nlp, text, "talks")
    assert place is not None and place.country == "DEU"


def test_withdrawal_from_a_country(nlp):
    text = "The government said it would withdraw its peacekeepers from Mali by the end of the year."
    place = place_of(nlp, text, "withdraw")
    assert place is not None and place.country == "MLI"


def test_summit_held_in(nlp):
    text = "Leaders signed the accord at a regional summit held last month in Nairobi."
    assert place_of(nlp, text, "summit").name == "Nairobi"


def test_no_place_in_the_sentence(nlp):
    assert place_of(nlp, "The minister resigned on Tuesday.", "resigned") is None


# -------------------------------------------------------------------------------------------- labelled set


def test_per_document_cost_is_small(nlp):
    doc = nlp("Fighting continued in Idlib province while talks in Geneva stalled. " * 20)
    places.find_places(doc)  # warm the gazetteer
    started = time.perf_counter()
    for _ in range(5):
        places.find_places(doc)
    assert (time.perf_counter() - started) / 5 < 0.2
