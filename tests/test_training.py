"""The training data the learned reader is built from (needs the train extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tidings import training  # noqa: E402


def test_a_none_sentence_holds_no_word_that_can_refer_to_an_actor() -> None:
    referring = training.referring_words()
    sentences = training.sentence_words("The spokesmen left early. They said nothing. Rain fell on the fields.")
    assert [referring.isdisjoint(words) for _, _, words in sentences] == [False, False, True]
    assert {"he", "we", "official", "government", "rebels"} <= referring


def test_fold_of_keeps_copies_of_a_sentence_together() -> None:
    first = training.group_key("The government 's plan")
    assert first == training.group_key("The  governmentʼs plan")
    assert training.fold_of(first, 5, 13) == training.fold_of(training.group_key("the government's plan"), 5, 13)
