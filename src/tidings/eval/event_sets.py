"""Event-set scorer over labels/event_sets.jsonl: every political event of each labelled sentence.

Each label names one Guardian sentence (article id, character offsets), its split (`dev` or
`heldout` in the first draw, `blind` in the second) and the full set of events a careful PLOVER
coder codes in it, possibly none (type, mode, actor and recipient country). The whole coder runs: `tidings.code` on each article, and a
sentence's events are those whose trigger lies inside the labelled offsets. Per split:

* **pairs**: a sentence's labelled pairs are (sentence, type) for each type among its labels, its
  coded pairs (sentence, type) for each type among the coder's events there (every mode counted:
  the mode is scored below). **Precision** is the share of coded pairs that are labelled,
  **recall** the share of labelled pairs coded (the row's headline); STATEMENT is a type of its
  own, and both are given again with STATEMENT pairs left out on both sides.
* **invented event rate**: the share of sentences labelled with no event where the coder gives
  any event other than a STATEMENT.
* over the matched pairs (labelled and coded): **mode agreement**, a coded event of the type has
  the mode of a labelled event of the type; **actor** (**recipient**) **agreement**, over the
  matched pairs whose labelled events name an actor (recipient) country, a coded event of the
  type has an actor (recipient) of such a country.
* **by origin**: a coded pair is the learned reader's when every coded event of its type in the
  sentence was added by the reader (its rule is the reader's, see `tidings.events.fusion`), the
  rules' otherwise; the precision of each.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..events.fusion import READER_ADDED
from ..types import Event
from .events import coded_sentences
from .score import Score, ratio_text

STATEMENT = "STATEMENT"


@dataclass(frozen=True, slots=True)
class SentenceEvents:
    """One labelled sentence and the coder's events whose trigger lies inside it."""

    label: Mapping[str, Any]
    events: tuple[Event, ...]

    def labelled_types(self) -> set[str]:
        return {item["event"] for item in self.label["events"]}

    def coded_types(self) -> set[str]:
        return {event.plover for event in self.events}


def added_by_reader(event: Event) -> bool:
    """Whether the learned reader added `event` (a rule event it only agreed with or read
    differently says so in its `why` too, but not in these words)."""
    return READER_ADDED in event.why


def pair_origin(events: Iterable[Event]) -> str:
    """"reader" when every event of a coded pair was added by the learned reader, else "rules"."""
    return "reader" if all(added_by_reader(event) for event in events) else "rules"


def tally_event_sets(sentences: Sequence[SentenceEvents]) -> Score:
    """The scores of the module docstring over `sentences` (one split): tp/n_pred/n_gold count
    (sentence, type) pairs, STATEMENT included; the rest are in `details`."""
    tp = n_pred = n_gold = tp_bare = pred_bare = gold_bare = 0
    empty = invented = 0
    agreement = {"mode": [0, 0], "actor": [0, 0], "recipient": [0, 0]}
    by_origin = {"reader": [0, 0], "rules": [0, 0]}
    misses: list[dict[str, Any]] = []
    for sentence in sentences:
        labelled, coded = sentence.labelled_types(), sentence.coded_types()
        matched = labelled & coded
        tp, n_pred, n_gold = tp + len(matched), n_pred + len(coded), n_gold + len(labelled)
        tp_bare += len(matched - {STATEMENT})
        pred_bare += len(coded - {STATEMENT})
        gold_bare += len(labelled - {STATEMENT})
        if not labelled:
            empty += 1
            invented += bool(coded - {STATEMENT})
        origins = {kind: pair_origin(e for e in sentence.events if e.plover == kind) for kind in coded}
        for kind, origin in origins.items():
            by_origin[origin][0] += kind in labelled
            by_origin[origin][1] += 1
        for kind in matched:
            wanted = [item for item in sentence.label["events"] if item["event"] == kind]
            got = [event for event in sentence.events if event.plover == kind]
            _count(agreement["mode"], {item["mode"] for item in wanted}, {event.mode for event in got})
            _count(agreement["actor"], {item["actor"] for item in wanted if item["actor"]},
                   {actor.country for event in got for actor in event.actor})
            _count(agreement["recipient"], {item["recipient"] for item in wanted if item["recipient"]},
                   {actor.country for event in got for actor in event.recipient})
        if labelled != coded:
            misses.append({"article": sentence.label["article"], "start": sentence.label["start"],
                           "end": sentence.label["end"], "labelled": sorted(labelled),
                           "got": sorted(f"{kind} ({origin})" for kind, origin in origins.items())})
    details = {"precision": ratio_text(tp, n_pred),
               "recall": ratio_text(tp, n_gold),
               "precision without STATEMENT": ratio_text(tp_bare, pred_bare),
               "recall without STATEMENT": ratio_text(tp_bare, gold_bare),
               "invented event rate": ratio_text(invented, empty),
               "mode agreement": ratio_text(*agreement["mode"]),
               "actor agreement": ratio_text(*agreement["actor"]),
               "recipient agreement": ratio_text(*agreement["recipient"]),
               "reader-added precision": ratio_text(*by_origin["reader"]),
               "rule precision": ratio_text(*by_origin["rules"])}
    return Score(tp, n_pred, n_gold, details, tuple(misses))


def _count(tally: list[int], wanted: set[Any], got: set[Any]) -> None:
    """Count one matched pair into [agreeing, counted] when the labels name anything to agree on."""
    if wanted:
        tally[0] += bool(wanted & got)
        tally[1] += 1


def score_event_sets(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                     split: str, limit: int | None = None) -> Score:
    """The whole coder's event-set scores (module docstring) over the labels of `split`, in the
    first `limit` of its labelled articles."""
    chosen = [label for label in labels if label["split"] == split]
    return tally_event_sets([SentenceEvents(label, events)
                             for label, events in coded_sentences(chosen, corpus, limit=limit)])


def score_event_sets_dev(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                         limit: int | None = None) -> Score:
    """`score_event_sets` on the dev split (the sentences policy may be decided on)."""
    return score_event_sets(labels, corpus, split="dev", limit=limit)


def score_event_sets_heldout(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                             limit: int | None = None) -> Score:
    """`score_event_sets` on the held-out split (read its errors only after a decision is made)."""
    return score_event_sets(labels, corpus, split="heldout", limit=limit)


def score_event_sets_blind(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                           limit: int | None = None) -> Score:
    """`score_event_sets` on the blind split, the second draw (a test of decisions made on dev)."""
    return score_event_sets(labels, corpus, split="blind", limit=limit)
