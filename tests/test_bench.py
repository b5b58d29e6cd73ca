"""`tidings bench` runs on a tiny corpus and prints every figure (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.batch.engine import code_chunk_counted
from tidings.bench import EXAMPLE_CORPUS, find_corpus, format_result, load_corpus, run_bench
from tidings.cli import main
from tidings.errors import InputError

TINY = [
    "Egyptian mediators met Hamas leaders in Cairo on Sunday to discuss a ceasefire.",
    "The United Nations condemned the attack on a school in Yemen, calling it a clear violation.",
    "Canada will send two hundred troops to Latvia next year, the defence minister said.",
]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "tiny.jsonl"
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t, "published": "2022-05-01"}) + "\n"
                            for i, t in enumerate(TINY)) + "{broken\n")
    return path


def test_bench_command_prints_every_figure(tiny: Path) -> None:
    result = CliRunner().invoke(main, ["bench", str(tiny), "--workers", "1", "--ingest", "--batch-size", "2",
                                       "--cold-starts", "1"])
    assert result.exit_code == 0, result.output
    for label in ("3 articles", "bare spaCy parse", "coder, full parse", "coder/parse ratio", "sentences parsed",
                  "events lost", "end-to-end ingest", "articles/s", "ingest/parse ratio", "peak memory (RSS)",
                  "words/s", "cold start"):
        assert label in result.output
    seconds = float(result.output.split("cold start")[1].split()[0])
    assert 0.3 < seconds < 60  # a new process: at least the interpreter and the imports


def test_bench_result_fields(tiny: Path) -> None:
    result = run_bench(tiny, limit=2, workers=1, batch_size=1, ingest=True)
    assert result.articles == 2 and result.words == sum(len(t.split()) for t in TINY[:2])
    assert result.parse_wps > 0 and result.coder_wps > 0 and result.ratio > 0 and result.full_parse_wps > 0
    # one-sentence articles that can hold an event are parsed whole: nothing to lose
    assert result.sentences == result.parsed_sentences == 2 and result.full_parse_events >= 2
    assert result.lost_events == 0
    assert result.ingest_articles == 2 and result.ingest_aps
    data = result.to_dict()
    assert {"coder_parse_ratio", "full_parse_ratio", "parsed_share", "lost_share", "ingest_articles_per_s", "ingest_words_per_s", "peak_rss_mb"} <= set(data)
    assert data["peak_rss_mb"]["in-process"] > 0  # one process: no separate main figure
    assert {"parse", "coder", "full", "ingest"} <= set(result.peak_rss_mb_by_phase)


def test_bench_times_the_coder_on_its_rules_alone(tiny: Path) -> None:
    result = run_bench(tiny, limit=2, workers=1, batch_size=1, rules_alone=True)
    assert result.rules_seconds and result.rules_wps and "rules" in result.peak_rss_mb_by_phase
    assert result.to_dict()["rules_parse_ratio"] > 0
    assert "coder, rules alone" in format_result(result) and "learned reader off" in format_result(result)
    assert run_bench(tiny, limit=1, workers=1, batch_size=1).rules_seconds is None


def test_the_rules_alone_phase_codes_without_the_reader() -> None:
    records = [{"id": f"t{i}", "text": t, "published": "2022-05-01"} for i, t in enumerate(TINY)]

    def whys(use_model: bool) -> list[str]:
        (coded, _), _ = code_chunk_counted(records, 2, False, use_model)
        return [e.why for article in coded for e in article.events]

    assert any("learned reader" in why for why in whys(True))
    assert whys(False) and not any("learned reader" in why for why in whys(False))


def test_missing_corpus_is_said_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such corpus"):
        find_corpus(tmp_path / "nope.jsonl")
    monkeypatch.setattr("tidings.bench.default_roots", lambda: [tmp_path])
    monkeypatch.setattr("tidings.bench.EXAMPLE_CORPUS", tmp_path / "examples")
    with pytest.raises(InputError, match="default is missing"):
        find_corpus()
    result = CliRunner().invoke(main, ["bench"])
    assert result.exit_code == 1 and "default is missing" in result.output


def test_without_shared_the_default_corpus_is_the_example_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tidings.bench.default_roots", lambda: [tmp_path])
    assert find_corpus() == EXAMPLE_CORPUS
    records = load_corpus(EXAMPLE_CORPUS)
    assert len(records) == 15 and {r["published_from"] for r in records} == {"record", "dateline", "text"}


@pytest.mark.slow  # 22 s on a shared machine: a Dask cluster and a local ingest of the same corpus
def test_bench_times_the_dask_ingest_beside_the_local_one(tiny: Path) -> None:
    result = run_bench(tiny, workers=1, batch_size=2, ingest=True, engine="dask")
    assert result.ingest_articles == result.dask_articles == 3
    assert result.dask_seconds and "dask_local_ratio" in result.to_dict()


def test_bench_dask_needs_ingest(tiny: Path) -> None:
    result = CliRunner().invoke(main, ["bench", str(tiny), "--engine", "dask"])
    assert result.exit_code == 2 and "--ingest" in result.output


def test_the_bare_parse_is_the_model_as_spacy_ships_it() -> None:
    from spacy.tokenizer import Tokenizer

    from tidings.batch.engine import parse_chunk
    from tidings.pipeline import nlp

    stock = nlp.stock()
    assert stock is nlp.stock() and stock is not nlp.load()
    assert type(stock.tokenizer) is Tokenizer and not any(name.startswith("tidings") for name in stock.pipe_names)
    assert parse_chunk(["Talks resumed in Doha.", "Rebels shelled the town"], 2)[0] == 5 + 4  # tokens
