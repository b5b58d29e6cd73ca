"""The event-set scorer over labels/event_sets.jsonl: per-sentence precision and recall of the
coder's event types, the invented event rate, agreement on matched pairs and the reader-added
events' precision, checked on hand-built outcomes, on a fixture article through the coder, and
on the real labels."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from store_samples import KURDS, RUSSIA, TURKEY, event

from tidings import reader
from tidings.eval.event_sets import (SentenceEvents, added_by_reader, score_event_sets, score_event_sets_blind,
                                     score_event_sets_dev, score_event_sets_heldout, tally_event_sets)
from tidings.eval.labels import read_corpus, read_jsonl
from tidings.eval.run import STORY_SCORERS

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "labels" / "event_sets.jsonl"
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT"}
MODES = {"actual", "historical", "future", "hypothetical", "negated"}

STRIKE = "Turkey shelled Kurdish fighters and said it would go on."
LEFT = "Cabinet ministers have left Downing Street."
TALKS = "Russia held talks with Turkey."


def label(*events: tuple[str, str, str | None, str | None]) -> dict[str, object]:
    return {"article": "a", "start": 0, "end": 10, "split": "dev", "draw": "filtered",
            "events": [{"event": e, "mode": m, "actor": a, "recipient": r} for e, m, a, r in events]}


def from_reader(added):
    """An event as the learned reader adds it: its rule's source names the reader (tidings.events.fusion)."""
    return replace(added, why="verb 'leave' (the learned reader, COERCE p=0.61) → CAMEO 173")


def test_added_by_reader_reads_the_rule_source_not_the_readers_agreement() -> None:
    agreed = replace(event(TALKS, "talks"), why="verb 'hold'; the learned reader agrees on the type (CONSULT p=0.90)")
    assert added_by_reader(from_reader(event(LEFT, "left", plover="COERCE")))
    assert not added_by_reader(agreed)


def test_tally_counts_pairs_invented_events_agreement_and_origin() -> None:
    sentences = [
        # ASSAULT matched (mode wrong), STATEMENT matched (actor wrong)
        SentenceEvents(label(("ASSAULT", "actual", "TUR", "SYR"), ("STATEMENT", "actual", "TUR", None)),
                       (event(STRIKE, "shelled", plover="ASSAULT", mode="future", actor=(TURKEY,), recipient=(KURDS,)),
                        event(STRIKE, "said", plover="STATEMENT", actor=(RUSSIA,), recipient=()))),
        # labelled empty: a reader-added COERCE is an invented event
        SentenceEvents(label(), (from_reader(event(LEFT, "left", plover="COERCE")),)),
        # labelled empty: a STATEMENT alone is no invented event, but a wrong pair
        SentenceEvents(label(), (event(LEFT, "left", plover="STATEMENT"),)),
        # a missed REQUEST
        SentenceEvents(label(("REQUEST", "actual", "USA", "IRN")), ()),
        # a reader-added CONSULT that is right
        SentenceEvents(label(("CONSULT", "actual", "RUS", "TUR")), (from_reader(event(TALKS, "talks")),)),
    ]
    score = tally_event_sets(sentences)
    assert (score.tp, score.n_pred, score.n_gold) == (3, 5, 4)
    assert score.details["precision without STATEMENT"] == "2/3 = 0.667"
    assert score.details["recall without STATEMENT"] == "2/3 = 0.667"
    assert score.details["invented event rate"] == "1/2 = 0.500"
    assert score.details["mode agreement"] == "2/3 = 0.667"
    assert score.details["actor agreement"] == "2/3 = 0.667"
    assert score.details["recipient agreement"] == "2/2 = 1.000"
    assert score.details["reader-added precision"] == "1/2 = 0.500"
    assert score.details["rule precision"] == "2/3 = 0.667"
    assert [miss["got"] for miss in score.misses] == [["COERCE (reader)"], ["STATEMENT (rules)"], []]


FIXTURE = ("Turkish jets bombed Syrian government forces near Afrin on Sunday. The Syrian government condemned "
           "the strikes. The weather in Damascus was cold and wet all week. Russian and Turkish officials will "
           "hold talks in Ankara next week.")


def sentence_label(text: str, sentence: str, split: str, *events) -> dict[str, object]:
    start = text.index(sentence)
    return {**label(*events), "article": "fixture", "start": start, "end": start + len(sentence), "split": split}


