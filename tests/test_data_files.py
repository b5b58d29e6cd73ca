"""The knowledge files in src/tidings/data/: each table parses through the one loader (tidings.data), has
the columns the code reads and no two rows with the same key; word lists hold no word twice; and the
loader reads back what a TSV file holds (a property test)."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings import data

# file → (its columns, in order; the columns that together name a row)
TABLES = {
    "syntax/prepositions.tsv": (("role", "preposition", "weight"), ("role", "preposition")),
    "syntax/speech_words.tsv": (("lemma", "quote", "reports"), ("lemma",)),
    "modality/cues.tsv": (("kind", "cue", "mode"), ("kind", "cue")),
    "codebook/cameo.tsv": (("code", "plover", "plover_mode", "plover_context", "goldstein", "quad", "penta", "name"),
                           ("code",)),
    "lexicon/triggers.tsv": (("lemma", "pos", "cues", "cameo"), ("lemma", "pos", "cues")),
    "lexicon/appeal_governors.tsv": (("lemma", "cameo"), ("lemma",)),
    "lexicon/clause_recipient.tsv": (("prefix",), ("prefix",)),
    "lexicon/commitment_verbs.tsv": (("lemma",), ("lemma",)),
    "lexicon/comrade_with.tsv": (("verb",), ("verb",)),
    "lexicon/domestic.tsv": (("prefix", "sector", "text"), ("prefix",)),
    "lexicon/frame_nouns.tsv": (("noun",), ("noun",)),
    "lexicon/document_nouns.tsv": (("noun",), ("noun",)),
    "lexicon/gerund_subject_preps.tsv": (("preposition", "doer"), ("preposition",)),
    "lexicon/intent.tsv": (("prefix", "intent", "refusal"), ("prefix",)),
    "lexicon/intent_cues.tsv": (("cue",), ("cue",)),
    "lexicon/model_codes.tsv": (("plover", "penta", "cameo"), ("plover", "penta")),
    "lexicon/obligation.tsv": (("word", "cameo"), ("word",)),
    "lexicon/reciprocal.tsv": (("prefix",), ("prefix",)),
    "lexicon/support_verbs.tsv": (("lemma",), ("lemma",)),
    "places/city_aliases.tsv": (("geonames", "aliases"), ("geonames",)),
    "places/country_aliases.tsv": (("country", "aliases"), ("country",)),
    "places/not_places.tsv": (("name",), ("name",)),
    "places/place_object_lemmas.tsv": (("lemma", "pos", "via"), ("lemma", "pos", "via")),
    "coref/descriptions.tsv": (("words", "target", "role", "count", "prefer"), ("words", "target")),
    "coref/first_person.tsv": (("form", "number"), ("form",)),
    "coref/impersonal.tsv": (("lemma", "voice"), ("lemma",)),
    "coref/pronouns.tsv": (("form", "gender", "number", "animacy"), ("form",)),
    "places/regions.tsv": (("name", "aliases", "kind", "country", "lat", "lon", "geonames", "bare"), ("name", "kind")),
}

DATA = Path(data.__file__).parent


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_has_its_columns_and_one_row_per_key(name: str) -> None:
    columns, key = TABLES[name]
    rows = data.table(name)
    assert rows, f"{name} has no rows"
    assert tuple(rows[0]) == columns
    for row in rows:
        assert None not in row, f"{name}: a row with more fields than columns: {row}"
        assert row[key[0]], f"{name}: a row without its {key[0]}: {row}"
    repeated = [k for k, n in Counter(tuple(row[k] for k in key) for row in rows).items() if n > 1]
    assert not repeated, f"{name}: rows with the same key {key}: {repeated}"


def test_every_table_under_data_is_declared() -> None:
    """A new table gets its columns and key declared here, so this test covers it."""
    shipped = {str(p.relative_to(DATA)) for p in DATA.rglob("*.tsv")}
    owned_elsewhere = {p for p in shipped if p.split("/")[0] == "actors"}
    assert shipped - owned_elsewhere == set(TABLES)


def test_the_role_tables_name_the_roles_the_code_asks_for() -> None:
    roles = {row["role"] for row in data.table("syntax/prepositions.tsv")}
    assert {"recipient", "maker", "topic", "noun_recipient", "controller", "attendance", "territory",
            "allegation", "locative", "venue", "before_place", "author"} <= roles
    weights = [row["weight"] for row in data.table("syntax/prepositions.tsv") if row["role"] == "locative"]
    assert all(float(w) > 0 for w in weights)
    modes = {row["mode"] for row in data.table("modality/cues.tsv") if row["kind"] in ("aux", "reported_future")}
    assert modes <= {"future", "hypothetical"}
    speech = data.table("syntax/speech_words.tsv")
    assert {row["quote"] for row in speech} <= {"strong", "weak", ""}
    assert {row["reports"] for row in speech} <= {"yes", ""}
    assert all(row["quote"] or row["reports"] for row in speech)  # each word is there for a reason


def test_the_date_grammar_parses_with_its_sections() -> None:
    grammar = data.yaml_file("dates/grammar.yaml")
    assert {"months", "weekdays", "numbers", "units", "seasons"} <= set(grammar)
    assert grammar["months"]["march"] == 3


def test_word_lists_hold_no_word_twice() -> None:
    for path in DATA.rglob("*.txt"):
        entries = [line.strip() for line in data.lines(str(path.relative_to(DATA)))]
        assert len(entries) == len(set(entries)), path


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\t\"#"),
                min_size=1, max_size=12).filter(lambda c: c.strip() == c)
comments = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20)
names = (f"property-{n}.tsv" for n in itertools.count())  # the loader caches by name: one name per example


@given(header=st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=4, unique=True),
       data_rows=st.lists(st.lists(cells, min_size=4, max_size=4), max_size=6), comment=comments)
def test_the_loader_reads_back_what_a_tsv_file_holds(monkeypatch_session, tmp_path_factory, header, data_rows,
                                                     comment) -> None:
    folder = tmp_path_factory.mktemp("data")
    name = next(names)
    rows = [row[: len(header)] for row in data_rows]
    text = "\n".join([f"# {comment}", "\t".join(header), *("\t".join(r) for r in rows), ""])
    (folder / name).write_text(text, encoding="utf-8")
    monkeypatch_session.setattr(data, "path", lambda n: folder / n)
    assert data.table(name) == tuple(dict(zip(header, r)) for r in rows)


@pytest.fixture(scope="module")
def monkeypatch_session():
    with pytest.MonkeyPatch.context() as patch:
        yield patch
