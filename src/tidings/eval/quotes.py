"""Scoring quote detection and speakers (`tidings.quotes`) against the hand labels in labels/quotes.jsonl."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..types import Span
from .coref import read_with_references
from .labels import actor_label, matches
from .score import Score


def score_quotes(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                 limit: int | None = None) -> Score:
    """Speaker accuracy (the headline), and detection beside it, over hand labels
    `{"article", "start", "end", "speaker"}`.

    A labelled quote is found when a quote the coder finds overlaps its span, and its speaker is
    correct when that quote's speaker has the label's canonical name or CAMEO code (a null label
    wants no named speaker). Every quote in a labelled article is labelled, so found quotes that
    overlap no label count against precision.
    """
    n = found = correct = extra = predicted = articles = 0
    misses: list[dict[str, Any]] = []
    for wanted, _, people in read_with_references(labels, corpus, limit):
        articles += 1
        quotes = people.quotes
        predicted += len(quotes)
        extra += sum(1 for q in quotes if not any(_overlaps(q.span, label) for label in wanted))
        for label in wanted:
            n += 1
            hits = [q for q in quotes if _overlaps(q.span, label)]
            found += bool(hits)
            ok = bool(hits) and matches(hits[0].speaker, label["speaker"])
            correct += ok
            if not ok:
                misses.append({**label, "found": bool(hits),
                               "speaker_found": actor_label(hits[0].speaker) if hits else None,
                               "speaker_text": hits[0].speaker_text if hits else None})
    details = {
        "articles": articles, "found": found, "speaker_correct": correct,
        "detection": found / n if n else 0.0,
        "speaker_accuracy": correct / n if n else 0.0,
        "speaker_accuracy_found": correct / found if found else 0.0,
        "predicted": predicted, "unlabelled_found": extra,
        "precision": (predicted - extra) / predicted if predicted else 0.0,
    }
    return Score(correct, None, n, details, tuple(misses))


def _overlaps(span: Span, label: Mapping[str, Any]) -> bool:
    return span.start < label["end"] and span.end > label["start"]
