"""The eval harness: metrics on hand-made gold-format fixtures with hand-computed values, the CLI, and
the real shared gold sets when they are there."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tidings.eval import gold, labels, run, score
from tidings.commands.eval import command
from tidings.types import Actor, ArticleMeta, CodedArticle, Event, Span

DATA = Path(__file__).parents[1] / "data"
FIXTURES = {fmt: DATA / f"gold_{fmt}.jsonl" for fmt in gold.GOLD_FORMATS}


def actor(text: str, country: str | None, *, start: int | None = None, cameo: str | None = None) -> Actor:
    span = Span(start, start + len(text), text) if start is not None else None
    return Actor(text=text, country=country, sector=None, cameo=cameo, span=span)


def event(plover: str, cameo: str, actors: tuple[Actor, ...], recipients: tuple[Actor, ...] = (), *,
          reciprocal: bool = False, confidence: float = 0.5, mode: str = "actual", start: int = 0) -> Event:
    where = Span(start, start + 1, "x")
    return Event(plover=plover, cameo=cameo, actor=actors, recipient=recipients, mode=mode,  # type: ignore[arg-type]
                 evidence=where, trigger=where, goldstein=0.0, quad_class=1, penta_class=0,
                 reciprocal=reciprocal, confidence=confidence)


def article(*events: Event) -> CodedArticle:
    return CodedArticle(article=ArticleMeta(id="t"), events=events)


def metric(report: score.Report, name: str) -> score.Metric:
    return next(m for m in report.metrics if m.name == name)


def test_formats_are_told_apart_by_fields() -> None:
    for fmt, path in FIXTURES.items():
        assert run.file_format(path) == fmt
    with pytest.raises(ValueError, match="not a known gold format"):
        gold.detect_format({"headline": "x"}, "stories.jsonl")


def test_chosen_event_skips_negated_and_puts_generic_statements_last() -> None:
    said = event("STATEMENT", "010", (actor("Peru", "PER"),), confidence=0.99)
    denied = event("ASSAULT", "190", (actor("Peru", "PER"),), confidence=0.9, mode="negated")
    future = event("AID", "070", (actor("Peru", "PER"),), confidence=0.6, mode="future", start=5)
    accused = event("ACCUSE", "112", (actor("Peru", "PER"),), confidence=0.6, start=9)
    assert gold.chosen_events(article(said, denied, future, accused), 3) == [accused, future, said]
    assert gold.chosen_events(article(denied)) == []


def test_dyads_fill_a_missing_side_and_expand_reciprocal_parties() -> None:
    assert gold.dyads([], ["IRQ"], False, "-") == {("-", "IRQ")}
    assert gold.dyads(["USA", "JOR"], [], False, "-") == {("USA", "-"), ("JOR", "-")}
    assert gold.dyads(["USA", "JOR"], [], True, "-") == {("USA", "JOR"), ("JOR", "USA")}
    assert gold.dyads(["USA", "JOR"], ["JOR", "USA"], True, "-") == {("USA", "JOR"), ("JOR", "USA")}


def test_bio_spans_and_token_mapping() -> None:
    assert gold.bio_spans(["B-S", "I-S", "O", "I-T", "B-T", "I-R"]) == {
        ("S", 0, 2), ("T", 3, 4), ("T", 4, 5), ("R", 5, 6)}
    offsets = gold.token_offsets(["Kenyan", "troops", "shelled"])
    assert offsets == [(0, 6), (7, 13), (14, 21)]
    assert gold.char_span_tokens(3, 10, offsets) == (0, 2)
    assert gold.char_span_tokens(6, 7, offsets) is None


@given(st.lists(st.tuples(st.sampled_from("STR"), st.integers(1, 4), st.integers(0, 3)), max_size=8))
def test_bio_spans_read_back_the_spans_tags_were_written_from(pieces: list[tuple[str, int, int]]) -> None:
    tags: list[str] = []
    spans = set()
    for label, length, gap in pieces:
        tags += ["O"] * gap
        spans.add((label, len(tags), len(tags) + length))
        tags += [f"B-{label}"] + [f"I-{label}"] * (length - 1)
    assert gold.bio_spans(tags) == spans


def test_macro_f1_counts_no_prediction_as_a_miss_only() -> None:
    # class 0: P 1/1 R 1/1; class 1: P 0/1 R 0/1; a None adds to nobody's predictions
    assert score.macro_f1([0, 1, 1], [0, 0, None], [0, 1]) == pytest.approx((2 / 3 + 0) / 2)
    assert score.accuracy([0, 1, 1], [0, 0, None]) == pytest.approx(1 / 3)


def test_heldout_split_is_fixed_about_a_fifth_and_blind_to_whitespace() -> None:
    sentences = [f"Sentence number {i} about talks." for i in range(2000)]
    share = sum(map(gold.is_heldout, sentences)) / len(sentences)
    assert 0.17 < share < 0.23
    assert gold.is_heldout("the government 's plan .") == gold.is_heldout("the government's plan.")


def test_plover_scores_by_hand() -> None:
    records = labels.read_jsonl(FIXTURES["plover"])
    norway, chile = actor("Norway", "NOR"), actor("Chile", "CHL")
    coded = [
        # reciprocal AGREE both ways; the louder generic statement is not chosen
        article(event("STATEMENT", "010", (norway,), confidence=0.95),
                event("AGREE", "0311", (norway, chile), reciprocal=True, confidence=0.9)),
        # right type, recipient without a country: triple wrong
        article(event("ASSAULT", "190", (actor("Kenyan troops", "KEN"),), (actor("rebels", None),))),
        # the negated REQUEST does not count; ACCUSE chosen: type wrong, IGO via CAMEO prefix
        article(event("REQUEST", "1041", (actor("UN", None, cameo="IGOUNO"),), (actor("Peru", "PER"),),
                      mode="negated", confidence=0.9),
                event("ACCUSE", "112", (actor("UN", None, cameo="IGOUNO"),), (actor("Peru", "PER"),))),
    ]
    report = gold.score_plover(records, coded)
    assert metric(report, "PLOVER type accuracy").value == pytest.approx(2 / 3)
    assert metric(report, "PLOVER type accuracy").n == 3
    triples = metric(report, "actor/type/recipient F1")
    assert (triples.value, triples.n) == (pytest.approx(0.5), 4)  # tp 2, predicted 4, gold 4
    every = metric(report, "actor/type/recipient F1 (all events)")
    assert every.value == pytest.approx(2 * 2 / (5 + 4))  # the statement adds a false positive
    assert [m.id for m in report.misses if m.metric == "PLOVER type accuracy"] == ["T-REQUEST-1"]


def test_penta_scores_by_hand() -> None:
    records = labels.read_jsonl(FIXTURES["penta"])  # gold 4, 2, 0, 3
    troops = (actor("Kenyan troops", "KEN"),)
    coded = [article(event("ASSAULT", "190", troops)), article(),
             article(event("STATEMENT", "010", troops)), article(event("ASSAULT", "190", troops))]
    report = gold.score_penta(records, coded)
    # per class F1: 0 → 1, 1 → 0, 2 → 0 (no event), 3 → 0, 4 → 2/3 (P 1/2, R 1/1)
    assert metric(report, "penta macro-F1").value == pytest.approx((1 + 2 / 3) / 5)
    assert metric(report, "penta accuracy").value == pytest.approx(0.5)
    held = sum(gold.is_heldout(r["text"]) for r in records)
    assert metric(report, "penta accuracy (held-out)").n == held
    wrong = [records[1]["text"], records[3]["text"]]
    assert [m.text for m in report.misses] == [t for t in wrong if not gold.is_heldout(t)]


def test_roles_scores_by_hand() -> None:
    records = labels.read_jsonl(FIXTURES["roles"])
    coded = [
        # "Kenyan troops" exact; recipient "positions" (no span: found in the text) only overlaps
        article(event("ASSAULT", "190", (actor("Kenyan troops", "KEN", start=0),),
                      (actor("positions", None),))),
        article(event("AGREE", "0311", (actor("Norway", "NOR", start=0), actor("Chile", "CHL", start=11)),
                      reciprocal=True)),
    ]
    report = gold.score_roles(records, coded)
    assert metric(report, "role span F1 exact").value == pytest.approx(0.75)  # tp 3 of 4 and 4
    assert metric(report, "role span F1 overlap").value == pytest.approx(1.0)
    assert metric(report, "role span F1 exact").n == 4


def test_petr_scores_by_hand() -> None:
    records = labels.read_jsonl(FIXTURES["petr"])
    coded = [
        article(event("ACCUSE", "112", (actor("Norway", "NOR", cameo="NOR"),),
                      (actor("Chile", "CHL", cameo="CHL"),))),
        article(event("ASSAULT", "190", (actor("Oslo", "NOR"),), mode="negated")),
        article(event("COERCE", "173", (actor("Chilean police", "CHL", cameo="CHLCOP"),))),
    ]
    report = gold.score_petr(records, coded)
    assert metric(report, "PETRARCH pass rate").value == pytest.approx(2 / 3)
    assert metric(report, "PETRARCH pass rate (valid)").value == pytest.approx(1.0)
    miss = next(m for m in report.misses if m.id == "T-PETR-3")
    assert miss.predicted == "CHLCOP --- 173"


def test_story_scorers_get_labels_and_corpus_and_give_a_score(tmp_path: Path) -> None:
    seen = {}
    labels_dir = tmp_path / "labels"
    labels_dir.mkdir()
    for name in ("things.jsonl", "places.jsonl", "broken.jsonl"):
        (labels_dir / name).write_text('{"article": "a1", "start": 0, "end": 4}\n')
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "guardian_sample.jsonl").write_text('{"id": "a1", "text": "Oslo talks."}\n')

    def score_things(labels: list[dict], corpus: dict[str, dict], *, limit: int | None = None) -> score.Score:
        seen.update(labels=labels, corpus=corpus, limit=limit)
        return score.Score(3, None, 4, {"macro": 0.5})

    def score_places(labels: list[dict], corpus: dict[str, dict], *, limit: int | None = None) -> score.Score:
        return score.Score(1, None, 2, misses=({"article": "a1", "start": 0, "end": 4, "geonames": 1,
                                                 "got": {"name": "Oslo, Norway"}},))

    def broken(labels: list[dict], corpus: dict[str, dict], *, limit: int | None = None) -> score.Score:
        raise RuntimeError("label file missing")

    report = run.score_story(tmp_path, limit=7, labels_dir=labels_dir, scorers=(
        ("things", score_things, "things.jsonl"), ("places", score_places, "places.jsonl"),
        ("broken", broken, "broken.jsonl"), ("absent", score_things, "absent.jsonl")))
    assert seen == {"labels": [{"article": "a1", "start": 0, "end": 4}],
                    "corpus": {"a1": {"id": "a1", "text": "Oslo talks."}}, "limit": 7}
    assert (metric(report, "things").value, metric(report, "things").n) == (0.75, 4)
    assert metric(report, "things").note == "macro 0.500"
    assert (metric(report, "places").value, metric(report, "places").n) == (0.5, 2)
    assert [(m.id, m.gold, m.predicted) for m in report.misses] == [
        ("a1:0-4", "geonames=1", '{"name": "Oslo, Norway"}')]
    assert metric(report, "broken").value is None and "label file missing" in metric(report, "broken").note
    assert metric(report, "absent").value is None and metric(report, "absent").note == "no labels/absent.jsonl"


def test_a_named_shared_folder_is_the_only_one_tried(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIDINGS_SHARED", str(tmp_path / "nowhere"))
    assert labels.find_shared() is None
    (tmp_path / "mine" / "gold").mkdir(parents=True)
    assert labels.find_shared(tmp_path / "mine") == tmp_path / "mine"
    result = CliRunner().invoke(command, ["--no-story"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "no gold data" in result.output


def test_eval_command_runs_on_fixtures() -> None:
    paths = [str(FIXTURES[fmt]) for fmt in gold.GOLD_FORMATS]
    result = CliRunner().invoke(command, [*paths, "--format", "json", "--no-story", "--errors", "1"])
    assert result.exit_code == 0, result.output
    rows = {m["metric"]: m for m in json.loads(result.output)["metrics"]}
    assert rows["PLOVER type accuracy"]["n"] == 3
    assert rows["penta macro-F1"]["n"] == 4
    assert rows["role span F1 exact"]["n"] == 4
    assert rows["PETRARCH pass rate"]["n"] == 3
    assert all(0.0 <= m["value"] <= 1.0 for name, m in rows.items() if "held-out" not in name)
    table = CliRunner().invoke(command, [paths[0], "--no-story", "--errors", "2"])
    assert table.exit_code == 0 and "PLOVER type accuracy" in table.output


@pytest.mark.shared
@pytest.mark.slow  # 13 s on a shared machine: the whole coder over 45 gold sentences and a PETRARCH run in a subprocess
def test_real_eval_on_shared_gold(shared_dir: Path) -> None:
    # PETRARCH's fictional dictionaries would stay loaded in this process: they run in a subprocess
    files = [shared_dir / "gold" / n for n in gold.DEFAULT_GOLD_FILES if not n.startswith("petr")]
    report = run.evaluate(files, shared=shared_dir, limit=15, story=False)
    names = {m.name: m for m in report.metrics}
    assert names["PLOVER type accuracy"].n == 15
    assert names["penta macro-F1"].n == 15
    assert names["role span F1 exact"].n > 15
    tidings = Path(sys.executable).parent / "tidings"
    petr = subprocess.run([str(tidings), "eval", str(shared_dir / "gold" / "petr_unittest.jsonl"),
                           "--limit", "15", "--no-story", "--format", "json"],
                          capture_output=True, text=True, check=True, timeout=300)
    rows = {m["metric"]: m for m in json.loads(petr.stdout)["metrics"]}
    assert rows["PETRARCH pass rate"]["n"] == 15
