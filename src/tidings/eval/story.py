"""Story scorers: date and mode accuracy over the hand-labelled sets in labels/ (dates.jsonl, modes.jsonl).

Labels hold an article id and character offsets into that article's `text` in the corpus
(../shared/corpus/guardian_sample.jsonl by default), never the text itself. `tidings eval` calls
`score_dates` and `score_modes` with the keyword arguments they accept.

* Date accuracy: a labelled span counts as right when a Timeline mention overlapping it has the
  same value (None for spans of time).
* Mode accuracy: `mode_of` on the token at the label's `start`, with the Timeline's `date_for` as
  the event date, equals the label.

A label may carry `split`: "dev" items were looked at while the rules were written, "heldout" items
were labelled afterwards and only scored; each split's accuracy is reported beside the total.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from . import nlp
from .dates import Timeline, build_timeline
from .modality import mode_of

DEFAULT_LABELS = Path(__file__).resolve().parents[2] / "labels"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _labels(labels: Path | Iterable[Mapping[str, Any]] | None, labels_dir: Path | None,
            name: str) -> list[Mapping[str, Any]]:
    if labels is None:
        labels = (labels_dir or DEFAULT_LABELS) / name
    if isinstance(labels, (str, Path)):
        return read_jsonl(Path(labels)) if Path(labels).is_file() else []
    return list(labels)


def _articles(corpus: Path | Iterable[Mapping[str, Any]] | None, shared_dir: Path | None,
              wanted: set[str]) -> dict[str, Mapping[str, Any]]:
    if corpus is None and shared_dir is not None:
        corpus = Path(shared_dir) / "corpus" / "guardian_sample.jsonl"
    if corpus is None:
        return {}
    records = read_jsonl(Path(corpus)) if isinstance(corpus, (str, Path)) else corpus
    return {str(r["id"]): r for r in records if str(r["id"]) in wanted}


def _published(record: Mapping[str, Any]) -> date | None:
    value = record.get("published") or record.get("date")
    return date.fromisoformat(str(value)[:10]) if value else None


def _parsed(labels: list[Mapping[str, Any]], articles: Mapping[str, Mapping[str, Any]],
            limit: int | None) -> Iterable[tuple[Mapping[str, Any], Any, Timeline, list[Mapping[str, Any]]]]:
    """Each labelled article (up to `limit` of them) with its Doc, Timeline and labels."""
    by_article: dict[str, list[Mapping[str, Any]]] = {}
    for label in labels:
        by_article.setdefault(str(label["article"]), []).append(label)
    ids = [i for i in by_article if i in articles][:limit]
    language = nlp.load()
    for article_id, doc in zip(ids, language.pipe(articles[i]["text"] for i in ids), strict=True):
        record = articles[article_id]
        yield record, doc, build_timeline(doc, _published(record)), by_article[article_id]


def _split_accuracy(outcomes: list[tuple[str, bool]]) -> dict[str, str]:
    """"right/n" for each split among (split, right) outcomes, keyed "<split> accuracy"."""
    totals: Counter[str] = Counter(split for split, _ in outcomes)
    right: Counter[str] = Counter(split for split, ok in outcomes if ok)
    return {f"{split} accuracy": f"{right[split]}/{n} = {right[split] / n:.3f}" for split, n in sorted(totals.items())}


def score_dates(labels: Path | Iterable[Mapping[str, Any]] | None = None,
                corpus: Path | Iterable[Mapping[str, Any]] | None = None, *,
                labels_dir: Path | None = None, shared_dir: Path | None = None,
                limit: int | None = None) -> dict[str, Any]:
    """Date accuracy: labelled spans overlapped by a Timeline mention with the same value."""
    items = _labels(labels, labels_dir, "dates.jsonl")
    articles = _articles(corpus, shared_dir, {str(i["article"]) for i in items})
    correct = found = total = 0
    misses: list[dict[str, Any]] = []
    outcomes: list[tuple[str, bool]] = []
    for record, _, timeline, wanted in _parsed(items, articles, limit):
        for label in wanted:
            total += 1
            overlapping = [m for _, _, m in timeline.mentions
                           if m.span is not None and m.span.start < label["end"] and label["start"] < m.span.end]
            found += bool(overlapping)
            right = any(m.value == label["value"] for m in overlapping)
            outcomes.append((label.get("split", "all"), right))
            if right:
                correct += 1
            else:
                misses.append({"article": record["id"], "text": record["text"][label["start"]:label["end"]],
                               "gold": label["value"], "predicted": [m.value for m in overlapping]})
    return {"accuracy": correct / total if total else None, "correct": correct, "n": total,
            "found": found, **_split_accuracy(outcomes), "misses": misses}


def score_modes(labels: Path | Iterable[Mapping[str, Any]] | None = None,
                corpus: Path | Iterable[Mapping[str, Any]] | None = None, *,
                labels_dir: Path | None = None, shared_dir: Path | None = None,
                limit: int | None = None) -> dict[str, Any]:
    """Mode accuracy: `mode_of` on the labelled trigger token equals the label."""
    items = _labels(labels, labels_dir, "modes.jsonl")
    articles = _articles(corpus, shared_dir, {str(i["article"]) for i in items})
    correct = total = 0
    by_mode: Counter[str] = Counter()
    right_by_mode: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    outcomes: list[tuple[str, bool]] = []
    for record, doc, timeline, wanted in _parsed(items, articles, limit):
        published = _published(record)
        for label in wanted:
            span = doc.char_span(label["start"], label["end"], alignment_mode="expand")
            if span is None:
                continue
            trigger = span[0]
            found, why = mode_of(trigger, event_date=timeline.date_for(trigger.i),
                                 published=published.isoformat() if published else None)
            total += 1
            by_mode[label["mode"]] += 1
            outcomes.append((label.get("split", "all"), found == label["mode"]))
            if found == label["mode"]:
                correct += 1
                right_by_mode[label["mode"]] += 1
            else:
                misses.append({"article": record["id"], "trigger": trigger.text,
                               "sentence": trigger.sent.text, "gold": label["mode"],
                               "predicted": found, "why": why})
    result: dict[str, Any] = {"accuracy": correct / total if total else None, "correct": correct, "n": total}
    for mode, count in sorted(by_mode.items()):
        result[mode] = f"{right_by_mode[mode]}/{count}"
    result.update(_split_accuracy(outcomes))
    result["misses"] = misses
    return result
