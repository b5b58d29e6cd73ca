"""Story scorers: date, mode, actor, reference, quote and place accuracy over hand labels given as
article ids and character offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.eval.coref import score_coref
from tidings.eval.labels import matches, read_corpus, read_jsonl
from tidings.eval.places import score_event_places, score_places
from tidings.eval.quotes import score_quotes
from tidings.eval.run import STORY_SCORERS
from tidings.eval.story import score_actors, score_dates, score_modes
from tidings.types import Actor

TEXT = ("The two foreign ministers met in Geneva on Thursday. Russia did not attend the talks. "
        "The EU will host a summit in March. The war began in 2011 and has lasted eight years.")
ARTICLE = {"id": "story-1", "date": "2019-02-20", "text": TEXT}


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def label(word: str, **fields) -> dict:
    start, end = at(word)
    return {"article": "story-1", "start": start, "end": end, **fields}


LABELS = Path(__file__).resolve().parents[2] / "labels"


@pytest.fixture
def corpus() -> dict[str, dict]:
    return {ARTICLE["id"]: ARTICLE}


def test_score_dates_counts_right_values(corpus: dict[str, dict]) -> None:
    labels = [label("Thursday", value="2019-02-14", split="dev"), label("March", value="2019-03"),
              label("2011", value="2011"), label("eight years", value=None),
              label("Thursday", value="2019-02-21", split="dev")]  # wrong on purpose
    result = score_dates(labels, corpus)
    assert (result.tp, result.n_gold, result.details["found"]) == (4, 5, 5)
    assert result.details["dev accuracy"] == "1/2 = 0.500"
    assert [m["gold"] for m in result.misses] == ["2019-02-21"]


def test_score_modes_runs_mode_of_on_the_labelled_token(corpus: dict[str, dict]) -> None:
    labels = [label("met", mode="actual"), label("attend", mode="negated"), label("host", mode="future"),
              label("began", mode="historical"), label("talks", mode="actual")]  # "did not attend the talks"
    result = score_modes(labels, corpus)
    assert result.n_gold == 5
    assert result.tp == 4
    assert result.details["negated"] == "1/1"
    assert result.misses[0]["trigger"] == "talks"


def test_labels_files_point_into_the_corpus(shared_dir: Path) -> None:
    labels_dir = Path(__file__).resolve().parents[2] / "labels"
    corpus = {r["id"]: r for r in map(json.loads, (shared_dir / "corpus" / "guardian_sample.jsonl").open())}
    for name, field in (("dates.jsonl", "value"), ("modes.jsonl", "mode")):
        rows = [json.loads(line) for line in (labels_dir / name).open()]
        assert len(rows) >= 120
        for row in rows:
            text = corpus[row["article"]]["text"]
            assert 0 <= row["start"] < row["end"] <= len(text)
            assert text[row["start"]:row["end"]].strip() == text[row["start"]:row["end"]]
            assert field in row and set(row) <= {"article", "start", "end", field, "split"}


def test_score_actors_compares_country_and_sector_of_the_mention_over_each_label(corpus: dict[str, dict]) -> None:
    labels = [label("foreign ministers", country=None, sector="GOV", split="dev"),
              label("Russia", country="RUS", sector=None, split="dev"),
              label("EU", country="EUR", sector="IGO", split="heldout"),
              label("Russia", country="UKR", sector=None, split="heldout")]  # wrong on purpose
    result = score_actors(labels, corpus)
    assert (result.n_gold, result.accuracy, result.details["sector accuracy"]) == (4, 0.75, 1.0)
    assert result.details["dev accuracy"] == "2/2 = 1.000" and result.details["heldout accuracy"] == "1/2 = 0.500"
    assert result.misses == ()  # held-out misses are never listed
    assert ("actor country accuracy", score_actors, "actors.jsonl") in STORY_SCORERS


def test_actor_labels_point_into_the_corpus_and_hold_no_text(shared_dir: Path) -> None:
    labels_dir = Path(__file__).resolve().parents[2] / "labels"
    corpus = {r["id"]: r for r in map(json.loads, (shared_dir / "corpus" / "guardian_sample.jsonl").open())}
    rows = [json.loads(line) for line in (labels_dir / "actors.jsonl").open()]
    assert len(rows) >= 300
    for row in rows:
        assert set(row) == {"article", "start", "end", "country", "sector", "split"}
        assert 0 <= row["start"] < row["end"] <= len(corpus[row["article"]]["text"])


def test_matches_names_codes_and_unlisted_surnames() -> None:
    putin = Actor("he", "RUS", "GOV", name="Vladimir Putin", cameo="RUSGOV")
    assert matches(putin, "Vladimir Putin") and matches(putin, "RUSGOV")
    assert matches(putin, "RUS") and not matches(putin, "USA")
    assert matches(Actor("Bali", None, None, name="Bali"), "Mustafa Bali")
    assert not matches(Actor("Bali", "SYR", "REB", name="Bali"), "Mustafa Bali")
    assert matches(Actor("Hariri", None, "GOV", name="Hariri", role="negotiator"), "Nasr al-Hariri")
    assert matches(None, None) and matches(Actor("the official", None, "GOV", name="official"), None)
    assert not matches(putin, None)


def test_quote_and_reference_label_files_hold_offsets_and_names_only() -> None:
    for name, keys in (("quotes.jsonl", {"article", "start", "end", "speaker"}),
                       ("coref.jsonl", {"article", "start", "end", "refers_to"})):
        labels = read_jsonl(LABELS / name)
        assert labels and all(set(label) == keys for label in labels)
        assert all(0 <= label["start"] < label["end"] for label in labels)


def _guardian(shared_dir: Path) -> dict[str, dict]:
    path = shared_dir / "corpus" / "guardian_sample.jsonl"
    if not path.exists():
        pytest.skip("the Guardian corpus is not in ../shared")
    return read_corpus(path)


def test_labelled_references_resolve(shared_dir: Path) -> None:
    labels = read_jsonl(LABELS / "coref.jsonl")
    assert len(labels) >= 80
    result = score_coref(labels, _guardian(shared_dir))
    assert result.n_gold == len(labels)
    assert result.accuracy >= 0.6


def test_labelled_quotes_are_found_and_attributed(shared_dir: Path) -> None:
    labels = read_jsonl(LABELS / "quotes.jsonl")
    assert len(labels) >= 100 and len({label["article"] for label in labels}) >= 15
    result = score_quotes(labels, _guardian(shared_dir))
    assert result.details["detection"] >= 0.9
    assert result.details["precision"] >= 0.85
    assert result.accuracy >= 0.7


@pytest.mark.shared
def test_hand_labelled_corpus_places(shared_dir: Path) -> None:
    result = score_places(read_jsonl(LABELS / "places.jsonl"), _guardian(shared_dir))
    assert result.n_gold >= 150 and result.details["articles"] >= 15
    assert result.accuracy >= 0.9
    assert result.details["country_accuracy"] >= 0.93
    assert result.details["precision"] >= 0.85


@pytest.mark.shared
def test_hand_labelled_event_places(shared_dir: Path) -> None:
    result = score_event_places(read_jsonl(LABELS / "event_places.jsonl"), _guardian(shared_dir))
    assert result.n_gold >= 100
    assert result.accuracy >= 0.8
    assert result.details["precision"] >= 0.85  # a place given is seldom wrong; many implied places are missed
