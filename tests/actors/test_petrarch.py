"""PETRARCH/TABARI dictionaries: the actor and agent formats, dates, synonyms, substitutions,
plurals, and the fictional validation dictionaries in ../shared."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tidings import actors
from tidings.actors import petrarch
from tidings.events import lexicon, read_user_rules
from tidings.errors import DataError

# a verbs dictionary (its conversion to trigger rules is tested in tests/events/test_user_rules.py)
VERBS = """--- PARLEY  [040] ---
PARLEY
- * TRUCE  [0871]
"""

ACTORS = """<!-- TEST ACTORS -->
<!-- a comment
spanning lines [XXX] -->
ARNOR  [ARN]
+ARNORIAN
GONDOR [GON] # pas 12/09/13
+MINAS_TIRITH

GOLLUM  # comment
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
#\t[AAA950601-990815]  commented out
\t[HOBREB > 990816]
PRINCE OF DOL AMROTH
\t[--- <950630]
\t[DOL]
THE_SHIRE  [FRO/BIL/SAM]
UN_  [IGOUNO]
"""

AGENTS = """<!-- TEST AGENTS -->
!PERSON! = MAN, WOMAN
POLICE {} [~COP] # no plural
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
CONGRESS!PERSON! [~LEG]
MILITIA [~REB]
HUMAN_RIGHTS_BODY  [NGO~]
"""


def by_name(records):
    out = {}
    for record in records:
        out.setdefault(record["name"], []).append(record)
    return out


def test_actor_entries_synonyms_and_codes():
    records = by_name(petrarch.read_actor_dictionary(ACTORS))
    assert set(records) == {"Arnor", "Gondor", "Gollum", "Prince of Dol Amroth", "The Shire", "UN"}
    arnor = records["Arnor"][0]
    assert arnor["cameo"] == "ARN"
    assert "Arnorian" in arnor["aliases"] and "Arnor" in arnor["aliases"]
    assert "Minas Tirith" in records["Gondor"][0]["aliases"]


def test_dates_before_between_and_after():
    gollum = petrarch.read_actor_dictionary(ACTORS)
    periods = [(r["cameo"], r["start"], r["end"]) for r in gollum if r["name"] == "Gollum"]
    assert periods == [
        ("HOB", "", "1995-06-01"),
        ("HOBGOV", "1995-06-01", "1999-08-16"),  # the range includes 1999-08-15
        ("HOBREB", "1999-08-17", ""),  # after 1999-08-16
    ]


def test_null_code_and_compound_codes():
    records = by_name(petrarch.read_actor_dictionary(ACTORS))
    prince = records["Prince of Dol Amroth"]
    assert [(r["sector"], r["end"]) for r in prince] == [("-", "1995-06-30"), ("", "")]
    shire = records["The Shire"][0]
    assert (shire["cameo"], shire["also"]) == ("FRO", ["BIL", "SAM"])


def test_exact_words_are_not_stemmed():
    records = by_name(petrarch.read_actor_dictionary(ACTORS))
    assert records["UN"][0]["aliases"] == ["UN"]
    assert "Gondors" in records["Gondor"][0]["aliases"]


@pytest.mark.parametrize(("block", "expected"), [
    ("USA", petrarch.CodePeriod("USA")),
    ("hob < 950601", petrarch.CodePeriod("HOB", end=date(1995, 6, 1))),
    ("HOB<950601", petrarch.CodePeriod("HOB", end=date(1995, 6, 1))),
    ("ORCHOB 20100109-20100112",
     petrarch.CodePeriod("ORCHOB", start=date(2010, 1, 9), end=date(2010, 1, 13))),
    ("GONGOV >19900101", petrarch.CodePeriod("GONGOV", start=date(1990, 1, 2))),
])
def test_code_blocks(block, expected):
    assert petrarch.parse_code_block(block) == expected


@pytest.mark.parametrize("block", ["", "USA someday", "USA < 991399"])
def test_bad_code_blocks_are_data_errors(block):
    with pytest.raises(DataError):
        petrarch.parse_code_block(block)


def test_agents_plurals_and_substitutions():
    records = by_name(petrarch.read_agent_dictionary(AGENTS))
    assert records["police"][0]["aliases"] == ["police"]
    assert records["attorney general"][0]["aliases"] == ["attorney general", "attorneys general"]
    congress = records["congressman"][0]
    assert {"congressman", "congressmen", "congresswoman", "congresswomen"} <= set(
        congress["aliases"])
    assert records["militia"][0]["aliases"] == ["militia", "militias"]
    assert records["militia"][0]["sector"] == "REB"
    body = records["human rights body"][0]
    assert (body["sector"], body["prefix"]) == ("NGO", "yes")


DISCARDS = """# Story-level discards are indicated with a '+'.
MONTHS LATER
RUSSIAN_ROULETTE
+Manchester United   # pas 26-Feb-2014
"""


def test_dictionary_kind_is_told_by_its_contents():
    assert petrarch.dictionary_kind(AGENTS) == "agents"
    assert petrarch.dictionary_kind(ACTORS) == "actors"
    assert petrarch.dictionary_kind(VERBS) == "verbs"
    assert petrarch.dictionary_kind(DISCARDS) == "discards"


def test_discards_hide_the_actor_words_inside_them(nlp, tmp_path):
    path = tmp_path / "discards.txt"
    path.write_text(DISCARDS, encoding="utf-8")
    verbs = tmp_path / "verbs.txt"
    verbs.write_text(VERBS, encoding="utf-8")
    actors.reset()
    try:
        text = "Critics said the US was playing Russian roulette with the talks."
        before = [m.actor.cameo for m in actors.find_mentions(nlp(text))]
        added = actors.add_dictionaries([path, verbs])
        # three discard entries; the verbs file is trigger rules, read on their own, not actors
        rules = read_user_rules([path, verbs])
        assert added == 3 and rules
        assert sum(map(len, lexicon(rules).values())) - sum(map(len, lexicon().values())) == len(rules)
        after = [m.actor.cameo for m in actors.find_mentions(nlp(text))]
        assert before == ["USA", "RUS"]
        assert after == ["USA"]
    finally:
        actors.reset()


def test_dated_dictionary_entries_code_by_date(nlp, tmp_path):
    (tmp_path / "actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "agents.txt").write_text(AGENTS, encoding="utf-8")
    actors.reset()
    try:
        added = actors.add_dictionaries([tmp_path / "actors.txt", tmp_path / "agents.txt"])
        assert added == 6 + 5

        def cameo(text, day):
            return [m.actor.cameo for m in actors.find_mentions(nlp(text), when=day)]

        assert cameo("Gollum denounced Gondor.", date(1994, 1, 1)) == ["HOB", "GON"]
        assert cameo("Gollum denounced Gondor.", date(1997, 1, 1)) == ["HOBGOV", "GON"]
        assert cameo("Smeagol denounced Gondor.", date(2003, 1, 1)) == ["HOBREB", "GON"]
        assert cameo("The Prince of Dol Amroth left.", date(1990, 1, 1)) == []
        assert cameo("The Prince of Dol Amroth left.", date(1996, 1, 1)) == ["DOL"]
        assert sorted(cameo("The Shire protested.", date(2000, 1, 1))) == ["BIL", "FRO", "SAM"]
        assert cameo("Arnorian militias attacked.", date(2000, 1, 1)) == ["ARNREB"]
        assert cameo("A human rights body in Arnor protested.", date(2000, 1, 1)) == ["NGOARN"]
    finally:
        actors.reset()


@pytest.mark.shared
def test_validation_dictionaries_in_shared(shared_dir):
    folder = shared_dir / "gold" / "petr_dictionaries"
    actor_records = petrarch.read_dictionary(folder / "PETR.Validate.actors.txt")
    agent_records = petrarch.read_dictionary(folder / "PETR.Validate.agents.txt")
    names = by_name(actor_records)
    assert len(names) > 100
    assert [r["cameo"] for r in names["Sam Gamgee"]] == [
        "HOB", "HOBCIV", "ORCHOB", "HOBMIL", "HOBGOV", "HOBELI"]
    interpol = names["International Criminal Police Organization"][0]
    assert interpol["cameo"] == "IGOCOPITP" and "Interpol" in interpol["aliases"]
    agents = by_name(agent_records)
    assert agents["foreign minister"][0]["sector"] == "GOVFRM"
    assert "congresswomen" in agents["congressman"][0]["aliases"]


# --- property: what we write, we read back ----------------------------------------------------

WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=9)
CODE = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
SECTOR = st.sampled_from(["", "GOV", "MIL", "REB", "OPP"])
DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))


@st.composite
def actor_entries(draw):
    words = draw(st.lists(WORD, min_size=1, max_size=3))
    synonyms = draw(st.lists(WORD, max_size=2))
    code = draw(CODE) + draw(SECTOR)
    bound = draw(st.sampled_from(["", "<", ">", "-"]))
    return words, synonyms, code, bound, draw(DAY), draw(DAY)


@settings(max_examples=80, deadline=None)
@given(st.lists(actor_entries(), min_size=1, max_size=6,
                unique_by=lambda e: " ".join(e[0])))
def test_written_actor_dictionary_reads_back(entries):
    lines = ["<!-- generated -->"]
    for words, synonyms, code, bound, day, other in entries:
        first, last = sorted((day, other))
        if bound == "<":
            block = f"{code} <{day:%Y%m%d}"
        elif bound == ">":
            block = f"{code} >{day:%Y%m%d}"
        elif bound == "-":
            block = f"{code} {first:%Y%m%d} - {last:%Y%m%d}"
        else:
            block = code
        lines.append("_".join(words) + "_ # exact")
        lines += ["+" + s + "_" for s in synonyms]
        lines.append(f"\t[{block}]")
    records = petrarch.read_actor_dictionary("\n".join(lines) + "\n")
    assert len(records) == len(entries)
    for record, (words, synonyms, code, bound, day, other) in zip(records, entries, strict=True):
        assert record["aliases"] == [petrarch.proper_case(" ".join(words))] + [
            petrarch.proper_case(s) for s in synonyms]
        assert record["cameo"] == code
        first, last = sorted((day, other))
        expected = {"": ("", ""), "<": ("", day.isoformat()),
                    ">": ((day.toordinal() + 1), ""),
                    "-": (first.isoformat(), date.fromordinal(last.toordinal() + 1).isoformat())}
        start, end = expected[bound]
        if isinstance(start, int):
            start = date.fromordinal(start).isoformat()
        assert (record["start"], record["end"]) == (start, end)
