"""What scorers return: one `Score` for counts and what follows from them, and the eval table's rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Score:
    """Counts and what follows from them.

    `tp` of `n_gold` gold items were found or right: `accuracy` (and `recall`) is their share.
    Where predictions are counted too (`n_pred`), precision and F1 follow. `details` holds further
    figures reported beside the headline, in order; `misses` the gold items got wrong, as dicts
    with the label's fields and what was predicted (`got`, `predicted` or a scorer's own key).
    """

    tp: int
    n_pred: int | None
    n_gold: int
    details: Mapping[str, int | float | str | None] = field(default_factory=dict)
    misses: tuple[Mapping[str, Any], ...] = ()

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        total = (self.n_pred or 0) + self.n_gold
        return 2 * self.tp / total if total else 0.0

    @property
    def accuracy(self) -> float | None:
        """The share of gold items right; None when there were none."""
        return self.tp / self.n_gold if self.n_gold else None


def micro_prf(gold: Iterable[set[Any]], predicted: Iterable[set[Any]]) -> Score:
    """Micro-averaged counts over paired per-item sets."""
    tp = n_pred = n_gold = 0
    for g, p in zip(gold, predicted, strict=True):
        tp += len(g & p)
        n_pred += len(p)
        n_gold += len(g)
    return Score(tp, n_pred, n_gold)


def macro_f1(gold: Sequence[int], predicted: Sequence[int | None], classes: Iterable[int]) -> float:
    """Mean per-class F1; a None prediction is a miss for its gold class and no class's false positive."""
    scores = []
    for c in classes:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in predicted if p == c)
        n_gold = sum(1 for g in gold if g == c)
        scores.append(Score(tp, n_pred, n_gold).f1)
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(gold: Sequence[Any], predicted: Sequence[Any]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold) if gold else 0.0


def ratio_text(right: int, n: int) -> str:
    """"right/n = share" for a report's details ("0/0" when nothing was counted)."""
    return f"{right}/{n} = {right / n:.3f}" if n else "0/0"


def split_accuracy(outcomes: list[tuple[str, bool]]) -> dict[str, str]:
    """"right/n" for each split among (split, right) outcomes, keyed "<split> accuracy"."""
    totals: Counter[str] = Counter(split for split, _ in outcomes)
    right: Counter[str] = Counter(split for split, ok in outcomes if ok)
    return {f"{split} accuracy": ratio_text(right[split], n) for split, n in sorted(totals.items())}


@dataclass(frozen=True, slots=True)
class Metric:
    """One row of the eval table. `value` is None when the metric could not be computed."""

    name: str
    value: float | None
    n: int
    source: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.name, "value": self.value, "n": self.n, "source": self.source,
                "note": self.note}


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold item the coder got wrong, for error analysis."""

    metric: str
    id: str
    text: str
    gold: str
    predicted: str

    def to_dict(self) -> dict[str, str]:
        return {"metric": self.metric, "id": self.id, "text": self.text, "gold": self.gold,
                "predicted": self.predicted}


@dataclass(slots=True)
class Report:
    metrics: list[Metric] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def extend(self, other: Report) -> None:
        self.metrics += other.metrics
        self.misses += other.misses
        self.notes += other.notes

    def to_dict(self) -> dict[str, Any]:
        return {"metrics": [m.to_dict() for m in self.metrics],
                "misses": [m.to_dict() for m in self.misses], "notes": self.notes}
