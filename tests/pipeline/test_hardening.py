"""Hostile input: bounded work per article, CPU budgets, readers that name what is wrong, a CLI
that answers in one line, a store that can be read while it is written."""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import tidings
from tidings.pipeline.budget import OverBudget, cpu_budget
from tidings.cli import main
from tidings.pipeline.coder import code_many
from tidings.errors import InputError, StoreBusy
from tidings.io import decode_text, read_source
from tidings.store import Store

SENTENCE = "Russia attacked Ukraine on Monday, and police arrested protesters in Paris."


def _spin() -> None:
    while True:
        pass


# ---- CPU budgets ---------------------------------------------------------------------------

def test_a_budget_stops_a_loop_in_the_main_thread_and_in_another() -> None:
    started = time.process_time()
    with pytest.raises(OverBudget), cpu_budget(0.2):
        _spin()
    assert time.process_time() - started < 2

    outcome: list[str] = []

    def in_thread() -> None:
        try:
            with cpu_budget(0.2):
                _spin()
        except OverBudget:
            outcome.append("stopped")

    thread = threading.Thread(target=in_thread)
    thread.start()
    thread.join(10)
    assert outcome == ["stopped"]


def test_a_budget_counts_cpu_not_sleep_and_a_stop_event_ends_it() -> None:
    with cpu_budget(0.2):
        time.sleep(0.5)  # waiting is not spending
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    with pytest.raises(OverBudget), cpu_budget(None, stop=stop):
        _spin()
    for _ in range(500):  # budgets that end just as they run out never fire after their block
        with cpu_budget(0.001):
            sum(range(300))


def test_an_article_over_its_budget_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.pipeline import coder

    real = coder.code_doc

    def slow(doc, meta, found=None, **options):  # a stage stuck on one article
        if "Ankara" in doc.text:
            _spin()
        return real(doc, meta, found, **options)

    monkeypatch.setattr(coder, "code_doc", slow)
    records = [{"id": "a", "text": SENTENCE}, {"id": "stuck", "text": "Turkey protested in Ankara."},
               {"id": "b", "text": SENTENCE}]
    coded = list(code_many(records, timeout=0.5))
    assert [c.article.id for c in coded] == ["a", "stuck", "b"]
    assert coded[0].events and coded[2].events
    assert "E111" in coded[1].errors[0]
    with pytest.raises(InputError, match="E111"):
        tidings.code("Turkey protested in Ankara.", timeout=0.5)


# ---- bounded work -------------------------------------------------------------------------

def test_long_runs_without_spaces_are_tokenised_in_pieces_and_keep_the_text(nlp) -> None:
    text = "Hello. " + "(" * 100_000 + "x" + ")" * 100_000 + " Police arrested protesters in Paris."
    started = time.process_time()
    doc = nlp.make_doc(text)
    assert time.process_time() - started < 5
    assert doc.text == text and len(doc) < 5_000
    url = "See https://example.org/" + "path/" * 60 + " for the report."
    assert not any(t.is_sent_start for t in nlp.make_doc(url)[1:])  # the pieces do not start sentences
    assert len(list(nlp(url).sents)) == 1


def test_a_run_on_sentence_is_cut_and_the_cut_reported() -> None:
    text = " and ".join(["the army shelled the town"] * 600)
    coded = next(code_many([{"id": "run-on", "text": "Russia said " + text + "."}]))
    assert coded.ok and coded.warnings and "W001" in coded.warnings[0]
    assert coded.to_dict()["warnings"] == list(coded.warnings)
    assert "warnings" not in tidings.code(SENTENCE).to_dict()


def test_nesting_by_token_ranges_counts_what_is_ancestor_counts(nlp) -> None:
    from tidings.events.extract import _count_within

    doc = nlp("The minister said that the army had demanded that rebels leave the town, and the rebels refused, "
              "while officials in Kyiv, who met on Monday, warned that Moscow would retaliate.")
    positions = sorted(t.i for t in doc if t.pos_ in ("VERB", "NOUN"))
    for token in doc:
        assert _count_within(positions, token) == sum(token.is_ancestor(doc[i]) for i in positions)


def test_too_long_or_textless_records_say_why_and_the_rest_are_coded() -> None:
    records = [{"id": "good", "text": SENTENCE}, {"id": "huge", "text": "word " * 250_000},
               {"id": "none"}, {"id": "number", "text": 7}, {"id": "also-good", "text": SENTENCE}]
    coded = list(code_many(records))
    assert [c.ok for c in coded] == [True, False, False, False, True]
    assert "E008" in coded[1].errors[0] and "E004" in coded[2].errors[0] and "E007" in coded[3].errors[0]


# ---- readers ------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_text_with_a_utf16_or_utf32_byte_order_mark_decodes(encoding: str) -> None:
    mark = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(encoding, b"")
    assert decode_text(mark + SENTENCE.encode(encoding)) == SENTENCE


