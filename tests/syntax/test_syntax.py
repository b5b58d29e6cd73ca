"""Syntax: clause, tense and cue helpers on exact parses built with `make_doc` (no statistical parser)."""

from __future__ import annotations

from tidings.syntax import (
    attachment, clause_verb, is_simple_past, own_clause, relative_antecedent, time_orientation,
)
from tidings.syntax.words import preposition_weights, prepositions


def will_meet(make_doc):
    # "Russia will meet Iran next week ."
    return make_doc(["Russia", "will", "meet", "Iran", "next", "week", "."], heads=[2, 2, 2, 2, 5, 2, 2],
                    deps=["nsubj", "aux", "ROOT", "dobj", "amod", "npadvmod", "punct"],
                    pos=["PROPN", "AUX", "VERB", "PROPN", "ADJ", "NOUN", "PUNCT"],
                    tags=["NNP", "MD", "VB", "NNP", "JJ", "NN", "."])


def test_a_future_auxiliary_points_the_clause_forward(make_doc) -> None:
    doc = will_meet(make_doc)
    assert time_orientation(doc[2]) == "future"


def test_a_simple_past_points_back_and_a_present_perfect_is_no_narrative_past(make_doc) -> None:
    met = make_doc(["Russia", "met", "Iran"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"],
                   pos=["PROPN", "VERB", "PROPN"], tags=["NNP", "VBD", "NNP"], morphs=["", "Tense=Past", ""])
    has_met = make_doc(["Russia", "has", "met", "Iran"], heads=[2, 2, 2, 2], deps=["nsubj", "aux", "ROOT", "dobj"],
                       pos=["PROPN", "AUX", "VERB", "PROPN"], tags=["NNP", "VBZ", "VBN", "NNP"],
                       morphs=["", "Tense=Pres", "Tense=Past", ""])
    assert time_orientation(met[1]) == "past" and is_simple_past(met[1])
    assert not is_simple_past(has_met[2])


def test_the_clause_verb_of_a_noun_is_the_verb_above_it(make_doc) -> None:
    doc = will_meet(make_doc)
    assert clause_verb(doc[5]).text == "meet"
    assert clause_verb(doc[2]).text == "meet"


def test_own_clause_leaves_out_a_clause_with_its_own_time(make_doc) -> None:
    # "Kyiv said Russia attacked"
    doc = make_doc(["Kyiv", "said", "Russia", "attacked"], heads=[1, 1, 3, 1], deps=["nsubj", "ROOT", "nsubj", "ccomp"],
                   pos=["PROPN", "VERB", "PROPN", "VERB"], tags=["NNP", "VBD", "NNP", "VBD"])
    assert [t.text for t in own_clause(doc[1])] == ["said", "Kyiv"]


def test_a_relative_pronoun_subject_stands_for_the_noun_its_clause_follows(make_doc) -> None:
    # "the SDF , which advanced"
    doc = make_doc(["the", "SDF", ",", "which", "advanced"], heads=[1, 1, 1, 4, 1],
                   deps=["det", "ROOT", "punct", "nsubj", "relcl"], pos=["DET", "PROPN", "PUNCT", "PRON", "VERB"],
                   tags=["DT", "NNP", ",", "WDT", "VBD"])
    assert relative_antecedent(doc[3], doc[4]).text == "SDF"
    assert relative_antecedent(doc[1], doc[4]).text == "SDF"  # not a relative pronoun: itself


def test_an_expression_hangs_from_the_first_noun_or_verb_outside_it(make_doc) -> None:
    doc = will_meet(make_doc)
    assert attachment(doc[4:6]).text == "meet"


def test_prepositions_by_role_keep_the_files_order_and_weights() -> None:
    assert prepositions("recipient")[:3] == ("against", "on", "with")
    assert "by" not in prepositions("recipient") and prepositions("maker") == ("by",)
    assert preposition_weights("locative")["in"] > preposition_weights("locative")["to"]
