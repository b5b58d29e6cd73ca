"""Story scorers for dates, modes and actors over the hand-labelled sets in labels/ (dates.jsonl,
modes.jsonl, actors.jsonl).

* Date accuracy: a labelled span counts as right when a Timeline mention overlapping it has the
  same value (None for spans of time).
* Mode accuracy: `mode_of` on the token at the label's `start`, with the Timeline's `date_for` as
  the event date, equals the label.
* Actor accuracy: each labelled actor phrase is matched to the actor mention of its article
  (`tidings.actors.find_mentions` at the article's date) that overlaps it most, preferring one whose
  head word lies inside the label; the country (and, reported beside it, the sector) must equal the
  label's. No overlapping mention is wrong. Misses are listed for the `dev` split only.

A label may carry `split`: "dev" items were looked at while the rules were written, "heldout" items
were labelled afterwards and only scored; each split's accuracy is reported beside the total.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..actors import find_mentions
from ..dates import Timeline, build_timeline
from ..modality import mode_of
from ..pipeline import nlp
from .labels import labelled_articles, published
from .score import Score, split_accuracy


def _parsed(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]],
            limit: int | None) -> Iterable[tuple[Mapping[str, Any], Any, Timeline, list[Mapping[str, Any]]]]:
    """Each labelled article (up to `limit` of them) with its Doc, Timeline and labels."""
    chosen = list(labelled_articles(labels, corpus, limit))
    docs = nlp.load().pipe(record["text"] for record, _ in chosen)
    for (record, wanted), doc in zip(chosen, docs, strict=True):
        yield record, doc, build_timeline(doc, published(record)), wanted


def score_dates(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                limit: int | None = None) -> Score:
    """Date accuracy: labelled spans overlapped by a Timeline mention with the same value."""
    correct = found = total = 0
    misses: list[dict[str, Any]] = []
    outcomes: list[tuple[str, bool]] = []
    for record, _, timeline, wanted in _parsed(labels, corpus, limit):
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
    return Score(correct, None, total, {"found": found, **split_accuracy(outcomes)}, tuple(misses))


def score_modes(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                limit: int | None = None) -> Score:
    """Mode accuracy: `mode_of` on the labelled trigger token equals the label."""
    correct = total = 0
    by_mode: Counter[str] = Counter()
    right_by_mode: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    outcomes: list[tuple[str, bool]] = []
    for record, doc, timeline, wanted in _parsed(labels, corpus, limit):
        day = published(record)
        for label in wanted:
            span = doc.char_span(label["start"], label["end"], alignment_mode="expand")
            if span is None:
                continue
            trigger = span[0]
            found, why = mode_of(trigger, event_date=timeline.date_for(trigger.i),
                                 published=day.isoformat() if day else None)
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
    details: dict[str, Any] = {mode: f"{right_by_mode[mode]}/{count}" for mode, count in sorted(by_mode.items())}
    return Score(correct, None, total, {**details, **split_accuracy(outcomes)}, tuple(misses))


def _label_mention(label: Mapping[str, Any], mentions: Sequence[Any], doc: Any) -> Any:
    """The mention that best covers a labelled span: its head inside the span first, then the
    most characters shared."""
    best, best_key = None, None
    for mention in mentions:
        span = mention.actor.span
        if span is None or span.end <= label["start"] or label["end"] <= span.start:
            continue
        head = doc[mention.head]
        key = (label["start"] <= head.idx < label["end"],
               min(span.end, label["end"]) - max(span.start, label["start"]))
        if best_key is None or key > best_key:
            best, best_key = mention, key
    return best


def score_actors(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                 limit: int | None = None) -> Score:
    """Actor country accuracy, and sector accuracy beside it, over labels/actors.jsonl (see the module
    docstring)."""
    country_right = sector_right = total = 0
    outcomes: list[tuple[str, bool]] = []
    misses: list[dict[str, Any]] = []
    for record, doc, _, wanted in _parsed(labels, corpus, limit):
        mentions = find_mentions(doc, when=published(record))
        for label in wanted:
            total += 1
            found = _label_mention(label, mentions, doc)
            country = found.actor.country if found else None
            sector = found.actor.sector if found else None
            country_ok, sector_ok = country == label["country"], sector == label["sector"]
            country_right += country_ok
            sector_right += sector_ok
            split = label.get("split", "all")
            outcomes.append((split, country_ok))
            if split != "heldout" and not (country_ok and sector_ok):
                misses.append({"article": record["id"], "start": label["start"], "end": label["end"],
                               "text": record["text"][label["start"]:label["end"]],
                               "gold": f"{label['country']} {label['sector']}",
                               "predicted": f"{country} {sector} ({found.actor.text})" if found else None})
    details = {"sector accuracy": sector_right / total if total else None, **split_accuracy(outcomes)}
    return Score(country_right, None, total, details, tuple(misses))
