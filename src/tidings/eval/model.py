"""Cross-validation of the learned reader (`tidings eval --cv K`).

Every distinct gold sentence (penta, roles and PLOVER files joined on `training.group_key`) falls
in one of K folds, fixed by a seed (`training.fold_of`), so a sentence and its copies never sit in
both training and test. For each fold a model is trained on the other folds' gold sentences plus the
weak data (synthetic leads, corpus NONE sentences; `tidings.reader.training`) and scored on the fold:

* **penta macro-F1**: the penta head's class against the penta gold (`eval.macro_f1`);
* **role token F1**: per token of the roles gold, its role (S, T, R or none, B/I ignored) from the
  predicted span covering it; micro F1 over tokens with a role, and F1 of S (source) and T (target)
  tokens alone;
* **PLOVER top-1**: the event-type head's first choice against the PLOVER record's type; and, as a
  row of its own, against the PLOVER type of the PETRARCH unit-test sentences' CAMEO codes;
* **coder rows**: the whole coder reading with the fold's model (`reader.using`) on the fold's
  PLOVER sentences, scored by `eval.score_plover` (PLOVER type accuracy, actor/type/recipient F1).

The table gives each metric's mean and standard deviation over the folds.
"""

from __future__ import annotations

import copy
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import reader
from .gold import code_sentences, score_plover
from .score import Score, macro_f1

SOURCE, TARGET = "S", "T"


@dataclass(frozen=True, slots=True)
class FoldScores:
    fold: int
    values: dict[str, float]
    sizes: dict[str, int]


def token_roles(spans: Sequence[tuple[str, int, int]], tokens: Sequence[tuple[int, int]]) -> list[str]:
    """Each token's role: that of the first span overlapping it, else "O"."""
    roles = []
    for start, end in tokens:
        roles.append(next((role for role, s, e in spans if s < end and start < e), "O"))
    return roles


def role_token_prf(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]],
                   only: str | None = None) -> Score:
    """Micro counts over tokens with a role (or only those with role `only`)."""
    tp = n_pred = n_gold = 0
    for gold_roles, predicted_roles in zip(gold, predicted, strict=True):
        for g, p in zip(gold_roles, predicted_roles, strict=True):
            counts_g = g != "O" if only is None else g == only
            counts_p = p != "O" if only is None else p == only
            n_gold += counts_g
            n_pred += counts_p
            tp += counts_g and counts_p and g == p
    return Score(tp, n_pred, n_gold)


def score_fold(fold: int, model: reader.Reader, test: Sequence[Any], plover: Sequence[dict[str, Any]],
               *, with_coder: bool = True) -> FoldScores:
    """The metrics of the module docstring for one fold's test examples (`training.Example`) and
    PLOVER records."""
    values: dict[str, float] = {}
    sizes: dict[str, int] = {}
    penta = [e for e in test if e.penta is not None]
    if penta:
        found = model.predict([e.text for e in penta])
        values["penta macro-F1"] = macro_f1([e.penta for e in penta], [r.penta for r in found], range(5))
        values["penta accuracy"] = sum(e.penta == r.penta for e, r in zip(penta, found, strict=True)) / len(penta)
        sizes["penta macro-F1"] = sizes["penta accuracy"] = len(penta)
    roles = [e for e in test if e.tokens is not None]
    if roles:
        found = model.predict([e.text for e in roles])
        gold = [token_roles(e.spans or (), e.tokens) for e in roles]
        predicted = [token_roles([(s.role, s.start, s.end) for s in r.roles], e.tokens)
                     for e, r in zip(roles, found, strict=True)]
        for name, only in (("role token F1", None), ("role token F1 source", SOURCE),
                           ("role token F1 target", TARGET)):
            prf = role_token_prf(gold, predicted, only)
            values[name] = prf.f1
            sizes[name] = prf.n_gold
    petrarch = [e for e in test if e.origin == "petrarch"]
    if petrarch:
        found = model.predict([e.text for e in petrarch])
        values["PLOVER top-1, PETRARCH tests (model)"] = sum(
            e.event_type == f.event_type for e, f in zip(petrarch, found, strict=True)) / len(petrarch)
        sizes["PLOVER top-1, PETRARCH tests (model)"] = len(petrarch)
    if plover:
        found = model.predict([r["text"] for r in plover])
        values["PLOVER top-1 (model)"] = sum(r["event"] == f.event_type for r, f in
                                             zip(plover, found, strict=True)) / len(plover)
        sizes["PLOVER top-1 (model)"] = len(plover)
        if with_coder:
            values.update(coder_scores(model, plover, sizes))
    return FoldScores(fold, values, sizes)


