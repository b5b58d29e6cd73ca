"""`tidings eval`: every gold file, the story metrics and the rules alone, as one Report.

**Story metrics** (mode, date, quote speaker, coreference, place, actor, event type, event sets):
the story scorers of `tidings.eval` over the hand-labelled sets in `labels/` (`STORY_SCORERS`).
Each is called as `scorer(labels, corpus, limit=limit)` with the records of its label file and the
shared corpus (article id → record) and returns a `Score`: its accuracy is the row's value, its
`details` the note beside it, its `misses` what `--errors` lists. A missing label file or corpus
shows why in the row's note; a scorer that raises does too, without sinking the table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from .. import reader
from .coref import score_coref
from .event_sets import score_event_sets_blind, score_event_sets_dev, score_event_sets_heldout
from .events import score_events
from .gold import DEFAULT_GOLD_FILES, detect_format, evaluate_file
from .labels import CORPUS_FILE, find_labels, read_corpus, read_jsonl
from .places import score_places
from .quotes import score_quotes
from .score import Metric, Miss, Report, Score
from .story import score_actors, score_dates, score_modes

RULES_NOTE = "learned reader switched off"



class StoryScorer(Protocol):
    """What every story scorer is: hand labels and the corpus (article id → record) in, a Score out."""

    __name__: str

    def __call__(self, labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                 limit: int | None = None) -> Score: ...


STORY_SCORERS: tuple[tuple[str, StoryScorer, str], ...] = (  # (row, scorer, label file)
    ("mode accuracy", score_modes, "modes.jsonl"),
    ("date accuracy", score_dates, "dates.jsonl"),
    ("quote-speaker accuracy", score_quotes, "quotes.jsonl"),
    ("coref accuracy", score_coref, "coref.jsonl"),
    ("place accuracy", score_places, "places.jsonl"),
    ("actor country accuracy", score_actors, "actors.jsonl"),
    ("event type accuracy (coder)", score_events, "events.jsonl"),
    ("event-set recall (coder, dev)", score_event_sets_dev, "event_sets.jsonl"),
    ("event-set recall (coder, held-out)", score_event_sets_heldout, "event_sets.jsonl"),
    ("event-set recall (coder, blind)", score_event_sets_blind, "event_sets.jsonl"),
)


def details_note(score: Score) -> str:
    """The figures a story scorer reports beside its headline, as one line."""
    return ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                     for k, v in score.details.items() if isinstance(v, (int, float, str)))


def score_story(shared: Path | None, *, limit: int | None = None, labels_dir: Path | None = None,
                scorers: Sequence[tuple[str, StoryScorer, str]] = STORY_SCORERS) -> Report:
    """One row per story scorer (see the module docstring), over the first `limit` labelled
    articles of each set."""
    report = Report()
    labels_dir = labels_dir or find_labels()
    corpus_file = shared / CORPUS_FILE if shared else None
    corpus = read_corpus(corpus_file) if corpus_file and corpus_file.is_file() else None
    for name, scorer, label_file in scorers:
        where = f"{scorer.__module__}.{scorer.__name__}"
        labels_file = labels_dir / label_file if labels_dir else None
        if labels_file is None or not labels_file.is_file():
            report.metrics.append(Metric(name, None, 0, where, f"no labels/{label_file}"))
            continue
        if corpus is None:
            report.metrics.append(Metric(name, None, 0, where, f"no {CORPUS_FILE} in the shared folder"))
            continue
        try:
            score = scorer(read_jsonl(labels_file), corpus, limit=limit)
        except Exception as err:  # a stage's scorer failing must not sink the whole table
            report.metrics.append(Metric(name, None, 0, where, f"failed: {type(err).__name__}: {err}"))
            continue
        report.metrics.append(Metric(name, score.accuracy, score.n_gold, where, details_note(score)))
        report.misses += story_misses(name, score.misses)
    return report


def story_misses(metric: str, listed: Sequence[Mapping[str, Any]]) -> list[Miss]:
    """A story scorer's misses (dicts with the label's fields and the prediction under `got` or
    `predicted`) as rows for `--errors`."""
    misses = []
    for item in listed:
        where = f"{item.get('article', '')}:{item.get('start', '')}-{item.get('end', '')}"
        label = ", ".join(f"{k}={v}" for k, v in item.items()
                          if k not in ("article", "start", "end", "got", "predicted", "text"))
        predicted = item.get("got", item.get("predicted"))
        misses.append(Miss(metric, where, str(item.get("text", "")), label,
                           json.dumps(predicted, ensure_ascii=False, default=str)))
    return misses


def score_rules_alone(shared: Path, *, limit: int | None = None) -> Report:
    """The coder with the learned reader switched off, on the PLOVER and penta gold: what the rules
    do alone."""
    report = Report()
    gold_dir = shared / "gold"
    with reader.switched_off():
        for name in ("plover_gsr_dev.jsonl", "cameo_penta_train.jsonl"):
            if (gold_dir / name).is_file():
                alone = evaluate_file(gold_dir / name, limit=limit)
                report.metrics += [replace(m, name=f"{m.name} (rules alone)", note=RULES_NOTE)
                                   for m in alone.metrics if "all events" not in m.name]
    return report


def file_format(path: Path) -> str:
    records = read_jsonl(path, 1)
    return detect_format(records[0], path.name) if records else "empty"


def evaluate(gold_files: Sequence[Path] = (), *, shared: Path | None = None, limit: int | None = None,
             story: bool = True, with_rules_alone: bool = True) -> Report:
    """Score every gold file (default: the shared gold sets), the story metrics, and the rules alone.

    The PETRARCH unit tests run last because their fictional actor dictionaries stay loaded.
    """
    report = Report()
    files = list(gold_files)
    if not files:
        if shared is None:
            report.notes.append("no shared data folder found (set TIDINGS_SHARED or pass GOLD files): "
                                "gold metrics skipped")
        else:
            files = [shared / "gold" / name for name in DEFAULT_GOLD_FILES
                     if (shared / "gold" / name).is_file()]
    petr = [p for p in files if file_format(p) == "petr"]
    for path in files:
        if path not in petr:
            report.extend(evaluate_file(path, limit=limit))
    if with_rules_alone and shared is not None and not gold_files:
        report.extend(score_rules_alone(shared, limit=limit))
    if story:
        report.extend(score_story(shared, limit=limit))
    for path in petr:
        report.extend(evaluate_file(path, limit=limit))
    return report
