"""Cross-validation scorers and the `tidings eval --cv` command."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.eval.model import FoldScores, role_token_prf, summary, token_roles


def test_role_tokens_take_the_role_of_the_span_over_them() -> None:
    tokens = [(0, 6), (7, 13), (14, 21)]
    assert token_roles([("S", 0, 13)], tokens) == ["S", "S", "O"]
    assert token_roles([("T", 9, 10)], tokens) == ["O", "T", "O"]
    assert token_roles([], tokens) == ["O", "O", "O"]


def test_role_token_f1_counts_only_tokens_with_a_role_and_the_right_one() -> None:
    gold = [["S", "S", "O", "T"]]
    predicted = [["S", "T", "T", "O"]]
    every = role_token_prf(gold, predicted)
    assert (every.tp, every.n_pred, every.n_gold) == (1, 3, 3)
    source = role_token_prf(gold, predicted, "S")
    assert (source.tp, source.n_pred, source.n_gold) == (1, 1, 2)
    target = role_token_prf(gold, predicted, "T")
    assert (target.tp, target.n_pred, target.n_gold) == (0, 2, 1)


def test_summary_gives_mean_and_sd_over_folds() -> None:
    folds = [FoldScores(0, {"penta macro-F1": 0.8}, {"penta macro-F1": 10}),
             FoldScores(1, {"penta macro-F1": 0.6}, {"penta macro-F1": 12})]
    ((name, mean, sd, n),) = summary(folds)
    assert name == "penta macro-F1" and n == 22
    assert mean == pytest.approx(0.7) and sd == pytest.approx(0.1414, abs=1e-4)


def test_cv_without_torch_says_the_train_extra_is_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    result = CliRunner().invoke(main, ["eval", "--cv", "5"])
    assert result.exit_code == 2
    assert "train extra" in result.output