def test_score_event_sets_codes_the_article_and_scores_one_split() -> None:
    corpus = {"fixture": {"id": "fixture", "date": "2018-01-22", "text": FIXTURE}}
    labels = [
        sentence_label(FIXTURE, "Turkish jets bombed Syrian government forces near Afrin on Sunday.", "dev",
                       ("ASSAULT", "actual", "TUR", "SYR")),
        sentence_label(FIXTURE, "The Syrian government condemned the strikes.", "dev",
                       ("ACCUSE", "actual", "SYR", "TUR")),
        sentence_label(FIXTURE, "The weather in Damascus was cold and wet all week.", "dev"),
        sentence_label(FIXTURE, "Russian and Turkish officials will hold talks in Ankara next week.", "heldout",
                       ("CONSULT", "future", "RUS", "TUR")),
    ]
    with reader.switched_off():  # the rules alone: the figures must not move when the model is retrained
        dev = score_event_sets(labels, corpus, split="dev")
        heldout = score_event_sets(labels, corpus, split="heldout")
    assert (dev.tp, dev.n_pred, dev.n_gold) == (2, 2, 2)
    assert dev.details["invented event rate"] == "0/1 = 0.000"
    assert dev.details["mode agreement"] == "2/2 = 1.000"
    assert dev.details["actor agreement"] == "2/2 = 1.000"
    assert dev.details["recipient agreement"] == "1/2 = 0.500"  # the coder names no one condemned
    assert dev.details["reader-added precision"] == "0/0"
    # "will hold talks" is CONSULT (future) and the officials' AGREE to meet, which the label leaves out
    assert (heldout.tp, heldout.n_pred, heldout.n_gold) == (1, 2, 1)
    assert heldout.misses[0]["got"] == ["AGREE (rules)", "CONSULT (rules)"]


def test_event_set_scorers_are_registered_per_split() -> None:
    assert ("event-set recall (coder, dev)", score_event_sets_dev, "event_sets.jsonl") in STORY_SCORERS
    assert ("event-set recall (coder, held-out)", score_event_sets_heldout, "event_sets.jsonl") in STORY_SCORERS
    assert ("event-set recall (coder, blind)", score_event_sets_blind, "event_sets.jsonl") in STORY_SCORERS


def test_labels_name_known_types_modes_and_countries() -> None:
    labels = read_jsonl(LABELS)
    events = [item for line in labels for item in line["events"]]
    assert len(labels) == 240  # draw 1 (dev and held-out) then draw 2 (blind)
    assert {line["split"] for line in labels[:120]} == {"dev", "heldout"}
    assert {line["split"] for line in labels[120:]} == {"blind"}
    assert all(line["end"] > line["start"] and line["draw"] in ("filtered", "arbitrary") for line in labels)
    assert events and all(item["event"] in TYPES and item["mode"] in MODES for item in events)
    codes = {code for item in events for code in (item["actor"], item["recipient"])} - {None}
    assert codes and all(re.fullmatch(r"[A-Z]{3,4}", code) for code in codes)


def drawn_sentences(shared_dir: Path, number: int) -> list[dict[str, object]]:
    corpus = shared_dir / "corpus" / "guardian_sample.jsonl"
    drawn = subprocess.run([sys.executable, str(ROOT / "scripts" / "draw-event-sets"), "--draw", str(number),
                            str(corpus), str(ROOT / "labels")], capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in drawn.splitlines()]


def test_the_draw_script_gives_the_labelled_sentences_in_order(shared_dir: Path) -> None:
    unlabelled = [{k: v for k, v in line.items() if k != "events"} for line in read_jsonl(LABELS)]
    first, second = drawn_sentences(shared_dir, 1), drawn_sentences(shared_dir, 2)
    assert first == unlabelled[:120] and second == unlabelled[120:]
    overlapping = [(a, b) for a in first for b in second
                   if a["article"] == b["article"] and a["start"] < b["end"] and b["start"] < a["end"]]
    assert not overlapping  # draw 2 skips every sentence of draw 1


def test_event_set_scorer_on_the_real_labels(shared_dir: Path) -> None:
    corpus = read_corpus(shared_dir / "corpus" / "guardian_sample.jsonl")
    score = score_event_sets_dev(read_jsonl(LABELS), corpus, limit=2)
    assert score.n_gold >= 0 and 0 <= score.tp <= min(score.n_gold, score.n_pred or 0)