def coder_scores(model: reader.Reader, plover: Sequence[dict[str, Any]], sizes: dict[str, int]) -> dict[str, float]:
    """The whole coder, reading with `model`, on PLOVER records."""
    with reader.using(model):
        coded = code_sentences([(str(r.get("id", i)), r["text"], r.get("date")) for i, r in enumerate(plover)])
    report = score_plover(plover, coded)
    out = {}
    for metric in report.metrics:
        if metric.name in ("PLOVER type accuracy", "actor/type/recipient F1") and metric.value is not None:
            out[f"{metric.name} (coder)"] = metric.value
            sizes[f"{metric.name} (coder)"] = metric.n
    return out


def cross_validate(shared: Path, folds: int = 5, *, seed: int = 13, settings: Any = None,
                   models: Path | None = None, with_coder: bool = True,
                   log: Callable[[str], None] = print, device: str = "cpu") -> list[FoldScores]:
    """Train and score one model per fold (see the module docstring).

    `models`: a folder where each fold's weights are kept (fold-K.pt); a fold whose file is
    already there is loaded instead of trained, so the coder can be scored again after a change
    to the fusion rules without training again.
    """
    # torch and the training code come with the optional `train` extra: imported only when CV runs
    import torch

    from ..reader import training

    settings = settings or training.Settings()
    examples = training.gold_examples(shared)
    weak = training.weak_examples(shared, settings)
    everything = examples + weak
    tokenizer = training.tokenizer()
    net = training.new_net(settings).to(device)
    pretrained = copy.deepcopy(net.state_dict())
    features = None
    plover = training.plover_records(shared)
    results = []
    for fold in range(folds):
        test_groups = {e.group for e in examples if training.fold_of(e.group, folds, seed) == fold}
        test = [e for e in examples if e.group in test_groups]
        saved = models / f"fold-{fold}.pt" if models else None
        if saved is not None and saved.is_file():
            net.load_state_dict(torch.load(saved, map_location=device))
            log(f"fold {fold + 1}/{folds}: weights from {saved}")
        else:
            if features is None:
                features = training.compute_features(net, tokenizer, everything, settings.frozen_layers, log,
                                                      device=device)
            net.load_state_dict(pretrained)
            train_ix = [i for i, e in enumerate(everything) if e.group not in test_groups]
            log(f"fold {fold + 1}/{folds}: training on {len(train_ix)} sentences, testing on {len(test)}")
            training.train(net, features, everything, train_ix, settings, log, device)
            if saved is not None:
                saved.parent.mkdir(parents=True, exist_ok=True)
                torch.save(net.state_dict(), saved)
        fold_plover = [r for r in plover if training.group_key(r["text"]) in test_groups]
        scores = score_fold(fold, training.TorchReader(net, tokenizer, device), test, fold_plover, with_coder=with_coder)
        log(f"fold {fold + 1}/{folds}: " + ", ".join(f"{k} {v:.3f}" for k, v in scores.values.items()))
        results.append(scores)
    return results


def summary(results: Sequence[FoldScores]) -> list[tuple[str, float, float, int]]:
    """(metric, mean, standard deviation, items over all folds) per metric, in first-seen order."""
    names: list[str] = []
    for result in results:
        names += [n for n in result.values if n not in names]
    rows = []
    for name in names:
        values = [r.values[name] for r in results if name in r.values]
        sd = statistics.stdev(values) if len(values) > 1 else 0.0
        rows.append((name, statistics.fmean(values), sd, sum(r.sizes.get(name, 0) for r in results)))
    return rows
