"""Evaluation: every scorer of the coder and its stages, each returning a `Score` or a `Report`.

- `score`: the `Score` type (counts, precision/recall/F1, accuracy) and the eval table's rows;
- `gold`: the gold sets of shared/gold (PLOVER, penta, roles, PETRARCH), coded sentence by sentence;
- `story`, `coref`, `quotes`, `places`: the story scorers over the hand labels in `labels/`;
- `labels`: finding and reading gold, labels and corpus; matching an actor to a label;
- `candidates`: the candidate filter's cost in events;
- `run`: `tidings eval`, all of it as one Report.

The stages never import from here: scoring re-runs them, they do not score themselves.
"""

from .gold import bio_spans, code_sentences, score_plover, token_offsets
from .labels import find_shared
from .run import evaluate
from .score import Metric, Miss, Report, Score, macro_f1

__all__ = ["Metric", "Miss", "Report", "Score", "bio_spans", "code_sentences", "evaluate", "find_shared",
           "macro_f1", "score_plover", "token_offsets"]
