"""The event scorer over labels/events.jsonl: reader-alone top-1 and the whole coder's sentence
types, mode and actors, checked on hand-built outcomes, then run on the real labels."""

from __future__ import annotations

from pathlib import Path

from store_samples import KURDS, RUSSIA, TURKEY, event

from tidings.eval.events import SentenceOutcome, score_events, sentence_types, tally
from tidings.eval.labels import read_corpus, read_jsonl
from tidings.eval.run import STORY_SCORERS

LABELS = Path(__file__).resolve().parents[2] / "labels" / "events.jsonl"
TALKS = "Russia held talks with Turkey."
STRIKE = "Turkey shelled Kurdish fighters."


def test_sentence_types_read_none_when_no_event_lies_in_the_sentence() -> None:
    assert sentence_types(()) == {"NONE"}
    assert sentence_types([event(TALKS, "talks"), event(STRIKE, "shelled", plover="ASSAULT")]) == {"CONSULT", "ASSAULT"}


def test_tally_counts_reader_coder_mode_and_actors() -> None:
    outcomes = [
        # type right, mode right, actor right, recipient wrong
        SentenceOutcome({"event": "CONSULT", "mode": "actual", "actor": "RUS", "recipient": "IRN"}, "CONSULT",
                        (event(TALKS, "talks", actor=(RUSSIA,), recipient=(TURKEY,)),)),
        # type right (among two), mode wrong, reader wrong
        SentenceOutcome({"event": "ASSAULT", "mode": "actual", "actor": "TUR", "recipient": "SYR"}, "THREATEN",
                        (event(STRIKE, "shelled", plover="ASSAULT", mode="future", actor=(TURKEY,),
                               recipient=(KURDS,)), event(TALKS, "talks"))),
        # NONE labelled, the coder found nothing: right for both
        SentenceOutcome({"event": "NONE", "mode": None, "actor": None, "recipient": None}, "NONE", ()),
        # an event the coder missed
        SentenceOutcome({"event": "REQUEST", "mode": "actual", "actor": "RUS", "recipient": None}, "REQUEST", ()),
    ]
    score = tally(outcomes)
    assert (score.tp, score.n_gold) == (3, 4)
    assert score.details["reader top-1"] == "3/4 = 0.750"
    assert score.details["reader top-1 on events"] == "2/3 = 0.667"
    assert score.details["mode agreement"] == "1/2 = 0.500"
    assert score.details["actor agreement"] == "2/2 = 1.000"
    assert score.details["recipient agreement"] == "1/2 = 0.500"
    assert [miss["got"] for miss in score.misses] == [["NONE"]]


def test_event_scorer_is_registered() -> None:
    assert ("event type accuracy (coder)", score_events, "events.jsonl") in STORY_SCORERS


def test_labels_name_known_types_and_modes() -> None:
    types = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
             "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "STATEMENT", "NONE"}
    labels = read_jsonl(LABELS)
    assert labels and all(label["event"] in types for label in labels)
    assert all(label["mode"] in (None, "actual", "historical", "future", "hypothetical", "negated") for label in labels)
    assert all(label["end"] > label["start"] for label in labels)


def test_event_scorer_on_the_real_labels(shared_dir: Path) -> None:
    corpus = read_corpus(shared_dir / "corpus" / "guardian_sample.jsonl")
    score = score_events(read_jsonl(LABELS), corpus, limit=3)
    assert score.n_gold > 0 and 0 <= score.tp <= score.n_gold
