"""Story scorers: date and mode accuracy over labels given as article ids and character offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.eval_story import score_dates, score_modes

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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    return path


def test_score_dates_counts_right_values(corpus: Path) -> None:
    labels = [label("Thursday", value="2019-02-14", split="dev"), label("March", value="2019-03"),
              label("2011", value="2011"), label("eight years", value=None),
              label("Thursday", value="2019-02-21", split="dev")]  # wrong on purpose
    result = score_dates(labels, corpus)
    assert (result["correct"], result["n"], result["found"]) == (4, 5, 5)
    assert result["dev accuracy"] == "1/2 = 0.500"
    assert [m["gold"] for m in result["misses"]] == ["2019-02-21"]


def test_score_modes_runs_mode_of_on_the_labelled_token(corpus: Path) -> None:
    labels = [label("met", mode="actual"), label("attend", mode="negated"), label("host", mode="future"),
              label("began", mode="historical"), label("talks", mode="actual")]  # "did not attend the talks"
    result = score_modes(labels, corpus)
    assert result["n"] == 5
    assert result["correct"] == 4
    assert result["negated"] == "1/1"
    assert result["misses"][0]["trigger"] == "talks"


def test_labels_files_point_into_the_corpus(shared_dir: Path) -> None:
    labels_dir = Path(__file__).resolve().parents[1] / "labels"
    corpus = {r["id"]: r for r in map(json.loads, (shared_dir / "corpus" / "guardian_sample.jsonl").open())}
    for name, field in (("dates.jsonl", "value"), ("modes.jsonl", "mode")):
        rows = [json.loads(line) for line in (labels_dir / name).open()]
        assert len(rows) >= 120
        for row in rows:
            text = corpus[row["article"]]["text"]
            assert 0 <= row["start"] < row["end"] <= len(text)
            assert text[row["start"]:row["end"]].strip() == text[row["start"]:row["end"]]
            assert field in row and set(row) <= {"article", "start", "end", field, "split"}


def test_score_actors_compares_country_and_sector_of_the_mention_over_each_label(corpus: Path) -> None:
    from tidings.eval import STORY_SCORERS, score_actors

    labels = [label("foreign ministers", country=None, sector="GOV", split="dev"),
              label("Russia", country="RUS", sector=None, split="dev"),
              label("EU", country="EUR", sector="IGO", split="heldout"),
              label("Russia", country="UKR", sector=None, split="heldout")]  # wrong on purpose
    result = score_actors(labels, [ARTICLE])
    assert (result["n"], result["accuracy"], result["sector accuracy"]) == (4, 0.75, 1.0)
    assert result["dev accuracy"] == "2/2 = 1.000" and result["heldout accuracy"] == "1/2 = 0.500"
    assert result["misses"] == []  # held-out misses are never listed
    assert ("actor country accuracy", "tidings.eval", "score_actors", "actors.jsonl") in STORY_SCORERS


def test_actor_labels_point_into_the_corpus_and_hold_no_text(shared_dir: Path) -> None:
    labels_dir = Path(__file__).resolve().parents[1] / "labels"
    corpus = {r["id"]: r for r in map(json.loads, (shared_dir / "corpus" / "guardian_sample.jsonl").open())}
    rows = [json.loads(line) for line in (labels_dir / "actors.jsonl").open()]
    assert len(rows) >= 300
    for row in rows:
        assert set(row) == {"article", "start", "end", "country", "sector", "split"}
        assert 0 <= row["start"] < row["end"] <= len(corpus[row["article"]]["text"])
