"""Exports: GDELT 2.0 TSV (61 columns, one row per real event), PLOVER JSONL, Parquet, CSV; query CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from store_samples import STRIKE, TALKS, article, event, sample

from tidings.cli import main
from tidings.batch.dedupe import link_events
from tidings.export import GDELT_COLUMNS, export, gdelt_rows, plover_records, why_empty
from tidings.store import EventFilter, Store


@pytest.fixture
def store() -> Store:
    with Store() as fresh:
        fresh.add_many(sample())
        # a second outlet tells the talks a day later: one real event, two articles
        fresh.add(article("talks-2", TALKS + " Officials confirmed it.", [event(TALKS, "held talks", day="2019-03-05", reciprocal=True)],
                          source="Other Paper"))
        link_events(fresh)
        yield fresh


def test_gdelt_columns_follow_gdelt_2() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:6] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_COLUMNS[26:35] == ("EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
                                    "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[51:53] == ("ActionGeo_Type", "ActionGeo_FullName")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_gdelt_tsv_one_row_per_real_event(store: Store) -> None:
    out = io.StringIO()
    from tidings.export import _write_text

    count = _write_text(store, "gdelt-tsv", out, EventFilter())
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 2  # talks (two articles, one row) and the strike; negated and year-dated left out
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    strike, talks = rows
    assert strike["Day"] == "20190303" and strike["MonthYear"] == "201903" and strike["Year"] == "2019"
    assert strike["EventCode"] == "195" and strike["EventBaseCode"] == "195" and strike["EventRootCode"] == "19"
    assert (strike["Actor1Code"], strike["Actor1CountryCode"], strike["Actor1Type1Code"]) == ("TURGOV", "TUR", "GOV")
    assert strike["Actor2Code"] == "SYRREB" and strike["QuadClass"] == "4" and strike["GoldsteinScale"] == "-10.0"
    assert (strike["ActionGeo_Type"], strike["ActionGeo_FullName"], strike["ActionGeo_Lat"]) == ("4", "Afrin", "36.51")
    assert strike["SOURCEURL"] == "https://example.org/strike" and len(strike["DATEADDED"]) == 14
    assert strike["IsRootEvent"] == "1" and strike["AvgTone"] == ""
    assert (talks["NumMentions"], talks["NumArticles"], talks["NumSources"]) == ("2", "2", "2")
    assert float(talks["FractionDate"]) == pytest.approx(2019 + 63 / 365, abs=1e-4)


def test_gdelt_all_modes_and_filters(store: Store) -> None:
    assert len(list(gdelt_rows(store, EventFilter(include_negated=True)))) == 3  # the negated strike too
    assert [r[26] for r in gdelt_rows(store, EventFilter(plover="CONSULT"))] == ["040"]


def test_plover_jsonl_field_names(store: Store) -> None:
    records = list(plover_records(store))
    assert len(records) == 4  # every event except the negated one
    for record in records:
        assert {"id", "date", "actor", "event"} <= set(record)  # PLOVER's required fields
        assert record["event"][0] in {"CONSULT", "ASSAULT"}
        assert all({"code", "sector", "entity_text"} <= set(entity) for entity in record["actor"])
    talks = next(r for r in records if r["cite_info"]["citation"] == "talks")
    # reciprocal: every party is an actor, no recipient (PLOVER manual 2.4.2)
    assert [a["code"] for a in talks["actor"]] == ["RUS", "TUR"] and talks["recipient"] == []
    assert talks["link"].startswith("tidings-canonical-") and talks["quad_code"] == 1
    strike = next(r for r in records if r["event"] == ["ASSAULT"])
    assert strike["event_loc"]["geonameid"] == 170017 and strike["event_text"] == ["bombed"]
    assert strike["text_info"] == {"start": 0, "end": len(STRIKE)}
    assert strike["factuality"] == "actual" and strike["cameo"] == "195"


def test_parquet_and_csv(store: Store, tmp_path: Path) -> None:
    assert export(store, "parquet", tmp_path / "e.parquet", EventFilter(include_negated=True)) == 5
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 5 and {"plover", "article_url", "canonical_id"} <= set(table.schema.names)
    assert export(store, "csv", tmp_path / "e.csv") == 4
    rows = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert len(rows) == 4 and rows[0]["day"] == "2018-01-01"
    with pytest.raises(ValueError):
        export(store, "parquet", None)


def test_query_and_export_commands(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    with Store(db) as store:
        store.add_many(sample())
        link_events(store)
    runner = CliRunner()
    table = runner.invoke(main, ["query", "--db", str(db)])
    assert table.exit_code == 0, table.output
    assert "ASSAULT" in table.output and "negated" not in table.output
    assert "negated" in runner.invoke(main, ["query", "--db", str(db), "--all-modes"]).output
    as_json = runner.invoke(main, ["query", "--db", str(db), "--actor", "TUR", "--type", "ASSAULT", "--format", "json"])
    assert [json.loads(line)["cameo"] for line in as_json.output.splitlines()] == ["195"]
    counted = runner.invoke(main, ["query", "--db", str(db), "--sql", "SELECT count(*) AS n FROM articles",
                                   "--format", "csv"])
    assert counted.output.splitlines() == ["n", "3"]
    tsv = runner.invoke(main, ["export", "--db", str(db), "--format", "gdelt-tsv"])
    assert tsv.exit_code == 0 and all(len(line.split("\t")) == 61 for line in tsv.output.splitlines())
    out = tmp_path / "e.jsonl"
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "plover-jsonl", "--out", str(out)]).exit_code == 0
    assert len(out.read_text().splitlines()) == 3
    assert runner.invoke(main, ["export", "--db", str(db), "--format", "parquet"]).exit_code == 2
    missing = runner.invoke(main, ["query", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "tidings ingest" in missing.output


def test_an_empty_export_says_why(store: Store, tmp_path: Path) -> None:
    assert "none of the store's 5 events matches" in why_empty(store, "csv", EventFilter(actor="ZZZ"))
    planned = "Iran and Iraq will hold talks in Baghdad."
    with Store() as fresh:
        fresh.add(article("planned", planned, [event(planned, "hold talks", mode="future")]))
        assert "only actual and historical" in why_empty(fresh, "gdelt-tsv")
    undated = "Iran and Iraq held talks in Baghdad."
    with Store() as fresh:
        fresh.add(article("undated", undated, [event(undated, "held talks", day=None)], published=None))
        assert "1 of the store's 1 article(s) have no publication date" in why_empty(fresh, "gdelt-tsv")
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "gdelt-tsv", "--out", str(tmp_path / "e.tsv")])
    assert result.exit_code == 0 and "wrote 0 rows" in result.output and "no articles" in result.output