def test_utf16_files_are_read_as_text_jsonl_and_csv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SENTENCE, encoding="utf-16")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "j", "text": SENTENCE}) + "\n", encoding="utf-16")
    (tmp_path / "c.csv").write_text(f'id,text\nc,"{SENTENCE}"\n', encoding="utf-16")
    records = list(read_source(tmp_path))
    assert [r["text"] for r in records] == [SENTENCE] * 3


def test_json_errors_keep_their_column_and_terminal_escapes_are_not_shown_raw(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    hostile = "Russia attacked Ukraine on Monday.\x1b]0;owned\x07 \x1b[2J \u202e"
    path.write_text("\n".join([json.dumps({"id": "ok", "text": hostile}), '{"id": "bad", "text": "x"',
                               json.dumps({"id": "\x1b[31mred", "title": "no text"})]) + "\n")
    result = CliRunner().invoke(main, ["code", str(path)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "UKR" in result.output
    assert "line 2" in result.output and "column" in result.output
    assert "E004" in result.output
    stored = CliRunner().invoke(main, ["code", str(path), "--format", "jsonl"]).stdout.splitlines()[0]
    assert "\x1b]0;owned" in json.loads(stored)["events"][0]["evidence"]["text"]  # the data keeps its text


# ---- the CLI and the store ------------------------------------------------------------------

def test_an_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database" * 100)
    result = CliRunner().invoke(main, ["query", "--db", str(broken)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("error: ")


@pytest.mark.slow  # 16 s on a shared machine: a writer process codes into the store while this one reads
def test_a_store_being_written_is_read_as_a_snapshot_and_refused_to_a_second_writer(tmp_path: Path) -> None:
    db = tmp_path / "busy.duckdb"
    with Store(db) as store:
        store.add_many([tidings.code(SENTENCE, published="2025-05-16")])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from tidings.store import Store; s = Store(sys.argv[1]); "
         "print('held', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(tidings.__file__).parents[1])})
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with Store(db, read_only=True, wait=0.2) as reader:
            assert reader.snapshot and reader.con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        with pytest.raises(StoreBusy, match="E201"):
            Store(db, wait=0.2)
        result = CliRunner().invoke(main, ["query", "--db", str(db), "--format", "json"])
        assert result.exit_code == 0 and "UKR" in result.output
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_sigterm_stops_an_ingest_within_two_seconds_and_keeps_what_is_done(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"a{n}", "text": f"{SENTENCE} It was day {n} of the war.",
                                          "published": "2025-05-16"}) + "\n" for n in range(3000)))
    db = tmp_path / "stop.duckdb"
    ingest = subprocess.Popen([sys.executable, "-c", "from tidings.cli import main; main()", "ingest", str(corpus),
                               "--db", str(db), "--workers", "1"],
                              stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(tidings.__file__).parents[1])})
    assert ingest.stderr is not None
    ingest.stderr.readline()  # the first progress line: reading has begun
    time.sleep(15)  # the model loads, some batches commit
    sent = time.monotonic()
    ingest.send_signal(signal.SIGTERM)
    status = ingest.wait(30)
    took = time.monotonic() - sent
    output = ingest.stderr.read()
    assert status == 128 + signal.SIGTERM, output
    assert took < 2.5, took
    assert "stopped" in output and "Traceback" not in output
    added = int(output.split("added=")[-1].split()[0])
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM articles").fetchone() == (added,)


# ---- the hostile corpus (scripts/make-hostile-corpus) ----------------------------------------

HOSTILE_OUTCOMES = {  # file: (exit status, error codes in order, coded article ids)
    "binary.dat": (1, ["E006"], []),
    "utf16.txt": (0, [], ["utf16.txt"]),
    "parens-100k.txt": (0, [], ["parens-100k.txt"]),
    "sentence-15k.txt": (0, [], ["sentence-15k.txt"]),
    "control-chars.txt": (0, [], ["control-chars.txt"]),
    "mixed.jsonl": (1, ["E003", "E004", "E001", "E007", "E005", "E003", "E006", "E002"],
                    ["good-1", "good-2", "good-3"]),
}


@pytest.mark.slow
def test_the_hostile_corpus_codes_every_good_record_and_names_every_bad_one(tmp_path: Path) -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "make-hostile-corpus"
    subprocess.run([sys.executable, str(script), str(tmp_path), "--small"], check=True, capture_output=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(HOSTILE_OUTCOMES)
    for name, (status, codes, good) in HOSTILE_OUTCOMES.items():
        started = time.monotonic()
        result = CliRunner().invoke(main, ["code", str(tmp_path / name), "--format", "jsonl"])
        assert time.monotonic() - started < 60, name
        assert result.exit_code == status, (name, result.output)
        assert "Traceback" not in result.output and "\x1b" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
        assert [line.split(": ")[2].split()[0] for line in errors] == codes, (name, errors)
        coded = [json.loads(line) for line in result.stdout.splitlines()]
        assert [c["article"]["id"].removeprefix(str(tmp_path) + "/") for c in coded if not c["errors"]] == good
        assert all(c["events"] for c in coded if not c["errors"]), name
    warned = CliRunner().invoke(main, ["code", str(tmp_path / "sentence-15k.txt")])
    assert "W001" in warned.stderr
