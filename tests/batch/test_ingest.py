"""Readers (every format, gzip, folders, bad records) and `tidings ingest` (idempotent, resumable)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.cli import main
from tidings.errors import InputError
from tidings.batch.ingest import ingest_sources
from tidings.io import Columns, read_source, sniff_bytes
from tidings.store import Store

DATA = Path(__file__).parents[1] / "data" / "ingest"

ARTICLES = [
    ("a1", "2019-03-04", "Turkish and Russian officials held talks in Ankara on Monday about northern Syria."),
    ("a2", "2019-03-05", "The European Union imposed new sanctions on Iran on Tuesday over its missile tests."),
    ("a3", "2019-03-06", "Protesters rallied in Khartoum on Wednesday, demanding that the army hand over power."),
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def records(items: list) -> list[dict]:
    return [item for item in items if isinstance(item, dict)]


# ---- readers ---------------------------------------------------------------------------------

def test_plain_text_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLES[1][2])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLES[0][2])
    (tmp_path / ".hidden.txt").write_text("should not be read")
    found = list(read_source(tmp_path))
    assert [r["id"] for r in found] == [str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.txt")]
    assert found[0]["text"] == ARTICLES[1][2]
    saved = date.fromtimestamp((tmp_path / "b.txt").stat().st_mtime).isoformat()
    assert (found[0]["published"], found[0]["published_from"]) == (saved, "file-modified")


def test_undated_records_are_dated_from_the_option_the_text_or_the_file(tmp_path: Path) -> None:
    (tmp_path / "dateline.txt").write_text("Talks on trade\n\nSEOUL, March 5, 2025 — Japan and South Korea "
                                           "held talks on trade.\n\nThey will meet again on 9 April 2025.")
    (tmp_path / "in-text.txt").write_text("Japan and South Korea held talks on trade. The talks began on "
                                          "4 March 2025, officials said.")
    (tmp_path / "plain.txt").write_text("Japan and South Korea held talks on trade on Monday.")
    noon = datetime(2024, 11, 5, 12).timestamp()
    os.utime(tmp_path / "plain.txt", (noon, noon))
    write_jsonl(tmp_path / "rows.jsonl", [{"id": "dated", "text": ARTICLES[0][2], "published": ARTICLES[0][1]},
                                          {"id": "undated", "text": ARTICLES[1][2]}])

    def dates(**options) -> dict[str, tuple]:
        return {Path(r["id"]).name: (r["published"], r.get("published_from")) for r in read_source(tmp_path, **options)}

    assert dates() == {
        "dateline.txt": ("2025-03-05", "dateline"), "in-text.txt": ("2025-03-04", "text"),
        "plain.txt": ("2024-11-05", "file-modified"), "dated": ("2019-03-04", "record"),
        "undated": (None, None),  # a file of many articles says nothing about each one's date
    }
    given = dates(published="2025-01-01")
    assert given["dated"] == ("2019-03-04", "record")
    assert {given[name] for name in ("dateline.txt", "in-text.txt", "plain.txt", "undated")} == {("2025-01-01", "given")}


def test_ingest_stores_where_dates_came_from_and_says_what_it_guessed(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "plain.txt").write_text("Japan and South Korea held talks on trade on Monday.")
    write_jsonl(tmp_path / "news" / "rows.jsonl", [{"id": "undated", "text": ARTICLES[1][2]}])
    db = tmp_path / "dated.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "news"), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "note: 1 article(s) named no date, so their file's modification day" in result.output
    assert result.output.count("note: 1 article(s) had no publication date") == 1
    with Store(db, read_only=True) as store:
        _, rows = store.sql("SELECT id, published_from FROM articles ORDER BY id")
    assert [(Path(i).name, source) for i, source in rows] == [("plain.txt", "file-modified"), ("undated", None)]


def test_html_page_main_text_title_date_author() -> None:
    [page] = read_source(DATA / "talks.html")
    assert page["title"].startswith("Ankara hosts talks")
    assert page["published"] == "2019-03-05"
    assert page["author"] == "Maria Example"
    assert "held talks in Ankara" in page["text"]
    assert "Subscribe" not in page["text"] and "Sport" not in page["text"]


def test_rss_and_atom_feeds_one_record_per_entry() -> None:
    rss = list(read_source(DATA / "feed.rss"))
    assert len(rss) == 3  # two articles and one empty entry, reported
    first, second, empty = rss
    assert first["id"] == "herald-2019-0412" and first["published"] == "2019-04-12"
    assert first["text"].startswith("European Union foreign ministers") and "<p>" not in first["text"]
    assert first["source"] == "The Example Herald: World"
    assert second["id"] == "https://herald.example.org/world/khartoum-protest"
    assert isinstance(empty, InputError) and "empty" in str(empty)
    [atom] = read_source(DATA / "feed.atom")
    assert atom["published"] == "2019-05-01" and atom["url"] == "https://wire.example.org/0001"
    assert atom["text"] == "Japanese and South Korean diplomats held talks in Seoul on Wednesday on trade."


def test_warc_html_responses(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    page = (DATA / "talks.html").read_bytes()
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, status, kind, body in [
            ("https://herald.example.org/talks", "200 OK", "text/html; charset=utf-8", page),
            ("https://herald.example.org/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://herald.example.org/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    found = list(read_source(path))
    assert len(found) == 2  # the image is not an article; the 404 is reported
    assert found[0]["id"] == "https://herald.example.org/talks" and found[0]["published"] == "2019-03-05"
    assert isinstance(found[1], InputError) and found[1].record == "https://herald.example.org/gone"


def test_csv_and_parquet_with_named_columns(tmp_path: Path) -> None:
    with open(tmp_path / "news.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "body", "date", "headline"])
        for key, day, text in ARTICLES:
            writer.writerow([key, text, day, f"Headline {key}"])
    columns = Columns(id="key", text="body", title="headline")
    found = list(read_source(tmp_path / "news.csv", columns=columns))
    assert [(r["id"], r["published"], r["title"]) for r in found] == [
        ("a1", "2019-03-04", "Headline a1"), ("a2", "2019-03-05", "Headline a2"), ("a3", "2019-03-06", "Headline a3")]
    table = pa.table({"key": [a[0] for a in ARTICLES], "body": [a[2] for a in ARTICLES],
                      "published": [a[1] for a in ARTICLES]})
    pq.write_table(table, tmp_path / "news.parquet", row_group_size=2)
    assert [r["text"] for r in read_source(tmp_path / "news.parquet", columns=columns)] == [a[2] for a in ARTICLES]
    missing = list(read_source(tmp_path / "news.parquet", columns=Columns(text="nope")))
    assert [e.record for e in missing] == [f"{tmp_path / 'news.parquet'}:{n}" for n in (1, 2, 3)]
    assert all("E004" in str(e) for e in missing)


def test_gzip_is_read_transparently_whatever_the_name(tmp_path: Path) -> None:
    rows = [{"id": a[0], "text": a[2], "date": a[1]} for a in ARTICLES]
    payload = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    (tmp_path / "news.jsonl.gz").write_bytes(payload)
    (tmp_path / "news.gz").write_bytes(payload)  # no format in the name: sniffed from the content
    assert [r["published"] for r in read_source(tmp_path / "news.jsonl.gz")] == [a[1] for a in ARTICLES]
    assert [r["id"] for r in read_source(tmp_path / "news.gz")] == ["a1", "a2", "a3"]


def test_bad_records_are_named_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"id": "ok", "text": "Fine."}\n{broken\n\n"a string"\n\xff\xfe\n')
    found = list(read_source(path))
    assert [r.record if isinstance(r, InputError) else r["id"] for r in found] == [
        "ok", f"{path}:2", f"{path}:4", f"{path}:5"]
    [binary] = read_source(_write(tmp_path / "x.txt", b"\x00\x01\x02binary"))
    assert isinstance(binary, InputError) and "E006" in str(binary)
    [missing] = read_source(tmp_path / "nope.jsonl")
    assert isinstance(missing, InputError)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_sniffing_formats() -> None:
    assert sniff_bytes(b"WARC/1.0\r\n") == "warc"
    assert sniff_bytes(b'  {"id": 1}') == "jsonl"
    assert sniff_bytes(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff_bytes(b"<!DOCTYPE html><html>") == "html"
    assert sniff_bytes(b"Talks were held on Monday.") == "text"


# ---- property tests: every record is accounted for ------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=0, max_size=40)
rows = st.lists(st.one_of(
    st.fixed_dictionaries({"id": st.text(min_size=1, max_size=8), "text": texts}),
    st.just("!!not json"),
    st.just(""),
), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=rows)
def test_jsonl_reader_accounts_for_every_line(tmp_path: Path, rows: list) -> None:
    path = tmp_path / "prop.jsonl"
    lines = [json.dumps(r) if isinstance(r, dict) else r for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = list(read_source(path))
    non_blank = [line for line in lines if line.strip()]
    assert len(found) == len(non_blank)
    good = [r for r in rows if isinstance(r, dict)]
    assert [r["text"] for r in records(found)] == [r["text"] for r in good]
    assert all(e.record.startswith(f"{path}:") for e in found if isinstance(e, InputError))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.text(min_size=1, max_size=6), texts), max_size=10))
def test_csv_reader_round_trips_quoted_text(tmp_path: Path, cells: list[tuple[str, str]]) -> None:
    path = tmp_path / "prop.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows(cells)
    found = list(read_source(path))
    assert [(r["text"]) for r in found] == [text for _, text in cells]
    assert len({r["id"] for r in found}) <= len(cells)


# ---- ingest ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    rows = [{"id": a[0], "text": a[2], "published": a[1], "source": "Test Wire"} for a in ARTICLES]
    rows.append({"id": "empty", "text": "   ", "published": "2019-03-07"})
    write_jsonl(folder / "news.jsonl", rows)
    (folder / "page.html").write_bytes((DATA / "talks.html").read_bytes())
    (folder / "notes.txt").write_text("Japan and South Korea held talks in Seoul on trade.")
    return folder


def test_ingest_twice_adds_nothing(corpus: Path) -> None:
    with Store() as store:
        first = ingest_sources(store, [corpus], workers=1)
        counts = store.counts()
        assert (first.read, first.added, first.failed, first.no_date, first.file_dated) == (6, 5, 1, 0, 1)
        assert counts["articles"] == 5 and counts["errors"] == 1
        [error] = store.errors()
        assert error["record"] == "empty" and "E001" in error["reason"]
        again = ingest_sources(store, [corpus], workers=1)
        assert (again.added, again.skipped, again.failed) == (0, 5, 1)
        assert store.counts() == counts
        [(published, author, title)] = store.sql("SELECT published, author, title FROM articles WHERE id = ?",
                                                 [str(corpus / "page.html")])[1]
        assert published.isoformat() == "2019-03-05"
        assert author == "Maria Example" and title.startswith("Ankara hosts talks")


def test_require_date_refuses_undated(tmp_path: Path) -> None:
    undated = write_jsonl(tmp_path / "undated.jsonl", [{"id": "n", "text": "Japan and South Korea held talks."}])
    with Store() as store:
        report = ingest_sources(store, [undated], workers=1, require_date=True)
        assert (report.added, report.failed) == (0, 1)
        assert "E107" in store.errors()[0]["reason"]


def test_repeated_text_in_one_run_is_stored_once(tmp_path: Path) -> None:
    rows = [{"id": "x", "text": ARTICLES[0][2]}, {"id": "y", "text": ARTICLES[0][2] + "  "}]
    with Store() as store:
        report = ingest_sources(store, [write_jsonl(tmp_path / "dup.jsonl", rows)], workers=1)
        assert (report.added, report.skipped) == (1, 1)


def test_ingest_command_progress_lines_and_exit_status(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 1, result.output  # one record failed
    assert "done read=6 added=5 skipped=0 failed=1" in result.output
    assert "dedupe linked=" in result.output
    again = CliRunner().invoke(main, ["ingest", str(corpus / "news.jsonl"), "--db", str(db), "--workers", "1"])
    assert "added=0 skipped=3" in again.output
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 5


def _generated_corpus(path: Path, n: int) -> Path:
    countries = ["Russia", "Turkey", "Iran", "Egypt", "France", "Japan", "Brazil", "Kenya"]
    rows = []
    for i in range(n):
        a, b = countries[i % 8], countries[(i * 3 + 1) % 8]
        text = (f"Officials from {a} and {b} held talks on day {i} of the crisis. "
                f"Later, {a} accused {b} of violating the ceasefire agreed last month, and "
                f"{b} rejected the accusation. " * 3)
        rows.append({"id": f"gen-{i}", "text": text, "published": f"2020-01-{i % 28 + 1:02d}"})
    return write_jsonl(path, rows)


@pytest.mark.slow  # 23-25 s on a shared machine: an ingest process is started, killed and run again
def test_ingest_killed_midway_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    total = 400  # enough that a kill after the first commits lands midway even on a fast machine
    source = _generated_corpus(tmp_path / "gen.jsonl", total)
    db = tmp_path / "kill.duckdb"
    command = [sys.executable, "-c", "from tidings.cli import main; main()", "ingest", str(source), "--db", str(db),
               "--workers", "1", "--batch-size", "4"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        stored = _stored_articles(db)
        if stored >= 4:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert 0 < stored < total, "the kill should land midway"
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    skipped = int(re.search(rf"done read={total} added=\d+ skipped=(\d+)", done.stderr).group(1))
    assert skipped >= stored  # what the killed run committed was kept, not coded again
    with Store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == total
        _, rows = store.sql("SELECT count(DISTINCT id), count(DISTINCT content_hash) FROM articles")
        assert rows == [(total, total)]
        _, per_article = store.sql("SELECT count(*) FROM articles WHERE n_events <> "
                                   "(SELECT count(*) FROM events e WHERE e.article_id = articles.id)")
        assert per_article == [(0,)]
        _, doubled = store.sql("SELECT count(*) FROM (SELECT article_id, seq FROM events GROUP BY ALL "
                               "HAVING count(*) > 1)")
        assert doubled == [(0,)]


def _stored_articles(db: Path) -> int:
    """Articles committed so far, read from a copy (the writer holds the file's lock)."""
    import shutil

    if not db.exists():
        return 0
    copy = db.with_suffix(".peek")
    for suffix in ("", ".wal"):
        if Path(str(db) + suffix).exists():
            shutil.copyfile(str(db) + suffix, str(copy) + suffix)
    try:
        with Store(copy, read_only=True) as peek:
            return peek.counts()["articles"]
    except Exception:  # a copy taken mid-write may not open; try again later
        return 0
    finally:
        for suffix in ("", ".wal"):
            Path(str(copy) + suffix).unlink(missing_ok=True)


@pytest.mark.shared
def test_guardian_slice_ingested_twice_keeps_its_counts(shared_dir: Path, tmp_path: Path) -> None:
    lines = (shared_dir / "corpus" / "guardian_sample.jsonl").read_bytes().splitlines()[:4]
    source = tmp_path / "slice.jsonl"  # a temporary slice; nothing from ../shared is kept
    source.write_bytes(b"\n".join(lines) + b"\n")
    with Store() as store:
        first = ingest_sources(store, [source], workers=1)
        counts = store.counts()
        assert (first.added, first.failed) == (4, 0) and counts["articles"] == 4
        _, rows = store.sql("SELECT source, published FROM articles")
        assert {source for source, _ in rows} == {"Guardian"}
        assert all(published is not None for _, published in rows)  # the 'date' column was taken
        again = ingest_sources(store, [source], workers=1)
        assert (again.added, again.skipped) == (0, 4)
        assert store.counts() == counts
