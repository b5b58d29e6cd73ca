"""Property tests over the readers and the coder's entry points: whatever the input, a record or a
named error comes out, never an exception.

The default (`ci`) profile keeps them fast; `HYPOTHESIS_PROFILE=long` runs 20,000 inputs per reader
test and 4,000 per coder test (108,000 in all; the profiles are registered in conftest.py):

    HYPOTHESIS_PROFILE=long python -m pytest -q tests/test_properties.py
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tidings
from tidings.pipeline.coder import code_many
from tidings.errors import InputError
from tidings.io import decode_text, read_csv, read_file, read_jsonl_lines, sniff_bytes
from tidings.types import CodedArticle

# pieces hostile text is made of: words, runs of punctuation, brackets, escapes, odd whitespace,
# right-to-left overrides, names the coder knows, sentence ends
PIECES = st.sampled_from([
    "Russia", "attacked", "Ukraine", "police", "arrested", "protesters", "in", "Paris", "said", "that",
    "talks", "on Monday", "2025", "U.S.", "(", ")", "((((((((", "))))))", ".", ",", ";", "!", "?",
    "...", "-", "—", "\"", "'", "“", "”", "\n", "\n\n", "\t", " ", "  ", "\r\n", "\x1b[2J", "\x1b]0;x\x07",
    "\u202e", "\u200b", "\ufeff", "\x0c", "\x85", "🙂", "ß", "İ", "東京", "http://example.org/a?b=c",
    "a" * 300, "=" * 250, "#", "@", "&amp;", "<p>", "</p>",
])
HOSTILE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map(" ".join)
VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
                   st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
RECORDS = st.one_of(
    st.fixed_dictionaries({"id": st.one_of(st.none(), st.text(max_size=10), st.integers()), "text": HOSTILE_TEXT},
                          optional={"published": st.one_of(st.dates().map(str), VALUES),
                                    "title": VALUES, "url": VALUES, "source": VALUES}),
    st.dictionaries(st.sampled_from(["id", "text", "published", "date", "title", "url"]), VALUES, max_size=5),
)
# the coder parses each input: a fifth of the profile's examples
CODER_EXAMPLES = settings(max_examples=max(10, settings.default.max_examples // 5))


@given(st.binary(max_size=400))
def test_decode_text_gives_text_or_a_named_input_error(raw: bytes) -> None:
    try:
        text = decode_text(raw)
    except InputError as err:
        assert str(err)[:4] in ("E002", "E006", "E009")
    else:
        assert isinstance(text, str) and "\x00" not in text


@given(st.binary(max_size=600))
def test_sniffing_any_bytes_names_a_format(head: bytes) -> None:
    assert sniff_bytes(head) in ("text", "html", "jsonl", "feed", "warc", "parquet")


@given(st.lists(st.one_of(st.binary(max_size=80), RECORDS.map(lambda r: repr(r).encode())), max_size=8))
def test_the_jsonl_reader_gives_a_record_or_an_error_for_each_line(lines: list[bytes]) -> None:
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    out = list(read_jsonl_lines(lines, name="f"))
    assert len(out) == sum(1 for line in lines if line.strip())
    assert all(isinstance(item, dict | InputError) for item in out)


@given(st.binary(max_size=600))
def test_the_csv_reader_never_raises(raw: bytes) -> None:
    for item in read_csv(io.BytesIO(b"id,text\n" + raw), name="f"):
        assert isinstance(item, dict | InputError)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(st.binary(max_size=400), HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".html", ".xml", ".warc", ".parquet", ".gz", ""]))
def test_any_file_reads_into_records_or_named_errors(tmp_path: Path, raw: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(raw)
    for item in read_file(path):
        assert isinstance(item, dict | InputError | CodedArticle)


@CODER_EXAMPLES
@given(HOSTILE_TEXT, st.one_of(st.none(), st.dates().map(str)))
def test_code_gives_an_article_or_an_input_error(text: str, published: str | None) -> None:
    try:
        coded = tidings.code(text, published=published)
    except InputError as err:
        assert str(err)[:4] in ("E001", "E006", "E008")
    else:
        assert coded.text == text
        for event in coded.events:
            assert text[event.evidence.start:event.evidence.end] == event.evidence.text


@CODER_EXAMPLES
@given(st.lists(st.one_of(RECORDS, st.builds(InputError, st.text(max_size=10))), max_size=6))
def test_code_many_accounts_for_every_record(records: list) -> None:
    coded = list(code_many(records, batch_size=2))
    assert len(coded) == len(records)
    for record, article in zip(records, coded, strict=True):
        assert article.ok != bool(article.errors)
        if isinstance(record, InputError) or not isinstance(record.get("text"), str):
            assert not article.ok
