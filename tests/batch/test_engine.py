"""Engines: worker processes and Dask code the same events as the plain in-process run."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tidings.batch.engine import Partition, chunked, code_dask, code_local, partitions, read_partition
from tidings.errors import InputError
from tidings.batch.ingest import ingest_sources
from tidings.store import Store

DATA_HTML = Path(__file__).parents[1] / "data" / "ingest" / "talks.html"

STORIES = [
    "Russian and Turkish officials held talks in Ankara on Monday about the future of northern Syria.",
    "The European Union imposed new sanctions on Iran on Tuesday over its ballistic missile tests.",
    "Israeli jets struck targets in Gaza overnight, the military said on Wednesday.",
    "China accused the United States of meddling in its internal affairs on Thursday.",
    "Protesters rallied outside parliament in Nairobi on Friday to demand lower food prices.",
    "The French president will visit Algeria next month, his office said on Saturday.",
]


@pytest.fixture(scope="module")
def fixture_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engine") / "stories.jsonl"
    rows = [{"id": f"s{i}", "text": text, "published": f"2021-06-{i + 7:02d}", "source": "Wire"}
            for i, text in enumerate(STORIES)]
    lines = [json.dumps(r) for r in rows[:3]] + ["{not json"] + [json.dumps(r) for r in rows[3:]]
    path.write_text("\n".join(lines) + "\n")
    return path


def event_keys(store: Store) -> list[tuple]:
    _, rows = store.sql("SELECT article_id, seq, plover, cameo, actor_code, recipient_code, mode, date, "
                        "evidence_start, trigger FROM events ORDER BY article_id, seq")
    return rows


@pytest.fixture(scope="module")
def local_store(fixture_jsonl: Path) -> Store:
    store = Store()
    report = ingest_sources(store, [fixture_jsonl], workers=1)
    assert (report.added, report.failed) == (6, 1)
    return store


def test_chunked() -> None:
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]
    assert list(chunked([], 3)) == []


def test_jsonl_partitions_cover_every_line_once(fixture_jsonl: Path) -> None:
    parts = partitions(fixture_jsonl, target_bytes=150)
    assert len(parts) > 2
    assert parts[0].start == 0 and parts[-1].end == fixture_jsonl.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    items = [item for part in parts for item in read_partition(part)]
    assert [i["id"] for i in items if isinstance(i, dict)] == [f"s{i}" for i in range(6)]
    [bad] = [i for i in items if isinstance(i, InputError)]
    assert bad.record == f"{fixture_jsonl}:4"  # named by its line in the whole file


def test_parquet_partitions_are_row_groups(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["a", "b", "c"], "text": STORIES[:3]}), path, row_group_size=2)
    parts = partitions(path)
    assert [(p.row_group, p.first_line) for p in parts] == [(0, 1), (1, 3)]
    assert [r["id"] for p in parts for r in read_partition(p)] == ["a", "b", "c"]


def test_partition_records_are_dated_as_the_local_readers_date_them(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["own", "dateline", "none"], "published": ["2019-03-04", None, None],
                             "text": [STORIES[0], "CAIRO, May 2, 2021 — " + STORIES[1], STORIES[2]]}), path)
    [part] = partitions(path)
    dated = {r["id"]: (r["published"], r.get("published_from")) for r in read_partition(part)}
    assert dated == {"own": ("2019-03-04", "record"), "dateline": ("2021-05-02", "dateline"), "none": (None, None)}
    given = {r["id"]: r["published_from"] for r in read_partition(part, published="2020-01-01")}
    assert given == {"own": "record", "dateline": "given", "none": "given"}


@pytest.mark.slow  # 17-24 s on a shared machine: two worker processes each load the pipeline
def test_worker_processes_match_in_process(fixture_jsonl: Path, local_store: Store) -> None:
    with Store() as store:
        report = ingest_sources(store, [fixture_jsonl], workers=2, batch_size=2)
        assert (report.added, report.failed) == (6, 1)
        assert event_keys(store) == event_keys(local_store)


def test_code_local_keeps_input_order() -> None:
    records = [{"id": f"r{i}", "text": text} for i, text in enumerate(STORIES)]
    coded = list(code_local(records, workers=1, batch_size=4))
    assert [c.article.id for c in coded] == [f"r{i}" for i in range(6)]


def test_dask_local_cluster_gives_the_same_events(fixture_jsonl: Path, local_store: Store, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    assert event_keys(local_store), "the fixture should yield events to compare"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        parts = code_dask([fixture_jsonl], tmp_path / "parts", scheduler=client, target_bytes=200)
    assert len(parts) > 1 and all(p.exists() for p in parts)
    assert set(pq.read_schema(parts[0]).names) == {"id", "content_hash", "coded_json", "text"}
    with Store() as store:
        report = ingest_sources(store, parts)
        assert (report.added, report.failed) == (6, 1)
        assert event_keys(store) == event_keys(local_store)
        assert store.errors()[0]["record"] == f"{fixture_jsonl}:4"
        again = ingest_sources(store, parts)
        assert again.added == 0 and store.counts()["articles"] == 6


def test_dask_skips_partitions_already_written(fixture_jsonl: Path, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    out = tmp_path / "parts"
    out.mkdir()
    parts = partitions(fixture_jsonl, target_bytes=200)
    done = out / f"part-{parts[0].key}.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string()), "content_hash": pa.array([], pa.string()),
                             "coded_json": pa.array([], pa.string())}), done)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        arrived: list[Path] = []
        written = code_dask([fixture_jsonl], out, scheduler=client, target_bytes=200, on_part=arrived.append)
    assert sorted(arrived) == sorted(p for p in written if p != done)  # each part coded in this run, once
    assert pq.read_table(done).num_rows == 0  # left as it was
    skipped = len(list(read_partition(parts[0])))
    assert 0 < skipped < 7
    assert sum(pq.read_table(p).num_rows for p in written) == 7 - skipped  # 7 lines, one partition skipped


def test_dask_refuses_gzip(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"")
    with pytest.raises(InputError):
        partitions(path)
    assert Partition(str(path), "jsonl").key


def test_ingest_command_with_dask_engine(fixture_jsonl: Path, local_store: Store, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from distributed import LocalCluster

    from tidings.cli import main

    db, parts = tmp_path / "dask.duckdb", tmp_path / "parts"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["ingest", str(fixture_jsonl), "--db", str(db), "--engine", "dask",
                                           "--scheduler", cluster.scheduler_address, "--dask-out", str(parts)])
    assert result.exit_code == 1, result.output  # the malformed line is reported
    assert "dask partitions=1/1" in result.output and "added=6" in result.output
    with Store(db, read_only=True) as store:
        assert event_keys(store) == event_keys(local_store)
    refused = CliRunner().invoke(main, ["ingest", str(DATA_HTML), "--db", str(db), "--engine", "dask"])
    assert refused.exit_code == 2 and "JSONL or Parquet" in refused.output


def test_a_stage_that_raises_or_loops_fails_only_its_record(monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.batch.engine import code_records
    from tidings.pipeline import coder

    real = coder.code_doc

    def flaky(doc, meta, *candidates, **options):
        if "EXPLODE" in doc.text:
            raise RuntimeError("a bug in some stage")
        if "LOOP" in doc.text:
            while True:  # a stage stuck in a loop
                pass
        return real(doc, meta, *candidates, **options)

    monkeypatch.setattr(coder, "code_doc", flaky)
    records = [{"id": "good", "text": STORIES[0]}, {"id": "bad", "text": "EXPLODE now."},
               {"id": "stuck", "text": "LOOP forever."}, {"id": "also-good", "text": STORIES[1]}]
    coded = code_records(records, batch_size=4, timeout=0.5)
    assert [c.article.id for c in coded] == ["good", "bad", "stuck", "also-good"]
    assert [c.ok for c in coded] == [True, False, False, True]
    assert "E110" in coded[1].errors[0] and "RuntimeError" in coded[1].errors[0]
    assert "E111" in coded[2].errors[0]


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="the peak is resettable on Linux only")
def test_a_tasks_peak_memory_is_its_own() -> None:
    from tidings.batch.engine import peak_rss_mb, reset_peak_rss

    reset_peak_rss()
    before = peak_rss_mb()
    held = b"x" * (200 << 20)  # written, so resident
    assert peak_rss_mb() >= before + 190
    del held
    reset_peak_rss()
    assert peak_rss_mb() < before + 100


def test_a_small_input_is_cut_so_that_every_dask_worker_gets_several_parts(tmp_path) -> None:
    from tidings.batch.engine import PARTS_PER_WORKER, SMALLEST_PART, part_bytes

    big = tmp_path / "big.jsonl"
    big.write_bytes(b"x" * (3 << 20))
    assert part_bytes([big], 2, 4 << 20) == -(-(3 << 20) // (2 * PARTS_PER_WORKER))
    assert part_bytes([big], 2, 200) == 200  # an explicit smaller size stands
    small = tmp_path / "small.jsonl"
    small.write_bytes(b"x" * 1000)
    assert part_bytes([small], 8, 4 << 20) == SMALLEST_PART
    # row groups of Parquet inputs are their own partitions: their bytes do not count
    assert part_bytes([big, tmp_path / "rows.parquet"], 1, 4 << 20) == -(-(3 << 20) // PARTS_PER_WORKER)


def test_the_local_cluster_runs_its_workers_without_the_profiler() -> None:
    # the profiler samples the task's stack every 10 ms; with no dashboard nobody reads it
    import dask
    from distributed import Client

    from tidings.batch.engine import local_cluster

    with local_cluster(1) as cluster, Client(cluster) as client:
        settings = client.run(lambda: dask.config.get("distributed.worker.profile.enabled"))
    assert list(settings.values()) == [False]
