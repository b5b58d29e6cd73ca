"""The training data the learned reader is built from (needs the train extra)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tidings.reader import training  # noqa: E402


def test_a_none_sentence_holds_no_word_that_can_refer_to_an_actor() -> None:
    referring = training.referring_words()
    sentences = training.sentence_words("The spokesmen left early. They said nothing. Rain fell on the fields.")
    assert [referring.isdisjoint(words) for _, _, words in sentences] == [False, False, True]
    assert {"he", "we", "official", "government", "rebels"} <= referring


def test_fold_of_keeps_copies_of_a_sentence_together() -> None:
    first = training.group_key("The government 's plan")
    assert first == training.group_key("The  governmentʼs plan")
    assert training.fold_of(first, 5, 13) == training.fold_of(training.group_key("the government's plan"), 5, 13)


def test_a_missed_recipient_tag_costs_more_than_a_missed_actor_tag() -> None:
    import torch

    index = training.ROLE_INDEX
    weights = torch.tensor([2.0 if tag.endswith(("-T", "-R")) else 1.0 for tag in training.reader.ROLE_TAGS])
    logits = torch.zeros(1, 3, len(training.reader.ROLE_TAGS))
    logits[0, :, index["O"]] = 5.0  # the model reads every piece as no role
    missed_target = torch.tensor([[index["B-T"], index["O"], training.IGNORE]])
    missed_source = torch.tensor([[index["B-S"], index["O"], training.IGNORE]])
    assert training.role_loss(logits, missed_target, weights) > training.role_loss(logits, missed_source, weights)
    assert training.role_loss(logits, missed_target, torch.ones(len(weights))) == pytest.approx(
        float(training.role_loss(logits, missed_source, torch.ones(len(weights)))))


def test_petrarch_tests_teach_the_plover_type_of_their_first_cameo_code(tmp_path) -> None:
    import json

    records = [
        {"text": "Arnor accused Gondor of spying.", "valid": True,
         "expected": [{"source": "ARN", "target": "GON", "event": "112"}, {"event": "042"}]},
        {"text": "Arnor  accused Gondor of spying.", "valid": True, "expected": [{"event": "190"}]},
        {"text": "Gondor met Rohan.", "valid": False, "expected": [{"event": "040"}]},
        {"text": "Rohan sent aid to Gondor.", "valid": True, "expected": [{"event": "0233"}, {"event": "073"}]},
        {"text": "Eriador did something new.", "valid": True, "expected": [{"event": "90"}]},
        {"text": "Nothing happened in Bree.", "valid": True, "expected": []},
    ]
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "petr_unittest.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    found = {e.text: e.event_type for e in training.petrarch_examples(tmp_path)}
    assert found == {"Arnor accused Gondor of spying.": "ACCUSE", "Rohan sent aid to Gondor.": "REQUEST"}
    assert {e.origin for e in training.petrarch_examples(tmp_path)} == {"petrarch"}
