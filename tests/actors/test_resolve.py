"""Resolving one name at a date: office-holders on both sides of a change of office, aliases,
unresolved names, guesses the context supports, and the `tidings resolve` command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import tidings
from tidings.actors import resolve
from tidings.cli import main


@pytest.mark.parametrize(("name", "day", "role", "sector"), [
    ("Donald Trump", "2020-12-01", "President of the United States", "GOV"),
    ("Donald Trump", "2021-02-01", "former President of the United States", "ELI"),
    ("Donald Trump", "2025-02-01", "President of the United States", "GOV"),
    ("Joe Biden", "2020-12-01", "former Vice President of the United States", "ELI"),
    ("Joe Biden", "2021-02-01", "President of the United States", "GOV"),
    ("Joe Biden", "2022-05-01", "President of the United States", "GOV"),
    ("Joe Biden", "2025-06-01", "former President of the United States", "ELI"),
    ("Rishi Sunak", "2024-07-04", "Prime Minister of the United Kingdom", "GOV"),
    ("Rishi Sunak", "2024-07-06", "former Prime Minister of the United Kingdom", "ELI"),
    ("Keir Starmer", "2024-07-04", None, None),
    ("Keir Starmer", "2024-07-06", "Prime Minister of the United Kingdom", "GOV"),
    ("Liz Truss", "2022-10-01", "Prime Minister of the United Kingdom", "GOV"),
    ("Liz Truss", "2022-06-01", "Foreign Secretary of the United Kingdom", "GOV"),
    ("Bashar al-Assad", "2024-12-01", "President of Syria", "GOV"),
    ("Assad", "2025-01-15", "former President of Syria", "ELI"),
    ("Ahmed al-Sharaa", "2024-06-01", "Leader of Hayat Tahrir al-Sham", "REB"),
    ("Ahmed al-Sharaa", "2025-03-01", "President of Syria", "GOV"),
    ("Dmitry Medvedev", "2010-01-01", "President of Russia", "GOV"),
    ("Vladimir Putin", "2010-01-01", "Prime Minister of Russia", "GOV"),
])
def test_role_at_a_date_on_both_sides_of_a_change_of_office(name, day, role, sector):
    result = resolve(name, day)
    assert result.resolved
    assert result.role == role
    assert result.sector == sector
    assert result.date == day


def test_the_same_office_changes_hands_on_the_inauguration_day():
    assert resolve("Biden", "2021-01-19").role == "former Vice President of the United States"
    assert resolve("Biden", "2021-01-20").role == "President of the United States"
    assert resolve("Trump", "2021-01-20").role == "former President of the United States"


@pytest.mark.parametrize("alias", ["Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy",
                                   "President Volodymyr Zelensky"])
def test_zelensky_aliases_resolve_to_one_actor(alias):
    result = resolve(alias, "2024-03-01")
    assert result.resolved
    assert (result.name, result.wikidata, result.cameo) == (
        "Volodymyr Zelensky", "Q3874799", "UKRGOV")
    assert result.role == "President of Ukraine"
    assert result.gender == "male"


@pytest.mark.parametrize(("name", "cameo", "kind"), [
    ("Türkiye", "TUR", "country"),
    ("Turkey", "TUR", "country"),
    ("the United States", "USA", "country"),
    ("U.S.", "USA", "country"),
    ("the Kremlin", "RUSGOV", "capital"),
    ("NATO", "IGOWSTNAT", "igo"),
    ("Daesh", "IMGMOSISI", "group"),
    ("TASS", "RUSGOVMED", "media"),
    ("Iraqi troops", "IRQMIL", "agent"),
])
def test_names_of_every_kind(name, cameo, kind):
    result = resolve(name)
    assert (result.resolved, result.cameo, result.kind) == (True, cameo, kind)


def test_group_status_follows_the_date():
    assert resolve("Taliban", "2020-01-01").cameo == "AFGREB"
    assert resolve("Taliban", "2022-01-01").cameo == "AFGGOV"


def test_unknown_name_is_unresolved_with_a_reason():
    result = resolve("Xanthe Korrigan", "2024-01-01")
    assert not result.resolved
    assert result.country is None and result.cameo is None
    assert "unresolved" in result.reason and "Xanthe Korrigan" in result.reason


def test_context_supports_a_guess_for_an_unknown_minister():
    context = "Minister John Mbadi of Kenya said on Tuesday that the talks would resume."
    result = resolve("John Mbadi", "2024-01-01", context=context)
    assert result.resolved
    assert (result.country, result.sector, result.cameo, result.kind) == (
        "KEN", "GOV", "KENGOV", "person")
    assert "context" in result.reason


def test_context_with_an_appositive_title():
    context = "John Mbadi, Kenya's finance minister, said the budget would pass."
    result = resolve("John Mbadi", "2024-01-01", context=context)
    assert (result.resolved, result.cameo) == (True, "KENGOV")


def test_context_that_says_nothing_keeps_the_name_unresolved():
    result = resolve("John Mbadi", context="John Mbadi arrived late to the match.")
    assert not result.resolved
    assert "context" in result.reason


def test_resolution_to_dict_and_package_api():
    result = tidings.resolve("Emmanuel Macron", "2023-01-01")
    data = result.to_dict()
    assert data["resolved"] is True and data["cameo"] == "FRAGOV"
    assert data["role"] == "President of France" and data["wikidata"] == "Q3052772"
    json.dumps(data)


def test_bad_date_is_a_clear_error():
    from tidings.errors import DataError

    with pytest.raises(DataError, match="cannot read 'the other day' as a date"):
        resolve("Putin", "the other day")


def test_cli_json_and_exit_status():
    runner = CliRunner()
    ok = runner.invoke(main, ["resolve", "Joe Biden", "--date", "2022-05-01", "--format", "json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["role"] == "President of the United States"
    missing = runner.invoke(main, ["resolve", "Xanthe Korrigan"])
    assert missing.exit_code == 1
    assert "resolved  no" in missing.output


def test_cli_table_with_context_and_user_dictionary(tmp_path):
    path = tmp_path / "extra.tsv"
    path.write_text("name\tcountry\tsector\nXanthe Korrigan\tIRL\tGOV\n", encoding="utf-8")
    from tidings import actors

    try:
        result = CliRunner().invoke(main, ["resolve", "Xanthe Korrigan", "--actors", str(path)])
        assert result.exit_code == 0, result.output
        assert "IRLGOV" in result.output
    finally:
        actors.reset()
